import { calendarFeedCreated, calendarFeedView, roles } from '@tilts/shared';
import type { FastifyPluginAsync } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Deps } from '../../deps.ts';
import { AppError } from '../../errors.ts';
import { actorOf } from '../../http/access.ts';
import * as calendar from './calendar.service.ts';

const tags = ['calendar'];

/** The personal iCal feed: its secret address (made or reset by its owner) and the feed itself. */
export function calendarRoutes(deps: Deps): FastifyPluginAsync {
  return async (plain) => {
    const app = plain.withTypeProvider<ZodTypeProvider>();
    app.get(
      '/api/calendar',
      { config: { access: roles }, schema: { tags, response: { 200: calendarFeedView } } },
      async (request) => calendar.feedStatus(deps, actorOf(request)),
    );
    app.post(
      '/api/calendar/reset',
      { config: { access: roles }, schema: { tags, response: { 200: calendarFeedCreated } } },
      async (request) => calendar.resetFeed(deps, actorOf(request)),
    );
    // Calendar apps fetch this without a session: the secret in the address is the key.
    app.get(
      '/calendar/:file',
      { config: { access: 'public' }, schema: { tags, params: z.object({ file: z.string().max(300) }) } },
      async (request, reply) => {
        const match = /^([\w-]{20,200})\.ics$/.exec(request.params.file);
        if (!match) throw new AppError('not_found');
        const text = await calendar.feedText(deps, match[1]!);
        return reply
          .header('content-type', 'text/calendar; charset=utf-8')
          .header('cache-control', 'private, max-age=300')
          .header('content-disposition', 'inline; filename="tilts.ics"')
          .send(text);
      },
    );
  };
}
