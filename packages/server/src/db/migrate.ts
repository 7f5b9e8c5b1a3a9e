import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { type Kysely, sql } from 'kysely';
import type { DB } from './schema.ts';

const migrationsDir = join(import.meta.dirname, 'migrations');
const MIGRATION_LOCK = 7_201_001;

export interface MigrationFile {
  id: string;
  sql: string;
}

/** The numbered SQL files, in order. */
export function migrationFiles(): MigrationFile[] {
  return readdirSync(migrationsDir)
    .filter((f) => /^\d{4}_[a-z0-9_]+\.sql$/.test(f))
    .sort()
    .map((f) => ({ id: f.replace(/\.sql$/, ''), sql: readFileSync(join(migrationsDir, f), 'utf8') }));
}

/**
 * Applies the migrations not yet applied, each in its own transaction, forward only. Several
 * processes starting at once take turns through an advisory lock.
 */
export async function migrate(db: Kysely<DB>): Promise<string[]> {
  const applied: string[] = [];
  await db.connection().execute(async (conn) => {
    await sql`select pg_advisory_lock(${MIGRATION_LOCK})`.execute(conn);
    try {
      await sql`create table if not exists schema_migrations (id text primary key, applied_at timestamptz not null default now())`.execute(
        conn,
      );
      const done = new Set(
        (await sql<{ id: string }>`select id from schema_migrations`.execute(conn)).rows.map((r) => r.id),
      );
      const files = migrationFiles();
      const known = new Set(files.map((f) => f.id));
      const unknown = [...done].filter((id) => !known.has(id));
      if (unknown.length > 0) {
        throw new Error(
          `The database has migrations this version of Tilts does not know (${unknown.join(', ')}): it was made by a newer version.`,
        );
      }
      for (const file of files) {
        if (done.has(file.id)) continue;
        await conn.transaction().execute(async (trx) => {
          await sql.raw(file.sql).execute(trx);
          await sql`insert into schema_migrations (id) values (${file.id})`.execute(trx);
        });
        applied.push(file.id);
      }
    } finally {
      await sql`select pg_advisory_unlock(${MIGRATION_LOCK})`.execute(conn);
    }
  });
  return applied;
}

/** True when every migration this version knows has been applied. */
export async function migrationsDone(db: Kysely<DB>): Promise<boolean> {
  try {
    const rows = (await sql<{ id: string }>`select id from schema_migrations`.execute(db)).rows;
    const done = new Set(rows.map((r) => r.id));
    return migrationFiles().every((f) => done.has(f.id));
  } catch {
    return false;
  }
}
