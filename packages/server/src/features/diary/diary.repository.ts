import { type Kysely, sql } from 'kysely';
import type { Trx } from '../../db/context.ts';
import type { DB } from '../../db/schema.ts';

type Db = Kysely<DB> | Trx;

/** What the diary says about one placement (all its learners together). */
export interface DiaryStats {
  /** The newest entry's date (yyyy-mm-dd), or null when nothing has been written. */
  lastEntryDate: string | null;
  /** Entries the workplace supervisor has not confirmed yet (submitted or returned). */
  unconfirmed: number;
  /** Entries written. */
  entries: number;
  /** The sum of the hours of every entry. */
  hoursDone: number;
  /** The sum of the hours of confirmed entries. */
  confirmedHours: number;
}

const EMPTY: DiaryStats = {
  lastEntryDate: null,
  unconfirmed: 0,
  entries: 0,
  hoursDone: 0,
  confirmedHours: 0,
};

/** The stats of a placement that has no entries. */
export const emptyDiaryStats = (): DiaryStats => ({ ...EMPTY });

/**
 * The diary's figures per placement, in one statement (ids passed as one array parameter, so 20,000
 * placements are one query). Placements without entries are absent from the map: use
 * `emptyDiaryStats()` for them.
 */
export async function diaryStatsByPlacement(db: Db, placementIds: readonly string[]) {
  const result = new Map<string, DiaryStats>();
  if (placementIds.length === 0) return result;
  const { rows } = await sql<{
    placement_id: string;
    last_entry_date: string | null;
    unconfirmed: string | number;
    entries: string | number;
    hours_done: string | number;
    confirmed_hours: string | number;
  }>`
    select placement_id,
      to_char(max(entry_date), 'YYYY-MM-DD') as last_entry_date,
      count(*) filter (where status <> 'confirmed') as unconfirmed,
      count(*) as entries,
      coalesce(sum(hours), 0) as hours_done,
      coalesce(sum(hours) filter (where status = 'confirmed'), 0) as confirmed_hours
    from diary_entries
    where placement_id = any(${[...placementIds]}::uuid[])
    group by placement_id`.execute(db);
  for (const r of rows) {
    result.set(r.placement_id, {
      lastEntryDate: r.last_entry_date,
      unconfirmed: Number(r.unconfirmed),
      entries: Number(r.entries),
      hoursDone: Number(r.hours_done),
      confirmedHours: Number(r.confirmed_hours),
    });
  }
  return result;
}

/**
 * The date (yyyy-mm-dd) of the last contact that took place, per placement; planned contacts do not
 * count. Placements with no contact recorded are absent from the map.
 */
export async function lastContactByPlacement(db: Db, placementIds: readonly string[]) {
  const result = new Map<string, string>();
  if (placementIds.length === 0) return result;
  const { rows } = await sql<{ placement_id: string; last_contact: string }>`
    select placement_id, to_char(max(contact_date), 'YYYY-MM-DD') as last_contact
    from placement_contacts
    where placement_id = any(${[...placementIds]}::uuid[]) and not planned
    group by placement_id`.execute(db);
  for (const r of rows) result.set(r.placement_id, r.last_contact);
  return result;
}
