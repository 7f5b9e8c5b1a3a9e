import type { AccessModule } from './types.ts';

// An id no row has: an allowed role gets past the access check and then a 404.
const id = '00000000-0000-4000-8000-000000000001';
const partyId = '00000000-0000-4000-8000-000000000002';
const hash = 'a'.repeat(64);
const token = 'x'.repeat(43);
const editors = ['admin', 'coordinator'] as const;
const readers = ['admin', 'coordinator', 'teacher'] as const;
const at =
  (suffix = '') =>
  () =>
    `/api/mous/${id}${suffix}`;

/** Every memorandum route: staff read, admins and coordinators act, the link holder signs. */
export const mouAccess: AccessModule = {
  rows: [
    { method: 'GET', url: '/api/mous', allowed: readers },
    { method: 'GET', url: '/api/mous.csv', allowed: readers },
    { method: 'GET', url: '/api/mous/ending', path: () => '/api/mous/ending?days=60', allowed: readers },
    { method: 'GET', url: '/api/mous/options', allowed: editors },
    { method: 'POST', url: '/api/mous', body: { title: 'Access table' }, allowed: editors },
    { method: 'GET', url: '/api/mous/:id', path: at(), allowed: readers },
    {
      method: 'PUT',
      url: '/api/mous/:id',
      path: at(),
      body: { title: 'Access table', lockVersion: 1 },
      allowed: editors,
    },
    { method: 'DELETE', url: '/api/mous/:id', path: at(), allowed: editors },
    { method: 'GET', url: '/api/mous/:id/pdf', path: at('/pdf?lang=lv'), allowed: readers },
    {
      method: 'POST',
      url: '/api/mous/:id/send',
      path: at('/send'),
      body: { lockVersion: 1 },
      allowed: editors,
    },
    {
      method: 'POST',
      url: '/api/mous/:id/withdraw',
      path: at('/withdraw'),
      body: { lockVersion: 1 },
      allowed: editors,
    },
    {
      method: 'POST',
      url: '/api/mous/:id/sign',
      path: at('/sign'),
      body: { contentHash: hash, name: 'Access', position: '', consent: true },
      allowed: editors,
    },
    {
      method: 'POST',
      url: '/api/mous/:id/parties/:partyId/resend',
      path: at(`/parties/${partyId}/resend`),
      allowed: editors,
    },
    {
      method: 'POST',
      url: '/api/mous/:id/terminate',
      path: at('/terminate'),
      body: { lockVersion: 1, reason: 'Access' },
      allowed: editors,
    },
    { method: 'POST', url: '/api/mous/:id/versions', path: at('/versions'), allowed: editors },
    {
      method: 'GET',
      url: '/api/mou-signing',
      path: () => `/api/mou-signing?token=${token}`,
      allowed: 'public',
    },
    {
      method: 'GET',
      url: '/api/mou-signing/pdf',
      path: () => `/api/mou-signing/pdf?token=${token}`,
      allowed: 'public',
    },
    {
      method: 'POST',
      url: '/api/mou-signing/sign',
      body: { token, contentHash: hash, name: 'Access', consent: true },
      allowed: 'public',
    },
  ],
};
