import {
  describeRisk,
  myRiskResponse,
  riskListQuery,
  riskPage,
  riskThresholdsInput,
  riskThresholdsResponse,
} from '@tilts/shared';
import type { FastifyPluginAsync } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { Deps } from '../../deps.ts';
import { actorOf } from '../../http/access.ts';
import { sendCsv } from '../../http/csv.ts';
import * as risk from './risk.service.ts';

const tags = ['risk'];
const staff = ['admin', 'coordinator', 'teacher'] as const;
const managers = ['admin', 'coordinator'] as const;

/** Learners at risk: the mentor's screen and its CSV, the learner's own light, the thresholds. */
export function riskRoutes(deps: Deps): FastifyPluginAsync {
  return async (plain) => {
    const app = plain.withTypeProvider<ZodTypeProvider>();

    app.get(
      '/risk/learners',
      {
        config: { access: staff },
        schema: { tags, querystring: riskListQuery, response: { 200: riskPage } },
      },
      async (request) => risk.listAtRisk(deps, actorOf(request), request.query),
    );
    app.get(
      '/risk/learners.csv',
      { config: { access: staff }, schema: { tags, querystring: riskListQuery } },
      async (request, reply) => {
        const actor = actorOf(request);
        const { items } = await risk.listAtRisk(deps, actor, request.query, true);
        return sendCsv(
          reply,
          'learners-at-risk.csv',
          ['light', 'learner', 'placement', 'mentor', 'start_date', 'end_date', 'reasons'],
          items.map((i) => [
            i.light,
            i.learnerName,
            i.placementTitle,
            i.mentorName ?? '',
            i.startDate,
            i.endDate,
            describeRisk(i.reasons, actor.locale),
          ]),
        );
      },
    );
    app.get(
      '/risk/mine',
      { config: { access: ['learner'] }, schema: { tags, response: { 200: myRiskResponse } } },
      async (request) => risk.myRisk(deps, actorOf(request)),
    );
    app.get(
      '/risk/thresholds',
      { config: { access: managers }, schema: { tags, response: { 200: riskThresholdsResponse } } },
      async (request) => risk.getThresholds(deps, actorOf(request)),
    );
    app.put(
      '/risk/thresholds',
      {
        config: { access: managers },
        schema: { tags, body: riskThresholdsInput, response: { 200: riskThresholdsResponse } },
      },
      async (request) => risk.updateThresholds(deps, actorOf(request), request.body),
    );
  };
}
