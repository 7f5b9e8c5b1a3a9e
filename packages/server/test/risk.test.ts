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

const nameOf = (id: string) => Object.entries(learners).find(([, l]) => l.id === id)?.[0];

describe('the whole school', () => {
  it('schoolRisk scores every active placement’s learners of the school, nobody else', async () => {
    const all = await schoolRisk(t.deps.db, w.schoolA.id, now);
    expect(all.map((r) => nameOf(r.learnerId)).sort()).toEqual([...Object.keys(expected), 'jana'].sort());
    expect(all[0]!.light).toBe('red');
    expect(all.find((r) => r.learnerId === learners.jana!.id)?.reasons[0]).toMatchObject({
      signal: 'diaryDays',
      level: 'red',
      value: 15,
    });
    expect(await schoolRisk(t.deps.db, w.schoolB.id, now)).toEqual([]);
  });

  it('is there for a coordinator who asks for it; a teacher asking gets their own', async () => {
    const school = await t.request('GET', '/api/risk/learners?scope=school&pageSize=50', {
      cookie: coordinator,
    });
    expect(school.json().total).toBe(10);
    const mine = await t.request('GET', '/api/risk/learners?scope=mine', { cookie: coordinator });
    expect(mine.json().total).toBe(0);
    const teacherSchool = await t.request('GET', '/api/risk/learners?scope=school&pageSize=50', {
      cookie: teacher,
    });
    expect(teacherSchool.json().total).toBe(9);
  });

  it('searches without diacritics, filters by light and pages', async () => {
    const found = await t.request('GET', '/api/risk/learners?q=berzins', { cookie: teacher });
    expect(found.json().items.map((i: { learnerId: string }) => nameOf(i.learnerId))).toEqual(['bruno']);
    const amber = await t.request('GET', '/api/risk/learners?light=amber', { cookie: teacher });
    expect(
      amber
        .json()
        .items.map((i: { learnerId: string }) => nameOf(i.learnerId))
        .sort(),
    ).toEqual(['cilda', 'ilze']);
    const attention = await t.request('GET', '/api/risk/learners?light=attention&pageSize=3', {
      cookie: teacher,
    });
    expect(attention.json()).toMatchObject({ total: 8, page: 1, pageSize: 3 });
    expect(attention.json().items).toHaveLength(3);
    const byName = await t.request('GET', '/api/risk/learners?sort=learner&pageSize=2', { cookie: teacher });
    expect(byName.json().items.map((i: { learnerName: string }) => i.learnerName)).toEqual([
      'Anna Zaļā',
      'Bruno Bērziņš',
    ]);
  });

  it('exports the list as CSV with the reasons in the user’s language', async () => {
    const res = await t.request('GET', '/api/risk/learners.csv', { cookie: teacher });
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toContain('text/csv');
    const lines = res.body
      .replace(/^\uFEFF/, '')
      .trim()
      .split('\r\n');
    expect(lines[0]).toBe('light,learner,placement,mentor,start_date,end_date,reasons');
    expect(lines).toHaveLength(10);
    expect(lines.find((l) => l.includes('Bruno'))).toContain('9 dienas nav dienasgrāmatas ieraksta');
  });
});

