import { createMobilityRules, createPartner, createProject } from '../../src/demo/factories.ts';
import { insertPlacement } from '../../src/demo/placements.ts';
import type { AccessModule } from './types.ts';

const members = ['admin', 'coordinator', 'teacher', 'learner', 'supervisor'] as const;
const staff = ['admin', 'coordinator', 'teacher'] as const;
const managers = ['admin', 'coordinator'] as const;

const project = {
  action: 'KA121',
  callYear: 2026,
  projectNumber: 'ACCESS-1',
  title: 'Access',
  budgetEur: 1,
  startDate: '2026-01-01',
  endDate: '2027-12-31',
};
const programme = {
  kind: 'internship',
  title: 'Prakse',
  hours: 80,
  startDate: '2026-01-01',
  endDate: '2026-12-31',
};

/** Projects, programmes and placements; every role of school A takes part in the one placement. */
export const placementAccess: AccessModule = {
  async setup(t, w) {
    const db = t.deps.db;
    await createMobilityRules(db, w.schoolA.id, [2026]);
    const p = await createProject(db, {
      schoolId: w.schoolA.id,
      callYear: 2026,
      startDate: '2026-01-01',
      endDate: '2027-12-31',
    });
    w.records.project = p.id;
    const prog = await db
      .insertInto('programmes')
      .values({
        school_id: w.schoolA.id,
        kind: 'internship',
        title: 'Prakse',
        hours: 80,
        start_date: '2026-01-01',
        end_date: '2026-12-31',
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    w.records.programme = prog.id;
    const host = await createPartner(db, {
      school_id: w.schoolA.id,
      kind: 'company',
      legal_name: 'SIA Piekļuve',
      country: 'LV',
    });
    w.records.host = host.id;
    w.records.placement = await insertPlacement(
      db,
      w.schoolA.id,
      {
        kind: 'internship',
        title: 'Piekļuves prakse',
        host_partner_id: host.id,
        destination_country: 'LV',
        supervisor_email: w.users.supervisor.email,
        mentor_id: w.users.teacher.id,
        start_date: '2026-03-01',
        end_date: '2026-04-30',
      },
      [{ userId: w.users.learner.id, role: 'learner', name: 'Ēriks Žubīts-learner' }],
    );
  },
  rows: [
    { method: 'GET', url: '/api/projects', allowed: staff },
    { method: 'GET', url: '/api/projects.csv', allowed: staff },
    { method: 'GET', url: '/api/projects/options', allowed: staff },
    {
      method: 'GET',
      url: '/api/projects/:id',
      path: (w) => `/api/projects/${w.records.project}`,
      allowed: staff,
      schoolARecord: true,
    },
    { method: 'POST', url: '/api/projects', body: project, allowed: managers },
    {
      method: 'PUT',
      url: '/api/projects/:id',
      path: (w) => `/api/projects/${w.records.project}`,
      body: { ...project, projectNumber: 'ACCESS-2' },
      allowed: managers,
      schoolARecord: true,
    },
    { method: 'GET', url: '/api/programmes', allowed: staff },
    { method: 'GET', url: '/api/programmes.csv', allowed: staff },
    { method: 'GET', url: '/api/programmes/options', allowed: staff },
    {
      method: 'GET',
      url: '/api/programmes/:id',
      path: (w) => `/api/programmes/${w.records.programme}`,
      allowed: staff,
      schoolARecord: true,
    },
    { method: 'POST', url: '/api/programmes', body: programme, allowed: managers },
    {
      method: 'PUT',
      url: '/api/programmes/:id',
      path: (w) => `/api/programmes/${w.records.programme}`,
      body: programme,
      allowed: managers,
      schoolARecord: true,
    },
    { method: 'GET', url: '/api/placements', allowed: members },
    { method: 'GET', url: '/api/placements.csv', allowed: managers },
    { method: 'GET', url: '/api/placements/overview', allowed: members },
    { method: 'GET', url: '/api/placements/people', allowed: managers },
    {
      method: 'GET',
      url: '/api/placements/:id',
      path: (w) => `/api/placements/${w.records.placement}`,
      allowed: members,
      schoolARecord: true,
    },
    {
      method: 'POST',
      url: '/api/placements',
      body: (w) => ({
        kind: 'internship',
        hostPartnerId: w.records.host,
        startDate: '2026-05-01',
        endDate: '2026-05-31',
        learners: [{ userId: w.users.learner.id }],
      }),
      allowed: managers,
    },
    {
      method: 'PUT',
      url: '/api/placements/:id',
      path: (w) => `/api/placements/${w.records.placement}`,
      body: (w) => ({
        lockVersion: 1,
        placement: {
          kind: 'internship',
          hostPartnerId: w.records.host,
          startDate: '2026-03-01',
          endDate: '2026-04-30',
          learners: [{ userId: w.users.learner.id }],
        },
      }),
      allowed: managers,
      schoolARecord: true,
    },
    {
      method: 'POST',
      url: '/api/placements/:id/status',
      path: (w) => `/api/placements/${w.records.placement}/status`,
      body: { to: 'cancelled', reason: 'Piekļuves pārbaude' },
      allowed: managers,
      schoolARecord: true,
    },
  ],
};
