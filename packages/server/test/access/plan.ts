import type { AccessModule } from './types.ts';

const admin = ['admin'] as const;

/** The plan of a placement, reminders' notices, extensions, the calendar feed and the school's settings. */
export const planAccess: AccessModule = {
  rows: [
    { method: 'GET', url: '/api/settings/placements', allowed: admin },
    {
      method: 'PUT',
      url: '/api/settings/placements',
      body: { reminderDays: 3, extensionRoles: ['coordinator', 'teacher'] },
      allowed: admin,
    },
  ],
};
