import type { Role } from '@tilts/shared';

/** One route and who may call it: roles in the current school, anyone signed in, or anyone at all. */
export interface AccessRow {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  url: string;
  body?: unknown;
  allowed: Role[] | 'public' | 'session';
}

const id = '00000000-0000-4000-8000-000000000001';
const admin: Role[] = ['admin'];
const issuers: Role[] = ['admin', 'coordinator', 'teacher'];
const managers: Role[] = ['admin', 'coordinator'];

/** The micro-credential routes, for the table-driven access test. */
export const credentialAccessRows: AccessRow[] = [
  { method: 'GET', url: '/api/credentials/templates', allowed: issuers },
  { method: 'GET', url: '/api/credentials/templates.csv', allowed: issuers },
  { method: 'POST', url: '/api/credentials/templates', body: {}, allowed: admin },
  { method: 'GET', url: `/api/credentials/templates/${id}`, allowed: issuers },
  { method: 'PUT', url: `/api/credentials/templates/${id}`, body: {}, allowed: admin },
  {
    method: 'PATCH',
    url: `/api/credentials/templates/${id}/archived`,
    body: { archived: true },
    allowed: admin,
  },
  { method: 'GET', url: '/api/credentials/units', allowed: admin },
  { method: 'GET', url: '/api/credentials/issuer', allowed: admin },
  { method: 'PUT', url: '/api/credentials/issuer', body: {}, allowed: admin },
  { method: 'POST', url: '/api/credentials/issuer/rotate-key', allowed: admin },
  { method: 'GET', url: '/api/credentials/learners', allowed: issuers },
  { method: 'POST', url: '/api/credentials', body: {}, allowed: issuers },
  { method: 'GET', url: '/api/credentials', allowed: issuers },
  { method: 'GET', url: '/api/credentials.csv', allowed: issuers },
  { method: 'GET', url: `/api/credentials/${id}/credential.json`, allowed: issuers },
  { method: 'POST', url: `/api/credentials/${id}/status`, body: {}, allowed: managers },
  { method: 'POST', url: `/api/credentials/batches/preview?templateId=${id}`, allowed: managers },
  { method: 'POST', url: `/api/credentials/batches?templateId=${id}`, allowed: managers },
  { method: 'GET', url: '/api/credentials/batches', allowed: managers },
  { method: 'GET', url: `/api/credentials/batches/${id}`, allowed: managers },
  { method: 'GET', url: '/api/my/credentials', allowed: 'session' },
  { method: 'GET', url: `/api/my/credentials/${id}/credential.json`, allowed: 'session' },
  { method: 'GET', url: `/api/my/credentials/${id}/credential.pdf`, allowed: 'session' },
  { method: 'GET', url: `/api/my/credentials/${id}/elm.jsonld`, allowed: 'session' },
  { method: 'POST', url: `/api/my/credentials/${id}/shares`, body: {}, allowed: 'session' },
  { method: 'POST', url: `/api/my/credentials/${id}/linkedin`, allowed: 'session' },
  { method: 'DELETE', url: `/api/my/shares/${id}`, allowed: 'session' },
  { method: 'GET', url: '/schools/a/did.json', allowed: 'public' },
  { method: 'GET', url: '/api/credentials/status/a/revocation/0', allowed: 'public' },
  { method: 'GET', url: '/api/shared/abcdefghijklmnop', allowed: 'public' },
  { method: 'POST', url: '/api/verify', body: {}, allowed: 'public' },
];
