import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inSchool } from '../src/db/context.ts';
import { insertPlacement } from '../src/demo/placements.ts';
import { diaryStatsByPlacement, lastContactByPlacement } from '../src/features/diary/diary.repository.ts';
import { createTestTilts, createWorld, type TestTilts, type World } from './support/harness.ts';

const now = new Date('2026-04-10T08:00:00Z');
let t: TestTilts;
let w: World;
let placementId: string;
let emptyPlacementId: string;

beforeAll(async () => {
  t = await createTestTilts({}, { now: () => now });
  w = await createWorld(t);
  const db = t.deps.db;
  placementId = await insertPlacement(
    db,
    w.schoolA.id,
    {
      kind: 'internship',
      title: 'Prakse SIA „Būvmeistars”',
      destination_country: 'LV',
      supervisor_name: 'Ģirts Šņore',
      supervisor_email: 'girts@host.test',
      mentor_id: w.users.teacher.id,
      start_date: '2026-04-01',
      end_date: '2026-04-30',
      planned_hours: 160,
      comm_every_days: 7,
      status: 'in_progress',
    },
    [{ userId: w.users.learner.id, role: 'learner', name: 'Ēriks Žubīts-learner' }],
  );
  emptyPlacementId = await insertPlacement(
    db,
    w.schoolA.id,
    {
      kind: 'internship',
      title: 'Tukša prakse',
      destination_country: 'LV',
      start_date: '2026-04-01',
      end_date: '2026-04-30',
      status: 'in_progress',
    },
    [],
  );
});
afterAll(() => t?.close());

describe('repository figures for the at-risk signals', () => {
  it('sums hours, counts unconfirmed entries and finds the last entry and the last contact', async () => {
    const db = t.deps.db;
    const base = { school_id: w.schoolA.id, placement_id: placementId, learner_id: w.users.learner.id };
    await db
      .insertInto('diary_entries')
      .values([
        { ...base, entry_date: '2026-04-01', hours: 8, work_done: 'a', status: 'confirmed' },
        { ...base, entry_date: '2026-04-02', hours: 7.5, work_done: 'b', status: 'returned' },
        { ...base, entry_date: '2026-04-03', hours: 6, work_done: 'c' },
      ])
      .execute();
    await db
      .insertInto('placement_contacts')
      .values([
        { school_id: w.schoolA.id, placement_id: placementId, contact_date: '2026-04-02', channel: 'phone' },
        // planned contacts do not count as having taken place
        {
          school_id: w.schoolA.id,
          placement_id: placementId,
          contact_date: '2026-04-20',
          channel: 'visit',
          planned: true,
        },
      ])
      .execute();
    const [stats, contacts] = await inSchool(db, w.schoolA.id, async (trx) =>
      Promise.all([
        diaryStatsByPlacement(trx, [placementId, emptyPlacementId]),
        lastContactByPlacement(trx, [placementId, emptyPlacementId]),
      ]),
    );
    expect(stats.get(placementId)).toEqual({
      lastEntryDate: '2026-04-03',
      unconfirmed: 2,
      entries: 3,
      hoursDone: 21.5,
      confirmedHours: 8,
    });
    expect(stats.has(emptyPlacementId)).toBe(false);
    expect(contacts.get(placementId)).toBe('2026-04-02');
    expect(contacts.has(emptyPlacementId)).toBe(false);
    // another school sees nothing
    const other = await inSchool(db, w.schoolB.id, (trx) => diaryStatsByPlacement(trx, [placementId]));
    expect(other.size).toBe(0);
    await db.deleteFrom('diary_entries').execute();
    await db.deleteFrom('placement_contacts').execute();
  });
});
