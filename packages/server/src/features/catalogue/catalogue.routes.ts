import {
  okResponse,
  qualificationDetails,
  qualificationInput,
  qualificationListQuery,
  qualificationPage,
  qualificationUpdate,
  unitDetails,
  unitIdsQuery,
  unitInput,
  unitList,
  unitUpdate,
} from '@tilts/shared';
import type { FastifyPluginAsync } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Deps } from '../../deps.ts';
import { actorOf } from '../../http/access.ts';
import { toCsv } from '../../http/csv.ts';
import * as catalogue from './catalogue.service.ts';

const staff = ['admin', 'coordinator', 'teacher'] as const;
const writers = ['admin', 'coordinator'] as const;
const byId = z.object({ id: z.uuid() });
const tags = ['catalogue'];

export function catalogueRoutes(deps: Deps): FastifyPluginAsync {
  return async (plain) => {
    const app = plain.withTypeProvider<ZodTypeProvider>();

    app.get(
      '/catalogue/qualifications',
      {
        config: { access: staff },
        schema: { tags, querystring: qualificationListQuery, response: { 200: qualificationPage } },
      },
      async (request) => catalogue.listQualifications(deps, actorOf(request), request.query),
    );

    app.get(
      '/catalogue/qualifications.csv',
      { config: { access: staff }, schema: { tags, querystring: qualificationListQuery } },
      async (request, reply) => {
        const { items } = await catalogue.listQualifications(deps, actorOf(request), request.query, true);
        return reply
          .type('text/csv; charset=utf-8')
          .header('content-disposition', 'attachment; filename="qualifications.csv"')
          .send(
            toCsv(
              ['code', 'title', 'title_en', 'eqf_level', 'lki_level', 'programme', 'units'],
              items.map((q) => [
                q.code,
                q.title,
                q.titleEn,
                q.eqfLevel,
                q.lkiLevel,
                q.programme,
                q.unitCount,
              ]),
            ),
          );
      },
    );

    app.get(
      '/catalogue/qualifications/:id',
      { config: { access: staff }, schema: { tags, params: byId, response: { 200: qualificationDetails } } },
      async (request) => catalogue.getQualification(deps, actorOf(request), request.params.id),
    );

    app.post(
      '/catalogue/qualifications',
      {
        config: { access: writers },
        schema: { tags, body: qualificationInput, response: { 200: qualificationDetails } },
      },
      async (request) => catalogue.createQualification(deps, actorOf(request), request.body),
    );

    app.put(
      '/catalogue/qualifications/:id',
      {
        config: { access: writers },
        schema: { tags, params: byId, body: qualificationUpdate, response: { 200: qualificationDetails } },
      },
      async (request) =>
        catalogue.updateQualification(deps, actorOf(request), request.params.id, request.body),
    );

    app.delete(
      '/catalogue/qualifications/:id',
      { config: { access: writers }, schema: { tags, params: byId, response: { 200: okResponse } } },
      async (request) => {
        await catalogue.deleteQualification(deps, actorOf(request), request.params.id);
        return { ok: true as const };
      },
    );

    app.get(
      '/catalogue/qualifications/:id/units',
      { config: { access: staff }, schema: { tags, params: byId, response: { 200: unitList } } },
      async (request) => ({
        items: await catalogue.getQualificationUnits(deps, actorOf(request), request.params.id),
      }),
    );

    app.post(
      '/catalogue/qualifications/:id/units',
      {
        config: { access: writers },
        schema: { tags, params: byId, body: unitInput, response: { 200: unitDetails } },
      },
      async (request) => catalogue.createUnit(deps, actorOf(request), request.params.id, request.body),
    );

    app.get(
      '/catalogue/units',
      { config: { access: staff }, schema: { tags, querystring: unitIdsQuery, response: { 200: unitList } } },
      async (request) => ({ items: await catalogue.getUnits(deps, actorOf(request), request.query.ids) }),
    );

    app.get(
      '/catalogue/units/:id',
      { config: { access: staff }, schema: { tags, params: byId, response: { 200: unitDetails } } },
      async (request) => catalogue.getUnit(deps, actorOf(request), request.params.id),
    );

    app.put(
      '/catalogue/units/:id',
      {
        config: { access: writers },
        schema: { tags, params: byId, body: unitUpdate, response: { 200: unitDetails } },
      },
      async (request) => catalogue.updateUnit(deps, actorOf(request), request.params.id, request.body),
    );

    app.delete(
      '/catalogue/units/:id',
      { config: { access: writers }, schema: { tags, params: byId, response: { 200: okResponse } } },
      async (request) => {
        await catalogue.deleteUnit(deps, actorOf(request), request.params.id);
        return { ok: true as const };
      },
    );
  };
}
