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
}

export type Trx = Transaction<DB>;

/**
 * One transaction as the application role inside one school: PostgreSQL's row-level security then
 * shows and accepts only that school's rows, whatever the query says.
 */
export function inSchool<T>(db: Kysely<DB>, schoolId: string, work: (trx: Trx) => Promise<T>): Promise<T> {
  return db.transaction().execute(async (trx) => {
    await sql`select set_config('app.school_id', ${schoolId}, true), set_config('role', 'tilts_app', true)`.execute(
      trx,
    );
    return work(trx);
  });
}
