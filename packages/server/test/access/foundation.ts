import { PASSWORD } from '../support/harness.ts';
import type { AccessRow } from './types.ts';

const members = ['admin', 'coordinator', 'teacher', 'learner', 'supervisor'] as const;
const peopleManagers = ['admin', 'coordinator'] as const;
const staff = ['admin', 'coordinator', 'teacher'] as const;
const fakeToken = 'x'.repeat(43);
// The smallest thing whose first bytes say PNG.
const png = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0]);

/** The foundation's routes: health, API docs, sign-in and links, the school, its people and logs. */
export const foundationRows: AccessRow[] = [
  { method: 'GET', url: '/healthz', allowed: 'public' },
  { method: 'GET', url: '/readyz', allowed: 'public' },
  { method: 'GET', url: '/metrics', allowed: 'public' },
  { method: 'GET', url: '/api/openapi.json', allowed: 'public' },
  { method: 'GET', url: '/api/docs', allowed: 'public' },
  { method: 'GET', url: '/api/docs/json', allowed: 'public' },
  { method: 'GET', url: '/api/docs/yaml', allowed: 'public' },
  { method: 'GET', url: '/api/docs/static/index.html', allowed: 'public' },
  { method: 'GET', url: '/api/docs/static/swagger-initializer.js', allowed: 'public' },
  {
    method: 'GET',
    url: '/api/docs/static/*',
    path: () => '/api/docs/static/swagger-ui.css',
    allowed: 'public',
  },

  // Signing in as school B's admin: a valid sign-in that shows nothing of school A.
  {
    method: 'POST',
    url: '/api/auth/login',
    body: (w) => ({ email: w.otherAdmin.email, password: PASSWORD }),
    allowed: 'public',
  },
  { method: 'POST', url: '/api/auth/logout', allowed: 'session' },
  { method: 'GET', url: '/api/auth/me', allowed: 'session' },
  { method: 'PATCH', url: '/api/auth/me', body: { locale: 'lv' }, allowed: 'session' },
  {
    method: 'POST',
    url: '/api/auth/switch-school',
    body: (w) => ({ schoolId: w.schoolA.id }),
    allowed: 'session',
    schoolARecord: true,
  },
  {
    method: 'POST',
    url: '/api/auth/password-reset/request',
    body: (w) => ({ email: w.otherAdmin.email }),
    allowed: 'public',
  },
  {
    method: 'POST',
    url: '/api/auth/password-reset/confirm',
    body: { token: fakeToken, password: 'Long-enough-1', passwordRepeat: 'Long-enough-1' },
    allowed: 'public',
  },
  {
    method: 'POST',
    url: '/api/auth/magic-link/request',
    body: (w) => ({ email: w.otherAdmin.email }),
    allowed: 'public',
  },
  { method: 'POST', url: '/api/auth/magic-link/consume', body: { token: fakeToken }, allowed: 'public' },
  {
    method: 'GET',
    url: '/api/auth/invitations/:token',
    path: () => `/api/auth/invitations/${fakeToken}`,
    allowed: 'public',
  },
  {
    method: 'POST',
    url: '/api/auth/invitations/accept',
    body: { token: fakeToken, givenName: 'Anna', familyName: 'Bērziņa' },
    allowed: 'public',
  },

  { method: 'GET', url: '/api/admin/users', allowed: peopleManagers },
  { method: 'GET', url: '/api/admin/users.csv', allowed: peopleManagers },
  {
    method: 'POST',
    url: '/api/admin/invitations',
    body: { email: 'uzaicinats@table.test', role: 'learner' },
    allowed: peopleManagers,
  },
  {
    method: 'PATCH',
    url: '/api/admin/users/:id/role',
    path: (w) => `/api/admin/users/${w.users.learner.id}/role`,
    body: { role: 'learner' },
    allowed: ['admin'],
    schoolARecord: true,
  },
  {
    method: 'PATCH',
    url: '/api/admin/users/:id/active',
    path: (w) => `/api/admin/users/${w.users.learner.id}/active`,
    body: { isActive: true },
    allowed: ['admin'],
    schoolARecord: true,
  },
  { method: 'GET', url: '/api/school', allowed: members },
  { method: 'GET', url: '/api/school/logo', allowed: members },
  {
    method: 'PUT',
    url: '/api/admin/school',
    body: {
      name: 'Tehnikums',
      legalAddress: 'Iela 1',
      registrationNumber: '1',
      country: 'LV',
      erasmusOid: '',
    },
    allowed: ['admin'],
  },
  {
    method: 'PUT',
    url: '/api/admin/school/logo',
    body: png,
    headers: { 'content-type': 'image/png' },
    allowed: ['admin'],
  },
  { method: 'GET', url: '/api/admin/outbox', allowed: peopleManagers },
  { method: 'GET', url: '/api/admin/audit', allowed: ['admin'] },
  { method: 'GET', url: '/api/admin/audit.csv', allowed: ['admin'] },

  { method: 'GET', url: '/api/partners', allowed: staff },
  { method: 'GET', url: '/api/partners.csv', allowed: staff },
];
