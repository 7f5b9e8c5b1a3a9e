import {
  contactInput,
  contactsResponse,
  diaryCommentInput,
  diaryDeleteQuery,
  diaryEntryInput,
  diaryEntryResponse,
  diaryEntryUpdate,
  diaryLinkFileQuery,
  diaryLinkQuery,
  diaryLinkResult,
  diaryLinkReview,
  diaryLinkView,
  diaryLinkWeek,
  diaryResponse,
  diarySendResponse,
  diaryUploadQuery,
  MAX_DIARY_FILE_BYTES,
  myDiaryResponse,
  okResponse,
} from '@tilts/shared';
import type { FastifyError, FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Deps } from '../../deps.ts';
import { actorOf } from '../../http/access.ts';
import * as contacts from './contacts.service.ts';
import * as diary from './diary.service.ts';

const tags = ['diary'];
const byId = z.object({ id: z.uuid() });
const byFile = z.object({ id: z.uuid(), fileId: z.uuid() });
/** Reading the diary: the learner their own, the staff who see the placement every learner's. */
const readers = ['admin', 'coordinator', 'teacher', 'learner'] as const;
const staff = ['admin', 'coordinator', 'teacher'] as const;
const learner = ['learner'] as const;
const meta = (request: FastifyRequest): diary.RequestMeta => ({ ip: request.ip, requestId: request.id });

/** Sends a stored file: attachment (never rendered in our origin), its name escaped for the header. */
function sendFile(reply: FastifyReply, file: diary.FileDownload) {
  const ascii = file.filename.replace(/[^\x20-\x7e]/g, '_').replace(/["\\]/g, '_');
  return reply
    .header('content-type', file.contentType)
    .header(
      'content-disposition',
      `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(file.filename)}`,
    )
    .header('x-content-type-options', 'nosniff')
    .header('cache-control', 'private, no-store')
    .send(file.data);
}

/** The learner's diary, the supervisor's confirmation through a link, and the record of contacts. */
export function diaryRoutes(deps: Deps): FastifyPluginAsync {
  return async (plain) => {
    const app = plain.withTypeProvider<ZodTypeProvider>();

    app.get(
      '/placements/:id/diary',
      { config: { access: readers }, schema: { tags, params: byId, response: { 200: diaryResponse } } },
      async (request) => diary.getDiary(deps, actorOf(request), request.params.id),
    );
    app.get(
      '/diary/mine',
      { config: { access: learner }, schema: { tags, response: { 200: myDiaryResponse } } },
      async (request) => diary.myDiary(deps, actorOf(request)),
    );
    app.post(
      '/placements/:id/diary',
      {
        config: { access: learner },
        schema: { tags, params: byId, body: diaryEntryInput, response: { 200: diaryEntryResponse } },
      },
      async (request) => diary.createEntry(deps, actorOf(request), request.params.id, request.body),
    );
    app.put(
      '/diary/:id',
      {
        config: { access: learner },
        schema: { tags, params: byId, body: diaryEntryUpdate, response: { 200: diaryEntryResponse } },
      },
      async (request) => diary.updateEntry(deps, actorOf(request), request.params.id, request.body),
    );
    app.delete(
      '/diary/:id',
      {
        config: { access: learner },
        schema: { tags, params: byId, querystring: diaryDeleteQuery, response: { 200: okResponse } },
      },
      async (request) =>
        diary.deleteEntry(deps, actorOf(request), request.params.id, request.query.lockVersion),
    );
    app.post(
      '/diary/:id/comments',
      {
        config: { access: staff },
        schema: { tags, params: byId, body: diaryCommentInput, response: { 200: diaryEntryResponse } },
      },
      async (request) => diary.addComment(deps, actorOf(request), request.params.id, request.body.body),
    );
    app.delete(
      '/diary/:id/files/:fileId',
      {
        config: { access: learner },
        schema: { tags, params: byFile, response: { 200: diaryEntryResponse } },
      },
      async (request) =>
        diary.removeAttachment(deps, actorOf(request), request.params.id, request.params.fileId),
    );
    app.get(
      '/diary-files/:id',
      { config: { access: readers }, schema: { tags, params: byId } },
      async (request, reply) =>
        sendFile(reply, await diary.downloadFile(deps, actorOf(request), request.params.id)),
    );
    app.post(
      '/placements/:id/diary/send-to-supervisor',
      { config: { access: readers }, schema: { tags, params: byId, response: { 200: diarySendResponse } } },
      async (request) => diary.sendToSupervisor(deps, actorOf(request), request.params.id),
    );

    app.get(
      '/placements/:id/contacts',
      { config: { access: staff }, schema: { tags, params: byId, response: { 200: contactsResponse } } },
      async (request) => contacts.listContacts(deps, actorOf(request), request.params.id),
    );
    app.post(
      '/placements/:id/contacts',
      {
        config: { access: staff },
        schema: { tags, params: byId, body: contactInput, response: { 200: contactsResponse } },
      },
      async (request) => contacts.recordContact(deps, actorOf(request), request.params.id, request.body),
    );

    // The workplace supervisor has no account: the token in the e-mailed link is the permission.
    app.get(
      '/diary-link',
      {
        config: { access: 'public' },
        schema: { tags, querystring: diaryLinkQuery, response: { 200: diaryLinkView } },
      },
      async (request) => diary.diaryByLink(deps, request.query.token),
    );
    app.post(
      '/diary-link/review',
      {
        config: { access: 'public' },
        schema: { tags, body: diaryLinkReview, response: { 200: diaryLinkResult } },
      },
      async (request) => diary.reviewByLink(deps, request.body, meta(request)),
    );
    app.post(
      '/diary-link/confirm-week',
      {
        config: { access: 'public' },
        schema: { tags, body: diaryLinkWeek, response: { 200: diaryLinkResult } },
      },
      async (request) =>
        diary.confirmWeekByLink(deps, request.body.token, request.body.weekStart, meta(request)),
    );
    app.get(
      '/diary-link/files/:id',
      { config: { access: 'public' }, schema: { tags, params: byId, querystring: diaryLinkFileQuery } },
      async (request, reply) =>
        sendFile(reply, await diary.fileByLink(deps, request.query.token, request.params.id, meta(request))),
    );

    // A file arrives as the raw request body, whatever type the browser says: its bytes decide.
    app.register(async (upload) => {
      upload.removeContentTypeParser(['application/json', 'text/plain']);
      upload.addContentTypeParser(
        '*',
        { parseAs: 'buffer', bodyLimit: MAX_DIARY_FILE_BYTES },
        (_req, body, done) => done(null, body),
      );
      upload.setErrorHandler((error: FastifyError, request, _reply) => {
        if (error.code === 'FST_ERR_CTP_BODY_TOO_LARGE') {
          throw diary.fileTooBig((request.query as { name?: string } | undefined)?.name ?? '');
        }
        throw error;
      });
      upload.withTypeProvider<ZodTypeProvider>().post(
        '/diary/:id/files',
        {
          bodyLimit: MAX_DIARY_FILE_BYTES,
          config: { access: learner },
          schema: {
            tags,
            params: byId,
            querystring: diaryUploadQuery,
            response: { 200: diaryEntryResponse },
          },
        },
        async (request) =>
          diary.addAttachment(
            deps,
            actorOf(request),
            request.params.id,
            request.query.name,
            Buffer.isBuffer(request.body) ? request.body : Buffer.alloc(0),
          ),
      );
    });
  };
}
