import { z } from 'zod';
import { roles } from '../roles.ts';
import { countryCode, email, listQuery, page } from './common.ts';

export const userListQuery = listQuery(['name', 'email', 'role', 'createdAt'] as const).extend({
  role: z.enum(roles).optional(),
});
export type UserListQuery = z.infer<typeof userListQuery>;

export const schoolUser = z.object({
  id: z.uuid(),
  email: z.string(),
  givenName: z.string(),
  familyName: z.string(),
  role: z.enum(roles),
  isActive: z.boolean(),
  lastSignInAt: z.string().nullable(),
  createdAt: z.string(),
});
export type SchoolUser = z.infer<typeof schoolUser>;
export const userPage = page(schoolUser);

export const inviteRequest = z.object({ email, role: z.enum(roles) });
export type InviteRequest = z.infer<typeof inviteRequest>;

export const changeRoleRequest = z.object({ role: z.enum(roles) });
export const setActiveRequest = z.object({ isActive: z.boolean() });

export const schoolDetails = z.object({
  id: z.uuid(),
  name: z.string(),
  legalAddress: z.string(),
  city: z.string(),
  registrationNumber: z.string(),
  country: z.string(),
  erasmusOid: z.string(),
  hasLogo: z.boolean(),
});
export type SchoolDetails = z.infer<typeof schoolDetails>;

export const updateSchoolRequest = z.object({
  name: z.string().trim().min(2).max(200),
  legalAddress: z.string().trim().max(300),
  city: z.string().trim().max(120).default(''),
  registrationNumber: z.string().trim().max(50),
  country: countryCode,
  erasmusOid: z
    .string()
    .trim()
    .max(20)
    .regex(/^(E\d{8})?$/, { message: 'invalid' }),
});
export type UpdateSchoolRequest = z.infer<typeof updateSchoolRequest>;

export const outboxQuery = listQuery(['createdAt', 'to', 'subject'] as const);
export const outboxMessage = z.object({
  id: z.uuid(),
  to: z.string(),
  subject: z.string(),
  text: z.string(),
  status: z.string(),
  createdAt: z.string(),
});
export const outboxPage = page(outboxMessage);

export const auditQuery = listQuery(['createdAt'] as const).extend({
  action: z.string().max(100).optional(),
  actor: z.string().max(200).optional(),
  entityType: z.string().max(100).optional(),
  from: z.iso.date().optional(),
  to: z.iso.date().optional(),
});
export type AuditQuery = z.infer<typeof auditQuery>;
export const auditEntry = z.object({
  id: z.string(),
  createdAt: z.string(),
  actorEmail: z.string().nullable(),
  action: z.string(),
  entityType: z.string(),
  entityId: z.string().nullable(),
  before: z.unknown(),
  after: z.unknown(),
});
export const auditPage = page(auditEntry);

export const partnerListQuery = listQuery(['legalName', 'country', 'city', 'createdAt'] as const);
export const partnerSummary = z.object({
  id: z.uuid(),
  kind: z.enum(['company', 'school', 'intermediary']),
  legalName: z.string(),
  registrationNumber: z.string(),
  country: z.string(),
  city: z.string(),
});
export const partnerPage = page(partnerSummary);
