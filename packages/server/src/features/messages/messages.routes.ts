import {
  messageInput,
  roles,
  threadLinkIntroduction,
  threadLinkMessage,
  threadLinkQuery,
  threadLinkView,
  threadResponse,
  unreadResponse,
} from '@tilts/shared';
import type { FastifyPluginAsync, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Deps } from '../../deps.ts';
import { actorOf } from '../../http/access.ts';
import * as messages from './messages.service.ts';

const tags = ['messages'];
const byId = z.object({ id: z.uuid() });
const meta = (request: FastifyRequest): messages.RequestMeta => ({ ip: request.ip, requestId: request.id });

/** The thread of each placement, and the supervisor's way into it through an e-mailed link. */
export function messageRoutes(deps: Deps): FastifyPluginAsync {
  return async (plain) => {
    const app = plain.withTypeProvider<ZodTypeProvider>();

    app.get(
      '/placements/:id/messages',
      { config: { access: roles }, schema: { tags, params: byId, response: { 200: threadResponse } } },
      async (request) => messages.getThread(deps, actorOf(request), request.params.id),
    );
    app.post(
      '/placements/:id/messages',
      {
        config: { access: roles },
        schema: { tags, params: byId, body: messageInput, response: { 200: threadResponse } },
      },
      async (request) => messages.postMessage(deps, actorOf(request), request.params.id, request.body),
    );
    app.get(
      '/messages/unread',
      { config: { access: roles }, schema: { tags, response: { 200: unreadResponse } } },
      async (request) => messages.unreadCounts(deps, actorOf(request)),
    );

    // The workplace supervisor has no account: the token in the e-mailed link is the permission.
    app.get(
      '/thread-link',
      {
        config: { access: 'public' },
        schema: { tags, querystring: threadLinkQuery, response: { 200: threadLinkView } },
      },
      async (request) => messages.threadByLink(deps, request.query.token),
    );
    app.post(
      '/thread-link/messages',
      {
        config: { access: 'public' },
        schema: { tags, body: threadLinkMessage, response: { 200: threadLinkView } },
      },
      async (request) =>
        messages.postByLink(deps, request.body.token, request.body, request.locale, meta(request)),
    );
    app.put(
      '/thread-link/introduction',
      {
        config: { access: 'public' },
        schema: { tags, body: threadLinkIntroduction, response: { 200: threadLinkView } },
      },
      async (request) =>
        messages.introduceByLink(deps, request.body.token, request.body, request.locale, meta(request)),
    );
  };
}
