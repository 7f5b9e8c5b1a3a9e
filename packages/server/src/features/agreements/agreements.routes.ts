import {
  agreementAssessments,
  agreementCheckResult,
  agreementDetail,
  agreementDraftInput,
  assessmentInput,
  assessmentLinkRequest,
  assessmentLinkView,
  assessmentStages,
  changeProposalRequest,
  checkQuery,
  documentQuery,
  generateAgreementsRequest,
  groupProgrammeRequest,
  learnerProfile,
  learnerProfileInput,
  linkSignRequest,
  okResponse,
  pdfQuery,
  placementAgreements,
  placementDocuments,
  recognitionRequest,
  reopenRequest,
  roles,
  sendAllResponse,
  signingLinkView,
  signRequest,
  validateRequest,
  versionDetail,
} from '@tilts/shared';
import type { FastifyPluginAsync, FastifyReply } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Deps } from '../../deps.ts';
import { actorOf } from '../../http/access.ts';
import * as files from './agreements.files.ts';
import { agreementStaff, schoolSignatories } from './agreements.repository.ts';
import * as agreements from './agreements.service.ts';
import * as assessments from './assessments.service.ts';
import { placementDocument } from './documents.ts';
import * as profiles from './learner-profiles.service.ts';

const tags = ['agreements'];
const byId = z.object({ id: z.uuid() });
const byVersion = z.object({ id: z.uuid(), version: z.coerce.number().int().min(1).max(10_000) });
const byStage = z.object({ id: z.uuid(), stage: z.enum(assessmentStages) });
const token = z.string().min(20).max(200);
const tokenQuery = z.object({ token });
/** A PDF to check may be large; it is read, never stored. */
const MAX_CHECK_BYTES = 20 * 1024 * 1024;

function sendPdf(reply: FastifyReply, bytes: Buffer, filename: string) {
  return reply
    .type('application/pdf')
    .header('content-disposition', `attachment; filename="${filename}"`)
    .header('cache-control', 'private, no-store')
    .send(bytes);
}

