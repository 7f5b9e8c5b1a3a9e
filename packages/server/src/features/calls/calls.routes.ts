import {
  applicationDetail,
  applicationInput,
  applicationListQuery,
  applicationPage,
  callDetail,
  callFormOptions,
  callInput,
  callListQuery,
  callPage,
  callRanking,
  callStatusChange,
  callTeamList,
  callUpdate,
  interviewInput,
  myApplicationList,
  selectionInput,
  teamInput,
  teamPlacementsInput,
  teamPlacementsResult,
} from '@tilts/shared';
import type { FastifyPluginAsync } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Deps } from '../../deps.ts';
import { actorOf } from '../../http/access.ts';
import { sendCsv } from '../../http/csv.ts';
import * as applications from './applications.service.ts';
import * as calls from './calls.service.ts';
import * as selection from './selection.service.ts';
import * as teams from './teams.service.ts';

const tags = ['calls'];
const managers = calls.callManagers;
const staff = calls.callStaff;
const learners = ['learner'] as const;
/** Staff read every call; a learner the open ones and those they applied to (the service decides). */
const readers = [...staff, 'learner'] as const;
const byId = z.object({ id: z.uuid() });
const byTeam = z.object({ id: z.uuid(), teamId: z.uuid() });

export function callRoutes(deps: Deps): FastifyPluginAsync {
  return async (plain) => {
    const app = plain.withTypeProvider<ZodTypeProvider>();

    app.get(
      '/calls',
      {
        config: { access: readers },
        schema: { tags, querystring: callListQuery, response: { 200: callPage } },
      },
      async (request) => calls.listCalls(deps, actorOf(request), request.query),
    );
    app.get(
      '/calls.csv',
      { config: { access: staff }, schema: { tags, querystring: callListQuery } },
      async (request, reply) => {
        const { items } = await calls.listCalls(deps, actorOf(request), request.query, true);
        return sendCsv(
          reply,
          'calls.csv',
          ['title', 'project', 'status', 'opens_on', 'deadline', 'places', 'destinations', 'applications'],
          items.map((c) => [
            c.title,
            c.projectLabel,
            c.status,
            c.opensOn,
            c.deadline,
            c.places,
            c.destinations.join('; '),
            c.applications,
          ]),
        );
      },
    );
    app.get(
      '/calls/form-options',
      { config: { access: staff }, schema: { tags, response: { 200: callFormOptions } } },
      async (request) => calls.callFormOptions(deps, actorOf(request)),
    );
    app.post(
      '/calls',
      { config: { access: managers }, schema: { tags, body: callInput, response: { 200: callDetail } } },
      async (request) => calls.createCall(deps, actorOf(request), request.body),
    );
    app.get(
      '/calls/:id',
      { config: { access: readers }, schema: { tags, params: byId, response: { 200: callDetail } } },
      async (request) => calls.getCall(deps, actorOf(request), request.params.id),
    );
    app.put(
      '/calls/:id',
      {
        config: { access: managers },
        schema: { tags, params: byId, body: callUpdate, response: { 200: callDetail } },
      },
      async (request) =>
        calls.updateCall(
          deps,
          actorOf(request),
          request.params.id,
          request.body.lockVersion,
          request.body.call,
        ),
    );
    app.post(
      '/calls/:id/status',
      {
        config: { access: managers },
        schema: { tags, params: byId, body: callStatusChange, response: { 200: callDetail } },
      },
      async (request) => calls.changeCallStatus(deps, actorOf(request), request.params.id, request.body.to),
    );
    app.post(
      '/calls/:id/decide',
      { config: { access: managers }, schema: { tags, params: byId, response: { 200: callDetail } } },
      async (request) => selection.decideCall(deps, actorOf(request), request.params.id),
    );

    // Applicants, interviews, ranking and selection
    app.get(
      '/calls/:id/applications',
      {
        config: { access: staff },
        schema: { tags, params: byId, querystring: applicationListQuery, response: { 200: applicationPage } },
      },
      async (request) => selection.listApplications(deps, actorOf(request), request.params.id, request.query),
    );
    app.get(
      '/calls/:id/applications.csv',
      { config: { access: staff }, schema: { tags, params: byId, querystring: applicationListQuery } },
      async (request, reply) => {
        const { items, criteria } = await selection.listApplications(
          deps,
          actorOf(request),
          request.params.id,
          request.query,
          true,
        );
        return sendCsv(
          reply,
          'applications.csv',
          [
            'rank',
            'learner',
            'email',
            'status',
            'reserve_rank',
            'submitted_at',
            'languages',
            ...criteria.map((c) => c.label || c.key),
            'total',
          ],
          items.map((a) => [
            a.rank,
            a.learnerName,
            a.learnerEmail,
            a.status,
            a.reserveRank,
            a.submittedAt,
            a.languages.map((l) => `${l.language} ${l.level}`).join('; '),
            ...criteria.map((c) => a.scores?.[c.key] ?? ''),
            a.total,
          ]),
        );
      },
    );
    app.post(
      '/calls/:id/applications',
      {
        config: { access: learners },
        schema: { tags, params: byId, body: applicationInput, response: { 200: applicationDetail } },
      },
      async (request) => applications.apply(deps, actorOf(request), request.params.id, request.body),
    );
    app.get(
      '/calls/:id/ranking',
      { config: { access: staff }, schema: { tags, params: byId, response: { 200: callRanking } } },
      async (request) => selection.getRanking(deps, actorOf(request), request.params.id),
    );
    app.put(
      '/calls/:id/selection',
      {
        config: { access: managers },
        schema: { tags, params: byId, body: selectionInput, response: { 200: callRanking } },
      },
      async (request) => selection.saveSelection(deps, actorOf(request), request.params.id, request.body),
    );

    // Teams per destination and host, and the placements made from them
    app.get(
      '/calls/:id/teams',
      { config: { access: staff }, schema: { tags, params: byId, response: { 200: callTeamList } } },
      async (request) => teams.listTeams(deps, actorOf(request), request.params.id),
    );
    app.post(
      '/calls/:id/teams',
      {
        config: { access: managers },
        schema: { tags, params: byId, body: teamInput, response: { 200: callTeamList } },
      },
      async (request) => teams.createTeam(deps, actorOf(request), request.params.id, request.body),
    );
    app.put(
      '/calls/:id/teams/:teamId',
      {
        config: { access: managers },
        schema: { tags, params: byTeam, body: teamInput, response: { 200: callTeamList } },
      },
      async (request) =>
        teams.updateTeam(deps, actorOf(request), request.params.id, request.params.teamId, request.body),
    );
    app.delete(
      '/calls/:id/teams/:teamId',
      { config: { access: managers }, schema: { tags, params: byTeam, response: { 200: callTeamList } } },
      async (request) => teams.deleteTeam(deps, actorOf(request), request.params.id, request.params.teamId),
    );
    app.post(
      '/calls/:id/teams/:teamId/placements',
      {
        config: { access: managers },
        schema: { tags, params: byTeam, body: teamPlacementsInput, response: { 200: teamPlacementsResult } },
      },
      async (request) =>
        teams.createTeamPlacements(
          deps,
          actorOf(request),
          request.params.id,
          request.params.teamId,
          request.body,
        ),
    );

    // One application: its learner's, or any for the school's staff
    app.get(
      '/applications/mine',
      { config: { access: learners }, schema: { tags, response: { 200: myApplicationList } } },
      async (request) => applications.myApplications(deps, actorOf(request)),
    );
    app.get(
      '/applications/:id',
      { config: { access: readers }, schema: { tags, params: byId, response: { 200: applicationDetail } } },
      async (request) => applications.getApplication(deps, actorOf(request), request.params.id),
    );
    app.put(
      '/applications/:id',
      {
        config: { access: learners },
        schema: { tags, params: byId, body: applicationInput, response: { 200: applicationDetail } },
      },
      async (request) =>
        applications.updateApplication(deps, actorOf(request), request.params.id, request.body),
    );
    app.post(
      '/applications/:id/withdraw',
      { config: { access: learners }, schema: { tags, params: byId, response: { 200: applicationDetail } } },
      async (request) => applications.withdrawApplication(deps, actorOf(request), request.params.id),
    );
    app.put(
      '/applications/:id/interview',
      {
        config: { access: staff },
        schema: { tags, params: byId, body: interviewInput, response: { 200: applicationDetail } },
      },
      async (request) =>
        applications.recordInterview(deps, actorOf(request), request.params.id, request.body),
    );
  };
}
