import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import fastifyCookie from '@fastify/cookie';
import fastifyStatic from '@fastify/static';
import fastifySwagger from '@fastify/swagger';
import fastifySwaggerUi from '@fastify/swagger-ui';
import {
  type ErrorCode,
  errorMessages,
  fieldMessage,
  isLocale,
  type Locale,
  localeFromAcceptLanguage,
} from '@tilts/shared';
import Fastify, {
  type FastifyError,
  type FastifyInstance,
  type FastifyReply,
  type FastifyRequest,
} from 'fastify';
import {
  hasZodFastifySchemaValidationErrors,
  jsonSchemaTransform,
  serializerCompiler,
  validatorCompiler,
  type ZodTypeProvider,
} from 'fastify-type-provider-zod';
import type { Deps } from './deps.ts';
import { AppError } from './errors.ts';
import { adminRoutes } from './features/admin/admin.routes.ts';
import { agreementRoutes } from './features/agreements/agreements.routes.ts';
import { findSession } from './features/auth/auth.repository.ts';
import { authRoutes, SESSION_COOKIE } from './features/auth/auth.routes.ts';
import { hashSecret } from './features/auth/tokens.ts';
import { calendarRoutes } from './features/calendar/calendar.routes.ts';
import { callRoutes } from './features/calls/calls.routes.ts';
import { catalogueRoutes } from './features/catalogue/catalogue.routes.ts';
import { credentialRoutes } from './features/credentials/credentials.routes.ts';
import { credentialPublicRoutes } from './features/credentials/public.routes.ts';
import { dashboardRoutes } from './features/dashboards/dashboards.routes.ts';
import { diaryRoutes } from './features/diary/diary.routes.ts';
import { faqRoutes } from './features/faq/faq.routes.ts';
import { forumRoutes } from './features/forum/forum.routes.ts';
import { grantRoutes } from './features/grants/grants.routes.ts';
import { healthRoutes } from './features/health/health.routes.ts';
import { helpRoutes } from './features/help/help.routes.ts';
import { importRoutes } from './features/imports/imports.routes.ts';
import { messageRoutes } from './features/messages/messages.routes.ts';
import { mouRoutes } from './features/mous/mous.routes.ts';
import { notificationRoutes } from './features/notifications/notifications.routes.ts';
import { partnerRoutes } from './features/partners/partners.routes.ts';
import { peopleRoutes } from './features/people/people.routes.ts';
import { placementRoutes } from './features/placements/placements.routes.ts';
import { planRoutes } from './features/plan/plan.routes.ts';
import { projectRoutes } from './features/projects/projects.routes.ts';
import { riskRoutes } from './features/risk/risk.routes.ts';
import { rulesRoutes } from './features/rules/rules.routes.ts';
import { settingsRoutes } from './features/settings/settings.routes.ts';
import { supportRoutes } from './features/support/support.routes.ts';
import { viewAsRoutes } from './features/viewas/view-as.routes.ts';
import { viewAsWrites, viewedSession } from './features/viewas/view-as.service.ts';
import { type Access, checkAccess } from './http/access.ts';
import { createMetrics } from './http/metrics.ts';

export type App = FastifyInstance;

export interface AppOptions {
  /** Pino logger options; false for none (tests). */
  logger?: boolean | { level: string };
}

/** Every route the app registers, with its access rule: the access test walks this list. */
export interface RouteEntry {
  method: string;
  url: string;
  access: Access | undefined;
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

function redactUrl(url: string): string {
  return url
    .replace(/(invitations\/)[^/?]+/, '$1[redacted]')
    .replace(/(token=)[^&]+/g, '$1[redacted]')
    .replace(/(\/calendar\/)[^/?]+/, '$1[redacted]');
}

/** Builds the whole HTTP application on the given dependencies; main.ts and the tests both call it. */
export async function buildApp(
  deps: Deps,
  options: AppOptions = {},
): Promise<App & { routeList: RouteEntry[] }> {
  const app = Fastify({
    logger:
      options.logger === false
        ? false
        : {
            level: deps.config.LOG_LEVEL,
            serializers: {
              req: (req) => ({ method: req.method, url: redactUrl(req.url), remoteAddress: req.ip }),
            },
          },
    bodyLimit: deps.config.BODY_LIMIT_BYTES,
    trustProxy: deps.config.TRUST_PROXY,
    genReqId: (req) => {
      const given = req.headers['x-request-id'];
      return typeof given === 'string' && /^[\w-]{1,64}$/.test(given) ? given : randomUUID();
    },
    requestIdHeader: false,
  }).withTypeProvider<ZodTypeProvider>();

  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);

