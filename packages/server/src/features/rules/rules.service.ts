import {
  type ActivityType,
  activityTypes,
  type createRulesYearRequest,
  defaultMobilityRules,
  type MobilityRule,
  type RulesList,
  type RulesYear,
  type updateRulesRequest,
} from '@tilts/shared';
import type { Kysely, Selectable } from 'kysely';
import type { z } from 'zod';
import { type Actor, inSchool, type Trx } from '../../db/context.ts';
import type { DB, MobilityRulesTable } from '../../db/schema.ts';
import type { Deps } from '../../deps.ts';
import { AppError } from '../../errors.ts';
import { actorForAudit, recordAudit } from '../audit/audit.service.ts';

type UpdateRules = z.output<typeof updateRulesRequest>;
type CreateYear = z.output<typeof createRulesYearRequest>;

const order = (a: { activity_type: string }, b: { activity_type: string }) =>
  activityTypes.indexOf(a.activity_type as ActivityType) -
  activityTypes.indexOf(b.activity_type as ActivityType);

function ruleView(r: Selectable<MobilityRulesTable>): MobilityRule {
  return {
    activityType: r.activity_type as ActivityType,
    participants: r.participants,
    minDays: r.min_days,
    maxDays: r.max_days,
    minLearners: r.min_learners,
    needsAccompanyingStaff: r.needs_accompanying_staff,
    graduateMonths: r.graduate_months,
    needsLinkedMobility: r.needs_linked_mobility,
  };
}

function ruleRow(schoolId: string, callYear: number, r: MobilityRule, now: Date) {
  return {
    school_id: schoolId,
    call_year: callYear,
    activity_type: r.activityType,
    participants: r.participants,
    min_days: r.minDays,
    max_days: r.maxDays,
    min_learners: r.minLearners,
    needs_accompanying_staff: r.needsAccompanyingStaff,
    graduate_months: r.graduateMonths,
    needs_linked_mobility: r.needsLinkedMobility,
    updated_at: now,
  };
}

/** Writes a call year's rules; a year (or an activity of it) that already has rules keeps them. */
export async function insertRules(
  db: Kysely<DB>,
  schoolId: string,
  callYear: number,
  rules: readonly MobilityRule[],
  now: Date,
): Promise<void> {
  await db
    .insertInto('mobility_rules')
    .values(rules.map((r) => ruleRow(schoolId, callYear, r, now)))
    .onConflict((oc) => oc.columns(['school_id', 'call_year', 'activity_type']).doNothing())
    .execute();
}

/**
 * What a new school starts with: the Programme Guide's Erasmus+ rules (`defaultMobilityRules`) for
 * the current and the next call year. Called wherever a school is created.
 */
export async function seedSchoolDefaults(
  db: Kysely<DB>,
  schoolId: string,
  now: Date = new Date(),
): Promise<void> {
  const year = now.getUTCFullYear();
  for (const callYear of [year, year + 1])
    await insertRules(db, schoolId, callYear, defaultMobilityRules, now);
}

/** One call year's rules, for the features that check a mobility against them. Empty when there are none. */
export async function loadMobilityRules(
  trx: Trx,
  schoolId: string,
  callYear: number,
): Promise<MobilityRule[]> {
  const rows = await trx
    .selectFrom('mobility_rules')
    .selectAll()
    .where('school_id', '=', schoolId)
    .where('call_year', '=', callYear)
    .execute();
  return rows.sort(order).map(ruleView);
}

async function yearsOf(trx: Trx, schoolId: string, only?: number): Promise<RulesYear[]> {
  let q = trx.selectFrom('mobility_rules').selectAll().where('school_id', '=', schoolId);
  if (only !== undefined) q = q.where('call_year', '=', only);
  const rows = await q.orderBy('call_year', 'desc').execute();
  const years = new Map<number, Selectable<MobilityRulesTable>[]>();
  for (const r of rows) years.set(r.call_year, [...(years.get(r.call_year) ?? []), r]);
  return [...years].map(([callYear, list]) => ({
    callYear,
    rules: list.sort(order).map(ruleView),
    updatedAt: new Date(Math.max(...list.map((r) => r.updated_at.getTime()))).toISOString(),
  }));
}