describe('thresholds', () => {
  it('shows the defaults until the school changes them', async () => {
    const res = await t.request('GET', '/api/risk/thresholds', { cookie: coordinator });
    expect(res.json()).toEqual({ thresholds: defaultRiskThresholds, defaults: defaultRiskThresholds });
  });

  it('refuses red on the wrong side of amber, naming the field in the user’s language', async () => {
    const res = await t.request('PUT', '/api/risk/thresholds', {
      cookie: coordinator,
      headers: { 'accept-language': 'en' },
      body: { ...defaultRiskThresholds, diaryDays: { amber: 9, red: 4 } },
    });
    expect(res.status).toBe(400);
    expect(res.json().error.fields).toEqual({
      'diaryDays.red': 'The red threshold must not be lower than the amber one.',
    });
  });

  it('changes the lights when the school changes them, and is audited', async () => {
    const res = await t.request('PUT', '/api/risk/thresholds', {
      cookie: coordinator,
      body: {
        ...defaultRiskThresholds,
        diaryDays: { amber: 9, red: 20 },
        missedDeadlines: { amber: 1, red: 2 },
      },
    });
    expect(res.status).toBe(200);
    expect(res.json().thresholds.diaryDays).toEqual({ amber: 9, red: 20 });
    const list = await t.request('GET', '/api/risk/learners?pageSize=50', {
      cookie: teacher,
      headers: { 'accept-language': 'en' },
    });
    const item = (key: string) =>
      list.json().items.find((i: { learnerId: string }) => i.learnerId === learners[key]!.id);
    expect(item('bruno')).toMatchObject({ light: 'amber', summary: 'no diary entry for 9 days' });
    expect(item('cilda')).toMatchObject({ light: 'red', summary: '2 deadlines missed' });
    const audit = await t.deps.db
      .selectFrom('audit_log')
      .select(['action', 'actor_id'])
      .where('action', '=', 'risk_thresholds.updated')
      .execute();
    expect(audit).toEqual([{ action: 'risk_thresholds.updated', actor_id: w.users.coordinator.id }]);
    // back to the defaults for the tests below
    await t.request('PUT', '/api/risk/thresholds', { cookie: coordinator, body: defaultRiskThresholds });
  });
});

describe('the learner’s own light', () => {
  it('tells the learner their light and reasons, phrased for them', async () => {
    const bruno = await t.signIn('bruno@a.test');
    const res = await t.request('GET', '/api/risk/mine', {
      cookie: bruno,
      headers: { 'accept-language': 'en' },
    });
    expect(res.status).toBe(200);
    expect(res.json().items).toEqual([
      expect.objectContaining({
        placementId: learners.bruno!.placementId,
        light: 'red',
        summary: 'you have not written in your diary for 9 days',
        hoursDone: 160,
        plannedHours: null,
      }),
    ]);
  });
});

