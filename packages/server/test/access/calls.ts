import type { AccessRow } from './types.ts';

const readers = ['admin', 'coordinator', 'teacher', 'learner'] as const;
const staff = ['admin', 'coordinator', 'teacher'] as const;
const managers = ['admin', 'coordinator'] as const;
const learner = ['learner'] as const;

// Addresses name records nobody has: an allowed caller gets past the access rule to "not found".
const call = '0190a000-0000-7000-8000-00000000ca11';
const team = '0190a000-0000-7000-8000-0000000007ea';
const application = '0190a000-0000-7000-8000-0000000000a1';
const callPath =
  (rest = '') =>
  () =>
    `/api/calls/${call}${rest}`;
const applicationPath =
  (rest = '') =>
  () =>
    `/api/applications/${application}${rest}`;

const callBody = {
  projectId: '0190a000-0000-7000-8000-000000000001',
  title: 'Prakse Vācijā 2026',
  places: 2,
  opensOn: '2026-03-01',
  deadline: '2026-03-15',
  destinations: [{ country: 'DE', city: 'Dresden', places: 2 }],
};
const applicationBody = {
  motivation: 'Vēlos apgūt CNC darbgaldu programmēšanu.',
  languages: [{ language: 'angļu', level: 'B2' }],
  destinations: ['0190a000-0000-7000-8000-000000000002'],
  dataConsent: true,
};

/** Calls and selection: staff read, coordinators and admins decide, learners apply; supervisors see nothing. */
export const callRows: AccessRow[] = [
  { method: 'GET', url: '/api/calls', allowed: readers },
  { method: 'GET', url: '/api/calls.csv', allowed: staff },
  { method: 'GET', url: '/api/calls/form-options', allowed: staff },
  { method: 'POST', url: '/api/calls', body: callBody, allowed: managers },
  { method: 'GET', url: '/api/calls/:id', path: callPath(), allowed: readers },
  {
    method: 'PUT',
    url: '/api/calls/:id',
    path: callPath(),
    body: { lockVersion: 1, call: callBody },
    allowed: managers,
  },
  {
    method: 'POST',
    url: '/api/calls/:id/status',
    path: callPath('/status'),
    body: { to: 'open' },
    allowed: managers,
  },
  { method: 'POST', url: '/api/calls/:id/decide', path: callPath('/decide'), allowed: managers },
  { method: 'GET', url: '/api/calls/:id/applications', path: callPath('/applications'), allowed: staff },
  {
    method: 'GET',
    url: '/api/calls/:id/applications.csv',
    path: callPath('/applications.csv'),
    allowed: staff,
  },
  {
    method: 'POST',
    url: '/api/calls/:id/applications',
    path: callPath('/applications'),
    body: applicationBody,
    allowed: learner,
  },
  { method: 'GET', url: '/api/calls/:id/ranking', path: callPath('/ranking'), allowed: staff },
  {
    method: 'PUT',
    url: '/api/calls/:id/selection',
    path: callPath('/selection'),
    body: { selected: [], reserve: [], notSelected: [] },
    allowed: managers,
  },
  { method: 'GET', url: '/api/calls/:id/teams', path: callPath('/teams'), allowed: staff },
  {
    method: 'POST',
    url: '/api/calls/:id/teams',
    path: callPath('/teams'),
    body: { destinationId: '0190a000-0000-7000-8000-000000000002', members: [application] },
    allowed: managers,
  },
  {
    method: 'PUT',
    url: '/api/calls/:id/teams/:teamId',
    path: callPath(`/teams/${team}`),
    body: { destinationId: '0190a000-0000-7000-8000-000000000002', members: [application] },
    allowed: managers,
  },
  {
    method: 'DELETE',
    url: '/api/calls/:id/teams/:teamId',
    path: callPath(`/teams/${team}`),
    allowed: managers,
  },
  {
    method: 'POST',
    url: '/api/calls/:id/teams/:teamId/placements',
    path: callPath(`/teams/${team}/placements`),
    body: { mode: 'individual', startDate: '2026-06-01', endDate: '2026-06-14' },
    allowed: managers,
  },
  { method: 'GET', url: '/api/applications/mine', allowed: learner },
  { method: 'GET', url: '/api/applications/:id', path: applicationPath(), allowed: readers },
  {
    method: 'PUT',
    url: '/api/applications/:id',
    path: applicationPath(),
    body: applicationBody,
    allowed: learner,
  },
  {
    method: 'POST',
    url: '/api/applications/:id/withdraw',
    path: applicationPath('/withdraw'),
    allowed: learner,
  },
  {
    method: 'PUT',
    url: '/api/applications/:id/interview',
    path: applicationPath('/interview'),
    body: { date: '2026-03-10', scores: { preparation: 5, social: 5, individual: 5, language: 5 } },
    allowed: staff,
  },
];
