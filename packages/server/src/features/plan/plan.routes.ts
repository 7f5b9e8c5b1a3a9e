import {
  extensionInput,
  myTasksResponse,
  planResponse,
  roles,
  taskInput,
  upcomingDeadlinesResponse,
} from '@tilts/shared';
import type { FastifyPluginAsync } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Deps } from '../../deps.ts';
import { actorOf } from '../../http/access.ts';
import { sendCsv } from '../../http/csv.ts';
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
    app.get(
      '/placements/:id/plan.csv',
      { config: { access: roles }, schema: { tags, params: byId } },
      async (request, reply) => {
        const plan = await tasks.getPlan(deps, actorOf(request), request.params.id);
        // One row per task and learner (a task without learners still has its row).
        const rows = plan.tasks.flatMap((t) =>
          t.progress.length === 0
            ? [[t.title, t.description, t.dueDate, t.source, '', '', '', '']]
            : t.progress.map((p) => [
                t.title,
                t.description,
                t.dueDate,
                t.source,
                p.learner.name,
                p.dueDate,
                p.doneAt ?? '',
                p.extensions
                  .map((e) => `${e.previousDueDate} → ${e.newDueDate}: ${e.reason} (${e.grantedBy})`)
                  .join('; '),
              ]),
        );
        return sendCsv(
          reply,
          'plan.csv',
          [
            'task',
            'description',
            'due_date',
            'source',
            'learner',
            'learner_due_date',
            'done_at',
            'extensions',
          ],
          rows,
        );
      },
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
      '/plan/upcoming',
      { config: { access: staff }, schema: { tags, response: { 200: upcomingDeadlinesResponse } } },
      async (request) => tasks.upcomingDeadlines(deps, actorOf(request)),
    );
    app.get(
      '/my/tasks',
      { config: { access: learner }, schema: { tags, response: { 200: myTasksResponse } } },
      async (request) => tasks.myTasks(deps, actorOf(request)),
    );
  };
}
