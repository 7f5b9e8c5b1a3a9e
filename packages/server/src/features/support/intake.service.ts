import {
  type ContactChannel,
  type IntakeInput,
  type IntakeResponse,
  type IntroductionInput,
  type IntroductionsResponse,
  notStartedStatuses,
} from '@tilts/shared';
import { sql } from 'kysely';
import { type Actor, inSchool, type Trx } from '../../db/context.ts';
import type { Deps } from '../../deps.ts';
import { AppError } from '../../errors.ts';
import { recordAudit } from '../audit/audit.service.ts';
import {
  learnersInView,
  type PlacementRow,
  placementLearners,
  placementParties,
  visiblePlacement,
  type Writer,
  writerOf,
} from './parties.ts';

const today = (deps: Deps) => deps.now().toISOString().slice(0, 10);

/** The intake can change until the first day: the mentor reads it before the first meeting. */
function intakeOpen(p: PlacementRow, day: string): boolean {
  return notStartedStatuses.includes(p.status) && day < p.start_date;
}

/**
 * The intake questionnaires the actor may read on a placement: a learner their own (blank until
 * saved), the mentor, teachers and coordinators every learner's. Never the supervisor: it is personal.
 */
export async function getIntake(deps: Deps, actor: Actor, placementId: string): Promise<IntakeResponse> {
  return inSchool(deps.db, actor.schoolId, async (trx) => {
    const p = await visiblePlacement(trx, actor, placementId);
    const learners = learnersInView(actor, await placementLearners(trx, p.id));
    if (actor.role === 'learner' && learners.length === 0) throw new AppError('not_found');
    const rows = learners.length
      ? await trx
          .selectFrom('placement_intakes')
          .selectAll()
          .where('placement_id', '=', p.id)
          .where(
            'learner_id',
            'in',
            learners.map((l) => l.id),
          )
          .execute()
      : [];
    const byLearner = new Map(rows.map((r) => [r.learner_id, r]));
    return {
      canEdit: actor.role === 'learner' && intakeOpen(p, today(deps)),
      startDate: p.start_date,
      intakes: learners.map((learner) => {
        const r = byLearner.get(learner.id);
        return {
          learner,
          priorKnowledge: r?.prior_knowledge ?? '',
          socialEnvironment: r?.social_environment ?? '',
          expectations: r?.expectations ?? '',
          needs: r?.needs ?? '',
          preferredChannels: (r?.preferred_channels ?? []) as ContactChannel[],
          updatedAt: r?.updated_at.toISOString() ?? null,
        };
      }),
    };
  });
}

/** Saves the learner's own questionnaire; refused once the placement has started. */
export async function saveIntake(
  deps: Deps,
  actor: Actor,
  placementId: string,
  input: IntakeInput,
): Promise<IntakeResponse> {
  await inSchool(deps.db, actor.schoolId, async (trx) => {
    const p = await visiblePlacement(trx, actor, placementId);
    const learners = learnersInView(actor, await placementLearners(trx, p.id));
    if (actor.role !== 'learner' || learners.length === 0) throw new AppError('not_found');
    if (!intakeOpen(p, today(deps))) {
      throw new AppError('conflict', {
        fields: { placement: { key: 'intake_closed', params: { date: p.start_date } } },
      });
    }
    const values = {
      prior_knowledge: input.priorKnowledge,
      social_environment: input.socialEnvironment,
      expectations: input.expectations,
      needs: input.needs,
      preferred_channels: input.preferredChannels,
      updated_at: deps.now(),
    };
    await trx
      .insertInto('placement_intakes')
      .values({ ...values, school_id: actor.schoolId, placement_id: p.id, learner_id: actor.userId })
      .onConflict((oc) => oc.columns(['placement_id', 'learner_id']).doUpdateSet(values))
      .execute();
    // The answers are personal: the audit log records that they changed, not what they say.
    await recordAudit(trx, (await writerOf(trx, actor, p)).audit, {
      action: 'intake.saved',
      entityType: 'placement',
      entityId: p.id,
      after: { learnerId: actor.userId, channels: input.preferredChannels },
    });
  });
  return getIntake(deps, actor, placementId);
}

/** Introductions on a placement, and who has not written one yet. */
export async function listIntroductions(trx: Trx, p: PlacementRow, readerKey: string) {
  const [rows, parties] = await Promise.all([
    trx
      .selectFrom('placement_introductions')
      .selectAll()
      .where('placement_id', '=', p.id)
      .orderBy('created_at')
      .execute(),
    placementParties(trx, p),
  ]);
  const order = ['learner', 'mentor', 'teacher', 'coordinator', 'supervisor'];
  const items = rows
    .map((r) => ({
      id: r.id,
      authorName: r.author_name,
      authorRole: r.author_role,
      body: r.body,
      updatedAt: r.updated_at.toISOString(),
      mine: r.author_key === readerKey,
    }))
    .sort((a, b) => order.indexOf(a.authorRole) - order.indexOf(b.authorRole));
  const written = new Set(rows.map((r) => r.author_key));
  const waitingFor = parties
    .filter((party) => !written.has(party.key))
    .map((party) => ({ name: party.name, role: party.role }));
  return { items, waitingFor };
}

/** The introductions on a placement everyone who sees it reads first. */
export async function getIntroductions(
  deps: Deps,
  actor: Actor,
  placementId: string,
): Promise<IntroductionsResponse> {
  return inSchool(deps.db, actor.schoolId, async (trx) => {
    const p = await visiblePlacement(trx, actor, placementId);
    return listIntroductions(trx, p, (await writerOf(trx, actor, p)).key);
  });
}

/** Writes or rewrites one person's introduction on a placement (one per person). */
export async function writeIntroduction(
  trx: Trx,
  deps: Deps,
  p: PlacementRow,
  writer: Writer,
  input: IntroductionInput,
): Promise<void> {
  if (p.status === 'cancelled' || p.status === 'closed') {
    throw new AppError('conflict', { fields: { body: 'placement_closed' } });
  }
  await sql`
    insert into placement_introductions
      (school_id, placement_id, author_key, author_id, author_name, author_role, body, created_at, updated_at)
    values (${p.school_id}, ${p.id}, ${writer.key}, ${writer.userId}, ${writer.name}, ${writer.role},
      ${input.body}, ${deps.now()}, ${deps.now()})
    on conflict (placement_id, author_key) do update set body = excluded.body,
      author_name = excluded.author_name, author_role = excluded.author_role, updated_at = excluded.updated_at
  `.execute(trx);
  await recordAudit(trx, writer.audit, {
    action: 'introduction.saved',
    entityType: 'placement',
    entityId: p.id,
    after: { author: writer.key, role: writer.role },
  });
}

/** The signed-in actor's introduction on a placement they see. */
export async function saveMyIntroduction(
  deps: Deps,
  actor: Actor,
  placementId: string,
  input: IntroductionInput,
): Promise<IntroductionsResponse> {
  return inSchool(deps.db, actor.schoolId, async (trx) => {
    const p = await visiblePlacement(trx, actor, placementId);
    const writer = await writerOf(trx, actor, p);
    await writeIntroduction(trx, deps, p, writer, input);
    return listIntroductions(trx, p, writer.key);
  });
}
