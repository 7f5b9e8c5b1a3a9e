import {
  citySuggestion,
  destinationInput,
  grantRuleSet,
  grantRuleSetInput,
  grantRuleSetUpdate,
  okResponse,
  placementGrant,
  projectGrants,
  reportCheck,
} from '@tilts/shared';
import type { FastifyPluginAsync } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Deps } from '../../deps.ts';
import { actorOf } from '../../http/access.ts';
import { sendCsv } from '../../http/csv.ts';
import { toXlsx } from '../../http/xlsx.ts';
import { suggestCities } from './cities.ts';
import * as grants from './grants.service.ts';

const tags = ['grants'];
const admin = ['admin'] as const;
const managers = ['admin', 'coordinator'] as const;
const staff = ['admin', 'coordinator', 'teacher'] as const;
const byId = z.object({ id: z.uuid() });

export function grantRoutes(deps: Deps): FastifyPluginAsync {
  return async (plain) => {
    const app = plain.withTypeProvider<ZodTypeProvider>();

    app.get(
      '/grant-rules',
      { config: { access: managers }, schema: { tags, response: { 200: z.array(grantRuleSet) } } },
      async (request) => grants.listRuleSets(deps, actorOf(request)),
    );
    app.get(
      '/grant-rules/example',
      {
        config: { access: admin },
        schema: {
          tags,
          querystring: z.object({ callYear: z.coerce.number().int().min(2014).max(2100) }),
          response: { 200: grantRuleSetInput },
        },
      },
      async (request) => grants.exampleRuleSet(request.query.callYear),
    );
    app.post(
      '/grant-rules',
      {
        config: { access: admin },
        schema: { tags, body: grantRuleSetInput, response: { 200: grantRuleSet } },
      },
      async (request) => grants.createRuleSet(deps, actorOf(request), request.body),
    );
    app.put(
      '/grant-rules/:id',
      {
        config: { access: admin },
        schema: { tags, params: byId, body: grantRuleSetUpdate, response: { 200: grantRuleSet } },
      },
      async (request) =>
        grants.updateRuleSet(
          deps,
          actorOf(request),
          request.params.id,
          request.body.lockVersion,
          request.body.ruleSet,
        ),
    );

    app.get(
      '/cities',
      {
        config: { access: staff },
        schema: {
          tags,
          querystring: z.object({
            country: z.string().trim().toUpperCase().length(2),
            q: z.string().trim().max(100).default(''),
          }),
          response: { 200: z.array(citySuggestion) },
        },
      },
      async (request) => suggestCities(request.query.q, request.query.country, 10),
    );

    app.get(
      '/placements/:id/grant',
      {
        config: { access: ['admin', 'coordinator', 'teacher', 'learner'] },
        schema: { tags, params: byId, response: { 200: placementGrant } },
      },
      async (request) => grants.placementGrant(deps, actorOf(request), request.params.id),
    );
    app.put(
      '/placements/:id/destination',
      {
        config: { access: managers },
        schema: { tags, params: byId, body: destinationInput, response: { 200: okResponse } },
      },
      async (request) => {
        await grants.setDestination(deps, actorOf(request), request.params.id, request.body);
        return { ok: true as const };
      },
    );

    app.get(
      '/projects/:id/grants',
      { config: { access: managers }, schema: { tags, params: byId, response: { 200: projectGrants } } },
      async (request) => grants.projectGrants(deps, actorOf(request), request.params.id),
    );
    app.get(
      '/projects/:id/report',
      { config: { access: managers }, schema: { tags, params: byId, response: { 200: reportCheck } } },
      async (request) => {
        const { rows, problems } = await grants.participantReport(deps, actorOf(request), request.params.id);
        return { rows: rows.length, problems };
      },
    );
    app.get(
      '/projects/:id/report.csv',
      { config: { access: managers }, schema: { tags, params: byId } },
      async (request, reply) => {
        const { rows } = await grants.participantReport(deps, actorOf(request), request.params.id);
        return sendCsv(reply, 'participants.csv', grants.reportHeader, rows);
      },
    );
    app.get(
      '/projects/:id/report.xlsx',
      { config: { access: managers }, schema: { tags, params: byId } },
      async (request, reply) => {
        const { rows } = await grants.participantReport(deps, actorOf(request), request.params.id);
        return reply
          .type('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
          .header('content-disposition', 'attachment; filename="participants.xlsx"')
          .send(Buffer.from(toXlsx('Participants', grants.reportHeader, rows)));
      },
    );
  };
}