/** Every call year's rules, newest year first. */
export async function listRules(deps: Deps, actor: Actor): Promise<RulesList> {
  return inSchool(deps.db, actor.schoolId, async (trx) => ({ years: await yearsOf(trx, actor.schoolId) }));
}

function assertAdmin(actor: Actor) {
  if (actor.role !== 'admin') throw new AppError('forbidden');
}

/** Adds a call year, copied from another year's rules or, when none is named, from the defaults. */
export async function createRulesYear(deps: Deps, actor: Actor, input: CreateYear): Promise<RulesYear> {
  assertAdmin(actor);
  return inSchool(deps.db, actor.schoolId, async (trx) => {
    const [existing] = await yearsOf(trx, actor.schoolId, input.callYear);
    if (existing) {
      throw new AppError('conflict', {
        fields: { callYear: { key: 'rules_year_exists', params: { year: input.callYear } } },
      });
    }
    let rules: readonly MobilityRule[] = defaultMobilityRules;
    if (input.copyFrom !== undefined) {
      const [source] = await yearsOf(trx, actor.schoolId, input.copyFrom);
      if (!source) {
        throw new AppError('validation_failed', {
          fields: { copyFrom: { key: 'rules_year_missing', params: { year: input.copyFrom } } },
        });
      }
      rules = source.rules;
    }
    await insertRules(trx, actor.schoolId, input.callYear, rules, deps.now());
    const [created] = await yearsOf(trx, actor.schoolId, input.callYear);
    await recordAudit(trx, actorForAudit(actor), {
      action: 'mobility_rules.year_created',
      entityType: 'mobility_rules',
      entityId: String(input.callYear),
      after: { copyFrom: input.copyFrom ?? 'defaults', rules: created!.rules },
    });
    return created!;
  });
}

/** Changes a call year's rules (the activities listed); minimum never above maximum. Audited. */
export async function updateRulesYear(
  deps: Deps,
  actor: Actor,
  callYear: number,
  input: UpdateRules,
): Promise<RulesYear> {
  assertAdmin(actor);
  return inSchool(deps.db, actor.schoolId, async (trx) => {
    const [before] = await yearsOf(trx, actor.schoolId, callYear);
    if (!before) throw new AppError('not_found');
    const now = deps.now();
    for (const r of input.rules) {
      await trx
        .updateTable('mobility_rules')
        .set({
          min_days: r.minDays,
          max_days: r.maxDays,
          min_learners: r.minLearners,
          needs_accompanying_staff: r.needsAccompanyingStaff,
          graduate_months: r.graduateMonths,
          needs_linked_mobility: r.needsLinkedMobility,
          updated_at: now,
        })
        .where('school_id', '=', actor.schoolId)
        .where('call_year', '=', callYear)
        .where('activity_type', '=', r.activityType)
        .execute();
    }
    const [after] = await yearsOf(trx, actor.schoolId, callYear);
    const changed = (rules: MobilityRule[]) =>
      rules.filter((r) => input.rules.some((i) => i.activityType === r.activityType));
    await recordAudit(trx, actorForAudit(actor), {
      action: 'mobility_rules.updated',
      entityType: 'mobility_rules',
      entityId: String(callYear),
      before: changed(before.rules),
      after: changed(after!.rules),
    });
    return after!;
  });
}

/** Removes a call year's rules, unless a project of that call year exists. */
export async function deleteRulesYear(deps: Deps, actor: Actor, callYear: number): Promise<void> {
  assertAdmin(actor);
  await inSchool(deps.db, actor.schoolId, async (trx) => {
    const [before] = await yearsOf(trx, actor.schoolId, callYear);
    if (!before) throw new AppError('not_found');
    const { n } = await trx
      .selectFrom('projects')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('school_id', '=', actor.schoolId)
      .where('call_year', '=', callYear)
      .executeTakeFirstOrThrow();
    if (Number(n) > 0) {
      throw new AppError('conflict', {
        fields: { callYear: { key: 'rules_year_in_use', params: { projects: Number(n) } } },
      });
    }
    await trx
      .deleteFrom('mobility_rules')
      .where('school_id', '=', actor.schoolId)
      .where('call_year', '=', callYear)
      .execute();
    await recordAudit(trx, actorForAudit(actor), {
      action: 'mobility_rules.year_deleted',
      entityType: 'mobility_rules',
      entityId: String(callYear),
      before: before.rules,
    });
  });
}
