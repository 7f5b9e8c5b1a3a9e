import type { PGlite } from '@electric-sql/pglite';
import { type Kysely, sql } from 'kysely';
import { PgBoss } from 'pg-boss';
import type { Trx } from '../db/context.ts';
import type { Database } from '../db/database.ts';
import type { DB } from '../db/schema.ts';

/**
 * Every kind of background job, with its payload: ids only, the handler reads the rest. A feature
 * adds its own with `declare module '../../jobs/queue.ts' { interface JobPayloads { … } }`.
 */
export interface JobPayloads {
  'mail.send': { messageId: string };
}
export type JobName = keyof JobPayloads;

export type JobHandler<N extends JobName> = (payload: JobPayloads[N]) => Promise<void>;

/** A feature's job: its handler, and a cron schedule when it runs by the clock (times in Europe/Riga). */
export interface JobDefinition<N extends JobName = JobName> {
  name: N;
  handler: JobHandler<N>;
  cron?: string;
}

/** Helps a feature list its jobs with each payload type checked against its name. */
export function defineJob<N extends JobName>(definition: JobDefinition<N>): JobDefinition<JobName> {
  return definition as unknown as JobDefinition<JobName>;
}

interface SqlExecutor {
  executeSql(text: string, values?: unknown[]): Promise<{ rows: unknown[] }>;
}

/** pg-boss statements through a Kysely transaction: the job is written with the change. */
function throughTransaction(trx: Kysely<DB>): SqlExecutor {
  return {
    async executeSql(text, values) {
      if (!values || values.length === 0) return { rows: (await sql.raw<unknown>(text).execute(trx)).rows };
      const result = await trx.executeQuery<unknown>({
        sql: text,
        parameters: values,
        query: { kind: 'RawNode' },
        queryId: { queryId: 'pgboss' },
      } as unknown as Parameters<typeof trx.executeQuery>[0]);
      return { rows: [...result.rows] };
    },
  };
}

/**
 * PGlite is one connection: pg-boss's own statements wait their turn for it through Kysely,
 * so they never land inside somebody else's open transaction.
 */
function throughPglite(db: Kysely<DB>, pglite: PGlite): SqlExecutor {
  return {
    executeSql(text, values) {
      return db.connection().execute(async () => {
        if (values && values.length > 0) {
          const r = await pglite.query(text, values);
          return { rows: r.rows };
        }
        const results = await pglite.exec(text);
        return { rows: results.flatMap((r) => r.rows) };
      });
    },
  };
}

export interface JobQueueOptions {
  database: Database;
  /** Connection string when on a PostgreSQL server: pg-boss then keeps a small pool of its own. */
  url?: string;
  pglite?: PGlite;
  work: boolean;
  onError?: (error: Error) => void;
}

/** The durable queue in PostgreSQL (pg-boss), shared by every server process on the database. */
export class JobQueue {
  readonly #boss: PgBoss;
  readonly #work: boolean;
  readonly #db: Kysely<DB>;
  readonly #handlers = new Map<JobName, JobHandler<JobName>>();
  readonly #schedules = new Map<JobName, string>();
  #started = false;

  constructor(options: JobQueueOptions) {
    this.#db = options.database.db;
    this.#work = options.work;
    const db = options.pglite ? throughPglite(options.database.db, options.pglite) : undefined;
    this.#boss = new PgBoss(
      (db
        ? { db, backend: 'pglite', schema: 'pgboss', supervise: true, schedule: options.work }
        : {
            connectionString: options.url,
            max: 3,
            schema: 'pgboss',
            schedule: options.work,
          }) as ConstructorParameters<typeof PgBoss>[0],
    );
    this.#boss.on('error', (e: Error) => options.onError?.(e));
  }

  handle<N extends JobName>(name: N, handler: JobHandler<N>) {
    this.#handlers.set(name, handler as JobHandler<JobName>);
  }

  /** Registers a feature's job; a job with a cron expression also runs by the clock. */
  define(definition: JobDefinition) {
    this.handle(definition.name, definition.handler);
    if (definition.cron) this.#schedules.set(definition.name, definition.cron);
  }

  /** Runs a job's handler now, in this process (the CLI and tests use it; the queue is not involved). */
  async runNow<N extends JobName>(name: N, payload: JobPayloads[N]) {
    const handler = this.#handlers.get(name);
    if (!handler) throw new Error(`no handler for job ${name}`);
    await handler(payload);
  }

  async start() {
    await this.#boss.start();
    for (const name of this.#handlers.keys()) {
      await this.#boss.createQueue(name, {
        retryLimit: 5,
        retryDelay: 5,
        retryBackoff: true,
        retryDelayMax: 600,
      });
    }
    // Requests run as the application role; they must be able to write jobs in their transaction.
    await sql
      .raw(
        'grant usage on schema pgboss to tilts_app; grant select, insert, update on all tables in schema pgboss to tilts_app; grant execute on all functions in schema pgboss to tilts_app',
      )
      .execute(this.#db);
    if (this.#work) {
      // pg-boss keeps one row per schedule, so every process may set it: the last write wins, the
      // job is still created once per occurrence.
      for (const [name, cron] of this.#schedules) {
        await this.#boss.schedule(name, cron, {}, { tz: 'Europe/Riga' });
      }
      for (const [name, handler] of this.#handlers) {
        // One job per fetch and a poll every half second drained a backlog at two jobs a second per
        // process (200 e-mails took 50 s on two). Batches of ten, fetched back to back while they
        // come full, keep up; the poll only matters when the queue is idle.
        await this.#boss.work(
          name,
          { pollingIntervalSeconds: 0.5, batchSize: 10, burstWhenBatchFull: true },
          async (jobs) => {
            // A failed job fails its whole batch, so the others run first and are retried as no-ops:
            // handlers must be idempotent (a delivered e-mail is marked sent and not sent again).
            let failure: unknown;
            for (const job of jobs) {
              try {
                await handler(job.data as JobPayloads[typeof name]);
              } catch (error) {
                failure ??= error;
              }
            }
            if (failure) throw failure;
          },
        );
      }
    }
    this.#started = true;
  }

  /** Queues a job inside the caller's transaction: it exists only if the change commits. */
  async send<N extends JobName>(
    trx: Trx,
    name: N,
    payload: JobPayloads[N],
    options: { startAfterSeconds?: number } = {},
  ) {
    await this.#boss.send(name, payload, {
      db: throughTransaction(trx),
      ...(options.startAfterSeconds ? { startAfter: options.startAfterSeconds } : {}),
    } as Parameters<PgBoss['send']>[2]);
  }

  async stop() {
    if (!this.#started) return;
    this.#started = false;
    await this.#boss.stop({ graceful: true, timeout: 5000 });
  }
}
