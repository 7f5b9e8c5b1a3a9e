import { exampleGrantRules } from '@tilts/shared';
import { strFromU8, unzipSync } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMobilityRules, createPartner, createProject } from '../src/demo/factories.ts';
import { createTestTilts, createWorld, type TestTilts, type World } from './support/harness.ts';

let t: TestTilts;
let w: World;
let admin: string;
let coordinator: string;
let project: { id: string };
let hostDe: string;

const ruleSet = {
  callYear: 2025,
  validFrom: '2025-06-01',
  validTo: '2027-12-31',
  isExample: true,
  rules: exampleGrantRules,
};

beforeAll(async () => {
  t = await createTestTilts();
  w = await createWorld(t);
  const db = t.deps.db;
  await db
    .updateTable('schools')
    .set({ city: 'Rīga', erasmus_oid: 'E10000001' })
    .where('id', '=', w.schoolA.id)
    .execute();
  await createMobilityRules(db, w.schoolA.id, [2025]);
  project = await createProject(db, {
    schoolId: w.schoolA.id,
    callYear: 2025,
    startDate: '2025-09-01',
    endDate: '2027-08-31',
  });
  await db.updateTable('projects').set({ budget_eur: 5000 }).where('id', '=', project.id).execute();
  hostDe = (
    await createPartner(db, {
      school_id: w.schoolA.id,
      kind: 'company',
      legal_name: 'Müller Maschinenbau GmbH',
      country: 'DE',
      city: 'Dresden',
    })
  ).id;
  admin = await t.signIn('admin@a.test');
  coordinator = await t.signIn('coordinator@a.test');
});
afterAll(() => t?.close());

async function mobility(body: Record<string, unknown>) {
  const res = await t.request('POST', '/api/placements', {
    cookie: coordinator,
    body: {
      kind: 'erasmus',
      activityType: 'short_term_learner',
      projectId: project.id,
      hostPartnerId: hostDe,
      startDate: '2026-04-06',
      endDate: '2026-04-19',
      travelDays: 2,
      learners: [{ userId: w.users.learner.id }],
      ...body,
    },
  });
  expect(res.status, res.body).toBe(200);
  const p = res.json();
  await t.request('POST', `/api/placements/${p.id}/status`, { cookie: coordinator, body: { to: 'planned' } });
  return p as { id: string; lockVersion: number };
}

describe('grant rates', () => {
  it('lets an admin add a call year’s rates from the examples, and refuses an overlapping period naming it', async () => {
    const example = (
      await t.request('GET', '/api/grant-rules/example?callYear=2025', { cookie: admin })
    ).json();
    expect(example.isExample).toBe(true);
    expect(example.rules.travelBands).toHaveLength(7);
    const res = await t.request('POST', '/api/grant-rules', { cookie: admin, body: ruleSet });
    expect(res.status).toBe(200);
    const overlap = await t.request('POST', '/api/grant-rules', {
      cookie: admin,
      body: { ...ruleSet, validFrom: '2027-01-01', validTo: '2028-12-31' },
    });
    expect(overlap.status).toBe(409);
    expect(overlap.json().error.fields.validFrom).toBe(
      '2025. gada konkursam jau ir likmes periodam 01.06.2025–31.12.2027; periodi nedrīkst pārklāties.',
    );
    const gap = await t.request('POST', '/api/grant-rules', {
      cookie: admin,
      body: {
        ...ruleSet,
        callYear: 2026,
        rules: {
          ...exampleGrantRules,
          travelBands: exampleGrantRules.travelBands
            .slice(1, 3)
            .concat(exampleGrantRules.travelBands.slice(4)),
        },
      },
    });
    expect(gap.status).toBe(400);
    expect(Object.values(gap.json().error.fields)).toContain(
      'Attāluma joslām jāturpinās bez pārtraukuma: katra sākas nākamajā kilometrā pēc iepriekšējās.',
    );
    expect((await t.request('POST', '/api/grant-rules', { cookie: coordinator, body: ruleSet })).status).toBe(
      403,
    );
  });

  it('refuses an edit made from an old version', async () => {
    const [set] = (await t.request('GET', '/api/grant-rules', { cookie: admin })).json();
    const ok = await t.request('PUT', `/api/grant-rules/${set.id}`, {
      cookie: admin,
      body: { lockVersion: 1, ruleSet: { ...ruleSet, isExample: false } },
    });
    expect(ok.json().isExample).toBe(false);
    const stale = await t.request('PUT', `/api/grant-rules/${set.id}`, {
      cookie: admin,
      body: { lockVersion: 1, ruleSet },
    });
    expect(stale.status).toBe(409);
  });
});

