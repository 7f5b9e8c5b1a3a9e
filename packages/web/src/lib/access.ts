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
/** Who reads the project forums: everyone in the school but the workplace supervisor. */
export const forumRoles: readonly Role[] = ['admin', 'coordinator', 'teacher', 'learner'];
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

/** Who may change the partner register and the catalogue, and import CSV files (teachers read). */
export const registerWriters: readonly Role[] = ['admin', 'coordinator'];
/** Who may open the catalogue of qualifications and units. */
export const catalogueRoles: readonly Role[] = staffRoles;
/** Who may read the Erasmus+ rules; only an admin changes them. */
export const rulesRoles: readonly Role[] = staffRoles;
