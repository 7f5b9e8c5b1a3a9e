import type { Deps } from '../../deps.ts';
import { defineJob, type JobDefinition } from '../../jobs/queue.ts';
import { runReminders } from './reminders.service.ts';

declare module '../../jobs/queue.ts' {
  interface JobPayloads {
    /** Daily: reminders before deadlines, and the mentor's notice after one. */
    'plan.reminders': Record<string, never>;
  }
}

/** The plan's scheduled jobs, for `featureJobs` in server.ts. */
export function planJobs(deps: Deps): JobDefinition[] {
  return [
    defineJob({
      name: 'plan.reminders',
      // Seven in the morning in Riga: the day's reminders arrive before the working day starts.
      cron: '0 7 * * *',
      handler: async () => {
        await runReminders(deps);
      },
    }),
  ];
}
