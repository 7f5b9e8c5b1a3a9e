import { notificationsQuery, notificationsResponse, roles, unreadCountResponse } from '@tilts/shared';
import type { FastifyPluginAsync } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Deps } from '../../deps.ts';
import { actorOf } from '../../http/access.ts';
import * as notifications from './notifications.service.ts';

const tags = ['notifications'];
const byId = z.object({ id: z.uuid() });

/** The bell: everyone's own in-app notices in their current school. */
export function notificationRoutes(deps: Deps): FastifyPluginAsync {
  return async (plain) => {
    const app = plain.withTypeProvider<ZodTypeProvider>();
    app.get(
      '/notifications',
      {
        config: { access: roles },
        schema: { tags, querystring: notificationsQuery, response: { 200: notificationsResponse } },
      },
      async (request) => notifications.listNotifications(deps, actorOf(request), request.query),
    );
    app.get(
      '/notifications/unread-count',
      { config: { access: roles }, schema: { tags, response: { 200: unreadCountResponse } } },
      async (request) => notifications.unreadCount(deps, actorOf(request)),
    );
    app.post(
      '/notifications/:id/read',
      { config: { access: roles }, schema: { tags, params: byId, response: { 200: unreadCountResponse } } },
      async (request) => notifications.markRead(deps, actorOf(request), request.params.id),
    );
    app.post(
      '/notifications/read-all',
      { config: { access: roles }, schema: { tags, response: { 200: unreadCountResponse } } },
      async (request) => notifications.markAllRead(deps, actorOf(request)),
    );
  };
}
