import {
  optionList,
  programme,
  programmeInput,
  programmeListQuery,
  programmePage,
  project,
  projectInput,
  projectListQuery,
  projectPage,
} from '@tilts/shared';
import type { FastifyPluginAsync } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Deps } from '../../deps.ts';
import { actorOf } from '../../http/access.ts';
import { sendCsv } from '../../http/csv.ts';
import * as programmes from './programmes.service.ts';
import * as projects from './projects.service.ts';

const readers = ['admin', 'coordinator', 'teacher'] as const;
const writers = ['admin', 'coordinator'] as const;
const byId = z.object({ id: z.uuid() });

export function projectRoutes(deps: Deps): FastifyPluginAsync {
  return async (plain) => {
    const app = plain.withTypeProvider<ZodTypeProvider>();
    const tags = ['projects'];

    app.get(
      '/projects',
      {
        config: { access: readers },
        schema: { tags, querystring: projectListQuery, response: { 200: projectPage } },
      },
      async (request) => projects.listProjects(deps, actorOf(request), request.query),
    );
    app.get(
      '/projects.csv',
      { config: { access: readers }, schema: { tags, querystring: projectListQuery } },
      async (request, reply) => {
        const { items } = await projects.listProjects(deps, actorOf(request), request.query, true);
        return sendCsv(
          reply,
          'projects.csv',
          [
            'action',
            'call_year',
            'project_number',
            'title',
            'budget_eur',
            'start_date',
            'end_date',
            'placements',
          ],
          items.map((p) => [
            p.action,
            p.callYear,
            p.projectNumber,
            p.title,
            p.budgetEur,
            p.startDate,
            p.endDate,
            p.placements,
          ]),
        );
      },
    );
    app.get(
      '/projects/options',
      { config: { access: readers }, schema: { tags, response: { 200: optionList } } },
      async (request) => projects.projectOptions(deps, actorOf(request)),
    );
    app.get(
      '/projects/:id',
      { config: { access: readers }, schema: { tags, params: byId, response: { 200: project } } },
      async (request) => projects.getProject(deps, actorOf(request), request.params.id),
    );
    app.post(
      '/projects',
      { config: { access: writers }, schema: { tags, body: projectInput, response: { 200: project } } },
      async (request) => projects.createProject(deps, actorOf(request), request.body),
    );
    app.put(
      '/projects/:id',
      {
        config: { access: writers },
        schema: { tags, params: byId, body: projectInput, response: { 200: project } },
      },
      async (request) => projects.updateProject(deps, actorOf(request), request.params.id, request.body),
    );

    const ptags = ['programmes'];
    app.get(
      '/programmes',
      {
        config: { access: readers },
        schema: { tags: ptags, querystring: programmeListQuery, response: { 200: programmePage } },
      },
      async (request) => programmes.listProgrammes(deps, actorOf(request), request.query),
    );
    app.get(
      '/programmes.csv',
      { config: { access: readers }, schema: { tags: ptags, querystring: programmeListQuery } },
      async (request, reply) => {
        const { items } = await programmes.listProgrammes(deps, actorOf(request), request.query, true);
        return sendCsv(
          reply,
          'programmes.csv',
          ['kind', 'title', 'qualification', 'hours', 'start_date', 'end_date', 'tasks', 'placements'],
          items.map((p) => [
            p.kind,
            p.title,
            p.qualificationTitle,
            p.hours,
            p.startDate,
            p.endDate,
            p.taskTemplate.length,
            p.placements,
          ]),
        );
      },
    );
    app.get(
      '/programmes/options',
      { config: { access: readers }, schema: { tags: ptags, response: { 200: optionList } } },
      async (request) => programmes.programmeOptions(deps, actorOf(request)),
    );
    app.get(
      '/programmes/:id',
      { config: { access: readers }, schema: { tags: ptags, params: byId, response: { 200: programme } } },
      async (request) => programmes.getProgramme(deps, actorOf(request), request.params.id),
    );
    app.post(
      '/programmes',
      {
        config: { access: writers },
        schema: { tags: ptags, body: programmeInput, response: { 200: programme } },
      },
      async (request) => programmes.createProgramme(deps, actorOf(request), request.body),
    );
    app.put(
      '/programmes/:id',
      {
        config: { access: writers },
        schema: { tags: ptags, params: byId, body: programmeInput, response: { 200: programme } },
      },
      async (request) => programmes.updateProgramme(deps, actorOf(request), request.params.id, request.body),
    );
  };
}
