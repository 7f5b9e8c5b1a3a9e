import type { PGlite } from '@electric-sql/pglite';
import { type Kysely, sql } from 'kysely';
import { PgBoss } from 'pg-boss';
import type { Trx } from '../db/context.ts';
import type { Database } from '../db/database.ts';
import type { DB } from '../db/schema.ts';

/** Every kind of background job, with its payload: ids only, the handler reads the rest. */
export interface JobPayloads {
  'mail.send': { messageId: string };
}
export type JobName = keyof JobPayloads;

export type JobHandler<N extends JobName> = (payload: JobPayloads[N]) => Promise<void>;

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

const queueNames: JobName[] = ['mail.send'];

/** The durable queue in PostgreSQL (pg-boss), shared by every server process on the database. */
export class JobQueue {
  readonly #boss: PgBoss;
  readonly #work: boolean;
  readonly #db: Kysely<DB>;
  readonly #handlers = new Map<JobName, JobHandler<JobName>>();
  #started = false;

  constructor(options: JobQueueOptions) {
    this.#db = options.database.db;
    this.#work = options.work;
    const db = options.pglite ? throughPglite(options.database.db, options.pglite) : undefined;
    this.#boss = new PgBoss(
      (db
        ? { db, backend: 'pglite', schema: 'pgboss', supervise: true, schedule: false }
        : {
            connectionString: options.url,
            max: 3,
            schema: 'pgboss',
            schedule: false,
          }) as ConstructorParameters<typeof PgBoss>[0],
    );
    this.#boss.on('error', (e: Error) => options.onError?.(e));
  }

  handle<N extends JobName>(name: N, handler: JobHandler<N>) {
    this.#handlers.set(name, handler as JobHandler<JobName>);
  }

  async start() {
    await this.#boss.start();
    for (const name of queueNames) {
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
