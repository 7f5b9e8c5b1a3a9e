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

function scopeFilter(scope: RiskScope) {
  switch (scope.kind) {
    case 'school':
      return sql`true`;
    case 'staff':
      // what a teacher sees: the placements they mentor or travel with
      return sql`(p.mentor_id = ${scope.userId} or exists (
        select 1 from placement_participants s
        where s.placement_id = p.id and s.user_id = ${scope.userId} and s.role <> 'learner'))`;
    case 'learner':
      return sql`pp.user_id = ${scope.userId}`;
  }
}

/**
 * Every learner of every active placement in scope with the facts of their signals, in one
 * statement: each kind of record (diary, tasks, contacts, assessments) is aggregated once over the
 * active placements' rows, set-based, whether that is a mentor's 200 learners or a school's 20,000.
 * Active: in progress, or planned/ready with a start that has come (the status lags behind).
 */
export async function activeLearnerFacts(trx: Trx, scope: RiskScope, today: string): Promise<RiskRow[]> {
  const result = await sql<RiskRow>`
    with ap as materialized (
      select p.id, p.title, p.start_date, p.end_date, p.planned_hours, p.comm_every_days, p.mentor_id,
        pp.user_id as learner_id
      from placements p
      join placement_participants pp on pp.placement_id = p.id and pp.role = 'learner'
      where (p.status = 'in_progress' or (p.status in ('planned', 'ready') and p.start_date <= ${today}::date))
        and ${scopeFilter(scope)}
    ),
    diary as (
      select de.placement_id, de.learner_id, max(de.entry_date) as last_date,
        sum(de.hours) filter (where de.status in ('submitted', 'confirmed')) as hours,
        count(*) filter (where de.status <> 'confirmed') as unconfirmed
      from diary_entries de
      where de.placement_id in (select id from ap)
      group by de.placement_id, de.learner_id
    ),
    tasks as (
      select tp.placement_id, tp.learner_id, count(*) as total, count(tp.done_at) as done,
        count(*) filter (where tp.done_at is null and tp.due_date < ${today}::date) as missed
      from task_progress tp
      where tp.placement_id in (select id from ap)
      group by tp.placement_id, tp.learner_id
    ),
    contacts as (
      select pc.placement_id, max(pc.contact_date) as last_date
      from placement_contacts pc
      where pc.placement_id in (select id from ap) and not pc.planned and pc.contact_date <= ${today}::date
      group by pc.placement_id
    ),
    first_assessment as (
      select distinct on (ag.placement_id, ag.learner_id) ag.placement_id, ag.learner_id, a.id
      from agreements ag
      join assessments a on a.agreement_id = ag.id and a.status in ('submitted', 'validated')
      where ag.placement_id in (select id from ap)
      order by ag.placement_id, ag.learner_id, coalesce(a.submitted_at, a.validated_at, a.created_at), a.id
    ),
    assessed as (
      select fa.placement_id, fa.learner_id,
        count(*) filter (where ao.result = 'achieved') as achieved, count(*) as total
      from first_assessment fa
      join assessment_outcomes ao on ao.assessment_id = fa.id
      group by fa.placement_id, fa.learner_id
    )
    select ap.id as placement_id, ap.title as placement_title, ap.start_date, ap.end_date,
      ap.planned_hours, ap.comm_every_days, ap.mentor_id,
      case when m.id is null then null else m.given_name || ' ' || m.family_name end as mentor_name,
      ap.learner_id, u.given_name, u.family_name, u.last_sign_in_at,
      d.last_date as last_diary_date, d.hours as diary_hours, d.unconfirmed,
      t.total as tasks_total, t.done as tasks_done, t.missed,
      c.last_date as last_contact_date,
      s.achieved as assessed_achieved, s.total as assessed_total
    from ap
    join users u on u.id = ap.learner_id
    left join users m on m.id = ap.mentor_id
    left join diary d on d.placement_id = ap.id and d.learner_id = ap.learner_id
    left join tasks t on t.placement_id = ap.id and t.learner_id = ap.learner_id
    left join contacts c on c.placement_id = ap.id
    left join assessed s on s.placement_id = ap.id and s.learner_id = ap.learner_id
  `.execute(trx);
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
