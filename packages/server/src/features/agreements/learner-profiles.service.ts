import type { LearnerProfile, LearnerProfileInput } from '@tilts/shared';
import { type Actor, inSchool, type Trx } from '../../db/context.ts';
import type { Deps } from '../../deps.ts';
import { AppError } from '../../errors.ts';
import { actorForAudit, recordAudit } from '../audit/audit.service.ts';
import { visiblePlacements } from '../placements/placements.repository.ts';

const editors = ['admin', 'coordinator'];

/** A learner of the school the actor may read: any for the school's managers, a mentee for a teacher, oneself. */
async function loadLearner(trx: Trx, actor: Actor, userId: string) {
  const learner = await trx
    .selectFrom('memberships as m')
    .innerJoin('users as u', 'u.id', 'm.user_id')
    .select(['u.id', 'u.given_name', 'u.family_name'])
    .where('m.user_id', '=', userId)
    .where('m.role', '=', 'learner')
    .executeTakeFirst();
  if (!learner) throw new AppError('not_found');
  if (actor.role === 'learner' && actor.userId !== userId) throw new AppError('not_found');
  if (actor.role === 'teacher') {
    const mentee = await visiblePlacements(trx, actor)
      .innerJoin('placement_participants as pp', 'pp.placement_id', 'p.id')
      .select('pp.id')
      .where('pp.user_id', '=', userId)
      .executeTakeFirst();
    if (!mentee) throw new AppError('not_found');
  }
  if (actor.role === 'supervisor') throw new AppError('not_found');
  return learner;
}

async function view(trx: Trx, actor: Actor, userId: string): Promise<LearnerProfile> {
  const learner = await loadLearner(trx, actor, userId);
  const p = await trx
    .selectFrom('learner_profiles')
    .selectAll()
    .where('user_id', '=', userId)
    .executeTakeFirst();
  return {
    userId,
    name: `${learner.given_name} ${learner.family_name}`,
    dateOfBirth: p?.date_of_birth ?? null,
    guardianName: p?.guardian_name ?? '',
    guardianEmail: p?.guardian_email ?? '',
    guardianPhone: p?.guardian_phone ?? '',
    canEdit: editors.includes(actor.role),
  };
}

/** A learner's birth date and guardian: what decides whether a guardian signs their agreement. */
export async function getLearnerProfile(deps: Deps, actor: Actor, userId: string): Promise<LearnerProfile> {
  return inSchool(deps.db, actor.schoolId, (trx) => view(trx, actor, userId));
}

/** The coordinator or admin records a learner's birth date and guardian; audited. */
export async function setLearnerProfile(
  deps: Deps,
  actor: Actor,
  userId: string,
  input: LearnerProfileInput,
): Promise<LearnerProfile> {
  if (!editors.includes(actor.role)) throw new AppError('forbidden');
  return inSchool(deps.db, actor.schoolId, async (trx) => {
    await loadLearner(trx, actor, userId);
    const before = await trx
      .selectFrom('learner_profiles')
      .selectAll()
      .where('user_id', '=', userId)
      .executeTakeFirst();
    const values = {
      date_of_birth: input.dateOfBirth,
      guardian_name: input.guardianName,
      guardian_email: input.guardianEmail,
      guardian_phone: input.guardianPhone,
      updated_at: deps.now(),
    };
    await trx
      .insertInto('learner_profiles')
      .values({ school_id: actor.schoolId, user_id: userId, ...values })
      .onConflict((oc) => oc.columns(['school_id', 'user_id']).doUpdateSet(values))
      .execute();
    await recordAudit(trx, actorForAudit(actor), {
      action: 'learner_profile.updated',
      entityType: 'user',
      entityId: userId,
      before: before ? { dateOfBirth: before.date_of_birth, guardianName: before.guardian_name } : null,
      after: {
        dateOfBirth: input.dateOfBirth,
        guardianName: input.guardianName,
        guardianEmail: input.guardianEmail,
      },
    });
    return view(trx, actor, userId);
  });
}
