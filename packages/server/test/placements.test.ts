import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createActiveMou,
  createMobilityRules,
  createPartner,
  createProject,
  createUser,
} from '../src/demo/factories.ts';
import { createTestTilts, createWorld, PASSWORD, type TestTilts, type World } from './support/harness.ts';

// The clock of these tests: 1 March 2026.
const NOW = new Date('2026-03-01T09:00:00Z');

let t: TestTilts;
let w: World;
let coordinator: string;
let hostDe: string;
let hostLv: string;
let project: { id: string };
const learners: { id: string; email: string }[] = [];

beforeAll(async () => {
  t = await createTestTilts({}, { now: () => NOW });
  w = await createWorld(t);
  const db = t.deps.db;
  await createMobilityRules(db, w.schoolA.id, [2025, 2026]);
  project = await createProject(db, {
    schoolId: w.schoolA.id,
    callYear: 2025,
    startDate: '2025-09-01',
    endDate: '2027-08-31',
  });
  hostDe = (
    await createPartner(db, {
      school_id: w.schoolA.id,
      kind: 'company',
      legal_name: 'Müller Maschinenbau GmbH',
      country: 'DE',
      city: 'Dresden',
    })
  ).id;
  hostLv = (
    await createPartner(db, {
      school_id: w.schoolA.id,
      kind: 'company',
      legal_name: 'SIA „Baltijas Būvmeistars”',
      country: 'LV',
      city: 'Rīga',
    })
  ).id;
  for (const [given, family] of [
    ['Anna', 'Bērziņa'],
    ['Kārlis', 'Ozols'],
    ['Ģirts', 'Šņore'],
  ] as const) {
    learners.push(
      await createUser(db, {
        email: `${given.toLowerCase()}@a.test`.normalize('NFD').replace(/[\u0300-\u036f]/g, ''),
        givenName: given,
        familyName: family,
        password: PASSWORD,
        schoolId: w.schoolA.id,
        role: 'learner',
      }),
    );
  }
  coordinator = await t.signIn('coordinator@a.test');
});
afterAll(() => t?.close());

function mobility(overrides: Record<string, unknown> = {}) {
  return {
    kind: 'erasmus',
    activityType: 'short_term_learner',
    projectId: project.id,
    hostPartnerId: hostDe,
    startDate: '2026-04-06',
    endDate: '2026-04-19',
    learners: [{ userId: learners[0]!.id }],
    ...overrides,
  };
}

async function create(body: Record<string, unknown>, cookie = coordinator, lang = 'lv') {
  return t.request('POST', '/api/placements', { cookie, body, headers: { 'accept-language': lang } });
}

