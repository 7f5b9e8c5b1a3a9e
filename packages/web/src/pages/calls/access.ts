import type { Role } from '@tilts/shared';

/** Who opens the calls pages: staff read them, learners see the open calls and their own applications. */
export const callReaderRoles: readonly Role[] = ['admin', 'coordinator', 'teacher', 'learner'];
/** Who creates, opens, closes, selects, decides and forms teams. */
export const callManagerRoles: readonly Role[] = ['admin', 'coordinator'];
/** Who reads every application of a call and records interviews. */
export const callStaffRoles: readonly Role[] = ['admin', 'coordinator', 'teacher'];
