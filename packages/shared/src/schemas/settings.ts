import { z } from 'zod';
import { type Role, roles } from '../roles.ts';

/** Roles that may ever grant an extension: staff of the school (a learner or supervisor never may). */
export const extensionGrantingRoles = ['admin', 'coordinator', 'teacher'] as const satisfies readonly Role[];

/** What a school decides for placements when it has not said otherwise. */
export const defaultPlacementSettings = {
  reminderDays: 3,
  extensionRoles: ['coordinator', 'teacher'] as Role[],
  retentionYears: 5,
};

/** The school's settings for placements as the API shows them. */
export const placementSettingsView = z.object({
  reminderDays: z.number().int(),
  extensionRoles: z.array(z.enum(roles)),
  retentionYears: z.number().int(),
  /** The at-risk thresholds as stored (another screen edits them); `{}` means the defaults. */
  riskThresholds: z.record(z.string(), z.unknown()),
  /** False while the school has never saved its own settings. */
  saved: z.boolean(),
});
export type PlacementSettingsView = z.infer<typeof placementSettingsView>;

/** What an admin changes on the settings page. */
export const placementSettingsInput = z.object({
  reminderDays: z.coerce.number().int().min(0).max(60),
  extensionRoles: z.array(z.enum(extensionGrantingRoles)).max(extensionGrantingRoles.length),
});
export type PlacementSettingsInput = z.infer<typeof placementSettingsInput>;
