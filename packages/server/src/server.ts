import { type App, type AppOptions, buildApp } from './app.ts';
import { type Config, loadConfig } from './config.ts';
import { openDatabase } from './db/database.ts';
import { migrate } from './db/migrate.ts';
import { seedDemo } from './demo/seed.ts';
import type { Deps } from './deps.ts';
import { runIssueBatch } from './features/credentials/batch.service.ts';
import { masterKey } from './features/credentials/master-key.ts';
import { diaryJobs } from './features/diary/diary.jobs.ts';
import { createMailer, deliverMail } from './features/mail/mail.service.ts';
import { mouJobs } from './features/mous/mous.jobs.ts';
import { peopleJobs } from './features/people/people.jobs.ts';
import { usePersonalDataKey } from './features/people/personal-crypto.ts';
import { sealPlainBirthDates } from './features/people/profiles.repository.ts';
import { planJobs } from './features/plan/plan.jobs.ts';
import { defineJob, type JobDefinition, JobQueue } from './jobs/queue.ts';

/** Every feature's background and scheduled jobs. */
function featureJobs(deps: Deps): JobDefinition[] {
  return [
    defineJob({
      name: 'mail.send',
      handler: ({ messageId }) => deliverMail(deps.db, deps.mailer, messageId),
    }),
    defineJob({ name: 'credentials.issueBatch', handler: ({ batchId }) => runIssueBatch(deps, batchId) }),
    ...mouJobs(deps),
    ...diaryJobs(deps),
    ...planJobs(deps),
    ...peopleJobs(deps),
  ];
}

export interface Tilts {
  app: App;
  deps: Deps;
  /** True when this start filled an empty database with the demo school. */
  seeded: boolean;
  close(): Promise<void>;
}

/** Opens the database, migrates, seeds the demo if asked and empty, starts the job queue, builds the app. */
export async function startTilts(
  env: Record<string, string | undefined> = process.env,
  options: AppOptions & { loadDataDir?: Blob; now?: () => Date } = {},
): Promise<Tilts> {
  const config: Config = loadConfig(env);
  const database = await openDatabase({
    url: config.DATABASE_URL,
    dataDir: config.TILTS_DATA_DIR,
    poolSize: config.DATABASE_POOL_SIZE,
    loadDataDir: options.loadDataDir,
  });
  try {
    await migrate(database.db);
    // Embedded mode makes its credential master key file now, on first start, not on first signature.
    masterKey(config);
    usePersonalDataKey(config);
    const seeded = config.TILTS_DEMO ? await seedDemo(database.db) : false;
    // Birth dates written in plain text (before migration 0011, by the demo seed) are sealed now.
    await sealPlainBirthDates(database.db);
    const mailer = createMailer(config.SMTP_URL, config.MAIL_FROM);
    const jobs = new JobQueue({
      database,
      url: config.DATABASE_URL,
      pglite: database.pglite,
      work: config.TILTS_JOBS,
      onError: (e) => app?.log.warn({ err: e }, 'job queue'),
    });
    const deps: Deps = {
      db: database.db,
      database,
      config,
      mailer,
      jobs,
      now: options.now ?? (() => new Date()),
    };
    for (const job of featureJobs(deps)) jobs.define(job);
    await jobs.start();
    const app = await buildApp(deps, options);
    return {
      app,
      deps,
      seeded,
      async close() {
        await app.close();
        await jobs.stop();
        mailer.transport?.close();
        await database.close();
      },
    };
  } catch (error) {
    await database.close().catch(() => {});
    throw error;
  }
}
