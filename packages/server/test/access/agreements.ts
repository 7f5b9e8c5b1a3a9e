import { insertPlacement } from '../../src/demo/placements.ts';
import { createAgreement } from '../../src/features/agreements/agreements.demo.ts';
import type { World } from '../support/harness.ts';
import type { AccessModule } from './types.ts';

const members = ['admin', 'coordinator', 'teacher', 'learner', 'supervisor'] as const;
const staff = ['admin', 'coordinator', 'teacher'] as const;
const managers = ['admin', 'coordinator'] as const;
const withLearner = ['admin', 'coordinator', 'teacher', 'learner'] as const;

const placement = (w: World) => `/api/placements/${w.records.agreementPlacement}`;
const agreement = (w: World) => `/api/agreements/${w.records.agreement}`;
const fakeToken = 'x'.repeat(43);

/**
 * Learning agreements, assessment, recognition and documents. School A's placement has the learner,
 * the supervisor and the mentoring teacher of the world, and an agreement every party signed.
 */
export const agreementAccess: AccessModule = {
  async setup(t, w) {
    const db = t.deps.db;
    const host = await db
      .insertInto('partners')
      .values({ school_id: w.schoolA.id, kind: 'company', legal_name: 'SIA Līgumi', country: 'LV' })
      .returning('id')
      .executeTakeFirstOrThrow();
    w.records.agreementPlacement = await insertPlacement(
      db,
      w.schoolA.id,
      {
        kind: 'internship',
        title: 'Līguma prakse',
        host_partner_id: host.id,
        destination_country: 'LV',
        supervisor_name: 'Prakses vadītājs',
        supervisor_email: w.users.supervisor.email,
        mentor_id: w.users.teacher.id,
        start_date: '2026-06-01',
        end_date: '2026-07-31',
        status: 'planned',
      },
      [{ userId: w.users.learner.id, role: 'learner', name: 'Ēriks Žubīts-learner' }],
    );
    w.records.agreement = await createAgreement(db, {
      schoolId: w.schoolA.id,
      placementId: w.records.agreementPlacement,
      learnerId: w.users.learner.id,
      by: {
        userId: w.users.coordinator.id,
        email: w.users.coordinator.email,
        name: 'Ēriks Žubīts-coordinator',
      },
      signedAt: new Date('2026-05-01T10:00:00Z'),
    });
  },
  rows: [
    {
      method: 'GET',
      url: '/api/placements/:id/agreements',
      path: (w) => `${placement(w)}/agreements`,
      allowed: members,
      schoolARecord: true,
    },
    {
      method: 'GET',
      url: '/api/agreements/:id',
      path: agreement,
      allowed: members,
      schoolARecord: true,
    },
    {
      method: 'GET',
      url: '/api/agreements/:id/versions/:version',
      path: (w) => `${agreement(w)}/versions/1`,
      allowed: members,
      schoolARecord: true,
    },
    {
      method: 'GET',
      url: '/api/agreements/:id/versions/:version/pdf',
      path: (w) => `${agreement(w)}/versions/1/pdf?lang=en`,
      allowed: members,
      schoolARecord: true,
    },
    {
      method: 'GET',
      url: '/api/agreements/:id/assessments',
      path: (w) => `${agreement(w)}/assessments`,
      allowed: members,
      schoolARecord: true,
    },
    {
      method: 'GET',
      url: '/api/placements/:id/documents/:document',
      path: (w) => `${placement(w)}/documents/attendance?userId=${w.users.learner.id}`,
      allowed: withLearner,
      schoolARecord: true,
    },
    {
      method: 'GET',
      url: '/api/learners/:id/profile',
      path: (w) => `/api/learners/${w.users.learner.id}/profile`,
      allowed: withLearner,
      schoolARecord: true,
    },
    {
      method: 'PUT',
      url: '/api/learners/:id/profile',
      path: (w) => `/api/learners/${w.users.learner.id}/profile`,
      body: { dateOfBirth: '2005-05-05' },
      allowed: managers,
      schoolARecord: true,
    },
    {
      method: 'POST',
      url: '/api/placements/:id/agreements',
      path: (w) => `${placement(w)}/agreements`,
      body: {},
      allowed: staff,
      schoolARecord: true,
    },
    {
      method: 'PUT',
      url: '/api/placements/:id/group-programme',
      path: (w) => `${placement(w)}/group-programme`,
      body: { text: 'Programma' },
      allowed: staff,
      schoolARecord: true,
    },
    {
      method: 'POST',
      url: '/api/placements/:id/agreements/send',
      path: (w) => `${placement(w)}/agreements/send`,
      allowed: staff,
      schoolARecord: true,
    },
    {
      method: 'POST',
      url: '/api/agreements/:id/versions/:version/sign',
      path: (w) => `${agreement(w)}/versions/1/sign`,
      body: { contentHash: 'a'.repeat(64), consent: true },
      allowed: [...managers, 'learner'],
      schoolARecord: true,
    },
    {
      method: 'POST',
      url: '/api/placements/:id/assessment-links',
      // The placement of the placements module: it has no signed agreement, so no e-mail goes out
      // (the outbox test counts what the coordinator's actions sent).
      path: (w) => `/api/placements/${w.records.placement}/assessment-links`,
      body: { stage: 'mid_term' },
      allowed: staff,
      schoolARecord: true,
    },
    {
      method: 'POST',
      url: '/api/agreements/:id/assessments/:stage/validate',
      path: (w) => `${agreement(w)}/assessments/mid_term/validate`,
      body: { comment: '' },
      allowed: staff,
      schoolARecord: true,
    },
    {
      method: 'POST',
      url: '/api/agreements/:id/assessments/:stage/reopen',
      path: (w) => `${agreement(w)}/assessments/mid_term/reopen`,
      body: { reason: 'Piekļuves pārbaude' },
      allowed: staff,
      schoolARecord: true,
    },
    {
      method: 'POST',
      url: '/api/agreements/:id/recognition',
      path: (w) => `${agreement(w)}/recognition`,
      body: { units: [], grade: '' },
      allowed: managers,
      schoolARecord: true,
    },
    {
      method: 'POST',
      url: '/api/agreements/:id/changes',
      path: (w) => `${agreement(w)}/changes`,
      body: { reason: 'timetable' },
      allowed: staff,
      schoolARecord: true,
    },
    {
      method: 'PUT',
      url: '/api/agreements/:id/versions/:version',
      path: (w) => `${agreement(w)}/versions/2`,
      body: {
        lockVersion: 1,
        startDate: '2026-06-01',
        endDate: '2026-07-31',
        units: [],
        hostMentor: { name: 'Prakses vadītājs' },
        hostSignatory: { name: 'Prakses vadītājs' },
        schoolSignatory: {},
        responsibilities: {},
        grading: 'scale_10',
      },
      allowed: staff,
      schoolARecord: true,
    },
    {
      method: 'POST',
      url: '/api/agreements/:id/versions/:version/send',
      path: (w) => `${agreement(w)}/versions/2/send`,
      allowed: staff,
      schoolARecord: true,
    },
    {
      method: 'POST',
      url: '/api/agreements/:id/versions/:version/withdraw',
      path: (w) => `${agreement(w)}/versions/2/withdraw`,
      allowed: staff,
      schoolARecord: true,
    },
    {
      method: 'GET',
      url: '/api/agreement-links',
      path: () => `/api/agreement-links?token=${fakeToken}`,
      allowed: 'public',
    },
    {
      method: 'GET',
      url: '/api/agreement-links/pdf',
      path: () => `/api/agreement-links/pdf?token=${fakeToken}`,
      allowed: 'public',
    },
    {
      method: 'POST',
      url: '/api/agreement-links/sign',
      body: { token: fakeToken, contentHash: 'a'.repeat(64), name: 'Vārds', consent: true },
      allowed: 'public',
    },
    {
      method: 'GET',
      url: '/api/assessment-links',
      path: () => `/api/assessment-links?token=${fakeToken}`,
      allowed: 'public',
    },
    {
      method: 'PUT',
      url: '/api/assessment-links/agreements/:id',
      path: (w) => `/api/assessment-links/agreements/${w.records.agreement}`,
      body: { token: fakeToken, outcomes: [] },
      allowed: 'public',
    },
    {
      method: 'GET',
      url: '/api/agreement-check',
      path: () => `/api/agreement-check?hash=${'0'.repeat(64)}`,
      allowed: 'public',
    },
    {
      method: 'POST',
      url: '/api/agreement-check',
      body: Buffer.from('nav PDF'),
      headers: { 'content-type': 'application/pdf' },
      allowed: 'public',
    },
  ],
};
