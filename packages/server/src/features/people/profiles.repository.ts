import { type Kysely, sql } from 'kysely';
import type { Trx } from '../../db/context.ts';
import type { DB } from '../../db/schema.ts';
import { openPersonal, personalDataKey, sealPersonal } from './personal-crypto.ts';

/**
 * The one way to read and write a learner's sealed personal data (birth date, personal code). Every
 * reader of a birth date (agreements deciding whether a guardian signs, calls asking about consent,
 * the profile page, the personal-data export) comes through here.
 */
export interface OpenedProfile {
  schoolId: string;
  userId: string;
  dateOfBirth: string | null;
  nationalId: string | null;
  groupName: string;
  guardianName: string;
  guardianEmail: string;
  guardianPhone: string;
}

/** The profiles of these learners in the transaction's school, opened; a learner without one is absent. */
export async function openProfiles(
  trx: Trx,
  userIds: readonly string[],
): Promise<Map<string, OpenedProfile>> {
  if (userIds.length === 0) return new Map();
  const rows = await trx
    .selectFrom('learner_profiles')
    .select([
      'school_id',
      'user_id',
      'date_of_birth',
      'date_of_birth_sealed',
      'national_id_sealed',
      'group_name',
      'guardian_name',
      'guardian_email',
      'guardian_phone',
    ])
    .where('user_id', 'in', [...userIds])
    .execute();
  return new Map(
    rows.map((r) => [
      r.user_id,
      {
        schoolId: r.school_id,
        userId: r.user_id,
        // A row start-up has not sealed yet (no key on this server) still answers from the plain column.
        dateOfBirth: openPersonal(r.school_id, r.user_id, 'dob', r.date_of_birth_sealed) ?? r.date_of_birth,
        nationalId: openPersonal(r.school_id, r.user_id, 'national_id', r.national_id_sealed),
        groupName: r.group_name,
        guardianName: r.guardian_name,
        guardianEmail: r.guardian_email,
        guardianPhone: r.guardian_phone,
      },
    ]),
  );
}

/** One learner's birth date on file (YYYY-MM-DD), or null. */
export async function birthDateOf(trx: Trx, userId: string): Promise<string | null> {
  return (await openProfiles(trx, [userId])).get(userId)?.dateOfBirth ?? null;
}

export interface ProfileWrite {
  /** undefined: leave as it is; null: remove. */
  dateOfBirth?: string | null;
  nationalId?: string | null;
  groupName?: string;
  guardianName?: string;
  guardianEmail?: string;
  guardianPhone?: string;
}

/** Creates or updates a learner's profile, sealing the birth date and personal code. */
export async function writeProfile(
  trx: Trx,
  schoolId: string,
  userId: string,
  values: ProfileWrite,
  now: Date,
): Promise<void> {
  const set: Record<string, string | null | Date> = { updated_at: now };
  if (values.dateOfBirth !== undefined) {
    set.date_of_birth_sealed =
      values.dateOfBirth === null ? null : sealPersonal(schoolId, userId, 'dob', values.dateOfBirth);
    set.date_of_birth = null;
  }
  if (values.nationalId !== undefined) {
    set.national_id_sealed =
      values.nationalId === null ? null : sealPersonal(schoolId, userId, 'national_id', values.nationalId);
  }
  if (values.groupName !== undefined) set.group_name = values.groupName;
  if (values.guardianName !== undefined) set.guardian_name = values.guardianName;
  if (values.guardianEmail !== undefined) set.guardian_email = values.guardianEmail;
  if (values.guardianPhone !== undefined) set.guardian_phone = values.guardianPhone;
  await trx
    .insertInto('learner_profiles')
    .values({ school_id: schoolId, user_id: userId, ...set })
    .onConflict((oc) => oc.columns(['school_id', 'user_id']).doUpdateSet(set))
    .execute();
}

/**
 * Seals the birth dates still held in plain text (rows from before migration 0011, or written by
 * the demo seed and old tools): run at start, before any request. Without a key they stay as they
 * are and are read from the plain column. Returns how many it sealed.
 */
export async function sealPlainBirthDates(db: Kysely<DB>): Promise<number> {
  if (!personalDataKey()) return 0;
  const rows = await db
    .selectFrom('learner_profiles')
    .select(['school_id', 'user_id', 'date_of_birth'])
    .where('date_of_birth', 'is not', null)
    .execute();
  // In chunks, one statement each: a register of thousands is sealed in a few round trips.
  for (let i = 0; i < rows.length; i += 1000) {
    const part = rows.slice(i, i + 1000);
    await sql`
      update learner_profiles as lp set date_of_birth_sealed = v.sealed, date_of_birth = null
      from unnest(${part.map((r) => r.school_id)}::uuid[], ${part.map((r) => r.user_id)}::uuid[],
        ${part.map((r) => sealPersonal(r.school_id, r.user_id, 'dob', String(r.date_of_birth)))}::text[])
        as v(school_id, user_id, sealed)
      where lp.school_id = v.school_id and lp.user_id = v.user_id`.execute(db);
  }
  return rows.length;
}
