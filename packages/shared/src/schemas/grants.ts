import { z } from 'zod';
import { isCountryCode } from '../countries.ts';
import { isoDate } from './common.ts';

const money = z.coerce.number().min(0).max(1_000_000);
const share = z.coerce.number().min(0).max(1);
const byRole = z.object({ learner: money, staff: money, accompanying: money });

export const travelBand = z.object({
  minKm: z.coerce.number().int().min(0),
  /** Null: no upper end (8000 km and more). */
  maxKm: z.coerce.number().int().min(0).nullable(),
  standard: money,
  /** Null where green travel has no higher rate. */
  green: money.nullable(),
});

/** The Erasmus+ grant rates of one call year (Programme Guide, KA1 vocational education). */
export const grantRules = z
  .object({
    travelBands: z.array(travelBand).min(1).max(20),
    travelDays: z.object({
      standard: z.coerce.number().int().min(0).max(10),
      green: z.coerce.number().int().min(0).max(10),
    }),
    /** Destination country → country group (1, 2 or 3) for the daily rates. */
    countryGroups: z.record(
      z.string().refine(isCountryCode, { message: 'unknown_country' }),
      z.union([z.literal(1), z.literal(2), z.literal(3)]),
    ),
    dailyRates: z.object({ '1': byRole, '2': byRole, '3': byRole }),
    /** Days paid at the full daily rate; each further day at the reduced share. */
    fullRateDays: z.coerce.number().int().min(1).max(365),
    reducedShare: z.object({ learner: share, staff: share, accompanying: share }),
    /** Organisational support per participant with fewer opportunities (never an accompanying person). */
    inclusionSupport: money,
    courseFeePerDay: money,
    courseFeeCap: money,
  })
  .superRefine((r, ctx) => {
    const bands = [...r.travelBands].sort((a, b) => a.minKm - b.minKm);
    bands.forEach((band, i) => {
      if (band.maxKm !== null && band.maxKm < band.minKm) {
        ctx.addIssue({ code: 'custom', path: ['travelBands', i, 'maxKm'], message: 'band_order' });
      }
      const next = bands[i + 1];
      if (next && (band.maxKm === null || next.minKm !== band.maxKm + 1)) {
        ctx.addIssue({ code: 'custom', path: ['travelBands', i + 1, 'minKm'], message: 'band_gap' });
      }
    });
  });
export type GrantRules = z.infer<typeof grantRules>;

export const grantRuleSetInput = z
  .object({
    callYear: z.coerce.number().int().min(2014).max(2100),
    validFrom: isoDate,
    validTo: isoDate,
    isExample: z.boolean().default(false),
    rules: grantRules,
  })
  .refine((v) => v.validTo >= v.validFrom, { path: ['validTo'], message: 'dates_order' });
export type GrantRuleSetInput = z.infer<typeof grantRuleSetInput>;

export const grantRuleSet = z.object({
  id: z.uuid(),
  callYear: z.number().int(),
  validFrom: z.string(),
  validTo: z.string(),
  isExample: z.boolean(),
  rules: grantRules,
  lockVersion: z.number().int(),
  updatedAt: z.string(),
});
export type GrantRuleSet = z.infer<typeof grantRuleSet>;

const group = (codes: string, n: 1 | 2 | 3) => Object.fromEntries(codes.split(' ').map((c) => [c, n]));

/**
 * Example rates in the shape of the Erasmus+ Programme Guide (2021–2027, KA1 VET). They are
 * examples: a school's admin checks them against the guide of its call year before relying on them.
 */
export const exampleGrantRules: GrantRules = {
  travelBands: [
    { minKm: 10, maxKm: 99, standard: 28, green: 56 },
    { minKm: 100, maxKm: 499, standard: 211, green: 285 },
    { minKm: 500, maxKm: 1999, standard: 309, green: 417 },
    { minKm: 2000, maxKm: 2999, standard: 395, green: 535 },
    { minKm: 3000, maxKm: 3999, standard: 580, green: 785 },
    { minKm: 4000, maxKm: 7999, standard: 1188, green: null },
    { minKm: 8000, maxKm: null, standard: 1735, green: null },
  ],
  travelDays: { standard: 2, green: 6 },
  countryGroups: {
    ...group('DK FI IS IE LU SE LI NO', 1),
    ...group('AT BE DE FR IT GR ES CY NL MT PT', 2),
    ...group('BG HR CZ EE LV LT HU PL RO RS SK SI MK TR', 3),
  },
  dailyRates: {
    '1': { learner: 57, staff: 180, accompanying: 180 },
    '2': { learner: 51, staff: 160, accompanying: 160 },
    '3': { learner: 45, staff: 140, accompanying: 140 },
  },
  fullRateDays: 14,
  reducedShare: { learner: 0.8, staff: 0.7, accompanying: 0.7 },
  inclusionSupport: 100,
  courseFeePerDay: 80,
  courseFeeCap: 800,
};

export const grantLine = z.object({
  participantId: z.uuid(),
  name: z.string(),
  role: z.enum(['learner', 'staff', 'accompanying']),
  distanceKm: z.number().nullable(),
  distanceBand: z.string().nullable(),
  travel: z.number(),
  fundedDays: z.number().int(),
  fullRateDays: z.number().int(),
  reducedDays: z.number().int(),
  dailyRate: z.number(),
  individualSupport: z.number(),
  inclusionSupport: z.number(),
  courseFees: z.number(),
  total: z.number(),
});

export const placementGrant = z.object({
  /** False when the grant cannot be worked out; `problems` says why. */
  computed: z.boolean(),
  problems: z.array(
    z.object({ key: z.string(), params: z.record(z.string(), z.union([z.string(), z.number()])) }),
  ),
  isExample: z.boolean(),
  ruleSetId: z.uuid().nullable(),
  from: z.object({ city: z.string(), country: z.string() }),
  to: z.object({
    city: z.string(),
    country: z.string(),
    lat: z.number().nullable(),
    lon: z.number().nullable(),
  }),
  countryGroup: z.number().int().nullable(),
  lines: z.array(grantLine),
  total: z.number(),
  suggestions: z.array(
    z.object({ name: z.string(), lat: z.number(), lon: z.number(), population: z.number() }),
  ),
});
export type PlacementGrant = z.infer<typeof placementGrant>;

export const grantRuleSetUpdate = z.object({
  lockVersion: z.number().int().min(1),
  ruleSet: grantRuleSetInput,
});

export const destinationInput = z
  .object({
    city: z.string().trim().min(1).max(120),
    lat: z.number().min(-90).max(90).nullable().default(null),
    lon: z.number().min(-180).max(180).nullable().default(null),
  })
  .refine((v) => (v.lat === null) === (v.lon === null), { path: ['lon'], message: 'coordinates_pair' });

export const citySuggestion = z.object({
  name: z.string(),
  lat: z.number(),
  lon: z.number(),
  population: z.number(),
});

const problem = z.object({
  key: z.string(),
  params: z.record(z.string(), z.union([z.string(), z.number()])),
});

export const projectGrants = z.object({
  budget: z.number(),
  total: z.number(),
  remaining: z.number(),
  isExample: z.boolean(),
  byActivity: z.array(z.object({ activity: z.string(), participants: z.number().int(), total: z.number() })),
  unpriced: z.array(z.object({ id: z.uuid(), title: z.string(), problems: z.array(problem) })),
});

export const reportCheck = z.object({
  rows: z.number().int(),
  problems: z.array(
    z.object({
      row: z.number().int(),
      placementId: z.string(),
      participant: z.string(),
      key: z.string(),
      params: problem.shape.params,
    }),
  ),
});
