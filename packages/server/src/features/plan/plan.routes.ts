import { extensionInput, myTasksResponse, planResponse, roles, taskInput } from '@tilts/shared';
import type { FastifyPluginAsync } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Deps } from '../../deps.ts';
import { actorOf } from '../../http/access.ts';
import * as tasks from './tasks.service.ts';

const tags = ['plan'];
const byId = z.object({ id: z.uuid() });
const staff = ['admin', 'coordinator', 'teacher'] as const;
const learner = ['learner'] as const;

/** A placement's plan: tasks with deadlines, each learner's progress, extensions. */
export function planRoutes(deps: Deps): FastifyPluginAsync {
  return async (plain) => {
    const app = plain.withTypeProvider<ZodTypeProvider>();
    app.get(
      '/placements/:id/plan',
      { config: { access: roles }, schema: { tags, params: byId, response: { 200: planResponse } } },
      async (request) => tasks.getPlan(deps, actorOf(request), request.params.id),
    );
    app.post(
      '/placements/:id/tasks',
      {
        config: { access: staff },
        schema: { tags, params: byId, body: taskInput, response: { 200: planResponse } },
      },
      async (request) => tasks.addTask(deps, actorOf(request), request.params.id, request.body),
    );
    app.put(
      '/tasks/:id',
      {
        config: { access: staff },
        schema: { tags, params: byId, body: taskInput, response: { 200: planResponse } },
      },
      async (request) => tasks.updateTask(deps, actorOf(request), request.params.id, request.body),
    );
    app.delete(
      '/tasks/:id',
      { config: { access: staff }, schema: { tags, params: byId, response: { 200: planResponse } } },
      async (request) => tasks.deleteTask(deps, actorOf(request), request.params.id),
    );
    app.put(
      '/tasks/:id/done',
      { config: { access: learner }, schema: { tags, params: byId, response: { 200: planResponse } } },
      async (request) => tasks.markTaskDone(deps, actorOf(request), request.params.id, true),
    );
    app.delete(
      '/tasks/:id/done',
      { config: { access: learner }, schema: { tags, params: byId, response: { 200: planResponse } } },
      async (request) => tasks.markTaskDone(deps, actorOf(request), request.params.id, false),
    );
    app.post(
      '/tasks/:id/extensions',
      {
        config: { access: staff },
        schema: { tags, params: byId, body: extensionInput, response: { 200: planResponse } },
      },
      async (request) => tasks.grantExtension(deps, actorOf(request), request.params.id, request.body),
    );
    app.get(
      '/my/tasks',
      { config: { access: learner }, schema: { tags, response: { 200: myTasksResponse } } },
      async (request) => tasks.myTasks(deps, actorOf(request)),
    );
  };
}
