import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createUser } from '../src/demo/factories.ts';
import { insertPlacement } from '../src/demo/placements.ts';
import { addPlacementUnit, createUnitWithOutcomes } from '../src/features/support/support.demo.ts';
import { createTestTilts, createWorld, PASSWORD, type TestTilts, type World } from './support/harness.ts';

let now = new Date('2026-03-02T08:00:00Z');

let t: TestTilts;
let w: World;
type Who = 'learner' | 'other' | 'teacher' | 'otherTeacher' | 'coordinator' | 'supervisor' | 'otherAdmin';
let cookies: Record<Who, string>;
let placementId: string;
let outcomes: string[];
let strangerOutcome: string;

beforeAll(async () => {
  t = await createTestTilts({}, { now: () => now });
  w = await createWorld(t);
  const db = t.deps.db;
  const other = await createUser(db, {
    email: 'otra@a.test',
    givenName: 'Līga',
    familyName: 'Ozola',
    password: PASSWORD,
    schoolId: w.schoolA.id,
    role: 'learner',
  });
  await createUser(db, {
    email: 'cits.pedagogs@a.test',
    givenName: 'Andris',
    familyName: 'Kalns',
    password: PASSWORD,
    schoolId: w.schoolA.id,
    role: 'teacher',
  });
  placementId = await insertPlacement(
    db,
    w.schoolA.id,
    {
      kind: 'internship',
      title: 'Prakse SIA „Būvmeistars”',
      destination_country: 'LV',
      supervisor_name: 'Ģirts Šņore',
      supervisor_email: 'supervisor@a.test',
      mentor_id: w.users.teacher.id,
      start_date: '2026-04-01',
      end_date: '2026-04-30',
      status: 'planned',
    },
    [{ userId: w.users.learner.id, role: 'learner', name: 'Ēriks Žubīts-learner' }],
  );
  // A second learner on a placement of their own, with the same mentor.
  await insertPlacement(
    db,
    w.schoolA.id,
    {
      kind: 'internship',
      title: 'Otra prakse',
      destination_country: 'LV',
      mentor_id: w.users.teacher.id,
      start_date: '2026-04-01',
      end_date: '2026-04-30',
      status: 'planned',
    },
    [{ userId: other.id, role: 'learner', name: 'Līga Ozola' }],
  );
  const unit = await createUnitWithOutcomes(db, w.schoolA.id, {
    qualificationCode: 'DST',
    qualificationTitle: 'Datorsistēmu tehniķis',
    unitCode: 'DST-1',
    unitTitle: 'Datortīkli',
    outcomes: [
      { kind: 'knowledge', text: 'Izprot IP adresāciju.' },
      { kind: 'skills', text: 'Ierīko komutatoru.' },
    ],
  });
  await addPlacementUnit(db, w.schoolA.id, placementId, unit.unitId);
  outcomes = unit.outcomeIds;
  const stranger = await createUnitWithOutcomes(db, w.schoolA.id, {
    qualificationCode: 'DST',
    qualificationTitle: 'Datorsistēmu tehniķis',
    unitCode: 'DST-2',
    unitTitle: 'Serveri',
    outcomes: [{ kind: 'skills', text: 'Uzstāda serveri.' }],
  });
  strangerOutcome = stranger.outcomeIds[0]!;
  cookies = {
    learner: await t.signIn('learner@a.test'),
    other: await t.signIn('otra@a.test'),
    teacher: await t.signIn('teacher@a.test'),
    otherTeacher: await t.signIn('cits.pedagogs@a.test'),
    coordinator: await t.signIn('coordinator@a.test'),
    supervisor: await t.signIn('supervisor@a.test'),
    otherAdmin: await t.signIn('admin@b.test'),
  };
});
afterAll(() => t?.close());

const intakeUrl = () => `/api/placements/${placementId}/intake`;
const intake = {
  priorKnowledge: 'Esmu ierīkojis mājas tīklu.',
  socialEnvironment: 'Dzīvoju Ogrē, uz Rīgu braucu ar vilcienu.',
  expectations: 'Gribu redzēt īstu serveru telpu.',
  needs: 'Darba sākums ne agrāk par 8.30.',
  preferredChannels: ['messages', 'phone'],
};

