import { defaultRiskThresholds } from '@tilts/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createUser } from '../src/demo/factories.ts';
import { insertPlacement } from '../src/demo/placements.ts';
import {
  insertContact,
  insertDiaryDays,
  insertSubmittedAssessment,
  insertTasks,
} from '../src/features/risk/risk.demo.ts';
import { schoolRisk } from '../src/features/risk/risk.service.ts';
import { createTestTilts, createWorld, PASSWORD, type TestTilts, type World } from './support/harness.ts';

// Monday 16 March 2026 in Riga; the cohort's placements run 16 February – 12 April (56 days, half gone).
const now = new Date('2026-03-16T09:00:00Z');
const START = '2026-02-16';
const END = '2026-04-12';
const YESTERDAY = '2026-03-15';

let t: TestTilts;
let w: World;
let teacher: string;
let coordinator: string;
const learners: Record<string, { id: string; placementId: string }> = {};

interface Setup {
  planned_hours?: number;
  comm_every_days?: number;
  start?: string;
  mentor?: string;
  status?: 'in_progress' | 'planned' | 'completed';
  /** the last diary day (entries every day from the start until it), or null for none */
  lastDiary?: string | null;
  hours?: number;
  signIn?: string | null;
}

async function learner(key: string, given: string, family: string, s: Setup = {}) {
  const db = t.deps.db;
  const schoolId = w.schoolA.id;
  const user = await createUser(db, {
    email: `${key}@a.test`,
    givenName: given,
    familyName: family,
    schoolId,
    role: 'learner',
    ...(key === 'bruno' ? { password: PASSWORD } : {}),
  });
  const start = s.start ?? START;
  const placementId = await insertPlacement(
    db,
    schoolId,
    {
      kind: 'internship',
      title: `Prakse — ${given}`,
      destination_country: 'LV',
      mentor_id: s.mentor ?? w.users.teacher.id,
      start_date: start,
      end_date: END,
      status: s.status ?? 'in_progress',
      planned_hours: s.planned_hours ?? null,
      comm_every_days: s.comm_every_days ?? null,
    },
    [{ userId: user.id, role: 'learner', name: `${given} ${family}` }],
  );
  const lastDiary = s.lastDiary === undefined ? YESTERDAY : s.lastDiary;
  if (lastDiary) {
    await insertDiaryDays(db, {
      schoolId,
      placementId,
      learnerId: user.id,
      from: start,
      to: lastDiary,
      hours: s.hours,
    });
  }
  const signIn = s.signIn === undefined ? YESTERDAY : s.signIn;
  if (signIn) {
    await db
      .updateTable('users')
      .set({ last_sign_in_at: new Date(`${signIn}T10:00:00Z`) })
      .where('id', '=', user.id)
      .execute();
  }
  learners[key] = { id: user.id, placementId };
  return learners[key]!;
}

