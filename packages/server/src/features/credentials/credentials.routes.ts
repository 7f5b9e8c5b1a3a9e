import {
  archiveTemplateRequest,
  batchList,
  batchPreview,
  batchQuery,
  batchView,
  createShareRequest,
  credentialListQuery,
  credentialPage,
  credentialStatusRequest,
  issueRequest,
  issuerSettingsInput,
  issuerView,
  learnerOptions,
  linkedInLink,
  myCredentialList,
  okResponse,
  shareView,
  templateInput,
  templateListQuery,
  templatePage,
  templateView,
  unitOutcomeList,
} from '@tilts/shared';
import type { FastifyPluginAsync, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Deps } from '../../deps.ts';
import { actorOf, sessionOf } from '../../http/access.ts';
import { toCsv } from '../../http/csv.ts';
import * as batches from './batch.service.ts';
import { toElm } from './elm.ts';
import * as issue from './issue.service.ts';
import * as issuer from './issuer.service.ts';
import * as learner from './learner.service.ts';
import { credentialPdf } from './pdf.ts';
import { issueForPlacement } from './placement-issue.service.ts';
import { changeCredentialStatus } from './status.service.ts';
import * as templates from './templates.service.ts';

const admin = ['admin'] as const;
/** Staff who issue: a teacher validates outcomes, a coordinator runs the placements. */
const issuers = ['admin', 'coordinator', 'teacher'] as const;
/** Staff who may revoke or suspend and issue in bulk. */
const managers = ['admin', 'coordinator'] as const;
const idParams = z.object({ id: z.uuid() });

export function holderOf(request: FastifyRequest): learner.Holder {
  const session = sessionOf(request);
  return { userId: session.userId, email: session.email, ip: request.ip, requestId: request.id };
}

