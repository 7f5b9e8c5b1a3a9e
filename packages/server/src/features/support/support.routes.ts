import {
  goalInput,
  intakeInput,
  intakeResponse,
  introductionInput,
  introductionsResponse,
  roles,
  selfAssessmentInput,
  selfMentoringResponse,
} from '@tilts/shared';
import type { FastifyPluginAsync } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Deps } from '../../deps.ts';
import { actorOf } from '../../http/access.ts';
import * as goals from './goals.service.ts';
import * as intake from './intake.service.ts';

const tags = ['support'];
const byId = z.object({ id: z.uuid() });
/** The supervisor never reads the learner's intake, goals or self-assessment: they are personal. */
const schoolPeople = ['admin', 'coordinator', 'teacher', 'learner'] as const;
const learner = ['learner'] as const;

/** Before the start (intake, introductions) and self-mentoring (goals, self-assessment) on a placement. */
export function supportRoutes(deps: Deps): FastifyPluginAsync {
  return async (plain) => {
    const app = plain.withTypeProvider<ZodTypeProvider>();

    app.get(
      '/placements/:id/intake',
      { config: { access: schoolPeople }, schema: { tags, params: byId, response: { 200: intakeResponse } } },
      async (request) => intake.getIntake(deps, actorOf(request), request.params.id),
    );
    app.put(
      '/placements/:id/intake',
      {
        config: { access: learner },
        schema: { tags, params: byId, body: intakeInput, response: { 200: intakeResponse } },
      },
      async (request) => intake.saveIntake(deps, actorOf(request), request.params.id, request.body),
    );
    app.get(
      '/placements/:id/introductions',
      { config: { access: roles }, schema: { tags, params: byId, response: { 200: introductionsResponse } } },
      async (request) => intake.getIntroductions(deps, actorOf(request), request.params.id),
    );
    app.put(
      '/placements/:id/introductions/mine',
      {
        config: { access: roles },
        schema: { tags, params: byId, body: introductionInput, response: { 200: introductionsResponse } },
      },
      async (request) => intake.saveMyIntroduction(deps, actorOf(request), request.params.id, request.body),
    );

    app.get(
      '/placements/:id/self-mentoring',
      {
        config: { access: schoolPeople },
        schema: { tags, params: byId, response: { 200: selfMentoringResponse } },
      },
      async (request) => goals.getSelfMentoring(deps, actorOf(request), request.params.id),
    );
    app.post(
      '/placements/:id/goals',
      {
        config: { access: learner },
        schema: { tags, params: byId, body: goalInput, response: { 200: selfMentoringResponse } },
      },
      async (request) => goals.addGoal(deps, actorOf(request), request.params.id, request.body),
    );
    app.put(
      '/placements/:id/goals/:goalId',
      {
        config: { access: learner },
        schema: {
          tags,
          params: byId.extend({ goalId: z.uuid() }),
          body: goalInput,
          response: { 200: selfMentoringResponse },
        },
      },
      async (request) =>
        goals.updateGoal(deps, actorOf(request), request.params.id, request.params.goalId, request.body),
    );
    app.put(
      '/placements/:id/self-assessment',
      {
        config: { access: learner },
        schema: { tags, params: byId, body: selfAssessmentInput, response: { 200: selfMentoringResponse } },
      },
      async (request) => goals.saveSelfAssessment(deps, actorOf(request), request.params.id, request.body),
    );
  };
}