describe('view as learner', () => {
  it('shows a mentor exactly what the learner sees, read only, and audits the start and the end', async () => {
    const cookie = await t.signIn(w.users.teacher.email);
    const start = await t.request('POST', '/api/view-as', {
      cookie,
      body: { learnerId: learners.bruno!.id },
    });
    expect(start.status).toBe(200);
    expect(start.json()).toMatchObject({
      id: learners.bruno!.id,
      givenName: 'Bruno',
      school: { schoolId: w.schoolA.id, role: 'learner' },
      viewingAs: { staffId: w.users.teacher.id, staffName: 'Ēriks Žubīts-teacher' },
    });
    const me = await t.request('GET', '/api/auth/me', { cookie });
    expect(me.json().id).toBe(learners.bruno!.id);

    // reads are the learner's
    const mine = await t.request('GET', '/api/risk/mine', { cookie });
    expect(mine.json().items.map((i: { placementId: string }) => i.placementId)).toEqual([
      learners.bruno!.placementId,
    ]);
    const placements = await t.request('GET', '/api/placements', { cookie });
    expect(placements.json().items.map((p: { id: string }) => p.id)).toEqual([learners.bruno!.placementId]);
    expect((await t.request('GET', '/api/risk/learners', { cookie })).status).toBe(403);

    // every write is refused, whatever the learner could do
    for (const [method, url, body] of [
      ['PUT', `/api/placements/${learners.bruno!.placementId}/intake`, { knowledge: 'x' }],
      ['POST', '/api/view-as', { learnerId: learners.cilda!.id }],
      ['PATCH', '/api/auth/me', { locale: 'en' }],
      ['PUT', '/api/risk/thresholds', defaultRiskThresholds],
    ] as const) {
      const res = await t.request(method, url, { cookie, body, headers: { 'accept-language': 'en' } });
      expect(res.status, url).toBe(403);
      expect(res.json().error).toEqual({
        code: 'read_only_view',
        message: 'You are viewing as a learner: read only. Exit this view to change anything.',
      });
    }

    const stop = await t.request('POST', '/api/view-as/stop', { cookie });
    expect(stop.status).toBe(200);
    expect(stop.json()).toMatchObject({
      id: w.users.teacher.id,
      viewingAs: null,
      school: { role: 'teacher' },
    });
    expect((await t.request('GET', '/api/risk/learners', { cookie })).status).toBe(200);

    const audit = await t.deps.db
      .selectFrom('audit_log')
      .select(['action', 'actor_id', 'entity_id'])
      .where('action', 'like', 'view_as.%')
      .orderBy('id')
      .execute();
    expect(audit).toEqual([
      { action: 'view_as.started', actor_id: w.users.teacher.id, entity_id: learners.bruno!.id },
      { action: 'view_as.stopped', actor_id: w.users.teacher.id, entity_id: learners.bruno!.id },
    ]);
  });

  it('lets a teacher view only their own learners, a coordinator any learner of the school', async () => {
    const cookie = await t.signIn(w.users.teacher.email);
    const other = await t.request('POST', '/api/view-as', { cookie, body: { learnerId: learners.jana!.id } });
    expect(other.status).toBe(404);
    const notLearner = await t.request('POST', '/api/view-as', {
      cookie: coordinator,
      body: { learnerId: w.users.teacher.id },
    });
    expect(notLearner.status).toBe(404);
    const otherSchool = await t.signIn(w.otherAdmin.email);
    expect(
      (
        await t.request('POST', '/api/view-as', {
          cookie: otherSchool,
          body: { learnerId: learners.jana!.id },
        })
      ).status,
    ).toBe(404);
    const learnerCookie = await t.signIn('bruno@a.test');
    expect(
      (
        await t.request('POST', '/api/view-as', {
          cookie: learnerCookie,
          body: { learnerId: learners.anna!.id },
        })
      ).status,
    ).toBe(403);

    const own = await t.signIn(w.users.coordinator.email);
    const res = await t.request('POST', '/api/view-as', {
      cookie: own,
      body: { learnerId: learners.jana!.id },
    });
    expect(res.status).toBe(200);
    expect(res.json().id).toBe(learners.jana!.id);
    // signing out ends the view with the session
    expect((await t.request('POST', '/api/auth/logout', { cookie: own })).status).toBe(200);
    expect((await t.request('GET', '/api/auth/me', { cookie: own })).status).toBe(401);
  });
});

describe('the diary totals the lights read', () => {
  it('follow inserts, confirmations and deletions of diary entries', async () => {
    const db = t.deps.db;
    const light = async (key: string) =>
      (await schoolRisk(db, w.schoolA.id, now)).find((r) => r.learnerId === learners[key]!.id)!;
    // the supervisor confirms Ilze's week: nothing waits any more
    await db
      .updateTable('diary_entries')
      .set({ status: 'confirmed' })
      .where('learner_id', '=', learners.ilze!.id)
      .execute();
    expect((await light('ilze')).reasons.map((r) => r.signal)).toEqual(['signInDays']);
    // Bruno writes yesterday's entry: the gap is gone
    await insertDiaryDays(db, {
      schoolId: w.schoolA.id,
      placementId: learners.bruno!.placementId,
      learnerId: learners.bruno!.id,
      from: YESTERDAY,
      to: YESTERDAY,
    });
    expect((await light('bruno')).light).toBe('green');
    // and removes it again, with the week before: 14 days since the last entry
    await db
      .deleteFrom('diary_entries')
      .where('learner_id', '=', learners.bruno!.id)
      .where('entry_date', '>', '2026-03-01')
      .execute();
    expect((await light('bruno')).reasons[0]).toMatchObject({ signal: 'diaryDays', level: 'red', value: 15 });
    const totals = await db
      .selectFrom('risk_diary_totals')
      .select(['hours', 'unconfirmed', 'last_date'])
      .where('learner_id', '=', learners.bruno!.id)
      .executeTakeFirstOrThrow();
    expect({ ...totals, hours: Number(totals.hours) }).toEqual({
      hours: 14 * 8,
      unconfirmed: 0,
      last_date: '2026-03-01',
    });
  });
});
