import {
  acceptInvitationRequest,
  emailOnlyRequest,
  invitationInfo,
  loginRequest,
  me,
  okResponse,
  setPasswordRequest,
  switchSchoolRequest,
  tokenRequest,
  updateProfileRequest,
} from '@tilts/shared';
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Deps } from '../../deps.ts';
import { sessionOf } from '../../http/access.ts';
import * as auth from './auth.service.ts';

export const SESSION_COOKIE = 'tilts_session';

const tags = ['auth'];

function requestInfo(request: FastifyRequest): auth.RequestInfo {
  return { ip: request.ip, requestId: request.id, locale: request.locale };
}

function setSessionCookie(request: FastifyRequest, reply: FastifyReply, token: string, days: number) {
  reply.setCookie(SESSION_COOKIE, token, {
    path: '/',
    httpOnly: true,
    sameSite: 'lax',
    secure: request.protocol === 'https',
    maxAge: days * 86_400,
  });
}

export function authRoutes(deps: Deps): FastifyPluginAsync {
  return async (plain) => {
    const app = plain.withTypeProvider<ZodTypeProvider>();
    const signIn = (request: FastifyRequest, reply: FastifyReply, result: auth.SignedIn) => {
      setSessionCookie(request, reply, result.token, deps.config.SESSION_DAYS);
      return auth.meView(result.session);
    };

    app.post(
      '/login',
      { config: { access: 'public' }, schema: { tags, body: loginRequest, response: { 200: me } } },
      async (request, reply) =>
        signIn(request, reply, await auth.login(deps, request.body, requestInfo(request))),
    );

    app.post(
      '/logout',
      { config: { access: 'session' }, schema: { tags, response: { 200: okResponse } } },
      async (request, reply) => {
        await auth.logout(deps, sessionOf(request), requestInfo(request));
        reply.clearCookie(SESSION_COOKIE, { path: '/' });
        return { ok: true as const };
      },
    );

    app.get(
      '/me',
      { config: { access: 'session' }, schema: { tags, response: { 200: me } } },
      async (request) => auth.meView(sessionOf(request)),
    );

    app.patch(
      '/me',
      { config: { access: 'session' }, schema: { tags, body: updateProfileRequest, response: { 200: me } } },
      async (request) => {
        const session = sessionOf(request);
        await auth.setLocale(deps, session, request.body.locale);
        return auth.meView({ ...session, locale: request.body.locale });
      },
    );

    app.post(
      '/switch-school',
      { config: { access: 'session' }, schema: { tags, body: switchSchoolRequest, response: { 200: me } } },
      async (request) => {
        const session = sessionOf(request);
        await auth.switchSchool(deps, session, request.body.schoolId);
        return auth.meView({ ...session, schoolId: request.body.schoolId });
      },
    );

    app.post(
      '/password-reset/request',
      {
        config: { access: 'public' },
        schema: { tags, body: emailOnlyRequest, response: { 200: okResponse } },
      },
      async (request) => {
        await auth.requestPasswordReset(deps, request.body.email);
        return { ok: true as const };
      },
    );

    app.post(
      '/password-reset/confirm',
      { config: { access: 'public' }, schema: { tags, body: setPasswordRequest, response: { 200: me } } },
      async (request, reply) =>
        signIn(request, reply, await auth.confirmPasswordReset(deps, request.body, requestInfo(request))),
    );

    app.post(
      '/magic-link/request',
      {
        config: { access: 'public' },
        schema: { tags, body: emailOnlyRequest, response: { 200: okResponse } },
      },
      async (request) => {
        await auth.requestMagicLink(deps, request.body.email);
        return { ok: true as const };
      },
    );

    app.post(
      '/magic-link/consume',
      { config: { access: 'public' }, schema: { tags, body: tokenRequest, response: { 200: me } } },
      async (request, reply) =>
        signIn(request, reply, await auth.consumeMagicLink(deps, request.body.token, requestInfo(request))),
    );

    app.get(
      '/invitations/:token',
      {
        config: { access: 'public' },
        schema: {
          tags,
          params: z.object({ token: z.string().min(20).max(200) }),
          response: { 200: invitationInfo },
        },
      },
      async (request) => auth.describeInvitation(deps, request.params.token),
    );

    app.post(
      '/invitations/accept',
      {
        config: { access: 'public' },
        schema: { tags, body: acceptInvitationRequest, response: { 200: me } },
      },
      async (request, reply) =>
        signIn(request, reply, await auth.acceptInvitation(deps, request.body, requestInfo(request))),
    );
  };
}
