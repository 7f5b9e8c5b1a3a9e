import type { Deps } from '../../deps.ts';
import { defineJob, type JobDefinition } from '../../jobs/queue.ts';
import { rigaToday } from './mous.repository.ts';
import { expireMous } from './mous.service.ts';

declare module '../../jobs/queue.ts' {
  interface JobPayloads {
    /** Daily: memoranda in force whose validity has passed expire. */
    'mous.expire': Record<string, never>;
  }
}

/** The memoranda's scheduled jobs, for `featureJobs` in server.ts. */
export function mouJobs(deps: Deps): JobDefinition[] {
  return [
    defineJob({
      name: 'mous.expire',
      // Just after midnight in Riga: a memorandum valid "until 31 May" works all of that day.
      cron: '5 0 * * *',
      handler: async () => {
        await expireMous(deps, rigaToday(deps.now()));
      },
    }),
  ];
}
