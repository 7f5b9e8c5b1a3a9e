import {
  peopleOptions,
  placementDetail,
  placementInput,
  placementListQuery,
  placementOverview,
  placementPage,
  placementUpdate,
  roles,
  statusChangeRequest,
} from '@tilts/shared';
import type { FastifyPluginAsync } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Deps } from '../../deps.ts';
import { actorOf } from '../../http/access.ts';
import { sendCsv } from '../../http/csv.ts';
import * as placements from './placements.service.ts';

const tags = ['placements'];
const managers = placements.placementManagers;
const byId = z.object({ id: z.uuid() });

export function placementRoutes(deps: Deps): FastifyPluginAsync {
  return async (plain) => {
    const app = plain.withTypeProvider<ZodTypeProvider>();

    // Everyone in a school may list placements: the service shows each role only its own.
    app.get(
      '/placements',
      {
        config: { access: roles },
        schema: { tags, querystring: placementListQuery, response: { 200: placementPage } },
      },
      async (request) => placements.listPlacements(deps, actorOf(request), request.query),
    );
    app.get(
      '/placements.csv',
      { config: { access: managers }, schema: { tags, querystring: placementListQuery } },
      async (request, reply) => {
        const { items } = await placements.listPlacements(deps, actorOf(request), request.query, true);
        return sendCsv(
          reply,
          'placements.csv',
          [
            'title',
            'kind',
            'activity_type',
            'status',
            'start_date',
            'end_date',
            'host',
            'country',
            'city',
            'learners',
            'mentor',
            'supervisor',
            'missing',
          ],
          items.map((p) => [
            p.title,
            p.kind,
            p.activityType,
            p.status,
            p.startDate,
            p.endDate,
            p.hostName,
            p.destinationCountry,
            p.destinationCity,
            p.learnerCount,
            p.mentorName,
            p.supervisorName,
            p.missing.join(' '),
          ]),
        );
      },
    );
    app.get(
      '/placements/overview',
      { config: { access: roles }, schema: { tags, response: { 200: placementOverview } } },
      async (request) => placements.placementOverview(deps, actorOf(request)),
    );
    app.get(
      '/placements/people',
      {
        config: { access: managers },
        schema: {
          tags,
          querystring: z.object({ q: z.string().trim().max(100).optional() }),
          response: { 200: peopleOptions },
        },
      },
      async (request) => placements.peopleOptions(deps, actorOf(request), request.query.q),
    );
    app.get(
      '/placements/:id',
      { config: { access: roles }, schema: { tags, params: byId, response: { 200: placementDetail } } },
      async (request) => placements.getPlacement(deps, actorOf(request), request.params.id),
    );
    app.post(
      '/placements',
      {
        config: { access: managers },
        schema: { tags, body: placementInput, response: { 200: placementDetail } },
      },
      async (request) => placements.createPlacement(deps, actorOf(request), request.body),
    );
    app.put(
      '/placements/:id',
      {
        config: { access: managers },
        schema: { tags, params: byId, body: placementUpdate, response: { 200: placementDetail } },
      },
      async (request) =>
        placements.updatePlacement(
          deps,
          actorOf(request),
          request.params.id,
          request.body.lockVersion,
          request.body.placement,
        ),
    );
    app.post(
      '/placements/:id/status',
      {
        config: { access: managers },
        schema: { tags, params: byId, body: statusChangeRequest, response: { 200: placementDetail } },
      },
      async (request) =>
        placements.changePlacementStatus(
          deps,
          actorOf(request),
          request.params.id,
          request.body.to,
          request.body.reason,
        ),
    );
  };
}
