import type { GoalInput, SelfAssessmentInput, SelfMentoringResponse } from '@tilts/shared';
import { sql } from 'kysely';
import { type Actor, inSchool, type Trx } from '../../db/context.ts';
import type { Deps } from '../../deps.ts';
import { AppError } from '../../errors.ts';
import { actorForAudit, recordAudit } from '../audit/audit.service.ts';
import { learnersInView, type PlacementRow, placementLearners, visiblePlacement } from './parties.ts';

/** The outcomes of the placement's units, in the order of the units and of each unit's outcomes. */
async function placementOutcomes(trx: Trx, placementId: string) {
  return trx
    .selectFrom('placement_units as pu')
    .innerJoin('units as u', 'u.id', 'pu.unit_id')
    .innerJoin('learning_outcomes as o', 'o.unit_id', 'u.id')
    .select(['o.id', 'o.kind', 'o.text', 'u.code', 'u.title'])
    .where('pu.placement_id', '=', placementId)
    .orderBy('pu.position')
    .orderBy('o.position')
    .orderBy('o.id')
    .execute();
}

const closed = (p: PlacementRow) => p.status === 'cancelled' || p.status === 'closed';

/**
 * The learner's own goals and self-assessment on a placement: a learner sees and edits their own; the
 * mentor, teachers and coordinators read every learner's. Never the supervisor.
 */
export async function getSelfMentoring(
  deps: Deps,
  actor: Actor,
  placementId: string,
): Promise<SelfMentoringResponse> {
  return inSchool(deps.db, actor.schoolId, async (trx) => {
    const p = await visiblePlacement(trx, actor, placementId);
    const learners = learnersInView(actor, await placementLearners(trx, p.id));
    if (actor.role === 'learner' && learners.length === 0) throw new AppError('not_found');
    const ids = learners.map((l) => l.id);
    const [outcomes, goals, assessments] = await Promise.all([
      placementOutcomes(trx, p.id),
      ids.length
        ? trx
            .selectFrom('learner_goals')
            .selectAll()
            .where('placement_id', '=', p.id)
            .where('learner_id', 'in', ids)
            .orderBy('created_at')
            .orderBy('id')
            .execute()
        : [],
      ids.length
        ? trx
            .selectFrom('outcome_self_assessments')
            .selectAll()
            .where('placement_id', '=', p.id)
            .where('learner_id', 'in', ids)
            .execute()
        : [],
    ]);
    return {
      canEdit: actor.role === 'learner' && !closed(p),
      startDate: p.start_date,
      endDate: p.end_date,
      outcomes: outcomes.map((o) => ({
        id: o.id,
        unitCode: o.code,
        unitTitle: o.title,
        kind: o.kind,
        text: o.text,
      })),
      learners: learners.map((learner) => ({
        learner,
        goals: goals
          .filter((g) => g.learner_id === learner.id)
          .map((g) => ({
            id: g.id,
            text: g.text,
            targetDate: g.target_date,
            status: g.status,
            updatedAt: g.updated_at.toISOString(),
          })),
        assessments: assessments
          .filter((a) => a.learner_id === learner.id)
          .map((a) => ({
            outcomeId: a.outcome_id,
            level: a.level,
            comment: a.comment,
            updatedAt: a.updated_at.toISOString(),
          })),
      })),
    };
  });
}

/** The placement, if the actor is one of its learners and it is still open for their own records. */
async function ownPlacement(trx: Trx, actor: Actor, placementId: string, field: string) {
  const p = await visiblePlacement(trx, actor, placementId);
  const mine = learnersInView(actor, await placementLearners(trx, p.id));
  if (actor.role !== 'learner' || mine.length === 0) throw new AppError('not_found');
  if (closed(p)) throw new AppError('conflict', { fields: { [field]: 'placement_closed' } });
  return p;
}

