import type { Deps } from '../../deps.ts';
import { defineJob, type JobDefinition } from '../../jobs/queue.ts';
import { anonymiseDue } from './anonymise.service.ts';

declare module '../../jobs/queue.ts' {
  interface JobPayloads {
    /** Nightly: learners past their school's retention period are anonymised. */
    'people.anonymise': Record<string, never>;
  }
}

/** The personal-data feature's scheduled job, for `featureJobs` in server.ts. */
export function peopleJobs(deps: Deps): JobDefinition[] {
  return [
    defineJob({
      name: 'people.anonymise',
      // At night in Riga, when nobody is working with the records it changes.
      cron: '30 3 * * *',
      handler: async () => {
        await anonymiseDue(deps);
      },
    }),
  ];
}
