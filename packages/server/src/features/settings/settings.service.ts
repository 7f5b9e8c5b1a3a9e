import {
  defaultPlacementSettings,
  type PlacementSettingsInput,
  type PlacementSettingsView,
  type Role,
} from '@tilts/shared';
import type { Kysely } from 'kysely';
import { type Actor, inSchool, type Trx } from '../../db/context.ts';
import type { DB } from '../../db/schema.ts';
import type { Deps } from '../../deps.ts';
import { AppError } from '../../errors.ts';
import { actorForAudit, recordAudit } from '../audit/audit.service.ts';

/** The school's placement settings, with the defaults filled in where the school has not decided. */
export interface PlacementSettings {
  reminderDays: number;
  extensionRoles: Role[];
  retentionYears: number;
  /** As stored: `{}` until someone sets a threshold; the at-risk service owns the defaults. */
  riskThresholds: Record<string, unknown>;
  /** False when the school has no row yet (everything is a default). */
  saved: boolean;
}

/**
 * The school's settings for reminders, extensions, risk and retention: the defaults when the school
 * never saved any. Takes a school transaction (`inSchool`) or the root handle (jobs across schools).
 */
export async function getPlacementSettings(
  db: Trx | Kysely<DB>,
  schoolId: string,
): Promise<PlacementSettings> {
  const row = await db
    .selectFrom('school_placement_settings')
    .select(['reminder_days', 'extension_roles', 'retention_years', 'risk_thresholds'])
    .where('school_id', '=', schoolId)
    .executeTakeFirst();
  if (!row) {
    return {
      reminderDays: defaultPlacementSettings.reminderDays,
      extensionRoles: [...defaultPlacementSettings.extensionRoles],
      retentionYears: defaultPlacementSettings.retentionYears,
      riskThresholds: {},
      saved: false,
    };
  }
  return {
    reminderDays: row.reminder_days,
    extensionRoles: row.extension_roles,
    retentionYears: row.retention_years,
    riskThresholds: row.risk_thresholds ?? {},
    saved: true,
  };
}

/** The settings page's view (admins only). */
export async function viewPlacementSettings(deps: Deps, actor: Actor): Promise<PlacementSettingsView> {
  if (actor.role !== 'admin') throw new AppError('forbidden');
  return inSchool(deps.db, actor.schoolId, (trx) => getPlacementSettings(trx, actor.schoolId));
}

/**
 * An admin changes the reminder days and which roles may grant an extension. The at-risk
 * thresholds and retention are left as they are (their own screens change them).
 */
export async function savePlacementSettings(
  deps: Deps,
  actor: Actor,
  input: PlacementSettingsInput,
): Promise<PlacementSettingsView> {
  if (actor.role !== 'admin') throw new AppError('forbidden');
  return inSchool(deps.db, actor.schoolId, async (trx) => {
    const before = await getPlacementSettings(trx, actor.schoolId);
    const extensionRoles = [...new Set(input.extensionRoles)];
    const now = deps.now();
    await trx
      .insertInto('school_placement_settings')
      .values({
        school_id: actor.schoolId,
        reminder_days: input.reminderDays,
        extension_roles: extensionRoles,
        updated_at: now,
      })
      .onConflict((oc) =>
        oc.column('school_id').doUpdateSet({
          reminder_days: input.reminderDays,
          extension_roles: extensionRoles,
          updated_at: now,
        }),
      )
      .execute();
    await recordAudit(trx, actorForAudit(actor), {
      action: 'settings.placements_changed',
      entityType: 'school',
      entityId: actor.schoolId,
      before: { reminderDays: before.reminderDays, extensionRoles: before.extensionRoles },
      after: { reminderDays: input.reminderDays, extensionRoles },
    });
    return getPlacementSettings(trx, actor.schoolId);
  });
}
