import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMobilityRules, createPartner } from '../src/demo/factories.ts';
import { createTestTilts, createWorld, type TestTilts, type World } from './support/harness.ts';

let t: TestTilts;
let w: World;
let coordinator: string;

const project = {
  action: 'KA121',
  callYear: 2026,
  projectNumber: '2026-1-LV01-KA121-VET-000123456',
  title: 'Prakses Eiropā 2026',
  budgetEur: 184500.5,
  startDate: '2026-06-01',
  endDate: '2027-08-31',
};

beforeAll(async () => {
  t = await createTestTilts();
  w = await createWorld(t);
  coordinator = await t.signIn('coordinator@a.test');
});
afterAll(() => t?.close());

describe('Erasmus+ projects', () => {
  let id: string;

  it('registers a project and lists it with search, filter and CSV', async () => {
    const res = await t.request('POST', '/api/projects', { cookie: coordinator, body: project });
    expect(res.status).toBe(200);
    id = res.json().id;
    expect(res.json()).toMatchObject({ ...project, placements: 0 });
    const list = (
      await t.request('GET', '/api/projects?q=eiropā&callYear=2026', { cookie: coordinator })
    ).json();
    expect(list.items.map((p: { id: string }) => p.id)).toEqual([id]);
    const csv = await t.request('GET', '/api/projects.csv', { cookie: coordinator });
    expect(csv.body).toContain('2026-1-LV01-KA121-VET-000123456');
    expect(csv.body).toContain('184500.5');
  });

  it('refuses a second project with the same number, and dates in the wrong order, naming the field', async () => {
    const again = await t.request('POST', '/api/projects', { cookie: coordinator, body: project });
    expect(again.status).toBe(409);
    expect(again.json().error.fields.projectNumber).toBe('Projekts ar šo numuru jau ir reģistrēts.');
    const order = await t.request('POST', '/api/projects', {
      cookie: coordinator,
      body: { ...project, projectNumber: 'X-1', startDate: '2027-01-01', endDate: '2026-01-01' },
    });
    expect(order.status).toBe(400);
    expect(order.json().error.fields.endDate).toBe('Beigu datums nevar būt agrāks par sākuma datumu.');
  });

  it('will not shrink its period past one of its mobilities', async () => {
    await createMobilityRules(t.deps.db, w.schoolA.id, [2026]);
    const host = await createPartner(t.deps.db, {
      school_id: w.schoolA.id,
      kind: 'company',
      legal_name: 'Tallinna Tööstushariduskeskus',
      country: 'EE',
    });
    const placement = await t.request('POST', '/api/placements', {
      cookie: coordinator,
      body: {
        kind: 'erasmus',
        activityType: 'job_shadowing',
        projectId: id,
        hostPartnerId: host.id,
        startDate: '2027-03-01',
        endDate: '2027-03-05',
        staff: [{ userId: w.users.teacher.id }],
      },
    });
    expect(placement.status).toBe(200);
    const shrink = await t.request('PUT', `/api/projects/${id}`, {
      cookie: coordinator,
      body: { ...project, endDate: '2027-02-28' },
    });
    expect(shrink.status).toBe(409);
    expect(shrink.json().error.fields.startDate).toMatch(/01\.03\.2027 līdz 05\.03\.2027/);
    expect((await t.request('GET', `/api/projects/${id}`, { cookie: coordinator })).json()).toMatchObject({
      endDate: '2027-08-31',
      placements: 1,
    });
  });

  it('lets a teacher read projects but not change them, and hides them from another school', async () => {
    const teacher = await t.signIn('teacher@a.test');
    expect((await t.request('GET', `/api/projects/${id}`, { cookie: teacher })).status).toBe(200);
    expect((await t.request('POST', '/api/projects', { cookie: teacher, body: project })).status).toBe(403);
    const other = await t.signIn('admin@b.test');
    expect((await t.request('GET', `/api/projects/${id}`, { cookie: other })).status).toBe(404);
    expect((await t.request('PUT', `/api/projects/${id}`, { cookie: other, body: project })).status).toBe(
      404,
    );
  });
});

describe('internship and DVB programmes', () => {
  it('keeps a programme with its template of tasks and its reminder days', async () => {
    const body = {
      kind: 'internship',
      title: 'Kvalifikācijas prakse: datorsistēmu tehniķis',
      hours: 480,
      startDate: '2026-02-01',
      endDate: '2026-05-31',
      taskTemplate: [
        { title: 'Darba drošības instruktāža', description: 'Parakstīta instruktāžas lapa', dueDay: 2 },
        { title: 'Tīkla ierīkošana', dueDay: 30 },
      ],
    };
    const res = await t.request('POST', '/api/programmes', { cookie: coordinator, body });
    expect(res.status).toBe(200);
    expect(res.json()).toMatchObject({
      title: body.title,
      reminderDays: 3,
      taskTemplate: [
        { title: 'Darba drošības instruktāža', description: 'Parakstīta instruktāžas lapa', dueDay: 2 },
        { title: 'Tīkla ierīkošana', description: '', dueDay: 30 },
      ],
    });
    const bad = await t.request('POST', '/api/programmes', {
      cookie: coordinator,
      body: { ...body, hours: 0, taskTemplate: [{ title: '', dueDay: -1 }] },
      headers: { 'accept-language': 'en' },
    });
    expect(bad.status).toBe(400);
    expect(Object.keys(bad.json().error.fields).sort()).toEqual([
      'hours',
      'taskTemplate.0.dueDay',
      'taskTemplate.0.title',
    ]);
  });

  it('gives an internship placement the programme’s hours and keeps it inside the programme’s period', async () => {
    const programme = (
      await t.request('GET', '/api/programmes?kind=internship', { cookie: coordinator })
    ).json().items[0];
    const host = await createPartner(t.deps.db, {
      school_id: w.schoolA.id,
      kind: 'company',
      legal_name: 'SIA „Kurzemes Viesnīcas”',
      country: 'LV',
    });
    const base = {
      kind: 'internship',
      programmeId: programme.id,
      hostPartnerId: host.id,
      learners: [{ userId: w.users.learner.id }],
    };
    const ok = await t.request('POST', '/api/placements', {
      cookie: coordinator,
      body: { ...base, startDate: '2026-02-02', endDate: '2026-05-29' },
    });
    expect(ok.json().plannedHours).toBe(480);
    const outside = await t.request('POST', '/api/placements', {
      cookie: coordinator,
      body: { ...base, startDate: '2026-01-20', endDate: '2026-05-29' },
    });
    expect(outside.json().error.fields.startDate).toBe(
      'Jāiekļaujas programmas periodā: 01.02.2026–31.05.2026.',
    );
  });
});

describe('changing a programme', () => {
  it('saves a new title and keeps the audit of what it was', async () => {
    const programme = (await t.request('GET', '/api/programmes', { cookie: coordinator })).json().items[0];
    const res = await t.request('PUT', `/api/programmes/${programme.id}`, {
      cookie: coordinator,
      body: { ...programme, title: 'Kvalifikācijas prakse (2. versija)', qualificationId: null },
    });
    expect(res.status).toBe(200);
    expect(res.json().title).toBe('Kvalifikācijas prakse (2. versija)');
    const audit = await t.deps.db
      .selectFrom('audit_log')
      .select(['before', 'after'])
      .where('action', '=', 'programme.updated')
      .executeTakeFirstOrThrow();
    expect((audit.before as { title: string }).title).toBe(programme.title);
  });
});
