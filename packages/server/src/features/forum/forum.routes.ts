import {
  acceptAnswerInput,
  forumAnswerInput,
  forumProjects,
  forumQuestionDetail,
  forumQuestionInput,
  forumQuestionListQuery,
  forumQuestionPage,
  promoteInput,
} from '@tilts/shared';
import type { FastifyPluginAsync } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Deps } from '../../deps.ts';
import { actorOf } from '../../http/access.ts';
import * as forum from './forum.service.ts';

const tags = ['forum'];
const byId = z.object({ id: z.uuid() });
const members = forum.forumMembers;
const moderators = forum.forumModerators;

/** A forum per project: learners ask, staff answer, accept and promote answers into the FAQ. */
export function forumRoutes(deps: Deps): FastifyPluginAsync {
  return async (plain) => {
    const app = plain.withTypeProvider<ZodTypeProvider>();

    app.get(
      '/forum/projects',
      { config: { access: members }, schema: { tags, response: { 200: forumProjects } } },
      async (request) => forum.listForumProjects(deps, actorOf(request)),
    );
    app.get(
      '/forum/projects/:id/questions',
      {
        config: { access: members },
        schema: {
          tags,
          params: byId,
          querystring: forumQuestionListQuery,
          response: { 200: forumQuestionPage },
        },
      },
      async (request) => forum.listQuestions(deps, actorOf(request), request.params.id, request.query),
    );
    app.post(
      '/forum/projects/:id/questions',
      {
        config: { access: members },
        schema: { tags, params: byId, body: forumQuestionInput, response: { 200: forumQuestionDetail } },
      },
      async (request) => forum.askQuestion(deps, actorOf(request), request.params.id, request.body),
    );
    app.get(
      '/forum/questions/:id',
      { config: { access: members }, schema: { tags, params: byId, response: { 200: forumQuestionDetail } } },
      async (request) => forum.getQuestion(deps, actorOf(request), request.params.id),
    );
    app.post(
      '/forum/questions/:id/answers',
      {
        config: { access: members },
        schema: { tags, params: byId, body: forumAnswerInput, response: { 200: forumQuestionDetail } },
      },
      async (request) => forum.answerQuestion(deps, actorOf(request), request.params.id, request.body.body),
    );
    app.post(
      '/forum/questions/:id/accept',
      {
        config: { access: moderators },
        schema: { tags, params: byId, body: acceptAnswerInput, response: { 200: forumQuestionDetail } },
      },
      async (request) => forum.acceptAnswer(deps, actorOf(request), request.params.id, request.body.answerId),
    );
    app.post(
      '/forum/questions/:id/promote',
      {
        config: { access: moderators },
        schema: { tags, params: byId, body: promoteInput, response: { 200: forumQuestionDetail } },
      },
      async (request) => forum.promoteQuestion(deps, actorOf(request), request.params.id, request.body),
    );
  };
}
