import type { ChartBar, Dashboard, DashboardChart, DashboardFilter } from '@tilts/shared';
import { type Actor, inSchool } from '../../db/context.ts';
import type { Deps } from '../../deps.ts';
import { credentialCounts, hostCounts, placementCounts } from './dashboards.repository.ts';
import { riskCounts } from './risk-counts.ts';

/** Everything the coordinator's dashboard charts, for the placements that match the filter. */
export async function getDashboard(deps: Deps, actor: Actor, filter: DashboardFilter): Promise<Dashboard> {
  return inSchool(deps.db, actor.schoolId, async (trx) => {
    const placements = await placementCounts(trx, filter);
    const host = await hostCounts(trx, filter);
    const credentials = await credentialCounts(trx, filter);
    return {
      placements: placements.placements,
      learners: placements.learners,
      status: placements.status,
      kind: placements.kind,
      country: placements.country,
      month: placements.month,
      host,
      recognition: { finished: placements.finished, recognised: placements.recognised },
      credentials: credentials.month,
      credentialsRevoked: credentials.revoked,
    };
  });
}

/** Learners of the school's active placements by traffic light, of the project or programme. */
export async function getDashboardRisk(
  deps: Deps,
  actor: Actor,
  filter: DashboardFilter,
): Promise<ChartBar[]> {
  return inSchool(deps.db, actor.schoolId, (trx) => riskCounts(trx, actor.schoolId, filter, deps.now()));
}

/** One chart's data as rows for a CSV: the key, its label where the key is an id, and the count. */
export function chartRows(
  d: Dashboard & { risk: ChartBar[] },
  chart: DashboardChart,
): { header: string[]; rows: unknown[][] } {
  const bars = (list: ChartBar[]) => list.map((b) => [b.key, b.label ?? '', b.count]);
  switch (chart) {
    case 'recognition':
      return {
        header: ['finished', 'recognised', 'rate'],
        rows: [
          [
            d.recognition.finished,
            d.recognition.recognised,
            d.recognition.finished ? (d.recognition.recognised / d.recognition.finished).toFixed(3) : '',
          ],
        ],
      };
    case 'credentials':
      return { header: ['month', 'label', 'issued'], rows: bars(d.credentials) };
    case 'host':
      return { header: ['partner_id', 'host', 'learners'], rows: bars(d.host) };
    case 'risk':
      return { header: ['light', 'label', 'learners'], rows: bars(d.risk) };
    default:
      return { header: [chart, 'label', 'placements'], rows: bars(d[chart]) };
  }
}
