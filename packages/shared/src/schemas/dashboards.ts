import { z } from 'zod';
import { isoDate } from './common.ts';

/**
 * What the dashboards count: placements in the period, of one project or programme. The period is
 * counted in whole months: a placement is in it when any of its months is.
 */
export const dashboardFilter = z
  .object({
    from: isoDate.optional(),
    to: isoDate.optional(),
    projectId: z.uuid().optional(),
    programmeId: z.uuid().optional(),
  })
  .refine((f) => !f.from || !f.to || f.from <= f.to, { path: ['to'], message: 'dates_order' });
export type DashboardFilter = z.infer<typeof dashboardFilter>;

/** One bar of a chart: its key (a status, a country code, a month "2026-09"), a label where the key is an id, and the count. */
export const chartBar = z.object({ key: z.string(), label: z.string().optional(), count: z.number().int() });
export type ChartBar = z.infer<typeof chartBar>;

export const dashboardCharts = [
  'status',
  'kind',
  'country',
  'month',
  'host',
  'recognition',
  'risk',
  'credentials',
] as const;
export type DashboardChart = (typeof dashboardCharts)[number];

export const dashboard = z.object({
  placements: z.number().int(),
  /** learners on the placements (a learner on two placements counts twice) */
  learners: z.number().int(),
  status: z.array(chartBar),
  kind: z.array(chartBar),
  country: z.array(chartBar),
  month: z.array(chartBar),
  /** learners per host organisation, most first (the first 15) */
  host: z.array(chartBar),
  /** learners of finished placements: recognised or not yet */
  recognition: z.object({ finished: z.number().int(), recognised: z.number().int() }),
  /** credentials issued per month, and how many of them are revoked now */
  credentials: z.array(chartBar),
  credentialsRevoked: z.number().int(),
});
export type Dashboard = z.infer<typeof dashboard>;

/**
 * Learners of active placements by traffic light: asked for on its own, since it scores every active
 * learner of the school (seconds for a large school) while the other charts add up kept counts.
 */
export const dashboardRisk = z.array(chartBar);
