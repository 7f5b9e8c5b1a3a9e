import type { Role } from '@tilts/shared';

/** One route of the access table: who may call it (others get 403, or 401 without a session). */
export interface AccessRow {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  url: string;
  body?: unknown;
  allowed: Role[] | 'public' | 'session';
}

// An id no row has: an allowed role gets past the access check and then a 404.
const id = '00000000-0000-4000-8000-000000000001';
const partyId = '00000000-0000-4000-8000-000000000002';
const hash = 'a'.repeat(64);
const token = 'x'.repeat(43);
const editors: Role[] = ['admin', 'coordinator'];
const readers: Role[] = ['admin', 'coordinator', 'teacher'];

/** Every memorandum route: staff read, admins and coordinators act, the link holder signs. */
export const mouAccess: AccessRow[] = [
  { method: 'GET', url: '/api/mous', allowed: readers },
  { method: 'GET', url: '/api/mous.csv', allowed: readers },
  { method: 'GET', url: '/api/mous/ending?days=60', allowed: readers },
  { method: 'GET', url: '/api/mous/options', allowed: editors },
  { method: 'POST', url: '/api/mous', body: { title: 'Access table' }, allowed: editors },
  { method: 'GET', url: `/api/mous/${id}`, allowed: readers },
  {
    method: 'PUT',
    url: `/api/mous/${id}`,
    body: { title: 'Access table', lockVersion: 1 },
    allowed: editors,
  },
  { method: 'DELETE', url: `/api/mous/${id}`, allowed: editors },
  { method: 'GET', url: `/api/mous/${id}/pdf?lang=lv`, allowed: readers },
  { method: 'POST', url: `/api/mous/${id}/send`, body: { lockVersion: 1 }, allowed: editors },
  { method: 'POST', url: `/api/mous/${id}/withdraw`, body: { lockVersion: 1 }, allowed: editors },
  {
    method: 'POST',
    url: `/api/mous/${id}/sign`,
    body: { contentHash: hash, name: 'Access', position: '', consent: true },
    allowed: editors,
  },
  { method: 'POST', url: `/api/mous/${id}/parties/${partyId}/resend`, allowed: editors },
  {
    method: 'POST',
    url: `/api/mous/${id}/terminate`,
    body: { lockVersion: 1, reason: 'Access' },
    allowed: editors,
  },
  { method: 'POST', url: `/api/mous/${id}/versions`, allowed: editors },
  { method: 'GET', url: `/api/mou-signing?token=${token}`, allowed: 'public' },
  { method: 'GET', url: `/api/mou-signing/pdf?token=${token}`, allowed: 'public' },
  {
    method: 'POST',
    url: '/api/mou-signing/sign',
    body: { token, contentHash: hash, name: 'Access', consent: true },
    allowed: 'public',
  },
];

export default mouAccess;
