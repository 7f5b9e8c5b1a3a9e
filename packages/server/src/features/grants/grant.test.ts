import { addDays, grantRules, exampleGrantRules as rules } from '@tilts/shared';
import { describe, expect, it } from 'vitest';
import { findCity, greatCircleKm, suggestCities } from './cities.ts';
import { computeGrant, type GrantInput, travelBand } from './grant.ts';

// Every figure below was worked out by hand from the example rates, not by the code under test.
const learner = {
  participantId: '00000000-0000-4000-8000-000000000001',
  name: 'Anna Bērziņa',
  role: 'learner' as const,
  fewerOpportunities: false,
};

function mobility(days: number, overrides: Partial<GrantInput> = {}): GrantInput {
  return {
    activityType: 'short_term_learner',
    startDate: '2026-04-06',
    endDate: addDays('2026-04-06', days - 1),
    interruptionDays: 0,
    travelDays: 2,
    greenTravel: false,
    destinationCountry: 'DE',
    distanceKm: 941,
    participants: [learner],
    ...overrides,
  };
}

describe('computeGrant, worked examples', () => {
  it('a 14-day learner mobility Rīga–Dresden: 16 funded days at the full rate of group 2, band 500–1999', () => {
    // 14 activity days + 2 travel days = 16: 14 × 51 = 714, 2 × 51 × 0.8 = 81.60 → 795.60; travel 309.
    const g = computeGrant(mobility(14), rules);
    expect(g.lines[0]).toMatchObject({
      distanceBand: '500–1999',
      travel: 309,
      fundedDays: 16,
      fullRateDays: 14,
      reducedDays: 2,
      dailyRate: 51,
      individualSupport: 795.6,
      total: 1104.6,
    });
    expect(g.total).toBe(1104.6);
  });

  it('days 1–14 at the full rate, day 15 on at the reduced share', () => {
    // 13 + 2 = 15 days: 14 × 51 = 714 + 1 × 40.80 = 754.80.
    expect(computeGrant(mobility(13), rules).lines[0]!.individualSupport).toBe(754.8);
    // 12 + 2 = 14 days: all at the full rate, 714.
    expect(computeGrant(mobility(12), rules).lines[0]).toMatchObject({
      individualSupport: 714,
      reducedDays: 0,
    });
    // A 30-day ErasmusPro-like stay in group 1: 32 days: 14 × 57 = 798 + 18 × 45.60 = 820.80 → 1618.80.
    expect(computeGrant(mobility(30, { destinationCountry: 'FI' }), rules).lines[0]!.individualSupport).toBe(
      1618.8,
    );
  });

  it('green travel pays the green band and more funded travel days', () => {
    // 14 + 4 travel days (green allows 6) = 18: 714 + 4 × 40.80 = 877.20; travel 417 → 1294.20.
    const g = computeGrant(mobility(14, { greenTravel: true, travelDays: 4 }), rules);
    expect(g.lines[0]).toMatchObject({
      travel: 417,
      fundedDays: 18,
      individualSupport: 877.2,
      total: 1294.2,
    });
    // Without green travel, only 2 of 4 planned travel days are funded.
    expect(computeGrant(mobility(14, { travelDays: 4 }), rules).lines[0]!.fundedDays).toBe(16);
  });

  it('pays inclusion support to a learner with fewer opportunities but never to an accompanying person', () => {
    const group = computeGrant(
      mobility(14, {
        activityType: 'group_mobility',
        participants: [
          { ...learner, fewerOpportunities: true },
          {
            participantId: '00000000-0000-4000-8000-000000000002',
            name: 'Gunta Ozoliņa',
            role: 'accompanying',
            fewerOpportunities: true,
          },
        ],
      }),
      rules,
    );
    expect(group.lines.map((l) => l.inclusionSupport)).toEqual([100, 0]);
    // Accompanying, group 2: 14 × 160 = 2240 + 2 × 112 = 224 → 2464; travel 309 → 2773.
    expect(group.lines[1]).toMatchObject({ dailyRate: 160, individualSupport: 2464, total: 2773 });
    expect(group.total).toBe(1204.6 + 2773);
  });

  it('pays course fees per course day up to the cap', () => {
    const staff = { ...learner, role: 'staff' as const, name: 'Gunta Ozoliņa' };
    // A 5-day course in Valencia (2630 km, band 2000–2999: 395): 7 days × 160 = 1120; fees 5 × 80 = 400.
    const five = computeGrant(
      mobility(5, {
        activityType: 'courses_training',
        destinationCountry: 'ES',
        distanceKm: 2630,
        participants: [staff],
      }),
      rules,
    );
    expect(five.lines[0]).toMatchObject({
      travel: 395,
      individualSupport: 1120,
      courseFees: 400,
      total: 1915,
    });
    // 12 course days would be 960: capped at 800.
    const twelve = computeGrant(
      mobility(12, {
        activityType: 'courses_training',
        destinationCountry: 'ES',
        distanceKm: 2630,
        participants: [staff],
      }),
      rules,
    );
    expect(twelve.lines[0]!.courseFees).toBe(800);
    // Job shadowing pays no course fee.
    expect(
      computeGrant(mobility(5, { activityType: 'job_shadowing', participants: [staff] }), rules).lines[0]!
        .courseFees,
    ).toBe(0);
  });

  it('puts each distance in its band, at every edge', () => {
    const at = (km: number) => travelBand(rules, km)?.standard ?? 0;
    expect([9, 10, 99, 100, 499, 500, 1999, 2000, 2999, 3000, 3999, 4000, 7999, 8000, 12000].map(at)).toEqual(
      [0, 28, 28, 211, 211, 309, 309, 395, 395, 580, 580, 1188, 1188, 1735, 1735],
    );
    // Whole kilometres: 99.4 is in the first band, 99.6 in the second.
    expect([at(99.4), at(99.6)]).toEqual([28, 211]);
    // Far bands have no green rate: green travel pays the standard amount.
    expect(computeGrant(mobility(14, { greenTravel: true, distanceKm: 8000 }), rules).lines[0]!.travel).toBe(
      1735,
    );
  });

  it('says why it cannot price a mobility: a country in no group, a city not found', () => {
    expect(computeGrant(mobility(14, { destinationCountry: 'JP' }), rules)).toMatchObject({
      computed: false,
      problems: [{ key: 'no_country_group', params: { country: 'JP' } }],
    });
    expect(computeGrant(mobility(14, { distanceKm: null }), rules).problems).toEqual([
      { key: 'distance_unknown', params: {} },
    ]);
  });

  it('ships example rules that pass their own schema', () => {
    expect(grantRules.safeParse(rules).success).toBe(true);
    const gap = { ...rules, travelBands: rules.travelBands.filter((b) => b.minKm !== 500) };
    const result = grantRules.safeParse(gap);
    expect(result.success).toBe(false);
    expect(result.error?.issues.map((i) => i.message)).toContain('band_gap');
  });
});

describe('cities', () => {
  it('measures Rīga–Dresden like the EU distance calculator (about 941 km) and finds cities without diacritics', () => {
    const riga = findCity('Rīga', 'LV')!;
    const dresden = findCity('dresden', 'DE')!;
    expect(Math.round(greatCircleKm(riga, dresden))).toBe(941);
    expect(findCity('Liepaja', 'LV')?.name).toBe('Liepāja');
    expect(findCity('Nowhere-on-Earth', 'LV')).toBeNull();
    expect(suggestCities('dre', 'DE', 3)[0]?.name).toBe('Dresden');
  }, 60_000); // the first look-up reads the city dataset: seconds on a busy machine
});
