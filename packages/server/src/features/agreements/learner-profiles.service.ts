import { isMinorOn, type LearnerProfile, type LearnerProfileInput, maskPersonalCode } from '@tilts/shared';
import { type Actor, inSchool, type Trx } from '../../db/context.ts';
import type { Deps } from '../../deps.ts';
import { AppError } from '../../errors.ts';
import { actorForAudit, recordAudit } from '../audit/audit.service.ts';
import { schoolToday } from '../calls/calls.repository.ts';
import { openProfiles, writeProfile } from '../people/profiles.repository.ts';
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

/** Who sees a learner's birth date and full personal code: the school's managers and the learner. */
function seesPersonalData(actor: Actor, userId: string): boolean {
  // Staff viewing the app as the learner see what the learner sees, except this.
  if (actor.viewedBy) return false;
  return editors.includes(actor.role) || (actor.role === 'learner' && actor.userId === userId);
}

async function view(trx: Trx, actor: Actor, userId: string, today: string): Promise<LearnerProfile> {
  const learner = await loadLearner(trx, actor, userId);
  const p = (await openProfiles(trx, [userId])).get(userId);
  const shown = seesPersonalData(actor, userId);
  const dateOfBirth = p?.dateOfBirth ?? null;
  const nationalId = p?.nationalId ?? null;
  return {
    userId,
    name: `${learner.given_name} ${learner.family_name}`,
    dateOfBirth: shown ? dateOfBirth : null,
    nationalId: nationalId === null ? null : shown ? nationalId : maskPersonalCode(nationalId),
    personalData: shown ? 'shown' : 'masked',
    minor: dateOfBirth ? isMinorOn(dateOfBirth, today) : null,
    groupName: p?.groupName ?? '',
    guardianName: p?.guardianName ?? '',
    guardianEmail: p?.guardianEmail ?? '',
    guardianPhone: p?.guardianPhone ?? '',
    canEdit: editors.includes(actor.role),
  };
}

/** A learner's birth date and guardian: what decides whether a guardian signs their agreement. */
export async function getLearnerProfile(deps: Deps, actor: Actor, userId: string): Promise<LearnerProfile> {
  return inSchool(deps.db, actor.schoolId, (trx) => view(trx, actor, userId, schoolToday(deps.now())));
}

/**
 * The coordinator or admin records a learner's birth date, personal code, group and guardian;
 * audited without the values themselves (the audit log keeps no personal codes or birth dates).
 */
export async function setLearnerProfile(
  deps: Deps,
  actor: Actor,
  userId: string,
  input: LearnerProfileInput,
): Promise<LearnerProfile> {
  if (!editors.includes(actor.role)) throw new AppError('forbidden');
  return inSchool(deps.db, actor.schoolId, async (trx) => {
    await loadLearner(trx, actor, userId);
    const before = (await openProfiles(trx, [userId])).get(userId);
    await writeProfile(
      trx,
      actor.schoolId,
      userId,
      {
        dateOfBirth: input.dateOfBirth,
        nationalId: input.nationalId,
        groupName: input.groupName,
        guardianName: input.guardianName,
        guardianEmail: input.guardianEmail,
        guardianPhone: input.guardianPhone,
      },
      deps.now(),
    );
    const changed = (a: unknown, b: unknown) => (a ?? null) !== (b ?? null);
    await recordAudit(trx, actorForAudit(actor), {
      action: 'learner_profile.updated',
      entityType: 'user',
      entityId: userId,
      before: before ? { guardianName: before.guardianName, groupName: before.groupName } : null,
      after: {
        dateOfBirthChanged: changed(before?.dateOfBirth, input.dateOfBirth),
        nationalIdChanged: input.nationalId !== undefined && changed(before?.nationalId, input.nationalId),
        guardianName: input.guardianName,
        guardianEmail: input.guardianEmail,
        ...(input.groupName !== undefined ? { groupName: input.groupName } : {}),
      },
    });
    return view(trx, actor, userId, schoolToday(deps.now()));
  });
}