describe('Erasmus+ rules', () => {
  it('refuses a 9-day short-term learner mobility with the rule and its range, in Latvian and in English', async () => {
    const lv = await create(mobility({ endDate: '2026-04-14' }));
    expect(lv.status).toBe(400);
    expect(lv.json().error.fields.endDate).toBe(
      'Īstermiņa audzēkņu mobilitāte: 10–89 dienas, ceļa dienas neskaitot (norādītas 9).',
    );
    const en = await create(mobility({ endDate: '2026-04-14' }), coordinator, 'en');
    expect(en.json().error.fields.endDate).toBe(
      'Short-term learner mobility: 10–89 days, travel days excluded (this one has 9).',
    );
    expect(await t.deps.db.selectFrom('placements').select('id').execute()).toEqual([]);
  });

  it('creates a 14-day one, with its host country, a generated title and the status draft', async () => {
    const res = await create(mobility({ travelDays: 2 }));
    expect(res.status).toBe(200);
    const p = res.json();
    expect(p).toMatchObject({
      status: 'draft',
      durationDays: 14,
      travelDays: 2,
      destinationCountry: 'DE',
      destinationCity: 'Dresden',
      title: 'Anna Bērziņa — Müller Maschinenbau GmbH',
    });
    expect(p.missing).toEqual(['supervisor', 'insurance', 'mou', 'mentor']);
    const audit = await t.deps.db
      .selectFrom('audit_log')
      .select(['action', 'entity_id'])
      .where('action', '=', 'placement.created')
      .execute();
    expect(audit).toEqual([{ action: 'placement.created', entity_id: p.id }]);
  });

  it('needs two learners and accompanying staff for a group mobility', async () => {
    const res = await create(mobility({ activityType: 'group_mobility', endDate: '2026-04-15' }));
    expect(res.status).toBe(400);
    const fields = res.json().error.fields;
    expect(fields.learners).toMatch(/vismaz 2 audzēkņus \(norādīti 1\)/);
    expect(fields.accompanying).toMatch(/pavadošo personu/);
    const ok = await create(
      mobility({
        activityType: 'group_mobility',
        endDate: '2026-04-15',
        learners: [{ userId: learners[0]!.id }, { userId: learners[1]!.id }],
        accompanying: [{ userId: w.users.teacher.id }],
      }),
    );
    expect(ok.status).toBe(200);
    expect(
      ok
        .json()
        .participants.map((x: { role: string }) => x.role)
        .sort(),
    ).toEqual(['accompanying', 'learner', 'learner']);
  });

  it('lets a recent graduate start within 12 months of graduating, and says until when', async () => {
    const late = await create(
      mobility({ learners: [{ userId: learners[2]!.id, graduationDate: '2025-03-31' }] }),
    );
    expect(late.status).toBe(400);
    expect(late.json().error.fields.startDate).toBe(
      'Nesen absolvējušam audzēknim jāsāk 12 mēnešu laikā pēc absolvēšanas (31.03.2025), t. i., ne vēlāk kā 31.03.2026.',
    );
    const inTime = await create(
      mobility({ learners: [{ userId: learners[2]!.id, graduationDate: '2025-06-30' }] }),
    );
    expect(inTime.status).toBe(200);
  });

  it('never takes a preparatory visit without the mobility it prepares and a justification', async () => {
    const res = await create(
      mobility({ activityType: 'preparatory_visit', learners: [], staff: [{ userId: w.users.teacher.id }] }),
    );
    expect(res.status).toBe(400);
    expect(Object.keys(res.json().error.fields).sort()).toEqual(['justification', 'preparesPlacementId']);
  });

  it('keeps a mobility inside its project, its dates in order, and its country a real one', async () => {
    const outside = await create(mobility({ startDate: '2027-08-20', endDate: '2027-09-10' }));
    expect(outside.json().error.fields.endDate).toBe('Jāiekļaujas projekta periodā: 01.09.2025–31.08.2027.');
    const order = await create(mobility({ startDate: '2026-04-19', endDate: '2026-04-06' }));
    expect(order.json().error.fields.endDate).toBe('Beigu datums nevar būt agrāks par sākuma datumu.');
    const country = await create(mobility({ hostPartnerId: null, destinationCountry: 'XY' }));
    expect(country.json().error.fields.destinationCountry).toMatch(/Nezināms valsts kods/);
  });

  it('says when the call year has no rules yet', async () => {
    const old = await createProject(t.deps.db, {
      schoolId: w.schoolA.id,
      callYear: 2024,
      startDate: '2024-06-01',
      endDate: '2026-12-31',
    });
    const res = await create(mobility({ projectId: old.id }));
    expect(res.json().error.fields.activityType).toMatch(/2024\. gada konkursam/);
  });

  it('refuses a learner or a mentor from another school', async () => {
    const res = await create(
      mobility({ learners: [{ userId: w.otherAdmin.id }], mentorId: w.otherAdmin.id }),
    );
    expect(res.status).toBe(400);
    expect(res.json().error.fields).toMatchObject({
      learners: 'Šī persona nav skolas audzēknis.',
      mentorId: 'Šī persona nav skolas darbinieks.',
    });
  });
});

