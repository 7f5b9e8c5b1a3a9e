import { sql } from 'kysely';
import type { Trx } from '../../db/context.ts';

/** Whose placements the at-risk queries read: the whole school, one member of staff's, one learner's. */
export type RiskScope =
  | { kind: 'school' }
  | { kind: 'staff'; userId: string }
  | { kind: 'learner'; userId: string };

/** One learner on one active placement with everything the signals need, as the database has it. */
export interface RiskRow {
  placement_id: string;
  placement_title: string;
  start_date: string;
  end_date: string;
  planned_hours: number | null;
  comm_every_days: number | null;
  mentor_id: string | null;
  mentor_name: string | null;
  learner_id: string;
  given_name: string;
  family_name: string;
  last_sign_in_at: Date | string | null;
  last_diary_date: string | null;
  diary_hours: string | number | null;
  unconfirmed: number | null;
  tasks_total: number | null;
  tasks_done: number | null;
  missed: number | null;
  last_contact_date: string | null;
  assessed_achieved: number | null;
  assessed_total: number | null;
}

/**
 * Every learner of every active placement in scope with the facts of their signals, in one
 * statement: the function app_risk_facts (migration 0017_risk_with_kept_plans), whose plan each
 * connection keeps. Active: in progress, or planned/ready with a start that has come (the status
 * lags behind). Each learner's diary, tasks, contacts and first assessment are read through the
 * indexes by placement and learner, set-based in the one statement, for a mentor's 200 learners or
 * a school's 20,000 alike.
 */
export async function activeLearnerFacts(trx: Trx, scope: RiskScope, today: string): Promise<RiskRow[]> {
  const user = scope.kind === 'school' ? null : scope.userId;
  const result = await sql<RiskRow>`
    select * from app_risk_facts(${scope.kind}, ${user}::uuid, ${today}::date)`.execute(trx);
  return result.rows;
}

/** The school's stored thresholds (partial JSON over the defaults), or undefined when never set. */
export async function storedThresholds(trx: Trx, schoolId: string): Promise<unknown> {
  const row = await trx
    .selectFrom('school_placement_settings')
    .select('risk_thresholds')
    .where('school_id', '=', schoolId)
    .executeTakeFirst();
  return row?.risk_thresholds;
}

/** Writes the thresholds only: the rest of the school's placement settings belong to the plan. */
export async function saveThresholds(trx: Trx, schoolId: string, thresholds: unknown, now: Date) {
  const json = JSON.stringify(thresholds);
  await trx
    .insertInto('school_placement_settings')
    .values({ school_id: schoolId, risk_thresholds: json, updated_at: now })
    .onConflict((oc) => oc.column('school_id').doUpdateSet({ risk_thresholds: json, updated_at: now }))
    .execute();
}
