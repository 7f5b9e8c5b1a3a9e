import type { Me } from '@tilts/shared';
import { type Actor, inSchool, type Trx } from '../../db/context.ts';
import type { Deps } from '../../deps.ts';
import { AppError } from '../../errors.ts';
import { recordAudit } from '../audit/audit.service.ts';
import type { SessionView } from '../auth/auth.repository.ts';
import { meView } from '../auth/auth.service.ts';

/**
 * The writes a session may make while it views as a learner: ending the view, and signing out
 * (which ends it too). Everything else that is not a read is refused (`read_only_view`).
 */
export const viewAsWrites = new Set(['POST /api/view-as/stop', 'POST /api/auth/logout']);

/**
 * The session as the request sees it while its member of staff views as a learner: the learner's
 * identity and their one membership, so every read shows exactly what the learner sees, with the
 * real person kept in `viewer`. A session not viewing as anyone is returned as it is.
 */
export function viewedSession(session: SessionView): SessionView {
  if (!session.viewingAsId) return session;
  const viewer = {
    userId: session.userId,
    email: session.email,
    givenName: session.givenName,
    familyName: session.familyName,
    schoolId: session.schoolId,
    memberships: session.memberships,
  };
  const school = session.memberships.find((m) => m.schoolId === session.schoolId);
  const learner = session.viewingAs;
  // The learner left the school or was deactivated: nothing to show but the way out.
  if (!learner || !school) return { ...session, memberships: [], viewer };
  return {
    ...session,
    userId: learner.userId,
    email: learner.email,
    givenName: learner.givenName,
    familyName: learner.familyName,
    hasPassword: true,
    memberships: [{ schoolId: school.schoolId, schoolName: school.schoolName, role: 'learner' }],
    viewer,
  };
}

/**
 * Starts viewing the app as one learner, read only. Coordinators and admins may view any learner of
 * the school; a teacher only a learner on a placement they mentor or travel with. Anyone else, or
 * a learner out of reach, is the same 404. Audited in the same transaction as the session change.
 */
export async function startViewAs(
  deps: Deps,
  actor: Actor,
  session: SessionView,
  learnerId: string,
): Promise<Me> {
  const learner = await inSchool(deps.db, actor.schoolId, async (trx) => {
    const row = await trx
      .selectFrom('users as u')
      .innerJoin('memberships as m', 'm.user_id', 'u.id')
      .select(['u.id', 'u.email', 'u.given_name', 'u.family_name'])
      .where('u.id', '=', learnerId)
      .where('u.is_active', '=', true)
      .where('m.school_id', '=', actor.schoolId)
      .where('m.is_active', '=', true)
      .where('m.role', '=', 'learner')
      .executeTakeFirst();
    if (!row) throw new AppError('not_found');
    if (actor.role === 'teacher') {
      const shared = await trx
        .selectFrom('placement_participants as pp')
        .innerJoin('placements as p', 'p.id', 'pp.placement_id')
        .select('p.id')
        .where('pp.user_id', '=', learnerId)
        .where('pp.role', '=', 'learner')
        .where((eb) =>
          eb.or([
            eb('p.mentor_id', '=', actor.userId),
            eb.exists(
              eb
                .selectFrom('placement_participants as s')
                .select('s.id')
                .whereRef('s.placement_id', '=', 'p.id')
                .where('s.user_id', '=', actor.userId)
                .where('s.role', '<>', 'learner'),
            ),
          ]),
        )
        .executeTakeFirst();
      if (!shared) throw new AppError('not_found');
    } else if (actor.role !== 'admin' && actor.role !== 'coordinator') {
      throw new AppError('forbidden');
    }
    await trx
      .updateTable('sessions')
      .set({ viewing_as: learnerId, viewing_as_since: deps.now() })
      .where('token_hash', '=', session.tokenHash)
      .execute();
    await recordAudit(
      trx,
      {
        userId: actor.userId,
        email: actor.email,
        schoolId: actor.schoolId,
        ip: actor.ip,
        requestId: actor.requestId,
      },
      {
        action: 'view_as.started',
        entityType: 'user',
        entityId: learnerId,
        after: { learner: `${row.given_name} ${row.family_name}`, role: actor.role },
      },
    );
    return row;
  });
  return meView(
    viewedSession({
      ...session,
      viewingAsId: learner.id,
      viewingAs: {
        userId: learner.id,
        email: learner.email,
        givenName: learner.given_name,
        familyName: learner.family_name,
      },
    }),
  );
}

/** Ends the view: the session is the member of staff's again. Audited; a no-op when not viewing. */
export async function stopViewAs(
  deps: Deps,
  session: SessionView,
  info: { ip?: string; requestId?: string },
): Promise<Me> {
  const viewer = session.viewer;
  if (!viewer || !session.viewingAsId) return meView(session);
  const staff: SessionView = {
    ...session,
    userId: viewer.userId,
    email: viewer.email,
    givenName: viewer.givenName,
    familyName: viewer.familyName,
    memberships: viewer.memberships,
    viewingAs: null,
    viewingAsId: null,
    viewer: undefined,
  };
  const learnerId = session.viewingAsId;
  const run = async (trx: Trx) => {
    await trx
      .updateTable('sessions')
      .set({ viewing_as: null, viewing_as_since: null })
      .where('token_hash', '=', session.tokenHash)
      .execute();
    await recordAudit(
      trx,
      { userId: viewer.userId, email: viewer.email, schoolId: viewer.schoolId, ...info },
      {
        action: 'view_as.stopped',
        entityType: 'user',
        entityId: learnerId,
        after: { learner: `${session.givenName} ${session.familyName}` },
      },
    );
  };
  if (viewer.schoolId) await inSchool(deps.db, viewer.schoolId, run);
  else await deps.db.transaction().execute((trx) => run(trx as Trx));
  return meView(staff);
}
