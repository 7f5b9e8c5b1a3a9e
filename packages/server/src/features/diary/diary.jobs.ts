import type { Deps } from '../../deps.ts';
import { defineJob, type JobDefinition } from '../../jobs/queue.ts';
import { mailSupervisorsWeekly } from './diary.service.ts';

declare module '../../jobs/queue.ts' {
  interface JobPayloads {
    /** Weekly: each workplace supervisor with diary entries waiting gets one e-mail with their link. */
    'diary.weeklyReview': Record<string, never>;
  }
}

/** The diary's scheduled jobs, for `featureJobs` in server.ts. */
export function diaryJobs(deps: Deps): JobDefinition[] {
  return [
    defineJob({
      name: 'diary.weeklyReview',
      // Friday afternoon in Riga: the week's entries are written, the supervisor is still at work.
      cron: '0 14 * * 5',
      handler: async () => {
        await mailSupervisorsWeekly(deps);
      },
    }),
  ];
}
