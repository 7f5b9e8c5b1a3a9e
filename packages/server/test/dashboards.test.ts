import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPartner, createUser } from '../src/demo/factories.ts';
import { insertPlacement } from '../src/demo/placements.ts';
import { createAgreement } from '../src/features/agreements/agreements.demo.ts';
import { createTemplate, issue, TEST_MASTER_KEY } from './support/credentials.ts';
import { createTestTilts, createWorld, type TestTilts, type World } from './support/harness.ts';

let t: TestTilts;
let w: World;
let coordinator: string;
let programmeId: string;

const learnerNames = ['Anna Bērziņa', 'Jānis Kļaviņš', 'Līga Ozoliņa', 'Mārtiņš Šņore'];
const learners: { id: string; name: string }[] = [];

beforeAll(async () => {
  t = await createTestTilts({ TILTS_MASTER_KEY: TEST_MASTER_KEY });
  w = await createWorld(t);
  const db = t.deps.db;
  const schoolId = w.schoolA.id;
  for (const [i, name] of learnerNames.entries()) {
    const [givenName, familyName] = name.split(' ') as [string, string];
    const u = await createUser(db, {
      email: `learner${i}@a.test`,
      givenName,
      familyName,
      password: 'Correct-horse-battery-1',
      schoolId,
      role: 'learner',
    });
    learners.push({ id: u.id, name });
  }
  const [anna, janis, liga, martins] = learners as [
    (typeof learners)[0],
    (typeof learners)[0],
    (typeof learners)[0],
    (typeof learners)[0],
  ];
  const hostLv = await createPartner(db, {
    school_id: schoolId,
    kind: 'company',
    legal_name: 'SIA Ābeles',
    country: 'LV',
  });
  const hostDe = await createPartner(db, {
    school_id: schoolId,
    kind: 'company',
    legal_name: 'Müller GmbH',
    country: 'DE',
  });
  programmeId = (
    await db
      .insertInto('programmes')
      .values({
        school_id: schoolId,
        kind: 'dvb',
        title: 'DVB: programmētājs',
        hours: 480,
        start_date: '2026-09-01',
        end_date: '2027-05-31',
      })
      .returning('id')
      .executeTakeFirstOrThrow()
  ).id;
  const base = {
    destination_country: 'LV',
    supervisor_name: 'Ilze Roze',
    supervisor_email: 'ilze@abeles.lv',
  };
  const learnerOf = (l: { id: string; name: string }) => ({
    userId: l.id,
    role: 'learner' as const,
    name: l.name,
  });
  // running this autumn: two learners at the Latvian host, one in Germany (a programme's DVB)
  await insertPlacement(
    db,
    schoolId,
    {
      ...base,
      kind: 'internship',
      title: 'Prakse A',
      host_partner_id: hostLv.id,
      start_date: '2026-09-01',
      end_date: '2026-10-31',
      status: 'in_progress',
    },
    [learnerOf(anna), learnerOf(janis)],
  );
  await insertPlacement(
    db,
    schoolId,
    {
      ...base,
      kind: 'dvb',
      title: 'DVB Vācijā',
      destination_country: 'DE',
      host_partner_id: hostDe.id,
      programme_id: programmeId,
      start_date: '2026-10-05',
      end_date: '2026-12-20',
      status: 'planned',
    },
    [learnerOf(liga)],
  );
  // finished last year: Anna's recognised, Mārtiņš's not yet
  const finished = await insertPlacement(
    db,
    schoolId,
    {
      ...base,
      kind: 'internship',
      title: 'Prakse 2025',
      host_partner_id: hostLv.id,
      start_date: '2025-02-01',
      end_date: '2025-03-31',
      status: 'recognised',
    },
    [learnerOf(anna), learnerOf(martins)],
  );
  const by = {
    userId: w.users.coordinator.id,
    email: w.users.coordinator.email,
    name: 'Ēriks Žubīts-coordinator',
  };
  const agreementId = await createAgreement(db, {
    schoolId,
    placementId: finished,
    learnerId: anna.id,
    by,
    signedAt: new Date('2025-01-20T10:00:00Z'),
  });
  const version = await db
    .selectFrom('agreement_versions')
    .select('id')
    .where('agreement_id', '=', agreementId)
    .executeTakeFirstOrThrow();
  const assessment = await db
    .insertInto('assessments')
    .values({
      school_id: schoolId,
      agreement_id: agreementId,
      version_id: version.id,
      stage: 'final',
      status: 'validated',
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  await db
    .insertInto('recognitions')
    .values({
      school_id: schoolId,
      agreement_id: agreementId,
      placement_id: finished,
      learner_id: anna.id,
      version_id: version.id,
      assessment_id: assessment.id,
      units: JSON.stringify([]),
    })
    .execute();
  // another school's placement never counts
  await insertPlacement(
    db,
    w.schoolB.id,
    {
      ...base,
      kind: 'internship',
      title: 'Cita skola',
      start_date: '2026-09-01',
      end_date: '2026-10-31',
      status: 'in_progress',
    },
    [],
  );

  coordinator = await t.signIn('coordinator@a.test');
  const admin = await t.signIn('admin@a.test');
  await t.request('PUT', '/api/credentials/issuer', { cookie: admin, body: { region: 'Rīga', website: '' } });
  const template = await createTemplate(t, admin);
  await issue(t, admin, { templateId: template.id, learnerId: anna.id, grade: '9' });
  await issue(t, admin, { templateId: template.id, learnerId: janis.id, grade: '8' });
});
afterAll(() => t?.close());

async function dashboard(query = '', cookie = coordinator) {
  const res = await t.request('GET', `/api/dashboard${query}`, { cookie });
  return { status: res.status, body: res.json() };
}
const bars = (list: { key: string; count: number }[]) =>
  Object.fromEntries(list.map((b) => [b.key, b.count]));

describe('dashboard', () => {
  it('counts the school’s placements by status, kind, country and month, and learners per host', async () => {
    const { status, body } = await dashboard();
    expect(status).toBe(200);
    expect(body.placements).toBe(3);
    // learners on placements: Anna went twice
    expect(body.learners).toBe(5);
    expect(bars(body.status)).toEqual({ in_progress: 1, planned: 1, recognised: 1 });
    expect(bars(body.kind)).toEqual({ internship: 2, dvb: 1 });
    expect(bars(body.country)).toEqual({ LV: 2, DE: 1 });
    expect(body.month).toEqual([
      { key: '2025-02', count: 1 },
      { key: '2026-09', count: 1 },
      { key: '2026-10', count: 1 },
    ]);
    expect(body.host.map((h: { label: string; count: number }) => [h.label, h.count])).toEqual([
      ['SIA Ābeles', 4],
      ['Müller GmbH', 1],
    ]);
    expect(body.recognition).toEqual({ finished: 2, recognised: 1 });
    // the learners of the two running placements (the DVB has started though still "planned"), by light
    const risk = (await t.request('GET', '/api/dashboard/risk', { cookie: coordinator })).json();
    expect(risk.map((b: { key: string }) => b.key)).toEqual(['red', 'amber', 'green']);
    expect(risk.reduce((n: number, b: { count: number }) => n + b.count, 0)).toBe(3);
    expect(body.credentials).toHaveLength(1);
    expect(body.credentials[0].count).toBe(2);
  });

  it('filters by period and by programme', async () => {
    const autumn = await dashboard('?from=2026-08-01&to=2026-12-31');
    expect(autumn.body.placements).toBe(2);
    expect(bars(autumn.body.status)).toEqual({ in_progress: 1, planned: 1 });
    expect(autumn.body.recognition).toEqual({ finished: 0, recognised: 0 });
    const dvb = await dashboard(`?programmeId=${programmeId}`);
    expect(dvb.body.placements).toBe(1);
    expect(bars(dvb.body.country)).toEqual({ DE: 1 });
    // no credential came from that programme's placements
    expect(dvb.body.credentials).toEqual([]);
    const dvbRisk = (
      await t.request('GET', `/api/dashboard/risk?programmeId=${programmeId}`, { cookie: coordinator })
    ).json();
    expect(dvbRisk.reduce((n: number, b: { count: number }) => n + b.count, 0)).toBe(1);
    const riskCsv = await t.request('GET', '/api/dashboard/risk.csv', { cookie: coordinator });
    expect(riskCsv.body.split('\r\n')[0]).toBe('\uFEFFlight,label,learners');
  });

  it('refuses a period that ends before it starts, naming the field', async () => {
    const res = await t.request('GET', '/api/dashboard?from=2026-12-01&to=2026-01-01', {
      cookie: coordinator,
      headers: { 'accept-language': 'en' },
    });
    expect(res.status).toBe(400);
    expect(JSON.stringify(res.json())).toContain('"to"');
  });

  it('exports each chart’s data as CSV', async () => {
    const res = await t.request('GET', '/api/dashboard/host.csv', { cookie: coordinator });
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toContain('text/csv');
    const lines = res.body.replace('\uFEFF', '').trim().split('\r\n');
    expect(lines[0]).toBe('partner_id,host,learners');
    expect(lines[1]).toMatch(/,SIA Ābeles,4$/);
    const recognition = await t.request('GET', '/api/dashboard/recognition.csv', { cookie: coordinator });
    expect(recognition.body).toContain('2,1,0.500');
    const country = await t.request('GET', '/api/dashboard/country.csv?from=2026-01-01', {
      cookie: coordinator,
    });
    expect(country.body.trim().split('\r\n').slice(1)).toEqual(['DE,,1', 'LV,,1']);
  });

  it('is for coordinators and admins only', async () => {
    const teacher = await t.signIn('teacher@a.test');
    expect((await dashboard('', teacher)).status).toBe(403);
    const other = await t.signIn('admin@b.test');
    const b = await dashboard('', other);
    expect(b.status).toBe(200);
    expect(b.body.placements).toBe(1);
    expect(b.body.learners).toBe(0);
  });

  it('keeps its counts right through every change: status, dates, host, learners, recognitions, deletion', async () => {
    const db = t.deps.db;
    const schoolId = w.schoolA.id;
    const live = async () => {
      const byStatus = await db
        .selectFrom('placements')
        .select(['status', (eb) => eb.fn.countAll<number>().as('n')])
        .where('school_id', '=', schoolId)
        .groupBy('status')
        .execute();
      const learners = await db
        .selectFrom('placement_participants as pp')
        .innerJoin('placements as p', 'p.id', 'pp.placement_id')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('p.school_id', '=', schoolId)
        .where('pp.role', '=', 'learner')
        .executeTakeFirstOrThrow();
      const hosts = await db
        .selectFrom('placement_participants as pp')
        .innerJoin('placements as p', 'p.id', 'pp.placement_id')
        .innerJoin('partners as pa', 'pa.id', 'p.host_partner_id')
        .select(['pa.legal_name', (eb) => eb.fn.countAll<number>().as('n')])
        .where('p.school_id', '=', schoolId)
        .where('pp.role', '=', 'learner')
        .groupBy('pa.legal_name')
        .execute();
      return {
        status: Object.fromEntries(byStatus.map((r) => [r.status, Number(r.n)])),
        learners: Number(learners.n),
        hosts: Object.fromEntries(hosts.map((r) => [r.legal_name, Number(r.n)])),
      };
    };
    const shown = async () => {
      const { body } = await dashboard();
      return {
        status: bars(body.status),
        learners: body.learners,
        hosts: Object.fromEntries(body.host.map((h: { label: string; count: number }) => [h.label, h.count])),
      };
    };
    const running = await db
      .selectFrom('placements')
      .select('id')
      .where('title', '=', 'Prakse A')
      .executeTakeFirstOrThrow();
    const abroad = await db
      .selectFrom('placements')
      .select('id')
      .where('title', '=', 'DVB Vācijā')
      .executeTakeFirstOrThrow();
    const hostLv = await db
      .selectFrom('partners')
      .select('id')
      .where('legal_name', '=', 'SIA Ābeles')
      .executeTakeFirstOrThrow();
    await db
      .updateTable('placements')
      .set({ status: 'completed', end_date: '2026-11-30' })
      .where('id', '=', running.id)
      .execute();
    await db
      .updateTable('placements')
      .set({ host_partner_id: hostLv.id })
      .where('id', '=', abroad.id)
      .execute();
    await db
      .deleteFrom('placement_participants')
      .where('placement_id', '=', running.id)
      .where('user_id', '=', learners[1]!.id)
      .execute();
    await db.deleteFrom('recognitions').execute();
    expect(await shown()).toEqual(await live());
    expect((await dashboard()).body.recognition).toEqual({ finished: 3, recognised: 0 });
    await db.deleteFrom('placements').where('id', '=', abroad.id).execute();
    const after = await shown();
    expect(after).toEqual(await live());
    expect(after.learners).toBe(3);
  });
});