describe('status', () => {
  let id: string;
  let lockVersion: number;

  it('will not be ready while something is missing, and names what', async () => {
    const p = (
      await create({
        kind: 'internship',
        hostPartnerId: hostLv,
        startDate: '2026-03-09',
        endDate: '2026-05-29',
        learners: [{ userId: learners[1]!.id }],
      })
    ).json();
    id = p.id;
    lockVersion = p.lockVersion;
    expect(p.missing).toEqual(['supervisor', 'insurance', 'mentor']);
    const planned = await t.request('POST', `/api/placements/${id}/status`, {
      cookie: coordinator,
      body: { to: 'planned' },
    });
    // A status move is a change too: an edit begun before it is stale.
    expect(planned.json().lockVersion).toBe(lockVersion + 1);
    lockVersion = planned.json().lockVersion;
    const res = await t.request('POST', `/api/placements/${id}/status`, {
      cookie: coordinator,
      body: { to: 'ready' },
    });
    expect(res.status).toBe(409);
    expect(res.json().error.fields.to).toBe(
      'Pirms sākuma vēl trūkst: prakses vadītājs uzņēmumā, apdrošināšana, skolas mentors.',
    );
  });

  it('refuses the second of two edits made from the same version, and keeps the first', async () => {
    const body = (supervisorName: string) => ({
      lockVersion,
      placement: {
        kind: 'internship',
        hostPartnerId: hostLv,
        startDate: '2026-03-09',
        endDate: '2026-05-29',
        learners: [{ userId: learners[1]!.id }],
        supervisorName,
        supervisorEmail: 'supervisor@a.test',
        insurance: 'BTA nelaimes gadījumu polise Nr. 123',
        mentorId: w.users.teacher.id,
      },
    });
    const first = await t.request('PUT', `/api/placements/${id}`, {
      cookie: coordinator,
      body: body('Ilze Kalna'),
    });
    expect(first.status).toBe(200);
    const second = await t.request('PUT', `/api/placements/${id}`, {
      cookie: coordinator,
      body: body('Cits Vārds'),
    });
    expect(second.status).toBe(409);
    expect(second.json().error.fields.lockVersion).toMatch(/kāds cits šos datus jau mainīja/);
    const stored = await t.deps.db
      .selectFrom('placements')
      .select('supervisor_name')
      .where('id', '=', id)
      .executeTakeFirst();
    expect(stored?.supervisor_name).toBe('Ilze Kalna');
  });

  it('moves along the allowed path, keeps every move, and asks a reason to interrupt', async () => {
    const go = (to: string, reason?: string) =>
      t.request('POST', `/api/placements/${id}/status`, { cookie: coordinator, body: { to, reason } });
    expect((await go('ready')).status).toBe(200);
    expect((await go('closed')).json().error.fields.to).toBe(
      'No statusa “gatava sākt” nevar pāriet uz “slēgta”.',
    );
    expect((await go('in_progress')).status).toBe(200);
    const edit = await t.request('PUT', `/api/placements/${id}`, {
      cookie: coordinator,
      body: { lockVersion: 99, placement: mobility() },
    });
    expect(edit.status).toBe(409);
    expect((await go('interrupted')).json().error.fields.reason).toBe('Norādiet iemeslu.');
    const interrupted = (await go('interrupted', 'Slimība')).json();
    expect(interrupted.status).toBe('interrupted');
    expect(interrupted.history.map((h: { to: string }) => h.to)).toEqual([
      'planned',
      'ready',
      'in_progress',
      'interrupted',
    ]);
    expect(interrupted.history[3].reason).toBe('Slimība');
    const audited = await t.deps.db
      .selectFrom('audit_log')
      .select('after')
      .where('action', '=', 'placement.status_changed')
      .where('entity_id', '=', id)
      .orderBy('id')
      .execute();
    expect(audited.map((a) => (a.after as { status: string }).status)).toEqual([
      'planned',
      'ready',
      'in_progress',
      'interrupted',
    ]);
  });

  it('counts an active memorandum with a foreign host, and only one that covers the dates', async () => {
    const p = (
      await create(
        mobility({
          supervisorName: 'Hans Müller',
          insurance: 'ERGO',
          mentorId: w.users.teacher.id,
          learners: [{ userId: learners[1]!.id }],
        }),
      )
    ).json();
    expect(p.missing).toEqual(['mou']);
    await createActiveMou(t.deps.db, {
      schoolId: w.schoolA.id,
      partnerId: hostDe,
      validFrom: '2025-01-01',
      validUntil: '2026-04-10',
    });
    expect(
      (await t.request('GET', `/api/placements/${p.id}`, { cookie: coordinator })).json().missing,
    ).toEqual(['mou']);
    await createActiveMou(t.deps.db, {
      schoolId: w.schoolA.id,
      partnerId: hostDe,
      validFrom: '2026-01-01',
      validUntil: '2028-12-31',
    });
    expect(
      (await t.request('GET', `/api/placements/${p.id}`, { cookie: coordinator })).json().missing,
    ).toEqual([]);
  });
});

