import type { ChartBar, DashboardFilter } from '@tilts/shared';
import type { Trx } from '../../db/context.ts';

/**
 * Learners of active placements by traffic light. The at-risk feature computes the lights; until
 * it is part of the app there is nothing to count.
 */
export async function riskCounts(
  _trx: Trx,
  _schoolId: string,
  _f: DashboardFilter,
  _now: Date,
): Promise<ChartBar[]> {
  return [];
}
