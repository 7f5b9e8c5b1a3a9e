import { z } from 'zod';
import { riskLights, riskReason, riskSignals } from '../risk.ts';
import { isoDate, listQuery, page } from './common.ts';

/** The mentor's at-risk screen: whose learners (own, or the whole school for coordinators), which light. */
export const riskListQuery = listQuery(['risk', 'learner', 'placement', 'start']).extend({
  scope: z.enum(['mine', 'school']).default('mine'),
  light: z.enum([...riskLights, 'attention']).optional(),
});
export type RiskListQuery = z.infer<typeof riskListQuery>;

/** One learner on one active placement, with the light and its reasons in the reader's language. */
export const riskItem = z.object({
  placementId: z.uuid(),
  placementTitle: z.string(),
  learnerId: z.uuid(),
  learnerName: z.string(),
  mentorName: z.string().nullable(),
  startDate: isoDate,
  endDate: isoDate,
  light: z.enum(riskLights),
  reasons: z.array(riskReason),
  /** The reasons in one line ("no diary entry for 9 days; 2 deadlines missed"). */
  summary: z.string(),
});
export type RiskItem = z.infer<typeof riskItem>;

export const riskPage = page(riskItem).extend({
  /** How many learners in scope (before search and the light filter) have each light. */
  counts: z.object({ red: z.number().int(), amber: z.number().int(), green: z.number().int() }),
});
export type RiskPage = z.infer<typeof riskPage>;

/** The learner's own progress on each active placement, phrased for them. */
export const myRiskItem = riskItem.extend({
  hoursDone: z.number(),
  plannedHours: z.number().nullable(),
  tasksDone: z.number().int(),
  tasksTotal: z.number().int(),
});
export const myRiskResponse = z.object({ items: z.array(myRiskItem) });
export type MyRiskResponse = z.infer<typeof myRiskResponse>;

const thresholdPair = z.object({ amber: z.number(), red: z.number() });
export const riskThresholdsResponse = z.object({
  thresholds: z.object(Object.fromEntries(riskSignals.map((s) => [s, thresholdPair]))),
  defaults: z.object(Object.fromEntries(riskSignals.map((s) => [s, thresholdPair]))),
});

/** Starts viewing the app as one learner. */
export const viewAsRequest = z.object({ learnerId: z.uuid() });
