import type { ChartBar, DashboardFilter } from '@tilts/shared';
import type { Trx } from '../../db/context.ts';
import { scoreScope } from '../risk/risk.service.ts';

const lights = ['red', 'amber', 'green'] as const;

/**
 * Learners of the school's active placements by traffic light, as the at-risk screen scores them
 * today. The period does not apply (a light is about now); a project or programme narrows it.
 */
export async function riskCounts(
  trx: Trx,
  schoolId: string,
  f: DashboardFilter,
  now: Date,
): Promise<ChartBar[]> {
  let scored = await scoreScope(trx, schoolId, { kind: 'school' }, now);
  if (scored.length === 0) return [];
  if (f.projectId || f.programmeId) {
    let q = trx.selectFrom('placements').select('id');
    if (f.projectId) q = q.where('project_id', '=', f.projectId);
    if (f.programmeId) q = q.where('programme_id', '=', f.programmeId);
    const ids = new Set((await q.execute()).map((r) => r.id));
    scored = scored.filter((r) => ids.has(r.placementId));
  }
  return lights.map((light) => ({ key: light, count: scored.filter((r) => r.light === light).length }));
}
