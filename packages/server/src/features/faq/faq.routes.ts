import {
  faqEntry,
  faqInput,
  faqListQuery,
  faqPage,
  faqUpdate,
  faqVoteInput,
  okResponse,
  roles,
  supportTopicNames,
  topicReport,
  topicReportQuery,
} from '@tilts/shared';
import type { FastifyPluginAsync } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Deps } from '../../deps.ts';
import { actorOf } from '../../http/access.ts';
import { sendCsv } from '../../http/csv.ts';
import * as faq from './faq.service.ts';

const tags = ['faq'];
const byId = z.object({ id: z.uuid() });
const editors = faq.faqEditors;

/** The FAQ per audience, its votes and views, and the school's report of the most asked topics. */
export function faqRoutes(deps: Deps): FastifyPluginAsync {
  return async (plain) => {
    const app = plain.withTypeProvider<ZodTypeProvider>();

    app.get(
      '/faq',
      { config: { access: roles }, schema: { tags, querystring: faqListQuery, response: { 200: faqPage } } },
      async (request) => faq.listFaq(deps, actorOf(request), request.query),
    );
    app.post(
      '/faq',
      { config: { access: editors }, schema: { tags, body: faqInput, response: { 200: faqEntry } } },
      async (request) => faq.createFaq(deps, actorOf(request), request.body),
    );
    app.put(
      '/faq/:id',
      {
        config: { access: editors },
        schema: { tags, params: byId, body: faqUpdate, response: { 200: faqEntry } },
      },
      async (request) =>
        faq.updateFaq(
          deps,
          actorOf(request),
          request.params.id,
          request.body.lockVersion,
          request.body.entry,
        ),
    );
    app.post(
      '/faq/:id/vote',
      {
        config: { access: roles },
        schema: { tags, params: byId, body: faqVoteInput, response: { 200: faqEntry } },
      },
      async (request) => faq.voteFaq(deps, actorOf(request), request.params.id, request.body.helpful),
    );
    app.post(
      '/faq/:id/views',
      { config: { access: roles }, schema: { tags, params: byId, response: { 200: okResponse } } },
      async (request) => {
        await faq.recordFaqView(deps, actorOf(request), request.params.id);
        return { ok: true as const };
      },
    );
    app.get(
      '/faq/report',
      {
        config: { access: editors },
        schema: { tags, querystring: topicReportQuery, response: { 200: topicReport } },
      },
      async (request) => faq.topicReport(deps, actorOf(request), request.query),
    );
    app.get(
      '/faq/report.csv',
      { config: { access: editors }, schema: { tags, querystring: topicReportQuery } },
      async (request, reply) => {
        const report = await faq.topicReport(deps, actorOf(request), request.query);
        const names = supportTopicNames[request.locale];
        return sendCsv(
          reply,
          `topics-${report.from}-${report.to}.csv`,
          ['topic', 'forum_questions', 'help_tickets', 'asked', 'faq_views', 'helpful_yes', 'helpful_no'],
          report.rows.map((r) => [
            names[r.topic],
            r.forumQuestions,
            r.helpTickets,
            r.asked,
            r.faqViews,
            r.helpfulYes,
            r.helpfulNo,
          ]),
        );
      },
    );
  };
}
