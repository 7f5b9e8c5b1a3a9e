import type { Kysely } from 'kysely';
import type { Config } from './config.ts';
import type { Database } from './db/database.ts';
import type { DB } from './db/schema.ts';
import type { Mailer } from './features/mail/mail.service.ts';
import type { JobQueue } from './jobs/queue.ts';

/** What services need from the outside world; built once in main.ts (or a test) and passed down. */
export interface Deps {
  db: Kysely<DB>;
  database: Database;
  config: Config;
  mailer: Mailer;
  jobs: JobQueue;
  /** The time now. Tests that need a controlled clock pass their own. */
  now: () => Date;
}
