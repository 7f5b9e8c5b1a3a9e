import { createProject } from '../../src/demo/factories.ts';
import type { AccessModule } from './types.ts';

const readers = ['admin', 'coordinator', 'teacher', 'learner'] as const;
const staff = ['admin', 'coordinator', 'teacher'] as const;
const managers = ['admin', 'coordinator'] as const;
const learner = ['learner'] as const;

const day = (offset: number) => new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);

const callBody = (projectId: string) => ({
  projectId,
  title: 'Prakse Vācijā',
  places: 2,
  opensOn: day(-1),
  deadline: day(30),
  destinations: [{ country: 'DE', city: 'Dresden', places: 2 }],
});
const applicationBody = (destinationId: string) => ({
  motivation: 'Vēlos apgūt CNC darbgaldu programmēšanu.',
  languages: [{ language: 'angļu', level: 'B2' }],
  destinations: [destinationId],
  dataConsent: true,
});
const teamBody = (w: { records: Record<string, string> }) => ({
  destinationId: w.records.callDestination,
  members: [w.records.application],
});

/**
 * Calls and selection: staff read, coordinators and admins decide, learners apply; supervisors see
 * nothing. School A has an open call (today within its dates) to which the world's learner applied,
 * was selected and put in a team.
 */
export const callAccess: AccessModule = {
  async setup(t, w) {
    const db = t.deps.db;
    const schoolId = w.schoolA.id;
    const project = await createProject(db, {
      schoolId,
      callYear: 2026,
      startDate: day(-30),
      endDate: day(700),
    });
    const call = await db
      .insertInto('calls')
      .values({
        school_id: schoolId,
        project_id: project.id,
        title: 'Piekļuves konkurss',
        places: 2,
        opens_on: day(-1),
        deadline: day(30),
        status: 'open',
      })
      .returning(['id'])
      .executeTakeFirstOrThrow();
    const destination = await db
      .insertInto('call_destinations')
      .values({
        school_id: schoolId,
        call_id: call.id,
        position: 0,
        country: 'DE',
        city: 'Dresden',
        places: 2,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    const application = await db
      .insertInto('call_applications')
      .values({
        school_id: schoolId,
        call_id: call.id,
        learner_id: w.users.learner.id,
        motivation: 'Vēlos apgūt CNC darbgaldu programmēšanu.',
        languages: JSON.stringify([{ language: 'angļu', level: 'B2' }]),
        consent_data: true,
        status: 'selected',
        destination_id: destination.id,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await db
      .insertInto('call_application_destinations')
      .values({
        school_id: schoolId,
        application_id: application.id,
        destination_id: destination.id,
        preference: 1,
      })
      .execute();
    const team = await db
      .insertInto('call_teams')
      .values({ school_id: schoolId, call_id: call.id, destination_id: destination.id })
      .returning('id')
      .executeTakeFirstOrThrow();
    await db
      .insertInto('call_team_members')
      .values({ school_id: schoolId, team_id: team.id, application_id: application.id })
      .execute();
    Object.assign(w.records, {
      callProject: project.id,
      call: call.id,
      callDestination: destination.id,
      application: application.id,
      callTeam: team.id,
    });
  },
  rows: [
    { method: 'GET', url: '/api/calls', allowed: readers },
    { method: 'GET', url: '/api/calls.csv', allowed: staff },
    { method: 'GET', url: '/api/calls/form-options', allowed: staff },
    { method: 'POST', url: '/api/calls', body: (w) => callBody(w.records.callProject!), allowed: managers },
    {
      method: 'GET',
      url: '/api/calls/:id',
      path: (w) => `/api/calls/${w.records.call}`,
      allowed: readers,
      schoolARecord: true,
    },
    {
      method: 'PUT',
      url: '/api/calls/:id',
      path: (w) => `/api/calls/${w.records.call}`,
      body: (w) => ({ lockVersion: 1, call: callBody(w.records.callProject!) }),
      allowed: managers,
      schoolARecord: true,
    },
    {
      method: 'POST',
      url: '/api/calls/:id/status',
      path: (w) => `/api/calls/${w.records.call}/status`,
      body: { to: 'open' },
      allowed: managers,
      schoolARecord: true,
    },
    {
      method: 'POST',
      url: '/api/calls/:id/decide',
      path: (w) => `/api/calls/${w.records.call}/decide`,
      allowed: managers,
      schoolARecord: true,
    },
    {
      method: 'GET',
      url: '/api/calls/:id/applications',
      path: (w) => `/api/calls/${w.records.call}/applications`,
      allowed: staff,
      schoolARecord: true,
    },
    {
      method: 'GET',
      url: '/api/calls/:id/applications.csv',
      path: (w) => `/api/calls/${w.records.call}/applications.csv`,
      allowed: staff,
      schoolARecord: true,
    },
    {
      method: 'POST',
      url: '/api/calls/:id/applications',
      path: (w) => `/api/calls/${w.records.call}/applications`,
      body: (w) => applicationBody(w.records.callDestination!),
      allowed: learner,
      schoolARecord: true,
    },
    {
      method: 'GET',
      url: '/api/calls/:id/ranking',
      path: (w) => `/api/calls/${w.records.call}/ranking`,
      allowed: staff,
      schoolARecord: true,
    },
    {
      method: 'PUT',
      url: '/api/calls/:id/selection',
      path: (w) => `/api/calls/${w.records.call}/selection`,
      body: (w) => ({
        selected: [{ applicationId: w.records.application, destinationId: w.records.callDestination }],
        reserve: [],
        notSelected: [],
      }),
      allowed: managers,
      schoolARecord: true,
    },
    {
      method: 'GET',
      url: '/api/calls/:id/teams',
      path: (w) => `/api/calls/${w.records.call}/teams`,
      allowed: staff,
      schoolARecord: true,
    },
    {
      method: 'POST',
      url: '/api/calls/:id/teams',
      path: (w) => `/api/calls/${w.records.call}/teams`,
      body: teamBody,
      allowed: managers,
      schoolARecord: true,
    },
    {
      method: 'PUT',
      url: '/api/calls/:id/teams/:teamId',
      path: (w) => `/api/calls/${w.records.call}/teams/${w.records.callTeam}`,
      body: teamBody,
      allowed: managers,
      schoolARecord: true,
    },
    {
      method: 'POST',
      url: '/api/calls/:id/teams/:teamId/placements',
      path: (w) => `/api/calls/${w.records.call}/teams/${w.records.callTeam}/placements`,
      body: { mode: 'individual', startDate: day(60), endDate: day(73) },
      allowed: managers,
      schoolARecord: true,
    },
    {
      method: 'DELETE',
      url: '/api/calls/:id/teams/:teamId',
      path: (w) => `/api/calls/${w.records.call}/teams/${w.records.callTeam}`,
      allowed: managers,
      schoolARecord: true,
    },
    { method: 'GET', url: '/api/applications/mine', allowed: learner },
    {
      method: 'GET',
      url: '/api/applications/:id',
      path: (w) => `/api/applications/${w.records.application}`,
      allowed: readers,
      schoolARecord: true,
    },
    {
      method: 'PUT',
      url: '/api/applications/:id/interview',
      path: (w) => `/api/applications/${w.records.application}/interview`,
      body: { date: day(0), scores: { preparation: 5, social: 5, individual: 5, language: 5 } },
      allowed: staff,
      schoolARecord: true,
    },
    {
      method: 'PUT',
      url: '/api/applications/:id',
      path: (w) => `/api/applications/${w.records.application}`,
      body: (w) => applicationBody(w.records.callDestination!),
      allowed: learner,
      schoolARecord: true,
    },
    {
      method: 'POST',
      url: '/api/applications/:id/withdraw',
      path: (w) => `/api/applications/${w.records.application}/withdraw`,
      allowed: learner,
      schoolARecord: true,
    },
  ],
};