  const webDist = resolve(deps.config.WEB_DIST ?? join(import.meta.dirname, '../../web/dist'));
  const hasWeb = existsSync(join(webDist, 'index.html'));

  const routeList: RouteEntry[] = [];
  app.addHook('onRoute', (route) => {
    const methods = Array.isArray(route.method) ? route.method : [route.method];
    for (const method of methods) {
      if (method === 'HEAD') continue;
      routeList.push({
        method,
        url: route.url,
        access: (route.config as { access?: Access } | undefined)?.access,
      });
    }
  });

  app.decorateRequest('session', null);
  app.decorateRequest('actor', null);
  app.decorateRequest('locale', 'lv');

  await app.register(fastifyCookie);
  await app.register(fastifySwagger, {
    openapi: {
      info: {
        title: 'Tilts API',
        version: '0.1.0',
        description: 'Work-based learning, mobility and micro-credentials.',
      },
      components: { securitySchemes: { session: { type: 'apiKey', in: 'cookie', name: SESSION_COOKIE } } },
    },
    transform: jsonSchemaTransform,
  });
  await app.register(fastifySwaggerUi, { routePrefix: '/api/docs' });

  const metrics = createMetrics();
  app.addHook('onResponse', async (request, reply) => {
    metrics.observe(
      request.method,
      request.routeOptions.url ?? 'unmatched',
      reply.statusCode,
      reply.elapsedTime / 1000,
    );
    reply.header('x-request-id', request.id);
  });

  // Who is asking, in which language, and may they: decided before the body is read.
  app.addHook('onRequest', async (request, reply) => {
    reply.header('x-request-id', request.id);
    const url = request.url;
    if (!url.startsWith('/api/') || url.startsWith('/api/docs')) return;
    if (!SAFE_METHODS.has(request.method)) assertSameOrigin(request, deps.config.PUBLIC_URL);
    const token = request.cookies[SESSION_COOKIE];
    const found = token ? await findSession(deps.db, hashSecret(token)) : null;
    // Viewing as a learner: from here on the request is the learner's (docs/decisions/011).
    const session = found ? viewedSession(found) : null;
    request.session = session;
    request.locale = session?.locale ?? localeFromAcceptLanguage(request.headers['accept-language']);
    const headerLocale = request.headers['accept-language'];
    if (session && typeof headerLocale === 'string' && isLocale(headerLocale)) request.locale = headerLocale;
    if (session?.schoolId) {
      const membership = session.memberships.find((m) => m.schoolId === session.schoolId);
      if (membership) {
        request.actor = {
          userId: session.userId,
          email: session.email,
          schoolId: membership.schoolId,
          role: membership.role,
          locale: request.locale,
          ip: request.ip,
          requestId: request.id,
          ...(session.viewer ? { viewedBy: session.viewer.userId } : {}),
        };
      }
    }
    // An unknown route answers 404 from the not-found handler, not 403 from here.
    if (request.is404) return;
    if (session?.viewer && !SAFE_METHODS.has(request.method)) {
      if (!viewAsWrites.has(`${request.method} ${request.routeOptions.url}`))
        throw new AppError('read_only_view');
    }
    checkAccess(request.routeOptions.config.access, session, request.actor);
  });

