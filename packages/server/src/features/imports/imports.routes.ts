import { importKind, importPreview, importResult, importUploadQuery, MAX_IMPORT_BYTES } from '@tilts/shared';
import type { FastifyError, FastifyPluginAsync } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Deps } from '../../deps.ts';
import { AppError } from '../../errors.ts';
import { actorOf } from '../../http/access.ts';
import { toCsv } from '../../http/csv.ts';
import * as imports from './imports.service.ts';

/** Imports are the coordinator's and the admin's; each kind may narrow that further. */
const importers = ['admin', 'coordinator'] as const;
const tags = ['imports'];

export function importRoutes(deps: Deps): FastifyPluginAsync {
  return async (plain) => {
    // The file arrives as the raw request body, whatever type the browser gives it (Windows calls a
    // CSV application/vnd.ms-excel); its bytes decide whether it is text.
    plain.removeContentTypeParser(['application/json', 'text/plain']);
    plain.addContentTypeParser('*', { parseAs: 'buffer', bodyLimit: MAX_IMPORT_BYTES }, (_req, body, done) =>
      done(null, body),
    );
    // A file over the limit is named as such, not as a generic "request too large".
    plain.setErrorHandler((error: FastifyError, _request, _reply) => {
      if (error.code === 'FST_ERR_CTP_BODY_TOO_LARGE') throw imports.importTooLarge();
      throw error;
    });
    const app = plain.withTypeProvider<ZodTypeProvider>();

    app.post(
      '/imports/:kind',
      {
        bodyLimit: MAX_IMPORT_BYTES,
        config: { access: importers },
        schema: {
          tags,
          params: z.object({ kind: importKind }),
          querystring: importUploadQuery,
          response: { 200: importPreview },
        },
      },
      async (request) => {
        const body = request.body;
        if (body !== undefined && body !== null && !Buffer.isBuffer(body)) {
          throw new AppError('unsupported_media_type', { fields: { file: 'import_not_text' } });
        }
        return imports.previewImport(
          deps,
          actorOf(request),
          request.params.kind,
          body ?? undefined,
          request.query.filename,
        );
      },
    );

    app.get(
      '/imports/:id',
      {
        config: { access: importers },
        schema: { tags, params: z.object({ id: z.uuid() }), response: { 200: importPreview } },
      },
      async (request) => imports.getImport(deps, actorOf(request), request.params.id),
    );

    app.post(
      '/imports/:id/confirm',
      {
        config: { access: importers },
        schema: { tags, params: z.object({ id: z.uuid() }), response: { 200: importResult } },
      },
      async (request) => imports.confirmImport(deps, actorOf(request), request.params.id),
    );

    app.get(
      '/imports/:kind/template.csv',
      { config: { access: importers }, schema: { tags, params: z.object({ kind: importKind }) } },
      async (request, reply) => {
        const { header, name } = imports.importTemplate(actorOf(request), request.params.kind);
        return reply
          .type('text/csv; charset=utf-8')
          .header('content-disposition', `attachment; filename="${name}-template.csv"`)
          .send(toCsv(header, []));
      },
    );
  };
}
