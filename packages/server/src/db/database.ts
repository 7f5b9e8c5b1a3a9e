import { mkdirSync } from 'node:fs';
import { PGlite } from '@electric-sql/pglite';
import { Kysely, PostgresDialect, sql } from 'kysely';
import pg from 'pg';
import { PGliteDialect } from './pglite-dialect.ts';
import type { DB } from './schema.ts';

export type DatabaseKind = 'pglite' | 'postgres';

export interface Database {
  db: Kysely<DB>;
  kind: DatabaseKind;
  /** The server's address, when on a PostgreSQL server. */
  url?: string;
  /** The embedded instance, when on PGlite. */
  pglite?: PGlite;
  close(): Promise<void>;
}

// Both drivers return the same JavaScript values: int8 as number, date as 'YYYY-MM-DD', numeric as string.
const INT8 = 20;
const DATE = 1082;
const parsers = { [INT8]: (v: string) => Number(v), [DATE]: (v: string) => v };

export interface DatabaseOptions {
  /** postgres://… for a PostgreSQL server; when absent, PGlite in `dataDir`. */
  url?: string;
  /** A folder for PGlite's files, or 'memory://' for a throwaway database. */
  dataDir?: string;
  poolSize?: number;
  /** PGlite only: start from this dump of a data folder (tests copy a migrated template). */
  loadDataDir?: Blob;
}

/** Opens the embedded database or a PostgreSQL server, the same Kysely on top of either. */
export async function openDatabase(options: DatabaseOptions): Promise<Database> {
  if (options.url) {
    pg.types.setTypeParser(INT8, parsers[INT8]);
    pg.types.setTypeParser(DATE, parsers[DATE]);
    const pool = new pg.Pool({ connectionString: options.url, max: options.poolSize ?? 10 });
    pool.on('error', () => {
      // An idle client lost its connection; the pool replaces it. Queries in flight get their own error.
    });
    pool.on('connect', keepPlans);
    const db = new Kysely<DB>({ dialect: new PostgresDialect({ pool }) });
    return { db, kind: 'postgres', url: options.url, close: () => db.destroy() };
  }
  const dataDir = options.dataDir ?? './data';
  if (!dataDir.startsWith('memory://')) mkdirSync(dataDir, { recursive: true });
  const pglite = await PGlite.create({
    dataDir,
    parsers,
    // PostgreSQL's default 128 MB of shared buffers is all resident from the start, in this very
    // process; 32 MB keeps the hot pages and leaves the rest to the system's file cache.
    startParams: [...PGlite.defaultStartParams, '-c', 'shared_buffers=32MB'],
    ...(options.loadDataDir ? { loadDataDir: options.loadDataDir } : {}),
  });
  const db = new Kysely<DB>({ dialect: new PGliteDialect(pglite) });
  return {
    db,
    kind: 'pglite',
    pglite,
    close: async () => {
      await db.destroy();
      await pglite.close();
    },
  };
}

/** How many statements one connection keeps prepared; later ones run unnamed, as before. */
export const PREPARED_PER_CONNECTION = 400;

/**
 * Names each parameterised statement on a server connection, so PostgreSQL parses and plans it once
 * per connection instead of on every request (with row-level security a plan costs more than most
 * of our queries take to run). The same text always has the same shape, so a kept plan stays right;
 * the number kept is bounded, so a stream of one-off statements cannot grow the server's memory.
 */
function keepPlans(client: pg.PoolClient) {
  const names = new Map<string, string>();
  const query = client.query.bind(client) as (...args: unknown[]) => unknown;
  (client as { query: unknown }).query = (text: unknown, values?: unknown, callback?: unknown) => {
    if (typeof text === 'string' && Array.isArray(values) && values.length > 0) {
      let name = names.get(text);
      if (!name && names.size < PREPARED_PER_CONNECTION) {
        name = `tilts_${names.size}`;
        names.set(text, name);
      }
      if (name) return query({ name, text, values }, callback);
    }
    return query(text, values, callback);
  };
}

/** True when the database answers. */
export async function ping(db: Kysely<DB>): Promise<boolean> {
  try {
    await sql`select 1`.execute(db);
    return true;
  } catch {
    return false;
  }
}