beforeAll(async () => {
  t = await createTestTilts({}, { now: () => now });
  w = await createWorld(t);
  const db = t.deps.db;
  const schoolId = w.schoolA.id;
  const other = await createUser(db, {
    email: 'cits.mentors@a.test',
    givenName: 'Andris',
    familyName: 'Kalns',
    password: PASSWORD,
    schoolId,
    role: 'teacher',
  });

  await learner('anna', 'Anna', 'Zaļā', { comm_every_days: 7 });
  await insertContact(db, { schoolId, placementId: learners.anna!.placementId, date: '2026-03-13' });
  await insertTasks(db, {
    schoolId,
    placementId: learners.anna!.placementId,
    learnerId: learners.anna!.id,
    dueDates: ['2026-02-27', '2026-03-13', '2026-03-27', '2026-04-10'],
    done: 2,
  });
  await insertSubmittedAssessment(db, {
    schoolId,
    placementId: learners.anna!.placementId,
    learnerId: learners.anna!.id,
    achieved: 3,
    total: 3,
    submittedAt: new Date('2026-03-10T10:00:00Z'),
  });

  await learner('bruno', 'Bruno', 'Bērziņš', { lastDiary: '2026-03-07' });

  await learner('cilda', 'Cilda', 'Cīrule');
  await insertTasks(db, {
    schoolId,
    placementId: learners.cilda!.placementId,
    learnerId: learners.cilda!.id,
    dueDates: ['2026-02-27', '2026-03-06', '2026-03-13', '2026-04-10'],
    done: 1,
  });

  await learner('dace', 'Dace', 'Dūmiņa', { comm_every_days: 7 });
  await insertContact(db, { schoolId, placementId: learners.dace!.placementId, date: '2026-03-01' });
  // a planned contact is not one that took place
  await insertContact(db, {
    schoolId,
    placementId: learners.dace!.placementId,
    date: '2026-03-14',
    planned: true,
  });

  await learner('edgars', 'Edgars', 'Egle');
  // the first assessment is the low one; a later, better one does not hide it
  await insertSubmittedAssessment(db, {
    schoolId,
    placementId: learners.edgars!.placementId,
    learnerId: learners.edgars!.id,
    achieved: 1,
    total: 4,
    submittedAt: new Date('2026-03-09T10:00:00Z'),
  });
  await insertSubmittedAssessment(db, {
    schoolId,
    placementId: learners.edgars!.placementId,
    learnerId: learners.edgars!.id,
    achieved: 4,
    total: 4,
    submittedAt: new Date('2026-03-12T10:00:00Z'),
    stage: 'final',
  });

  // started a week ago and already done every task
  await learner('fricis', 'Fricis', 'Fogelis', { start: '2026-03-09' });
  await insertTasks(db, {
    schoolId,
    placementId: learners.fricis!.placementId,
    learnerId: learners.fricis!.id,
    dueDates: ['2026-03-20', '2026-03-27', '2026-04-03', '2026-04-10'],
    done: 4,
  });

  // half the time gone and no task done (none due yet, so no deadline is missed)
  await learner('gita', 'Gita', 'Gulbe');
  await insertTasks(db, {
    schoolId,
    placementId: learners.gita!.placementId,
    learnerId: learners.gita!.id,
    dueDates: ['2026-03-20', '2026-03-27', '2026-04-03', '2026-04-10'],
    done: 0,
  });

  // 200 h planned, 100 expected by now, 2 h a day written
  await learner('helmuts', 'Helmuts', 'Hāzners', { planned_hours: 200, hours: 1.5 });

  // amber on two counts: six entries wait for the supervisor, last signed in eight days ago
  const ilze = await learner('ilze', 'Ilze', 'Ieviņa', { lastDiary: '2026-03-09', signIn: '2026-03-08' });
  await insertDiaryDays(db, {
    schoolId,
    placementId: ilze.placementId,
    learnerId: ilze.id,
    from: '2026-03-10',
    to: YESTERDAY,
    status: 'submitted',
  });

  // not this mentor's: only the school-wide view shows her
  await learner('jana', 'Jana', 'Jaunzeme', { mentor: other.id, lastDiary: '2026-03-01' });
  // not active: a placement that has not started, and one completed
  await learner('karina', 'Karīna', 'Kļava', { start: '2026-04-01', status: 'planned', lastDiary: null });
  await learner('laura', 'Laura', 'Lapa', { status: 'completed', lastDiary: '2026-02-20' });

  teacher = await t.signIn(w.users.teacher.email);
  coordinator = await t.signIn(w.users.coordinator.email);
});
afterAll(() => t?.close());

const expected: Record<string, { light: string; reasons: string }> = {
  bruno: { light: 'red', reasons: 'no diary entry for 9 days' },
  dace: { light: 'red', reasons: 'contact overdue by 8 days (plan: every 7 days)' },
  edgars: { light: 'red', reasons: 'first assessment: only 25% of outcomes achieved' },
  fricis: { light: 'red', reasons: 'tasks far ahead of time: 100% done with only 20% of the time gone' },
  gita: { light: 'red', reasons: 'tasks behind: 0% done, 50% of the time gone' },
  helmuts: { light: 'red', reasons: 'hours 58% behind plan (42 of 100 h)' },
  cilda: { light: 'amber', reasons: '2 deadlines missed' },
  ilze: { light: 'amber', reasons: '6 diary entries not confirmed; last signed in 8 days ago' },
  anna: { light: 'green', reasons: 'on track' },
};

describe('the mentor’s at-risk screen', () => {
  it('shows the mentor’s learners with the lights and reasons the cohort was made for, red first', async () => {
    const res = await t.request('GET', '/api/risk/learners?pageSize=50', {
      cookie: teacher,
      headers: { 'accept-language': 'en' },
    });
    expect(res.status).toBe(200);
    const body = res.json();
    const got = Object.fromEntries(
      body.items.map((i: { learnerId: string; light: string; summary: string }) => [
        Object.entries(learners).find(([, l]) => l.id === i.learnerId)![0],
        { light: i.light, reasons: i.summary },
      ]),
    );
    expect(got).toEqual(expected);
    const lights = body.items.map((i: { light: string }) => i.light);
    expect(lights).toEqual([...Array(6).fill('red'), 'amber', 'amber', 'green']);
    expect(body.counts).toEqual({ red: 6, amber: 2, green: 1 });
    expect(body.total).toBe(9);
  });
});