describe('a placement’s grant', () => {
  let id: string;
  let lockVersion: number;

  it('prices Rīga–Dresden for 14 days as the worked example: 1104.60', async () => {
    ({ id, lockVersion } = await mobility({}));
    const grant = (await t.request('GET', `/api/placements/${id}/grant`, { cookie: coordinator })).json();
    expect(grant).toMatchObject({ computed: true, countryGroup: 2, total: 1104.6, from: { city: 'Rīga' } });
    expect(grant.lines[0]).toMatchObject({
      distanceKm: 941,
      distanceBand: '500–1999',
      travel: 309,
      individualSupport: 795.6,
    });
    const learner = await t.signIn('learner@a.test');
    expect((await t.request('GET', `/api/placements/${id}/grant`, { cookie: learner })).json().total).toBe(
      1104.6,
    );
    const supervisor = await t.signIn('supervisor@a.test');
    expect((await t.request('GET', `/api/placements/${id}/grant`, { cookie: supervisor })).status).toBe(403);
  });

  it('follows a change of dates and of green travel at once', async () => {
    const detail = (await t.request('GET', `/api/placements/${id}`, { cookie: coordinator })).json();
    const res = await t.request('PUT', `/api/placements/${id}`, {
      cookie: coordinator,
      body: {
        lockVersion: detail.lockVersion,
        placement: {
          kind: 'erasmus',
          activityType: 'short_term_learner',
          projectId: project.id,
          hostPartnerId: hostDe,
          startDate: '2026-04-06',
          endDate: '2026-04-19',
          travelDays: 4,
          greenTravel: true,
          learners: [{ userId: w.users.learner.id }],
        },
      },
    });
    expect(res.status, res.body).toBe(200);
    lockVersion = res.json().lockVersion;
    const grant = (await t.request('GET', `/api/placements/${id}/grant`, { cookie: coordinator })).json();
    expect(grant.total).toBe(1294.2);
    expect(lockVersion).toBeGreaterThan(1);
  });

  it('asks for the place when the city is not in the dataset, with suggestions, then prices it from coordinates', async () => {
    const p = await mobility({ hostPartnerId: null, destinationCountry: 'DE', destinationCity: 'Dresdn' });
    const grant = (await t.request('GET', `/api/placements/${p.id}/grant`, { cookie: coordinator })).json();
    expect(grant.computed).toBe(false);
    expect(grant.problems).toEqual([{ key: 'city_not_found', params: { city: 'Dresdn', country: 'DE' } }]);
    expect(grant.suggestions.map((c: { name: string }) => c.name)).toContain('Dresden');
    const half = await t.request('PUT', `/api/placements/${p.id}/destination`, {
      cookie: coordinator,
      body: { city: 'Dresdn', lat: 51.05 },
    });
    expect(half.json().error.fields.lon).toBe('Norādiet gan platumu, gan garumu, vai nevienu.');
    const chosen = grant.suggestions.find((c: { name: string }) => c.name === 'Dresden');
    await t.request('PUT', `/api/placements/${p.id}/destination`, {
      cookie: coordinator,
      body: { city: 'Dresden', lat: chosen.lat, lon: chosen.lon },
    });
    expect(
      (await t.request('GET', `/api/placements/${p.id}/grant`, { cookie: coordinator })).json().total,
    ).toBe(1104.6);
  });
});

describe('the project’s totals and the participant report', () => {
  it('adds the grants up against the budget', async () => {
    const totals = (
      await t.request('GET', `/api/projects/${project.id}/grants`, { cookie: coordinator })
    ).json();
    expect(totals.total).toBe(1294.2 + 1104.6);
    expect(totals.remaining).toBe(Math.round((5000 - 1294.2 - 1104.6) * 100) / 100);
    expect(totals.byActivity).toEqual([{ activity: 'short_term_learner', participants: 2, total: 2398.8 }]);
  });

  it('checks every row before the export and names each problem', async () => {
    const report = (
      await t.request('GET', `/api/projects/${project.id}/report`, { cookie: coordinator })
    ).json();
    expect(report.rows).toBe(2);
    const problems = report.problems.map((p: { key: string; params: object }) => [p.key, p.params]);
    expect(problems.sort()).toEqual([
      ['no_receiving_organisation', {}],
      ['receiving_oid_missing', { name: 'Müller Maschinenbau GmbH' }],
    ]);
    expect(report.problems.map((p: { row: number }) => p.row).sort()).toEqual([1, 2]);
  });

  it('exports the rows as CSV and XLSX in the Beneficiary Module’s shape', async () => {
    const csv = await t.request('GET', `/api/projects/${project.id}/report.csv`, { cookie: coordinator });
    const lines = csv.body
      .replace(/^\uFEFF/, '')
      .trim()
      .split('\r\n');
    expect(lines[0]).toMatch(/^activity_type,participant_type,participant,sending_organisation,sending_oid/);
    expect(lines).toHaveLength(3);
    expect(lines.find((l) => l.includes('Müller'))).toBe(
      'short_term_learner,participant,Ēriks Žubīts-learner,Rīgas Valsts tehnikums,E10000001,LV,Rīga,' +
        'Müller Maschinenbau GmbH,,DE,Dresden,941,500–1999,true,2026-04-06,2026-04-19,14,4,0,false,false,417,877.2,0,0,1294.2',
    );
    const xlsx = await t.request('GET', `/api/projects/${project.id}/report.xlsx`, { cookie: coordinator });
    expect(xlsx.headers['content-type']).toMatch(/spreadsheetml/);
    const res = await t.app.inject({
      method: 'GET',
      url: `/api/projects/${project.id}/report.xlsx`,
      headers: { cookie: coordinator },
    });
    const sheet = strFromU8(unzipSync(new Uint8Array(res.rawPayload))['xl/worksheets/sheet1.xml']!);
    expect(sheet).toContain('Ēriks Žubīts-learner');
    expect(sheet).toContain('<v>1294.2</v>');
  });
});
