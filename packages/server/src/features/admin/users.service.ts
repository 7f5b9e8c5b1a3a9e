import {
  type InviteRequest,
  invitableRoles,
  type Role,
  type SchoolUser,
  type UserListQuery,
} from '@tilts/shared';
import { sql } from 'kysely';
import { type Actor, inSchool } from '../../db/context.ts';
import type { Deps } from '../../deps.ts';
import { AppError } from '../../errors.ts';
import { actorForAudit, escapeLike, recordAudit } from '../audit/audit.service.ts';
import { findUserByEmail } from '../auth/auth.repository.ts';
import { LINK_MINUTES } from '../auth/auth.service.ts';
import { newSecret } from '../auth/tokens.ts';
import { queueMail } from '../mail/mail.service.ts';

const sortColumns = {
  name: ['u.family_name', 'u.given_name'],
  email: ['u.email'],
  role: ['m.role'],
  createdAt: ['m.created_at'],
} as const;

/** The people of the actor's school, searched, filtered, sorted and paged. */
export async function listSchoolUsers(deps: Deps, actor: Actor, query: UserListQuery, all = false) {
  return inSchool(deps.db, actor.schoolId, async (trx) => {
    let q = trx.selectFrom('memberships as m').innerJoin('users as u', 'u.id', 'm.user_id');
    if (query.role) q = q.where('m.role', '=', query.role);
    if (query.q) {
      const like = `%${escapeLike(query.q)}%`;
      q = q.where((eb) =>
        eb.or([
          eb('u.email', 'ilike', like),
          eb(sql<string>`u.given_name || ' ' || u.family_name`, 'ilike', like),
          eb(sql<string>`u.family_name || ' ' || u.given_name`, 'ilike', like),
        ]),
      );
    }
    const { n } = await q.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    let rows = q.select([
      'u.id',
      'u.email',
      'u.given_name',
      'u.family_name',
      'm.role',
      'm.is_active',
      'u.last_sign_in_at',
      'm.created_at',
    ]);
    for (const column of sortColumns[query.sort ?? 'name']) rows = rows.orderBy(column, query.dir);
    rows = rows.orderBy('u.id');
    if (!all) rows = rows.limit(query.pageSize).offset((query.page - 1) * query.pageSize);
    const items: SchoolUser[] = (await rows.execute()).map((r) => ({
      id: r.id,
      email: r.email,
      givenName: r.given_name,
      familyName: r.family_name,
      role: r.role,
      isActive: r.is_active,
      lastSignInAt: r.last_sign_in_at?.toISOString() ?? null,
      createdAt: r.created_at.toISOString(),
    }));
    return { items, total: Number(n), page: query.page, pageSize: query.pageSize };
  });
}

/** Invites a person by e-mail to the actor's school with a role; the link is single-use and expires. */
export async function inviteUser(deps: Deps, actor: Actor, input: InviteRequest) {
  if (!invitableRoles[actor.role].includes(input.role)) {
    throw new AppError('forbidden', { fields: { role: 'role_not_invitable' } });
  }
  const existing = await findUserByEmail(deps.db, input.email);
  await inSchool(deps.db, actor.schoolId, async (trx) => {
    if (existing) {
      const member = await trx
        .selectFrom('memberships')
        .select('role')
        .where('user_id', '=', existing.id)
        .where('school_id', '=', actor.schoolId)
        .executeTakeFirst();
      if (member) throw new AppError('conflict', { fields: { email: 'email_taken' } });
    }
    const school = await trx
      .selectFrom('schools')
      .select('name')
      .where('id', '=', actor.schoolId)
      .executeTakeFirstOrThrow();
    const inviter = await trx
      .selectFrom('users')
      .select(['given_name', 'family_name'])
      .where('id', '=', actor.userId)
      .executeTakeFirstOrThrow();
    const { token, hash } = newSecret();
    await trx
      .insertInto('auth_tokens')
      .values({
        token_hash: hash,
        kind: 'invite',
        school_id: actor.schoolId,
        email: input.email,
        role: input.role,
        created_by: actor.userId,
        expires_at: new Date(Date.now() + LINK_MINUTES.invite * 60_000),
      })
      .execute();
    await queueMail(trx, deps, {
      schoolId: actor.schoolId,
      to: input.email,
      locale: existing?.locale ?? actor.locale,
      causedBy: actor.userId,
      mail: {
        template: 'invitation',
        link: `${deps.config.PUBLIC_URL}/invitation?token=${token}`,
        schoolName: school.name,
        role: input.role,
        invitedBy: `${inviter.given_name} ${inviter.family_name}`,
      },
    });
    await recordAudit(trx, actorForAudit(actor), {
      action: 'user.invited',
      entityType: 'invitation',
      entityId: input.email,
      after: { email: input.email, role: input.role },
    });
  });
}

async function loadMember(
  trx: Parameters<Parameters<typeof inSchool>[2]>[0],
  schoolId: string,
  userId: string,
) {
  const member = await trx
    .selectFrom('memberships')
    .select(['role', 'is_active'])
    .where('school_id', '=', schoolId)
    .where('user_id', '=', userId)
    .forUpdate()
    .executeTakeFirst();
  if (!member) throw new AppError('not_found');
  return member;
}

async function assertAnotherAdmin(
  trx: Parameters<Parameters<typeof inSchool>[2]>[0],
  schoolId: string,
  userId: string,
) {
  const others = await trx
    .selectFrom('memberships')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('school_id', '=', schoolId)
    .where('role', '=', 'admin')
    .where('is_active', '=', true)
    .where('user_id', '!=', userId)
    .executeTakeFirstOrThrow();
  if (Number(others.n) === 0)
    throw new AppError('conflict', { detail: 'last admin', fields: { role: 'last_admin' } });
}

/** Changes a member's role; the school always keeps at least one active admin. */
export async function changeRole(deps: Deps, actor: Actor, userId: string, role: Role) {
  await inSchool(deps.db, actor.schoolId, async (trx) => {
    const member = await loadMember(trx, actor.schoolId, userId);
    if (member.role === role) return;
    if (member.role === 'admin') await assertAnotherAdmin(trx, actor.schoolId, userId);
    await trx
      .updateTable('memberships')
      .set({ role })
      .where('school_id', '=', actor.schoolId)
      .where('user_id', '=', userId)
      .execute();
    await recordAudit(trx, actorForAudit(actor), {
      action: 'user.role_changed',
      entityType: 'user',
      entityId: userId,
      before: { role: member.role },
      after: { role },
    });
  });
}

/** Turns a member's access to this school off or on; their sessions here end at once. */
export async function setActive(deps: Deps, actor: Actor, userId: string, isActive: boolean) {
  await inSchool(deps.db, actor.schoolId, async (trx) => {
    const member = await loadMember(trx, actor.schoolId, userId);
    if (member.is_active === isActive) return;
    if (!isActive && member.role === 'admin') await assertAnotherAdmin(trx, actor.schoolId, userId);
    await trx
      .updateTable('memberships')
      .set({ is_active: isActive })
      .where('school_id', '=', actor.schoolId)
      .where('user_id', '=', userId)
      .execute();
    if (!isActive) {
      await trx
        .deleteFrom('sessions')
        .where('user_id', '=', userId)
        .where('school_id', '=', actor.schoolId)
        .execute();
    }
    await recordAudit(trx, actorForAudit(actor), {
      action: isActive ? 'user.activated' : 'user.deactivated',
      entityType: 'user',
      entityId: userId,
      before: { isActive: member.is_active },
      after: { isActive },
    });
  });
}
