import { z } from 'zod';
import { activityTypes } from '../placements.ts';

export const ruleParticipants = ['learners', 'staff', 'hosted'] as const;

/** One activity's rule of one call year, as the API carries it. */
export const mobilityRuleRow = z.object({
  activityType: z.enum(activityTypes),
  participants: z.enum(ruleParticipants),
  minDays: z.number().int().nullable(),
  maxDays: z.number().int().nullable(),
  minLearners: z.number().int(),
  needsAccompanyingStaff: z.boolean(),
  graduateMonths: z.number().int().nullable(),
  needsLinkedMobility: z.boolean(),
});
export type MobilityRuleRow = z.infer<typeof mobilityRuleRow>;

export const rulesYear = z.object({
  callYear: z.number().int(),
  rules: z.array(mobilityRuleRow),
  updatedAt: z.string(),
});
export type RulesYear = z.infer<typeof rulesYear>;
export const rulesList = z.object({ years: z.array(rulesYear) });
export type RulesList = z.infer<typeof rulesList>;

/** A whole number from a form field or JSON; an empty field is "no limit" (null). */
const optionalCount = (max: number) =>
  z.preprocess(
    (v) => (v === '' || v === undefined ? null : typeof v === 'string' ? Number(v.trim()) : v),
    z.number().int().min(1).max(max).nullable(),
  );
const count = (max: number) =>
  z.preprocess(
    (v) => (typeof v === 'string' ? (v.trim() === '' ? Number.NaN : Number(v.trim())) : v),
    z.number().int().min(0).max(max),
  );

export const ruleUpdateRow = z
  .object({
    activityType: z.enum(activityTypes),
    minDays: optionalCount(3650),
    maxDays: optionalCount(3650),
    minLearners: count(100),
    needsAccompanyingStaff: z.boolean(),
    graduateMonths: optionalCount(60),
    needsLinkedMobility: z.boolean(),
  })
  .refine((r) => r.minDays === null || r.maxDays === null || r.minDays <= r.maxDays, {
    message: 'rules_min_max',
    path: ['maxDays'],
  });
export type RuleUpdateRow = z.input<typeof ruleUpdateRow>;

/** The rules of one call year; activities not listed keep their values. */
export const updateRulesRequest = z.object({
  rules: z
    .array(ruleUpdateRow)
    .min(1)
    .max(activityTypes.length)
    .refine((rows) => new Set(rows.map((r) => r.activityType)).size === rows.length, {
      message: 'duplicate_activity',
    }),
});
export type UpdateRulesRequest = z.input<typeof updateRulesRequest>;

export const callYear = z.coerce
  .number()
  .int()
  .min(2014, { message: 'call_year' })
  .max(2100, { message: 'call_year' });

/** A new call year, copied from another (or from the Programme Guide defaults when none is named). */
export const createRulesYearRequest = z.object({
  callYear,
  copyFrom: callYear.optional(),
});
export type CreateRulesYearRequest = z.input<typeof createRulesYearRequest>;