  app.setErrorHandler((error: FastifyError | AppError, request, reply) => {
    const locale: Locale = request.locale ?? 'lv';
    if (error instanceof AppError) {
      if (error.retryAfterSeconds) reply.header('retry-after', String(error.retryAfterSeconds));
      const fields = error.fields
        ? Object.fromEntries(
            Object.entries(error.fields).map(([k, v]) => [
              k,
              typeof v === 'string'
                ? fieldMessage({ code: 'custom', message: v }, locale)
                : fieldMessage({ code: 'custom', message: v.key, params: v.params }, locale),
            ]),
          )
        : undefined;
      return sendError(reply, error.status, error.code, locale, fields);
    }
    if (hasZodFastifySchemaValidationErrors(error)) {
      const fields: Record<string, string> = {};
      for (const v of error.validation) {
        const field = v.instancePath.replace(/^\//, '').replace(/\//g, '.') || '_';
        fields[field] ??= fieldMessage(
          { code: v.keyword, message: v.message, ...(v.params as object) },
          locale,
        );
      }
      return sendError(reply, 400, 'validation_failed', locale, fields);
    }
    const code = (error as FastifyError).code;
    if (code === 'FST_ERR_CTP_BODY_TOO_LARGE') return sendError(reply, 413, 'payload_too_large', locale);
    if (
      code === 'FST_ERR_CTP_INVALID_JSON_BODY' ||
      code === 'FST_ERR_CTP_EMPTY_JSON_BODY' ||
      error instanceof SyntaxError
    ) {
      return sendError(reply, 400, 'malformed_json', locale);
    }
    if (code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE')
      return sendError(reply, 415, 'unsupported_media_type', locale);
    const status = (error as FastifyError).statusCode;
    if (status && status >= 400 && status < 500) return sendError(reply, 400, 'validation_failed', locale);
    request.log.error({ err: error }, 'unhandled error');
    return sendError(reply, 500, 'internal', locale);
  });

  app.setNotFoundHandler((request, reply) => {
    if (request.url.startsWith('/api/') || request.method !== 'GET' || !hasWeb) {
      return sendError(
        reply,
        404,
        'not_found',
        request.locale ?? localeFromAcceptLanguage(request.headers['accept-language']),
      );
    }
    // A client-side route of the web app: the app itself decides what to show.
    return reply.type('text/html').sendFile('index.html');
  });

  app.get('/api/openapi.json', { config: { access: 'public' }, schema: { hide: true } }, async () =>
    app.swagger(),
  );
  await app.register(healthRoutes(deps, metrics));
  await app.register(authRoutes(deps), { prefix: '/api/auth' });
  await app.register(adminRoutes(deps), { prefix: '/api' });
  await app.register(partnerRoutes(deps), { prefix: '/api' });
  await app.register(credentialRoutes(deps), { prefix: '/api' });
  await app.register(credentialPublicRoutes(deps));
  await app.register(projectRoutes(deps), { prefix: '/api' });
  await app.register(placementRoutes(deps), { prefix: '/api' });
  await app.register(callRoutes(deps), { prefix: '/api' });
  await app.register(grantRoutes(deps), { prefix: '/api' });
  await app.register(mouRoutes(deps), { prefix: '/api' });
  await app.register(catalogueRoutes(deps), { prefix: '/api' });
  await app.register(rulesRoutes(deps), { prefix: '/api' });
  await app.register(importRoutes(deps), { prefix: '/api' });
  await app.register(supportRoutes(deps), { prefix: '/api' });
  await app.register(messageRoutes(deps), { prefix: '/api' });
  await app.register(forumRoutes(deps), { prefix: '/api' });
  await app.register(helpRoutes(deps), { prefix: '/api' });
  await app.register(faqRoutes(deps), { prefix: '/api' });
  await app.register(agreementRoutes(deps), { prefix: '/api' });
  await app.register(settingsRoutes(deps), { prefix: '/api' });
  await app.register(planRoutes(deps), { prefix: '/api' });
  await app.register(notificationRoutes(deps), { prefix: '/api' });
  await app.register(calendarRoutes(deps));
  await app.register(peopleRoutes(deps), { prefix: '/api' });
  await app.register(dashboardRoutes(deps), { prefix: '/api' });
  await app.register(riskRoutes(deps), { prefix: '/api' });
  await app.register(viewAsRoutes(deps), { prefix: '/api' });
  await app.register(diaryRoutes(deps), { prefix: '/api' });

  if (hasWeb) await app.register(fastifyStatic, { root: webDist, wildcard: false, index: ['index.html'] });

  await app.ready();
  return Object.assign(app, { routeList });
}

function sendError(
  reply: FastifyReply,
  status: number,
  code: ErrorCode,
  locale: Locale,
  fields?: Record<string, string>,
) {
  return reply
    .status(status)
    .type('application/json')
    .send({
      error: {
        code,
        message: errorMessages[locale][code],
        ...(fields && Object.keys(fields).length ? { fields } : {}),
      },
    });
}

/** Writes with a cookie must come from our own pages (CSRF): Origin, or else Referer, must match. */
function assertSameOrigin(request: FastifyRequest, publicUrl: string) {
  const origin = request.headers.origin ?? request.headers.referer;
  const hasCookie = Boolean(request.headers.cookie);
  if (!origin) {
    if (hasCookie) throw new AppError('csrf_rejected');
    return;
  }
  let source: URL;
  try {
    source = new URL(origin);
  } catch {
    throw new AppError('csrf_rejected');
  }
  const host = request.headers.host;
  const allowed = new Set([new URL(publicUrl).host, host]);
  if (!allowed.has(source.host)) throw new AppError('csrf_rejected');
}
