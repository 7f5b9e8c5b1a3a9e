import { type Kysely, sql } from 'kysely';
import type { DB } from '../../db/schema.ts';
import { AppError } from '../../errors.ts';

/** After this many failures in a row, each further try waits: 1 minute, doubling up to 15. */
export const FREE_FAILURES = 10;
const MAX_BLOCK_MINUTES = 15;

export function throttleKeys(email: string, ip: string): string[] {
  return [`email:${email.toLowerCase()}`, `ip:${ip}`];
}

/** Refuses with 429 while any of the keys is blocked. */
export async function assertNotThrottled(db: Kysely<DB>, keys: string[]) {
  const row = await db
    .selectFrom('login_throttle')
    .select((eb) => eb.fn.max('blocked_until').as('until'))
    .where('key', 'in', keys)
    .where('blocked_until', '>', new Date())
    .executeTakeFirst();
  const until = row?.until ? new Date(row.until as unknown as string) : null;
  if (until) {
    throw new AppError('too_many_attempts', {
      retryAfterSeconds: Math.max(1, Math.ceil((until.getTime() - Date.now()) / 1000)),
    });
  }
}

export async function recordFailure(db: Kysely<DB>, keys: string[]) {
  for (const key of keys) {
    await sql`
      insert into login_throttle (key, failures, blocked_until, updated_at) values (${key}, 1, null, now())
      on conflict (key) do update set
        failures = login_throttle.failures + 1,
        blocked_until = case when login_throttle.failures + 1 >= ${FREE_FAILURES}
          then now() + interval '1 minute' * least(power(2, login_throttle.failures + 1 - ${FREE_FAILURES}), ${MAX_BLOCK_MINUTES})
          else null end,
        updated_at = now()
    `.execute(db);
  }
}

export async function clearFailures(db: Kysely<DB>, keys: string[]) {
  await db.deleteFrom('login_throttle').where('key', 'in', keys).execute();
}
