import type { Locale, Role } from '@tilts/shared';
import { type Kysely, sql, type Transaction } from 'kysely';
import type { DB } from './schema.ts';

/** Who is acting, in which school: what every school-scoped service receives. */
export interface Actor {
  userId: string;
  email: string;
  schoolId: string;
  role: Role;
  locale: Locale;
  ip?: string;
  requestId?: string;
  /** Set when a member of staff is viewing the app as this learner (read only): who is looking. */
  viewedBy?: string;
}

export type Trx = Transaction<DB>;

/**
 * One transaction as the application role inside one school: PostgreSQL's row-level security then
 * shows and accepts only that school's rows, whatever the query says.
 */
export function inSchool<T>(db: Kysely<DB>, schoolId: string, work: (trx: Trx) => Promise<T>): Promise<T> {
  // The id goes into the statement's text, so it must be exactly a uuid.
  if (!UUID.test(schoolId)) throw new Error(`inSchool: "${schoolId}" is not a school id`);
  return db.connection().execute(async (conn) => {
    // One round trip opens the transaction and enters the school: every request pays it.
    await sql
      .raw(
        `begin; select set_config('app.school_id', '${schoolId}', true), set_config('role', 'tilts_app', true)`,
      )
      .execute(conn);
    try {
      // The connection is inside the transaction just opened: to the work it is one.
      const result = await work(conn as unknown as Trx);
      await sql.raw('commit').execute(conn);
      return result;
    } catch (error) {
      await sql
        .raw('rollback')
        .execute(conn)
        .catch(() => {});
      throw error;
    }
  });
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