function checkTargetDate(p: PlacementRow, input: GoalInput) {
  if (input.targetDate && (input.targetDate < p.start_date || input.targetDate > p.end_date)) {
    throw new AppError('validation_failed', {
      fields: { targetDate: { key: 'goal_date_outside', params: { start: p.start_date, end: p.end_date } } },
    });
  }
}

/** Adds a goal the learner sets for themselves on the placement. */
export async function addGoal(deps: Deps, actor: Actor, placementId: string, input: GoalInput) {
  await inSchool(deps.db, actor.schoolId, async (trx) => {
    const p = await ownPlacement(trx, actor, placementId, 'text');
    checkTargetDate(p, input);
    const { id } = await trx
      .insertInto('learner_goals')
      .values({
        school_id: actor.schoolId,
        placement_id: p.id,
        learner_id: actor.userId,
        text: input.text,
        target_date: input.targetDate,
        status: input.status,
        created_at: deps.now(),
        updated_at: deps.now(),
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await recordAudit(trx, actorForAudit(actor), {
      action: 'goal.added',
      entityType: 'learner_goal',
      entityId: id,
      after: input,
    });
  });
  return getSelfMentoring(deps, actor, placementId);
}

/** Changes one of the learner's own goals (its text, date or status). */
export async function updateGoal(
  deps: Deps,
  actor: Actor,
  placementId: string,
  goalId: string,
  input: GoalInput,
) {
  await inSchool(deps.db, actor.schoolId, async (trx) => {
    const p = await ownPlacement(trx, actor, placementId, 'text');
    const before = await trx
      .selectFrom('learner_goals')
      .selectAll()
      .where('id', '=', goalId)
      .where('placement_id', '=', p.id)
      .where('learner_id', '=', actor.userId)
      .forUpdate()
      .executeTakeFirst();
    if (!before) throw new AppError('not_found');
    checkTargetDate(p, input);
    await trx
      .updateTable('learner_goals')
      .set({ text: input.text, target_date: input.targetDate, status: input.status, updated_at: deps.now() })
      .where('id', '=', goalId)
      .execute();
    await recordAudit(trx, actorForAudit(actor), {
      action: 'goal.updated',
      entityType: 'learner_goal',
      entityId: goalId,
      before: { text: before.text, targetDate: before.target_date, status: before.status },
      after: input,
    });
  });
  return getSelfMentoring(deps, actor, placementId);
}

/**
 * Saves the learner's self-assessment for the outcomes given; outcomes not named keep what they had.
 * Every outcome must be one of the placement's, or nothing is saved.
 */
export async function saveSelfAssessment(
  deps: Deps,
  actor: Actor,
  placementId: string,
  input: SelfAssessmentInput,
) {
  await inSchool(deps.db, actor.schoolId, async (trx) => {
    const p = await ownPlacement(trx, actor, placementId, 'items');
    const outcomes = new Set((await placementOutcomes(trx, p.id)).map((o) => o.id));
    if (outcomes.size === 0) throw new AppError('conflict', { fields: { items: 'no_outcomes' } });
    const stranger = input.items.findIndex((i) => !outcomes.has(i.outcomeId));
    if (stranger >= 0) {
      throw new AppError('validation_failed', {
        fields: { [`items.${stranger}.outcomeId`]: 'outcome_not_in_placement' },
      });
    }
    for (const item of input.items) {
      await sql`
        insert into outcome_self_assessments (school_id, placement_id, learner_id, outcome_id, level, comment, updated_at)
        values (${actor.schoolId}, ${p.id}, ${actor.userId}, ${item.outcomeId}, ${item.level}, ${item.comment}, ${deps.now()})
        on conflict (placement_id, learner_id, outcome_id) do update set level = excluded.level,
          comment = excluded.comment, updated_at = excluded.updated_at
      `.execute(trx);
    }
    await recordAudit(trx, actorForAudit(actor), {
      action: 'self_assessment.saved',
      entityType: 'placement',
      entityId: p.id,
      after: { items: input.items.map((i) => ({ outcomeId: i.outcomeId, level: i.level })) },
    });
  });
  return getSelfMentoring(deps, actor, placementId);
}
