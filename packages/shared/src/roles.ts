export const roles = ['admin', 'coordinator', 'teacher', 'learner', 'supervisor'] as const;
export type Role = (typeof roles)[number];

/** Staff who run the school's side of placements. */
export const staffRoles: readonly Role[] = ['admin', 'coordinator', 'teacher'];
