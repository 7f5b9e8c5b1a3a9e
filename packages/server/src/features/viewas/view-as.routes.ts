import { me, viewAsRequest } from '@tilts/shared';
import type { FastifyPluginAsync } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { Deps } from '../../deps.ts';
import { actorOf, sessionOf } from '../../http/access.ts';
import * as viewAs from './view-as.service.ts';

const tags = ['view-as'];
const staff = ['admin', 'coordinator', 'teacher'] as const;

/** View as learner: start (staff who have the learner) and exit (the session that is viewing). */
export function viewAsRoutes(deps: Deps): FastifyPluginAsync {
  return async (plain) => {
    const app = plain.withTypeProvider<ZodTypeProvider>();
    app.post(
      '/view-as',
      { config: { access: staff }, schema: { tags, body: viewAsRequest, response: { 200: me } } },
      async (request) =>
        viewAs.startViewAs(deps, actorOf(request), sessionOf(request), request.body.learnerId),
    );
    app.post(
      '/view-as/stop',
      { config: { access: 'session' }, schema: { tags, response: { 200: me } } },
      async (request) =>
        viewAs.stopViewAs(deps, sessionOf(request), { ip: request.ip, requestId: request.id }),
    );
  };
}
