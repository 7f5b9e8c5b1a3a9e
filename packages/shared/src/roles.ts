export const roles = ['admin', 'coordinator', 'teacher', 'learner', 'supervisor'] as const;
export type Role = (typeof roles)[number];

/** Staff who run the school's side of placements. */
export const staffRoles: readonly Role[] = ['admin', 'coordinator', 'teacher'];

/** The roles each role may invite: an admin anyone, a coordinator the people placements need. */
export const invitableRoles: Record<Role, readonly Role[]> = {
  admin: roles,
  coordinator: ['teacher', 'learner', 'supervisor'],
  teacher: [],
  learner: [],
  supervisor: [],
};
