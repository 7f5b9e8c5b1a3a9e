import {
  type MouDocument,
  mouCreated,
  mouDetail,
  mouDraftRequest,
  mouEnding,
  mouEndingQuery,
  mouLinkPdfQuery,
  mouLinkQuery,
  mouLinkSignRequest,
  mouLinkView,
  mouListQuery,
  mouLockRequest,
  mouOptions,
  mouPage,
  mouPdfQuery,
  mouSignRequest,
  mouTerminateRequest,
  mouUpdateRequest,
  okResponse,
} from '@tilts/shared';
import type { FastifyPluginAsync, FastifyReply } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Deps } from '../../deps.ts';
import { actorOf } from '../../http/access.ts';
import { toCsv } from '../../http/csv.ts';
import * as mous from './mous.service.ts';
import * as signing from './mous.signing.ts';

/** Staff read memoranda; admins and coordinators draft, send, sign for the school and end them. */
const readers = ['admin', 'coordinator', 'teacher'] as const;
const editors = ['admin', 'coordinator'] as const;
const tags = ['mous'];
const byId = z.object({ id: z.uuid() });
const byParty = z.object({ id: z.uuid(), partyId: z.uuid() });

function sendPdf(reply: FastifyReply, bytes: Buffer, doc: MouDocument, locale: string) {
  const name = `mou-${
    doc.title
      .normalize('NFD')
      .replace(/[^\w]+/g, '-')
      .replace(/^-|-$/g, '')
      .slice(0, 60) || 'tilts'
  }-v${doc.version}-${locale}.pdf`;
  return reply
    .type('application/pdf')
    .header('content-disposition', `inline; filename="${name}"`)
    .header('cache-control', 'private, no-store')
    .send(bytes);
}

export function mouRoutes(deps: Deps): FastifyPluginAsync {
  return async (plain) => {
    const app = plain.withTypeProvider<ZodTypeProvider>();

    app.get(
      '/mous',
      {
        config: { access: readers },
        schema: { tags, querystring: mouListQuery, response: { 200: mouPage } },
      },
      async (request) => mous.listMous(deps, actorOf(request), request.query),
    );

    app.get(
      '/mous.csv',
      { config: { access: readers }, schema: { tags, querystring: mouListQuery } },
      async (request, reply) => {
        const { items } = await mous.listMous(deps, actorOf(request), request.query, true);
        return reply
          .type('text/csv; charset=utf-8')
          .header('content-disposition', 'attachment; filename="mous.csv"')
          .send(
            toCsv(
              [
                'title',
                'version',
                'status',
                'partners',
                'valid_from',
                'valid_until',
                'signed',
                'parties',
                'updated',
              ],
              items.map((m) => [
                m.title,
                m.version,
                m.status,
                m.partners.join('; '),
                m.validFrom,
                m.validUntil,
                m.signed,
                m.parties,
                m.updatedAt,
              ]),
            ),
          );
      },
    );

    app.get(
      '/mous/ending',
      {
        config: { access: readers },
        schema: { tags, querystring: mouEndingQuery, response: { 200: mouEnding } },
      },
      async (request) => mous.endingMous(deps, actorOf(request), request.query.days),
    );

    app.get(
      '/mous/options',
      { config: { access: editors }, schema: { tags, response: { 200: mouOptions } } },
      async (request) => mous.mouOptions(deps, actorOf(request)),
    );

    app.post(
      '/mous',
      {
        config: { access: editors },
        schema: { tags, body: mouDraftRequest, response: { 201: mouCreated } },
      },
      async (request, reply) =>
        reply.status(201).send(await mous.createMou(deps, actorOf(request), request.body)),
    );

    app.get(
      '/mous/:id',
      { config: { access: readers }, schema: { tags, params: byId, response: { 200: mouDetail } } },
      async (request) => mous.getMou(deps, actorOf(request), request.params.id),
    );

    app.put(
      '/mous/:id',
      {
        config: { access: editors },
        schema: { tags, params: byId, body: mouUpdateRequest, response: { 200: mouDetail } },
      },
      async (request) => mous.updateMou(deps, actorOf(request), request.params.id, request.body),
    );

    app.delete(
      '/mous/:id',
      { config: { access: editors }, schema: { tags, params: byId, response: { 200: okResponse } } },
      async (request) => {
        await mous.deleteMou(deps, actorOf(request), request.params.id);
        return { ok: true as const };
      },
    );

    app.get(
      '/mous/:id/pdf',
      { config: { access: readers }, schema: { tags, params: byId, querystring: mouPdfQuery } },
      async (request, reply) => {
        const locale = request.query.lang ?? request.locale;
        const { bytes, doc } = await mous.mouPdf(deps, actorOf(request), request.params.id, locale);
        return sendPdf(reply, bytes, doc, locale);
      },
    );

    app.post(
      '/mous/:id/send',
      {
        config: { access: editors },
        schema: { tags, params: byId, body: mouLockRequest, response: { 200: mouDetail } },
      },
      async (request) => mous.sendMou(deps, actorOf(request), request.params.id, request.body.lockVersion),
    );

    app.post(
      '/mous/:id/withdraw',
      {
        config: { access: editors },
        schema: { tags, params: byId, body: mouLockRequest, response: { 200: mouDetail } },
      },
      async (request) =>
        mous.withdrawMou(deps, actorOf(request), request.params.id, request.body.lockVersion),
    );

    app.post(
      '/mous/:id/sign',
      {
        config: { access: editors },
        schema: { tags, params: byId, body: mouSignRequest, response: { 200: mouDetail } },
      },
      async (request) => mous.signForSchool(deps, actorOf(request), request.params.id, request.body),
    );

    app.post(
      '/mous/:id/parties/:partyId/resend',
      { config: { access: editors }, schema: { tags, params: byParty, response: { 200: mouDetail } } },
      async (request) => mous.resendLink(deps, actorOf(request), request.params.id, request.params.partyId),
    );

    app.post(
      '/mous/:id/terminate',
      {
        config: { access: editors },
        schema: { tags, params: byId, body: mouTerminateRequest, response: { 200: mouDetail } },
      },
      async (request) => mous.terminateMou(deps, actorOf(request), request.params.id, request.body),
    );

    app.post(
      '/mous/:id/versions',
      { config: { access: editors }, schema: { tags, params: byId, response: { 201: mouCreated } } },
      async (request, reply) =>
        reply.status(201).send(await mous.newVersion(deps, actorOf(request), request.params.id)),
    );

    // The partner's representative, by the e-mailed link: no account, only their memorandum.
    app.get(
      '/mou-signing',
      {
        config: { access: 'public' },
        schema: { tags, querystring: mouLinkQuery, response: { 200: mouLinkView } },
      },
      async (request) => signing.openSigning(deps, request.query.token),
    );

    app.get(
      '/mou-signing/pdf',
      { config: { access: 'public' }, schema: { tags, querystring: mouLinkPdfQuery } },
      async (request, reply) => {
        const { bytes, doc, locale } = await signing.linkPdf(deps, request.query.token, request.query.lang);
        return sendPdf(reply, bytes, doc, locale);
      },
    );

    app.post(
      '/mou-signing/sign',
      {
        config: { access: 'public' },
        schema: { tags, body: mouLinkSignRequest, response: { 200: mouLinkView } },
      },
      async (request) =>
        signing.signThroughLink(deps, request.body, { ip: request.ip, requestId: request.id }),
    );
  };
}