function attachment(name: string) {
  // RFC 6266: an ASCII fallback and the UTF-8 name, so Latvian letters survive.
  const ascii =
    name
      .normalize('NFD')
      .replace(/[^\x20-\x7e]/g, '')
      .replace(/["\\]/g, '') || 'credential';
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(name)}`;
}

export function fileName(title: string, extension: string) {
  const base =
    title
      .replace(/[\\/:*?"<>|\r\n]+/g, ' ')
      .trim()
      .slice(0, 80) || 'credential';
  return `${base}.${extension}`;
}

/** Templates, the issuer and its keys, issuing and status for staff; own credentials and shares for learners. */
export function credentialRoutes(deps: Deps): FastifyPluginAsync {
  return async (plain) => {
    const app = plain.withTypeProvider<ZodTypeProvider>();
    const tags = ['credentials'];

    app.post(
      '/placements/:id/credentials',
      {
        config: { access: issuers },
        schema: {
          tags,
          params: z.object({ id: z.uuid() }),
          body: z.object({ learnerId: z.uuid(), templateId: z.uuid() }),
          response: { 200: z.object({ id: z.uuid() }) },
        },
      },
      async (request) => {
        const issued = await issueForPlacement(deps, actorOf(request), request.params.id, request.body);
        return { id: issued.id };
      },
    );

    app.get(
      '/credentials/templates',
      {
        config: { access: issuers },
        schema: { tags, querystring: templateListQuery, response: { 200: templatePage } },
      },
      async (request) => templates.listTemplates(deps, actorOf(request), request.query),
    );
    app.get(
      '/credentials/templates.csv',
      { config: { access: issuers }, schema: { tags, querystring: templateListQuery } },
      async (request, reply) => {
        const { items } = await templates.listTemplates(deps, actorOf(request), request.query, true);
        return reply
          .type('text/csv; charset=utf-8')
          .header('content-disposition', 'attachment; filename="credential-templates.csv"')
          .send(
            toCsv(
              ['title', 'document_type', 'ects', 'hours', 'eqf_level', 'issued', 'archived', 'created'],
              items.map((t) => [
                t.title,
                t.documentType,
                t.ects,
                t.hours,
                t.eqfLevel,
                t.issuedCount,
                t.archived,
                t.createdAt,
              ]),
            ),
          );
      },
    );
    app.post(
      '/credentials/templates',
      { config: { access: admin }, schema: { tags, body: templateInput, response: { 200: templateView } } },
      async (request) => templates.createTemplate(deps, actorOf(request), request.body),
    );
    app.get(
      '/credentials/templates/:id',
      { config: { access: issuers }, schema: { tags, params: idParams, response: { 200: templateView } } },
      async (request) => templates.getTemplate(deps, actorOf(request), request.params.id),
    );
    app.put(
      '/credentials/templates/:id',
      {
        config: { access: admin },
        schema: { tags, params: idParams, body: templateInput, response: { 200: templateView } },
      },
      async (request) => templates.updateTemplate(deps, actorOf(request), request.params.id, request.body),
    );
    app.patch(
      '/credentials/templates/:id/archived',
      {
        config: { access: admin },
        schema: { tags, params: idParams, body: archiveTemplateRequest, response: { 200: templateView } },
      },
      async (request) =>
        templates.setTemplateArchived(deps, actorOf(request), request.params.id, request.body.archived),
    );

    app.get(
      '/credentials/units',
      { config: { access: admin }, schema: { tags, response: { 200: unitOutcomeList } } },
      async (request) => templates.unitOutcomes(deps, actorOf(request)),
    );

    app.get(
      '/credentials/issuer',
      { config: { access: admin }, schema: { tags, response: { 200: issuerView } } },
      async (request) => issuer.getIssuer(deps, actorOf(request)),
    );
    app.put(
      '/credentials/issuer',
      {
        config: { access: admin },
        schema: { tags, body: issuerSettingsInput, response: { 200: issuerView } },
      },
      async (request) => issuer.updateIssuer(deps, actorOf(request), request.body),
    );
    app.post(
      '/credentials/issuer/rotate-key',
      { config: { access: admin }, schema: { tags, response: { 200: issuerView } } },
      async (request) => issuer.rotateKey(deps, actorOf(request)),
    );

    app.get(
      '/credentials/learners',
      {
        config: { access: issuers },
        schema: {
          tags,
          querystring: z.object({ q: z.string().trim().max(200).optional() }),
          response: { 200: learnerOptions },
        },
      },
      async (request) => issue.listLearners(deps, actorOf(request), request.query.q),
    );
    app.post(
      '/credentials',
      {
        config: { access: issuers },
        schema: { tags, body: issueRequest, response: { 200: z.object({ id: z.uuid() }) } },
      },
      async (request) => ({ id: (await issue.issueOne(deps, actorOf(request), request.body)).id }),
    );
    app.get(
      '/credentials',
      {
        config: { access: issuers },
        schema: { tags, querystring: credentialListQuery, response: { 200: credentialPage } },
      },
      async (request) => issue.listCredentials(deps, actorOf(request), request.query),
    );
    app.get(
      '/credentials.csv',
      { config: { access: issuers }, schema: { tags, querystring: credentialListQuery } },
      async (request, reply) => {
        const { items } = await issue.listCredentials(deps, actorOf(request), request.query, true);
        return reply
          .type('text/csv; charset=utf-8')
          .header('content-disposition', 'attachment; filename="credentials.csv"')
          .send(
            toCsv(
              ['id', 'title', 'learner', 'email', 'grade', 'issued', 'valid_until', 'state', 'reason'],
              items.map((c) => [
                c.id,
                c.title,
                c.learnerName,
                c.learnerEmail,
                c.grade,
                c.issuedAt,
                c.validUntil,
                c.state,
                c.revokedReason ?? c.suspendedReason,
              ]),
            ),
          );
      },
    );
    app.get(
      '/credentials/:id/credential.json',
      { config: { access: issuers }, schema: { tags, params: idParams } },
      async (request, reply) => {
        const row = await issue.schoolCredentialDocument(deps, actorOf(request), request.params.id);
        return reply
          .type('application/vc+ld+json; charset=utf-8')
          .header('content-disposition', attachment(fileName(row.title, 'json')))
          .send(JSON.stringify(JSON.parse(row.document), null, 2));
      },
    );
    app.post(
      '/credentials/:id/status',
      {
        config: { access: managers },
        schema: {
          tags,
          params: idParams,
          body: credentialStatusRequest,
          response: { 200: z.object({ state: z.enum(['active', 'suspended', 'revoked', 'expired']) }) },
        },
      },
      async (request) => changeCredentialStatus(deps, actorOf(request), request.params.id, request.body),
    );

    // A CSV of learners (e-mail or name, optional grade): preview first, then the batch job.
    app.register(async (upload) => {
      upload.addContentTypeParser(
        ['text/csv', 'application/csv', 'application/vnd.ms-excel', 'application/octet-stream', 'text/plain'],
        { parseAs: 'buffer', bodyLimit: 2 * 1024 * 1024 },
        (_request, body, done) => done(null, body),
      );
      const typed = upload.withTypeProvider<ZodTypeProvider>();
      typed.post(
        '/credentials/batches/preview',
        {
          config: { access: managers },
          schema: { tags, querystring: batchQuery, response: { 200: batchPreview } },
        },
        async (request) =>
          batches.previewBatch(deps, actorOf(request), request.query.templateId, request.body as Buffer),
      );
      typed.post(
        '/credentials/batches',
        {
          config: { access: managers },
          schema: { tags, querystring: batchQuery, response: { 200: batchView } },
        },
        async (request) =>
          batches.createBatch(
            deps,
            actorOf(request),
            request.query.templateId,
            request.body as Buffer,
            request.query.createMissing === 'true',
          ),
      );
    });
    app.get(
      '/credentials/batches',
      { config: { access: managers }, schema: { tags, response: { 200: batchList } } },
      async (request) => batches.listBatches(deps, actorOf(request)),
    );
    app.get(
      '/credentials/batches/:id',
      { config: { access: managers }, schema: { tags, params: idParams, response: { 200: batchView } } },
      async (request) => batches.getBatch(deps, actorOf(request), request.params.id),
    );

    // The holder's own credentials, whatever their role and school.
    app.get(
      '/my/credentials',
      { config: { access: 'session' }, schema: { tags, response: { 200: myCredentialList } } },
      async (request) => learner.listMyCredentials(deps, holderOf(request)),
    );
    app.get(
      '/my/credentials/:id/credential.json',
      { config: { access: 'session' }, schema: { tags, params: idParams } },
      async (request, reply) => {
        const row = await learner.ownCredential(deps.db, holderOf(request), request.params.id);
        return reply
          .type('application/vc+ld+json; charset=utf-8')
          .header('content-disposition', attachment(fileName(row.title, 'json')))
          .send(JSON.stringify(JSON.parse(row.document), null, 2));
      },
    );
    app.get(
      '/my/credentials/:id/credential.pdf',
      {
        config: { access: 'session' },
        schema: { tags, params: idParams, querystring: z.object({ lang: z.enum(['lv', 'en']).optional() }) },
      },
      async (request, reply) => {
        const holder = holderOf(request);
        const row = await learner.credentialForExport(deps, holder, request.params.id);
        const share = await learner.standingShare(deps, holder, request.params.id, 'pdf');
        const pdf = await credentialPdf(row.document, share.url, request.query.lang ?? request.locale);
        return reply
          .type('application/pdf')
          .header('content-disposition', attachment(fileName(row.title, 'pdf')))
          .send(pdf);
      },
    );
    app.get(
      '/my/credentials/:id/elm.jsonld',
      { config: { access: 'session' }, schema: { tags, params: idParams } },
      async (request, reply) => {
        const row = await learner.credentialForExport(deps, holderOf(request), request.params.id);
        return reply
          .type('application/ld+json; charset=utf-8')
          .header('content-disposition', attachment(fileName(`${row.title} (Europass ELM)`, 'jsonld')))
          .send(JSON.stringify(toElm(row.document, row.person), null, 2));
      },
    );
    app.post(
      '/my/credentials/:id/shares',
      {
        config: { access: 'session' },
        schema: { tags, params: idParams, body: createShareRequest, response: { 200: shareView } },
      },
      async (request) => learner.createShare(deps, holderOf(request), request.params.id, request.body),
    );
    app.post(
      '/my/credentials/:id/linkedin',
      { config: { access: 'session' }, schema: { tags, params: idParams, response: { 200: linkedInLink } } },
      async (request) => learner.linkedInUrl(deps, holderOf(request), request.params.id),
    );
    app.delete(
      '/my/shares/:id',
      { config: { access: 'session' }, schema: { tags, params: idParams, response: { 200: okResponse } } },
      async (request) => {
        await learner.revokeShare(deps, holderOf(request), request.params.id);
        return { ok: true as const };
      },
    );
  };
}
