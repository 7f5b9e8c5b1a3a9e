import { defaultMobilityRules } from '@tilts/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestTilts, createWorld, type TestTilts, type World } from './support/harness.ts';

let t: TestTilts;
let world: World;
let admin: string;
let coordinator: string;
const year = new Date().getUTCFullYear();

beforeAll(async () => {
  t = await createTestTilts();
  world = await createWorld(t);
  admin = await t.signIn('admin@a.test');
  coordinator = await t.signIn('coordinator@a.test');
});
afterAll(() => t?.close());

const rulesOf = async (cookie: string) => {
  const res = await t.request('GET', '/api/rules', { cookie });
  expect(res.status).toBe(200);
  return res.json().years as { callYear: number; rules: any[] }[];
};

const row = (activityType: string, change: Record<string, unknown> = {}) => {
  const d = defaultMobilityRules.find((r) => r.activityType === activityType)!;
  const { participants: _p, ...rest } = d;
  return { ...rest, ...change };
};

describe('Erasmus+ rules as data', () => {
  it('a new school starts with the Programme Guide rules for this and next call year', async () => {
    const years = await rulesOf(coordinator);
    expect(years.map((y) => y.callYear)).toEqual([year + 1, year]);
    expect(years[1]!.rules).toEqual(defaultMobilityRules);
    const other = await t.deps.db
      .selectFrom('mobility_rules')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('school_id', '=', world.schoolB.id)
      .executeTakeFirstOrThrow();
    expect(Number(other.n)).toBe(2 * defaultMobilityRules.length);
  });

  it('an admin changes a year’s rules; the change is stored and audited; others cannot', async () => {
    const body = { rules: [row('short_term_learner', { minDays: 14, maxDays: 60, graduateMonths: 6 })] };
    expect((await t.request('PUT', `/api/rules/${year}`, { cookie: coordinator, body })).status).toBe(403);
    const res = await t.request('PUT', `/api/rules/${year}`, { cookie: admin, body });
    expect(res.status).toBe(200);
    const saved = res.json().rules.find((r: any) => r.activityType === 'short_term_learner');
    expect(saved).toMatchObject({ minDays: 14, maxDays: 60, graduateMonths: 6, participants: 'learners' });
    const audit = await t.deps.db
      .selectFrom('audit_log')
      .select(['before', 'after', 'entity_id'])
      .where('action', '=', 'mobility_rules.updated')
      .executeTakeFirstOrThrow();
    expect(audit).toMatchObject({
      entity_id: String(year),
      before: [{ minDays: 10, maxDays: 89 }],
      after: [{ minDays: 14, maxDays: 60 }],
    });
  });

  it('refuses a minimum above the maximum, naming the field', async () => {
    const res = await t.request('PUT', `/api/rules/${year}`, {
      cookie: admin,
      body: { rules: [row('job_shadowing'), row('group_mobility', { minDays: '31', maxDays: '30' })] },
    });
    expect(res.status).toBe(400);
    expect(res.json().error.fields).toEqual({
      'rules.1.maxDays': 'Maksimālais dienu skaits nevar būt mazāks par minimālo.',
    });
    const kept = (await rulesOf(admin)).find((y) => y.callYear === year)!;
    expect(kept.rules.find((r) => r.activityType === 'group_mobility')).toMatchObject({
      minDays: 2,
      maxDays: 30,
    });
  });

  it('adds a call year by copying another, refuses one that exists or a source that does not', async () => {
    const copied = await t.request('POST', '/api/rules', {
      cookie: admin,
      body: { callYear: year + 2, copyFrom: year },
    });
    expect(copied.status).toBe(200);
    expect(copied.json().rules.find((r: any) => r.activityType === 'short_term_learner')).toMatchObject({
      minDays: 14,
      maxDays: 60,
    });
    const twice = await t.request('POST', '/api/rules', { cookie: admin, body: { callYear: year + 2 } });
    expect(twice.status).toBe(409);
    expect(twice.json().error.fields.callYear).toBe(`Noteikumi ${year + 2}. gada konkursam jau ir.`);
    const nowhere = await t.request('POST', '/api/rules', {
      cookie: admin,
      body: { callYear: 2020, copyFrom: 2019 },
      headers: { 'accept-language': 'en' },
    });
    expect(nowhere.status).toBe(400);
    expect(nowhere.json().error.fields.copyFrom).toBe('There are no rules for call year 2019 to copy from.');
    const defaults = await t.request('POST', '/api/rules', { cookie: admin, body: { callYear: 2024 } });
    expect(defaults.json().rules).toEqual(defaultMobilityRules);
    expect((await rulesOf(admin)).map((y) => y.callYear)).toEqual([year + 2, year + 1, year, 2024]);
  });

  it('removes a call year no project belongs to, and refuses one that has projects', async () => {
    await t.deps.db
      .insertInto('projects')
      .values({
        school_id: world.schoolA.id,
        action: 'KA121',
        call_year: 2024,
        project_number: '2024-1-LV01-KA121-VET-000000001',
        title: 'Akreditācija',
        start_date: '2024-06-01',
        end_date: '2025-08-31',
      })
      .execute();
    const refused = await t.request('DELETE', '/api/rules/2024', { cookie: admin });
    expect(refused.status).toBe(409);
    expect(refused.json().error.fields.callYear).toBe(
      'Šī gada noteikumus nevar dzēst: tiem ir projekti (1).',
    );
    expect((await t.request('DELETE', `/api/rules/${year + 2}`, { cookie: admin })).status).toBe(200);
    expect((await t.request('DELETE', `/api/rules/${year + 2}`, { cookie: admin })).status).toBe(404);
  });
});
