import { dashboard, dashboardCharts, dashboardFilter, dashboardRisk } from '@tilts/shared';
import type { FastifyPluginAsync } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Deps } from '../../deps.ts';
import { actorOf } from '../../http/access.ts';
import { sendCsv } from '../../http/csv.ts';
import { chartRows, getDashboard, getDashboardRisk } from './dashboards.service.ts';

const tags = ['dashboards'];
const managers = ['admin', 'coordinator'] as const;

export function dashboardRoutes(deps: Deps): FastifyPluginAsync {
  return async (plain) => {
    const app = plain.withTypeProvider<ZodTypeProvider>();

    app.get(
      '/dashboard',
      {
        config: { access: managers },
        schema: { tags, querystring: dashboardFilter, response: { 200: dashboard } },
      },
      async (request) => getDashboard(deps, actorOf(request), request.query),
    );
    app.get(
      '/dashboard/risk',
      {
        config: { access: managers },
        schema: { tags, querystring: dashboardFilter, response: { 200: dashboardRisk } },
      },
      async (request) => getDashboardRisk(deps, actorOf(request), request.query),
    );
    app.get(
      '/dashboard/:chart.csv',
      {
        config: { access: managers },
        schema: { tags, params: z.object({ chart: z.enum(dashboardCharts) }), querystring: dashboardFilter },
      },
      async (request, reply) => {
        const actor = actorOf(request);
        const d = await getDashboard(deps, actor, request.query);
        const risk =
          request.params.chart === 'risk' ? await getDashboardRisk(deps, actor, request.query) : [];
        const { header, rows } = chartRows({ ...d, risk }, request.params.chart);
        return sendCsv(reply, `${request.params.chart}.csv`, header, rows);
      },
    );
  };
}
