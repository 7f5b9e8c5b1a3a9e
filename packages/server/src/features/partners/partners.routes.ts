import {
  countryName,
  type Locale,
  okResponse,
  type PartnerKind,
  partnerDetails,
  partnerInput,
  partnerListQuery,
  partnerPage,
  partnerUpdate,
} from '@tilts/shared';
import type { FastifyPluginAsync } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Deps } from '../../deps.ts';
import { actorOf } from '../../http/access.ts';
import { toCsv } from '../../http/csv.ts';
import { partnerImportColumns } from './partners.import.ts';
import * as partners from './partners.service.ts';

const staff = ['admin', 'coordinator', 'teacher'] as const;
const writers = ['admin', 'coordinator'] as const;
const partnerId = z.object({ id: z.uuid() });

const kindWords: Record<Locale, Record<PartnerKind, string>> = {
  lv: { company: 'uzņēmums', school: 'skola', intermediary: 'starpnieks' },
  en: { company: 'company', school: 'school', intermediary: 'intermediary' },
};

export function partnerRoutes(deps: Deps): FastifyPluginAsync {
  return async (plain) => {
    const app = plain.withTypeProvider<ZodTypeProvider>();
    app.get(
      '/partners',
      {
        config: { access: staff },
        schema: { tags: ['partners'], querystring: partnerListQuery, response: { 200: partnerPage } },
      },
      async (request) => partners.listPartners(deps, actorOf(request), request.query),
    );

    // The columns the partner import reads (in the reader's language), so an export can be re-imported.
    app.get(
      '/partners.csv',
      { config: { access: staff }, schema: { tags: ['partners'], querystring: partnerListQuery } },
      async (request, reply) => {
        const actor = actorOf(request);
        const rows = await partners.exportPartners(deps, actor, request.query);
        const header = [
          ...partnerImportColumns.map((c) => c.label[actor.locale]),
          actor.locale === 'lv' ? 'Valsts nosaukums' : 'Country name',
        ];
        const lines = rows.map(({ row, primary }) => {
          const values: Record<string, string> = {
            legalName: row.legal_name,
            registrationNumber: row.registration_number,
            country: row.country,
            kind: kindWords[actor.locale][row.kind],
            city: row.city,
            legalAddress: row.legal_address,
            website: row.website,
            sector: row.sector,
            erasmusOid: row.erasmus_oid,
            contactName: primary?.name ?? '',
            contactPosition: primary?.position ?? '',
            contactEmail: primary?.email ?? '',
            contactPhone: primary?.phone ?? '',
          };
          return [
            ...partnerImportColumns.map((c) => values[c.key] ?? ''),
            countryName(row.country, actor.locale),
          ];
        });
        return reply
          .type('text/csv; charset=utf-8')
          .header('content-disposition', 'attachment; filename="partners.csv"')
          .send(toCsv(header, lines));
      },
    );

    app.get(
      '/partners/:id',
      {
        config: { access: staff },
        schema: { tags: ['partners'], params: partnerId, response: { 200: partnerDetails } },
      },
      async (request) => partners.getPartner(deps, actorOf(request), request.params.id),
    );

    app.post(
      '/partners',
      {
        config: { access: writers },
        schema: { tags: ['partners'], body: partnerInput, response: { 200: partnerDetails } },
      },
      async (request) => partners.createPartner(deps, actorOf(request), request.body),
    );

    app.put(
      '/partners/:id',
      {
        config: { access: writers },
        schema: {
          tags: ['partners'],
          params: partnerId,
          body: partnerUpdate,
          response: { 200: partnerDetails },
        },
      },
      async (request) => partners.updatePartner(deps, actorOf(request), request.params.id, request.body),
    );

    app.delete(
      '/partners/:id',
      {
        config: { access: writers },
        schema: { tags: ['partners'], params: partnerId, response: { 200: okResponse } },
      },
      async (request) => {
        await partners.deletePartner(deps, actorOf(request), request.params.id);
        return { ok: true as const };
      },
    );
  };
}
