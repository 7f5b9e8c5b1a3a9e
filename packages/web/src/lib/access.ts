import type { Me, Role } from '@tilts/shared';

/** Thrown by a route the signed-in role may not open; the error view shows "No access". */
export class ForbiddenError extends Error {
  constructor() {
    super('forbidden');
    this.name = 'ForbiddenError';
  }
}

export const adminRoles: readonly Role[] = ['admin'];
/** School staff: they read projects, programmes and the registers. */
export const staffRoles: readonly Role[] = ['admin', 'coordinator', 'teacher'];
/** Who creates and changes placements. */
export const placementManagerRoles: readonly Role[] = ['admin', 'coordinator'];
/** Who sees the school's people and invites, and reads the e-mail their own actions sent. */
export const peopleRoles: readonly Role[] = ['admin', 'coordinator'];
/** Who may open the partner register (the API allows coordinators, admins and teachers). */
export const partnerRoles: readonly Role[] = ['admin', 'coordinator', 'teacher'];
/** Who issues micro-credentials (the API's own rule): admins, coordinators, teachers. */
export const credentialIssuerRoles: readonly Role[] = ['admin', 'coordinator', 'teacher'];

export function roleOf(me: Me | null | undefined): Role | null {
  return me?.school?.role ?? null;
}

export function hasRole(me: Me | null | undefined, allowed: readonly Role[]): boolean {
  const role = roleOf(me);
  return role !== null && allowed.includes(role);
}
