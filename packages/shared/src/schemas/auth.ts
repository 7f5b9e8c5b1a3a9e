import { z } from 'zod';
import { locales } from '../locale.ts';
import { roles } from '../roles.ts';
import { email, password } from './common.ts';

export const loginRequest = z.object({ email, password: z.string().min(1).max(200) });
export type LoginRequest = z.infer<typeof loginRequest>;

export const emailOnlyRequest = z.object({ email });
export type EmailOnlyRequest = z.infer<typeof emailOnlyRequest>;

export const tokenRequest = z.object({ token: z.string().min(20).max(200) });

/** Setting a password from a reset link, or accepting an invitation (password optional there). */
export const setPasswordRequest = z
  .object({ token: z.string().min(20).max(200), password, passwordRepeat: z.string() })
  .refine((v) => v.password === v.passwordRepeat, { path: ['passwordRepeat'], message: 'passwords_differ' });
export type SetPasswordRequest = z.infer<typeof setPasswordRequest>;

export const acceptInvitationRequest = z
  .object({
    token: z.string().min(20).max(200),
    givenName: z.string().trim().min(1).max(100),
    familyName: z.string().trim().min(1).max(100),
    password: password.optional(),
    passwordRepeat: z.string().optional(),
  })
  .refine((v) => (v.password ?? '') === (v.passwordRepeat ?? ''), {
    path: ['passwordRepeat'],
    message: 'passwords_differ',
  });
export type AcceptInvitationRequest = z.infer<typeof acceptInvitationRequest>;

export const invitationInfo = z.object({
  email: z.string(),
  schoolName: z.string(),
  role: z.enum(roles),
  hasAccount: z.boolean(),
});

export const membership = z.object({ schoolId: z.uuid(), schoolName: z.string(), role: z.enum(roles) });

export const me = z.object({
  id: z.uuid(),
  email: z.string(),
  givenName: z.string(),
  familyName: z.string(),
  locale: z.enum(locales),
  hasPassword: z.boolean(),
  school: membership.nullable(),
  memberships: z.array(membership),
  /**
   * Set while a member of staff views the app as this learner (read only): who they really are. The
   * rest of `me` is then the learner.
   */
  viewingAs: z.object({ staffId: z.uuid(), staffName: z.string() }).nullable().default(null),
});
export type Me = z.infer<typeof me>;

export const updateProfileRequest = z.object({ locale: z.enum(locales) });
export const switchSchoolRequest = z.object({ schoolId: z.uuid() });