describe('intake before the start', () => {
  it('the learner fills it in; the mentor and the coordinator read it before the first meeting', async () => {
    const blank = await t.request('GET', intakeUrl(), { cookie: cookies.learner });
    expect(blank.json()).toMatchObject({
      canEdit: true,
      intakes: [{ learner: { id: w.users.learner.id }, priorKnowledge: '', updatedAt: null }],
    });
    const saved = await t.request('PUT', intakeUrl(), { cookie: cookies.learner, body: intake });
    expect(saved.status).toBe(200);
    expect(saved.json().intakes[0]).toMatchObject({ ...intake, updatedAt: '2026-03-02T08:00:00.000Z' });
    for (const who of ['teacher', 'coordinator'] as const) {
      const read = await t.request('GET', intakeUrl(), { cookie: cookies[who] });
      expect(read.status, who).toBe(200);
      expect(read.json()).toMatchObject({
        canEdit: false,
        intakes: [{ ...intake, learner: { name: 'Ēriks Žubīts-learner' } }],
      });
    }
    // The audit log says it changed, not what the learner wrote.
    const audit = await t.deps.db
      .selectFrom('audit_log')
      .select('after')
      .where('action', '=', 'intake.saved')
      .executeTakeFirstOrThrow();
    expect(JSON.stringify(audit.after)).not.toContain('Ogrē');
  });

  it('is personal: never the supervisor, another learner, a teacher who is not the mentor, or another school', async () => {
    expect((await t.request('GET', intakeUrl(), { cookie: cookies.supervisor })).status).toBe(403);
    for (const who of ['other', 'otherTeacher', 'otherAdmin'] as const) {
      expect((await t.request('GET', intakeUrl(), { cookie: cookies[who] })).status, who).toBe(404);
    }
    expect((await t.request('PUT', intakeUrl(), { cookie: cookies.other, body: intake })).status).toBe(404);
  });

  it('refuses bad answers naming each field, and keeps what was saved', async () => {
    const res = await t.request('PUT', intakeUrl(), {
      cookie: cookies.learner,
      body: { ...intake, priorKnowledge: ' ', preferredChannels: [] },
    });
    expect(res.status).toBe(400);
    expect(res.json().error.fields).toEqual({
      priorKnowledge: 'Šis lauks ir obligāts.',
      preferredChannels: 'Šis lauks ir obligāts.',
    });
    const fax = await t.request('PUT', intakeUrl(), {
      cookie: cookies.learner,
      body: { ...intake, preferredChannels: ['fax'] },
      headers: { 'accept-language': 'en' },
    });
    expect(fax.status).toBe(400);
    expect(fax.json().error.fields).toEqual({ 'preferredChannels.0': 'Choose one of the offered values.' });
    const kept = await t.request('GET', intakeUrl(), { cookie: cookies.teacher });
    expect(kept.json().intakes[0]).toMatchObject(intake);
  });

  it('can no longer change once the placement has started', async () => {
    now = new Date('2026-04-01T07:00:00Z');
    const view = await t.request('GET', intakeUrl(), { cookie: cookies.learner });
    expect(view.json().canEdit).toBe(false);
    const res = await t.request('PUT', intakeUrl(), {
      cookie: cookies.learner,
      body: { ...intake, expectations: 'Cits' },
    });
    expect(res.status).toBe(409);
    expect(res.json().error.fields.placement).toBe(
      'Anketu var mainīt līdz prakses sākumam (01.04.2026); tagad to var tikai lasīt. Ko vēl vēlaties pastāstīt, rakstiet sarakstē.',
    );
    const kept = await t.request('GET', intakeUrl(), { cookie: cookies.teacher });
    expect(kept.json().intakes[0].expectations).toBe(intake.expectations);
    now = new Date('2026-03-02T08:00:00Z');
  });
});