describe('who sees what', () => {
  it('shows a learner their own placements, a supervisor the ones they supervise, a teacher the ones they mentor', async () => {
    const as = async (email: string) => {
      const cookie = await t.signIn(email);
      return (await t.request('GET', '/api/placements?pageSize=100', { cookie })).json();
    };
    const total = (await t.request('GET', '/api/placements?pageSize=100', { cookie: coordinator })).json()
      .total;
    expect(total).toBeGreaterThan(3);
    const anna = await as(learners[0]!.email);
    expect(anna.items.every((p: { learners: string[] }) => p.learners.includes('Anna Bērziņa'))).toBe(true);
    expect(anna.total).toBeGreaterThan(0);
    const supervisor = await as('supervisor@a.test');
    expect(supervisor.items.map((p: { supervisorName: string }) => p.supervisorName)).toEqual(['Ilze Kalna']);
    const teacher = await as('teacher@a.test');
    expect(teacher.total).toBeGreaterThan(0);
    expect(teacher.total).toBeLessThan(total);
  });

  it('answers 404, never the data, for another school’s placement and for one a learner is not in', async () => {
    const any = (await t.request('GET', '/api/placements?pageSize=1', { cookie: coordinator })).json()
      .items[0];
    const other = await t.signIn('admin@b.test');
    expect((await t.request('GET', `/api/placements/${any.id}`, { cookie: other })).status).toBe(404);
    const karlis = await t.signIn(learners[1]!.email);
    const mine = (await t.request('GET', '/api/placements?pageSize=100', { cookie: karlis })).json().items;
    const notMine = (await t.request('GET', '/api/placements?pageSize=100', { cookie: coordinator }))
      .json()
      .items.find((p: { id: string }) => !mine.some((m: { id: string }) => m.id === p.id));
    expect((await t.request('GET', `/api/placements/${notMine.id}`, { cookie: karlis })).status).toBe(404);
    expect((await t.request('POST', '/api/placements', { cookie: karlis, body: mobility() })).status).toBe(
      403,
    );
  });
});

describe('the list', () => {
  it('searches without diacritics, filters, sorts and exports', async () => {
    const found = (await t.request('GET', '/api/placements?q=snore', { cookie: coordinator })).json();
    expect(found.items.flatMap((p: { learners: string[] }) => p.learners)).toContain('Ģirts Šņore');
    const drafts = (
      await t.request('GET', '/api/placements?status=draft&kind=erasmus&sort=startDate&dir=asc', {
        cookie: coordinator,
      })
    ).json();
    expect(
      drafts.items.every(
        (p: { status: string; kind: string }) => p.status === 'draft' && p.kind === 'erasmus',
      ),
    ).toBe(true);
    const csv = await t.request('GET', '/api/placements.csv?country=LV', { cookie: coordinator });
    expect(csv.headers['content-type']).toMatch(/text\/csv/);
    expect(csv.body).toContain('SIA „Baltijas Būvmeistars”');
    expect(csv.body).not.toContain('Müller');
  });

  it('gives the home page counts by status, what starts in 14 days and what still lacks something', async () => {
    await create({
      kind: 'dvb',
      hostPartnerId: hostLv,
      startDate: '2026-03-10',
      endDate: '2026-06-10',
      learners: [{ userId: learners[2]!.id }],
    });
    const overview = (await t.request('GET', '/api/placements/overview', { cookie: coordinator })).json();
    expect(overview.byStatus.interrupted).toBe(1);
    expect(overview.startingSoon.map((p: { startDate: string }) => p.startDate)).toEqual(['2026-03-10']);
    expect(overview.missingTotal).toBeGreaterThan(0);
    expect(overview.missingSomething.every((p: { missing: string[] }) => p.missing.length > 0)).toBe(true);
  });
});

describe('units of learning outcomes', () => {
  it('keeps the units a placement is for, in order, and refuses a unit of another school', async () => {
    const db = t.deps.db;
    const q = await db
      .insertInto('qualifications')
      .values({
        school_id: w.schoolA.id,
        code: '33 481 02 1',
        title: 'Datorsistēmu tehniķis',
        eqf_level: 4,
        lki_level: 4,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    const unit = (code: string, title: string) =>
      db
        .insertInto('units')
        .values({
          school_id: w.schoolA.id,
          qualification_id: q.id,
          code,
          title,
          eqf_level: 4,
          credit_points: 3.5,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
    const u1 = await unit('M1', 'Datortīklu ierīkošana');
    const u2 = await unit('M2', 'Lietotāju atbalsts');
    const res = await create(mobility({ unitIds: [u2.id, u1.id] }));
    expect(
      res.json().units.map((u: { code: string; creditPoints: number }) => [u.code, u.creditPoints]),
    ).toEqual([
      ['M2', 3.5],
      ['M1', 3.5],
    ]);
    const other = await create(mobility({ unitIds: [w.schoolB.id] }));
    expect(other.json().error.fields.unitIds).toBe('Šāds ieraksts šajā skolā nav atrasts.');
  });
});