export function agreementRoutes(deps: Deps): FastifyPluginAsync {
  return async (plain) => {
    const app = plain.withTypeProvider<ZodTypeProvider>();
    const staff = agreementStaff;

    app.get(
      '/placements/:id/agreements',
      { config: { access: roles }, schema: { tags, params: byId, response: { 200: placementAgreements } } },
      async (request) => agreements.listAgreements(deps, actorOf(request), request.params.id),
    );
    app.post(
      '/placements/:id/agreements',
      {
        config: { access: staff },
        schema: {
          tags,
          params: byId,
          body: generateAgreementsRequest,
          response: { 200: placementAgreements },
        },
      },
      async (request) =>
        agreements.generateAgreements(deps, actorOf(request), request.params.id, request.body.groupProgramme),
    );
    app.post(
      '/placements/:id/agreements/send',
      { config: { access: staff }, schema: { tags, params: byId, response: { 200: sendAllResponse } } },
      async (request) => agreements.sendAll(deps, actorOf(request), request.params.id),
    );
    app.put(
      '/placements/:id/group-programme',
      {
        config: { access: staff },
        schema: { tags, params: byId, body: groupProgrammeRequest, response: { 200: placementAgreements } },
      },
      async (request) =>
        agreements.setGroupProgramme(deps, actorOf(request), request.params.id, request.body.text),
    );
    app.post(
      '/placements/:id/assessment-links',
      {
        config: { access: staff },
        schema: { tags, params: byId, body: assessmentLinkRequest, response: { 200: okResponse } },
      },
      async (request) =>
        assessments.sendAssessmentLink(deps, actorOf(request), request.params.id, request.body.stage),
    );
    app.get(
      '/placements/:id/documents/:document',
      {
        config: { access: ['admin', 'coordinator', 'teacher', 'learner'] },
        schema: {
          tags,
          params: z.object({ id: z.uuid(), document: z.enum(placementDocuments) }),
          querystring: documentQuery,
        },
      },
      async (request, reply) => {
        const { bytes, filename } = await placementDocument(
          deps,
          actorOf(request),
          request.params.id,
          request.params.document,
          request.query.userId,
          request.query.lang,
        );
        return sendPdf(reply, bytes, filename);
      },
    );

    app.get(
      '/agreements/:id',
      { config: { access: roles }, schema: { tags, params: byId, response: { 200: agreementDetail } } },
      async (request) => agreements.getAgreement(deps, actorOf(request), request.params.id),
    );
    app.get(
      '/agreements/:id/versions/:version',
      { config: { access: roles }, schema: { tags, params: byVersion, response: { 200: versionDetail } } },
      async (request) =>
        agreements.getVersion(deps, actorOf(request), request.params.id, request.params.version),
    );
    app.put(
      '/agreements/:id/versions/:version',
      {
        config: { access: staff },
        schema: { tags, params: byVersion, body: agreementDraftInput, response: { 200: agreementDetail } },
      },
      async (request) =>
        agreements.saveDraft(deps, actorOf(request), request.params.id, request.params.version, request.body),
    );
    app.post(
      '/agreements/:id/versions/:version/send',
      { config: { access: staff }, schema: { tags, params: byVersion, response: { 200: agreementDetail } } },
      async (request) =>
        agreements.sendForSignature(deps, actorOf(request), request.params.id, request.params.version),
    );
    app.post(
      '/agreements/:id/versions/:version/withdraw',
      { config: { access: staff }, schema: { tags, params: byVersion, response: { 200: agreementDetail } } },
      async (request) =>
        agreements.withdraw(deps, actorOf(request), request.params.id, request.params.version),
    );
    app.post(
      '/agreements/:id/versions/:version/sign',
      {
        config: { access: [...schoolSignatories, 'learner'] },
        schema: { tags, params: byVersion, body: signRequest, response: { 200: agreementDetail } },
      },
      async (request) =>
        agreements.signInApp(deps, actorOf(request), request.params.id, request.params.version, request.body),
    );
    app.get(
      '/agreements/:id/versions/:version/pdf',
      { config: { access: roles }, schema: { tags, params: byVersion, querystring: pdfQuery } },
      async (request, reply) => {
        const { bytes, version } = await files.versionPdf(
          deps,
          actorOf(request),
          request.params.id,
          request.params.version,
          request.query.lang,
        );
        return sendPdf(reply, bytes, `agreement-v${version}-${request.query.lang}.pdf`);
      },
    );
    app.post(
      '/agreements/:id/changes',
      {
        config: { access: staff },
        schema: { tags, params: byId, body: changeProposalRequest, response: { 200: agreementDetail } },
      },
      async (request) => agreements.proposeChange(deps, actorOf(request), request.params.id, request.body),
    );
    app.get(
      '/agreements/:id/assessments',
      { config: { access: roles }, schema: { tags, params: byId, response: { 200: agreementAssessments } } },
      async (request) => assessments.getAssessments(deps, actorOf(request), request.params.id),
    );
    app.post(
      '/agreements/:id/assessments/:stage/reopen',
      {
        config: { access: staff },
        schema: { tags, params: byStage, body: reopenRequest, response: { 200: agreementAssessments } },
      },
      async (request) =>
        assessments.reopenAssessment(
          deps,
          actorOf(request),
          request.params.id,
          request.params.stage,
          request.body.reason,
        ),
    );
    app.post(
      '/agreements/:id/assessments/:stage/validate',
      {
        config: { access: staff },
        schema: { tags, params: byStage, body: validateRequest, response: { 200: agreementAssessments } },
      },
      async (request) =>
        assessments.validateAssessment(
          deps,
          actorOf(request),
          request.params.id,
          request.params.stage,
          request.body.comment,
        ),
    );
    app.post(
      '/agreements/:id/recognition',
      {
        config: { access: schoolSignatories },
        schema: { tags, params: byId, body: recognitionRequest, response: { 200: agreementAssessments } },
      },
      async (request) => assessments.recognise(deps, actorOf(request), request.params.id, request.body),
    );

    app.get(
      '/learners/:id/profile',
      {
        config: { access: ['admin', 'coordinator', 'teacher', 'learner'] },
        schema: { tags, params: byId, response: { 200: learnerProfile } },
      },
      async (request) => profiles.getLearnerProfile(deps, actorOf(request), request.params.id),
    );
    app.put(
      '/learners/:id/profile',
      {
        config: { access: ['admin', 'coordinator'] },
        schema: { tags, params: byId, body: learnerProfileInput, response: { 200: learnerProfile } },
      },
      async (request) => profiles.setLearnerProfile(deps, actorOf(request), request.params.id, request.body),
    );

    // People without an account: the host's representative and a guardian sign, the supervisor assesses.
    app.get(
      '/agreement-links',
      {
        config: { access: 'public' },
        schema: { tags, querystring: tokenQuery, response: { 200: signingLinkView } },
      },
      async (request) => agreements.openSigningLink(deps, request.query.token),
    );
    app.get(
      '/agreement-links/pdf',
      { config: { access: 'public' }, schema: { tags, querystring: tokenQuery.extend(pdfQuery.shape) } },
      async (request, reply) => {
        const { bytes, version } = await files.linkPdf(deps, request.query.token, request.query.lang);
        return sendPdf(reply, bytes, `agreement-v${version}-${request.query.lang}.pdf`);
      },
    );
    app.post(
      '/agreement-links/sign',
      {
        config: { access: 'public' },
        schema: { tags, body: linkSignRequest.extend({ token }), response: { 200: signingLinkView } },
      },
      async (request) => {
        const { token: t, ...body } = request.body;
        return agreements.signByLink(deps, t, body, { ip: request.ip, requestId: request.id });
      },
    );
    app.get(
      '/assessment-links',
      {
        config: { access: 'public' },
        schema: { tags, querystring: tokenQuery, response: { 200: assessmentLinkView } },
      },
      async (request) => assessments.openAssessmentLink(deps, request.query.token),
    );
    app.put(
      '/assessment-links/agreements/:id',
      {
        config: { access: 'public' },
        schema: {
          tags,
          params: byId,
          body: assessmentInput.extend({ token }),
          response: { 200: assessmentLinkView },
        },
      },
      async (request) => {
        const { token: t, ...body } = request.body;
        return assessments.saveAssessmentByLink(deps, t, request.params.id, body, {
          ip: request.ip,
          requestId: request.id,
        });
      },
    );

    // Anyone holding a PDF checks it against the signed versions.
    app.get(
      '/agreement-check',
      {
        config: { access: 'public' },
        schema: { tags, querystring: checkQuery, response: { 200: agreementCheckResult } },
      },
      async (request) => files.checkHash(deps, request.query.hash),
    );
    app.register(async (upload) => {
      // The file arrives as it is, whatever its type: a file that is not a PDF gets an answer, not an error.
      upload.addContentTypeParser(
        '*',
        { parseAs: 'buffer', bodyLimit: MAX_CHECK_BYTES },
        (_req, body, done) => done(null, body),
      );
      upload
        .withTypeProvider<ZodTypeProvider>()
        .post(
          '/agreement-check',
          { config: { access: 'public' }, schema: { tags, response: { 200: agreementCheckResult } } },
          async (request) => {
            const body = request.body;
            const bytes = Buffer.isBuffer(body)
              ? body
              : Buffer.from(typeof body === 'string' ? body : JSON.stringify(body ?? ''));
            return files.checkFile(deps, bytes);
          },
        );
    });
  };
}
