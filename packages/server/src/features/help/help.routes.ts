import {
  helpContext,
  helpListQuery,
  helpReplyInput,
  helpStatusInput,
  helpTicketDetail,
  helpTicketInput,
  helpTicketPage,
  roles,
} from '@tilts/shared';
import type { FastifyPluginAsync } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Deps } from '../../deps.ts';
import { actorOf } from '../../http/access.ts';
import * as help from './help.service.ts';

const tags = ['help'];
const byId = z.object({ id: z.uuid() });

/** "Need help": tickets to the school's technical support or to the learner's mentor (seed 001, 3.2). */
export function helpRoutes(deps: Deps): FastifyPluginAsync {
  return async (plain) => {
    const app = plain.withTypeProvider<ZodTypeProvider>();

    app.get(
      '/help/context',
      { config: { access: roles }, schema: { tags, response: { 200: helpContext } } },
      async (request) => help.helpContext(deps, actorOf(request)),
    );
    app.get(
      '/help/tickets',
      {
        config: { access: roles },
        schema: { tags, querystring: helpListQuery, response: { 200: helpTicketPage } },
      },
      async (request) => help.listTickets(deps, actorOf(request), request.query),
    );
    app.post(
      '/help/tickets',
      {
        config: { access: roles },
        schema: { tags, body: helpTicketInput, response: { 200: helpTicketDetail } },
      },
      async (request) => help.createTicket(deps, actorOf(request), request.body),
    );
    app.get(
      '/help/tickets/:id',
      { config: { access: roles }, schema: { tags, params: byId, response: { 200: helpTicketDetail } } },
      async (request) => help.getTicket(deps, actorOf(request), request.params.id),
    );
    app.post(
      '/help/tickets/:id/replies',
      {
        config: { access: roles },
        schema: { tags, params: byId, body: helpReplyInput, response: { 200: helpTicketDetail } },
      },
      async (request) => help.replyTicket(deps, actorOf(request), request.params.id, request.body.body),
    );
    app.post(
      '/help/tickets/:id/status',
      {
        config: { access: roles },
        schema: { tags, params: byId, body: helpStatusInput, response: { 200: helpTicketDetail } },
      },
      async (request) => help.setTicketStatus(deps, actorOf(request), request.params.id, request.body.status),
    );
  };
}
