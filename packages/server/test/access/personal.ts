import type { AccessModule } from './types.ts';

/** A person's own data as a zip (anyone, about themselves), and the school's retention period. */
export const personalAccess: AccessModule = {
  rows: [
    {
      method: 'GET',
      url: '/api/me/personal-data.zip',
      allowed: ['admin', 'coordinator', 'teacher', 'learner', 'supervisor'],
    },
    { method: 'GET', url: '/api/admin/retention', allowed: ['admin', 'coordinator'] },
    { method: 'PUT', url: '/api/admin/retention', body: { retentionYears: 5 }, allowed: ['admin'] },
  ],
};
