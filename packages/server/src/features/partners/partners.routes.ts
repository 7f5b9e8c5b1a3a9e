import { partnerListQuery, partnerPage } from '@tilts/shared';
import type { FastifyPluginAsync } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { Deps } from '../../deps.ts';
import { actorOf } from '../../http/access.ts';
import { toCsv } from '../../http/csv.ts';
import { listPartners } from './partners.service.ts';

const staff = ['admin', 'coordinator', 'teacher'] as const;

export function partnerRoutes(deps: Deps): FastifyPluginAsync {
  return async (plain) => {
    const app = plain.withTypeProvider<ZodTypeProvider>();
    app.get(
      '/partners',
      {
        config: { access: staff },
        schema: { tags: ['partners'], querystring: partnerListQuery, response: { 200: partnerPage } },
      },
      async (request) => listPartners(deps, actorOf(request), request.query),
    );
    app.get(
      '/partners.csv',
      { config: { access: staff }, schema: { tags: ['partners'], querystring: partnerListQuery } },
      async (request, reply) => {
        const { items } = await listPartners(deps, actorOf(request), request.query, true);
        return reply
          .type('text/csv; charset=utf-8')
          .header('content-disposition', 'attachment; filename="partners.csv"')
          .send(
            toCsv(
              ['kind', 'legal_name', 'registration_number', 'country', 'city'],
              items.map((p) => [p.kind, p.legalName, p.registrationNumber, p.country, p.city]),
            ),
          );
      },
    );
  };
}