describe('self-mentoring', () => {
  const url = (rest = '') => `/api/placements/${placementId}${rest}`;

  it('the learner sets goals within the placement; a date outside it is refused with the period', async () => {
    const outside = await t.request('POST', url('/goals'), {
      cookie: cookies.learner,
      body: { text: 'Ierīkot tīklu', targetDate: '2026-05-15' },
    });
    expect(outside.status).toBe(400);
    expect(outside.json().error.fields).toEqual({
      targetDate: 'Mērķa datumam jābūt prakses laikā: 01.04.2026–30.04.2026.',
    });
    const short = await t.request('POST', url('/goals'), { cookie: cookies.learner, body: { text: 'x' } });
    expect(short.json().error.fields).toEqual({ text: 'Jābūt vismaz 3 rakstzīmēm.' });
    const added = await t.request('POST', url('/goals'), {
      cookie: cookies.learner,
      body: { text: 'Patstāvīgi ierīkot biroja tīklu', targetDate: '2026-04-20' },
    });
    expect(added.status).toBe(200);
    const goal = added.json().learners[0].goals[0];
    expect(goal).toMatchObject({
      text: 'Patstāvīgi ierīkot biroja tīklu',
      targetDate: '2026-04-20',
      status: 'planned',
    });
    const done = await t.request('PUT', url(`/goals/${goal.id}`), {
      cookie: cookies.learner,
      body: { text: goal.text, targetDate: goal.targetDate, status: 'achieved' },
    });
    expect(done.json().learners[0].goals).toEqual([
      expect.objectContaining({ id: goal.id, status: 'achieved' }),
    ]);
    // Another learner cannot touch it, even knowing its id.
    const foreign = await t.request('PUT', url(`/goals/${goal.id}`), {
      cookie: cookies.other,
      body: { text: 'Svešs', status: 'dropped' },
    });
    expect(foreign.status).toBe(404);
  });

  it('self-assesses against the placement’s outcomes only; nothing is saved when one is foreign', async () => {
    const foreign = await t.request('PUT', url('/self-assessment'), {
      cookie: cookies.learner,
      body: {
        items: [
          { outcomeId: outcomes[0], level: 'achieved' },
          { outcomeId: strangerOutcome, level: 'partly' },
        ],
      },
    });
    expect(foreign.status).toBe(400);
    expect(foreign.json().error.fields).toEqual({
      'items.1.outcomeId': 'Šis mācību rezultāts nav starp šīs prakses mācību rezultātiem.',
    });
    const level = await t.request('PUT', url('/self-assessment'), {
      cookie: cookies.learner,
      body: { items: [{ outcomeId: outcomes[0], level: 'perfect' }] },
    });
    expect(level.json().error.fields).toEqual({
      'items.0.level': 'Izvēlieties vienu no piedāvātajām vērtībām.',
    });
    const empty = await t.deps.db.selectFrom('outcome_self_assessments').select('level').execute();
    expect(empty).toEqual([]);
    const ok = await t.request('PUT', url('/self-assessment'), {
      cookie: cookies.learner,
      body: {
        items: [
          { outcomeId: outcomes[0], level: 'achieved', comment: 'Skolā apgūts.' },
          { outcomeId: outcomes[1], level: 'partly' },
        ],
      },
    });
    expect(ok.status).toBe(200);
    expect(ok.json().outcomes.map((o: { text: string }) => o.text)).toEqual([
      'Izprot IP adresāciju.',
      'Ierīko komutatoru.',
    ]);
  });

  it('the mentor and the coordinator read both; they cannot write; the supervisor and other learners see nothing', async () => {
    for (const who of ['teacher', 'coordinator'] as const) {
      const res = await t.request('GET', url('/self-mentoring'), { cookie: cookies[who] });
      expect(res.status, who).toBe(200);
      expect(res.json()).toMatchObject({
        canEdit: false,
        learners: [
          {
            learner: { name: 'Ēriks Žubīts-learner' },
            goals: [{ text: 'Patstāvīgi ierīkot biroja tīklu', status: 'achieved' }],
            assessments: expect.arrayContaining([
              expect.objectContaining({
                outcomeId: outcomes[0],
                level: 'achieved',
                comment: 'Skolā apgūts.',
              }),
              expect.objectContaining({ outcomeId: outcomes[1], level: 'partly' }),
            ]),
          },
        ],
      });
    }
    expect(
      (await t.request('POST', url('/goals'), { cookie: cookies.teacher, body: { text: 'Mentora mērķis' } }))
        .status,
    ).toBe(403);
    expect((await t.request('GET', url('/self-mentoring'), { cookie: cookies.supervisor })).status).toBe(403);
    for (const who of ['other', 'otherTeacher', 'otherAdmin'] as const) {
      expect((await t.request('GET', url('/self-mentoring'), { cookie: cookies[who] })).status, who).toBe(
        404,
      );
    }
  });

  it('closes the learner’s own records once the placement is cancelled, keeping them readable', async () => {
    await t.deps.db
      .updateTable('placements')
      .set({ status: 'cancelled' })
      .where('id', '=', placementId)
      .execute();
    const res = await t.request('POST', url('/goals'), {
      cookie: cookies.learner,
      body: { text: 'Vēl viens' },
    });
    expect(res.status).toBe(409);
    expect(res.json().error.fields).toEqual({
      text: 'Mobilitāte ir slēgta vai atcelta; šos ierakstus vairs nevar mainīt.',
    });
    const read = await t.request('GET', url('/self-mentoring'), { cookie: cookies.learner });
    expect(read.json().learners[0].goals).toHaveLength(1);
    expect(read.json().canEdit).toBe(false);
  });
});
