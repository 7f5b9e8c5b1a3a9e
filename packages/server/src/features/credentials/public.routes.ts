import { errorMessages, sharedCredential, verificationResult } from '@tilts/shared';
import type { FastifyError, FastifyPluginAsync } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Deps } from '../../deps.ts';
import { AppError } from '../../errors.ts';
import { statusListDocument } from './credentials.repository.ts';
import { publicDidDocument } from './issuer.service.ts';
import { openShare } from './learner.service.ts';
import { verify } from './verify.service.ts';
import { MAX_CREDENTIAL_BYTES } from './verify.ts';
import { checkMessage } from './verify-words.ts';

const publicTags = ['public'];
const credentialTypes = [
  'application/json',
  'application/ld+json',
  'application/vc+ld+json',
  'application/vc',
  'text/plain',
];

/**
 * What anyone may read without signing in: the schools' DID documents and status lists, the verifier
 * and share links. Nothing here changes data except a share link's view count.
 */
export function credentialPublicRoutes(deps: Deps): FastifyPluginAsync {
  return async (plain) => {
    const app = plain.withTypeProvider<ZodTypeProvider>();

    // did:web resolution: did:web:<host>:schools:<slug> → https://<host>/schools/<slug>/did.json
    app.get(
      '/schools/:slug/did.json',
      {
        config: { access: 'public' },
        schema: { tags: publicTags, params: z.object({ slug: z.string().max(100) }) },
      },
      async (request, reply) => {
        const document = await publicDidDocument(deps, request.params.slug);
        if (!document) throw new AppError('not_found');
        return reply
          .type('application/did+json')
          .header('access-control-allow-origin', '*')
          .header('cache-control', 'public, max-age=300')
          .send(JSON.stringify(document, null, 2));
      },
    );

    app.get(
      '/api/credentials/status/:slug/:purpose/:listNo',
      {
        config: { access: 'public' },
        schema: {
          tags: publicTags,
          params: z.object({
            slug: z.string().max(100),
            purpose: z.enum(['revocation', 'suspension']),
            listNo: z.coerce.number().int().min(0).max(100_000),
          }),
        },
      },
      async (request, reply) => {
        const { slug, purpose, listNo } = request.params;
        const document = await statusListDocument(deps.db, slug, purpose, listNo);
        if (!document) throw new AppError('not_found');
        // Verifiers must see a revocation at once: no caching beyond revalidation.
        return reply
          .type('application/vc+ld+json')
          .header('access-control-allow-origin', '*')
          .header('cache-control', 'no-cache')
          .send(document);
      },
    );

    app.get(
      '/api/shared/:token',
      {
        config: { access: 'public' },
        schema: {
          tags: publicTags,
          params: z.object({ token: z.string().min(10).max(100) }),
          response: { 200: sharedCredential },
        },
      },
      async (request) => openShare(deps, request.params.token, request.locale),
    );

    await app.register(async (scope) => {
      // The verifier reads the body itself: malformed JSON is a failed check, not a refused request.
      scope.removeAllContentTypeParsers();
      scope.addContentTypeParser(
        credentialTypes,
        { parseAs: 'string', bodyLimit: MAX_CREDENTIAL_BYTES },
        (_request, body, done) => done(null, body),
      );
      scope.setErrorHandler((error: FastifyError, request, reply) => {
        if (error.code !== 'FST_ERR_CTP_BODY_TOO_LARGE') throw error;
        const locale = request.locale ?? 'lv';
        const size = Number(request.headers['content-length'] ?? 0);
        const sizeText = size ? `${(size / 1024 / 1024).toFixed(1)} MB` : '> 1 MB';
        return reply.status(413).send({
          error: { code: 'payload_too_large', message: errorMessages[locale].payload_too_large },
          verified: false,
          failed: ['size'],
          checks: [
            {
              id: 'size',
              status: 'failed',
              message: checkMessage(locale, 'size', 'failed', { size: sizeText, max: '1 MB' }),
            },
          ],
          credential: null,
        });
      });
      scope.withTypeProvider<ZodTypeProvider>().post(
        '/api/verify',
        {
          config: { access: 'public' },
          schema: { tags: publicTags, response: { 200: verificationResult } },
        },
        async (request) => verify(deps.db, deps.config, request.body ?? '', request.locale, { pool: true }),
      );
    });
  };
}
