import type { AcceptInvitationRequest, Locale, LoginRequest, SetPasswordRequest } from '@tilts/shared';
import { type Kysely, sql } from 'kysely';
import type { DB, TokenKind } from '../../db/schema.ts';
import type { Deps } from '../../deps.ts';
import { AppError } from '../../errors.ts';
import { recordAudit } from '../audit/audit.service.ts';
import { queueMail } from '../mail/mail.service.ts';
import type { MailTemplate } from '../mail/templates.ts';
import { findSession, findUserByEmail, firstSchoolOf, type SessionView } from './auth.repository.ts';
import { assertNotThrottled, clearFailures, recordFailure, throttleKeys } from './throttle.ts';
import { checkPassword, hashPassword, hashSecret, newSecret } from './tokens.ts';

export const LINK_MINUTES: Record<TokenKind, number> = { reset: 60, magic: 15, invite: 7 * 24 * 60 };

export interface RequestInfo {
  ip: string;
  requestId: string;
  locale: Locale;
}

export interface SignedIn {
  token: string;
  session: SessionView;
}

/** Opens a session for a user; the cookie gets `token`, the database only its hash. */
export async function startSession(
  deps: Deps,
  userId: string,
  schoolId: string | null,
  req: RequestInfo,
  how: string,
): Promise<SignedIn> {
  const { token, hash } = newSecret();
  const school = schoolId ?? (await firstSchoolOf(deps.db, userId));
  await deps.db.transaction().execute(async (trx) => {
    await trx
      .insertInto('sessions')
      .values({
        token_hash: hash,
        user_id: userId,
        school_id: school,
        expires_at: new Date(Date.now() + deps.config.SESSION_DAYS * 86_400_000),
      })
      .execute();
    const user = await trx
      .updateTable('users')
      .set({ last_sign_in_at: new Date() })
      .where('id', '=', userId)
      .returning('email')
      .executeTakeFirstOrThrow();
    await recordAudit(
      trx,
      { userId, email: user.email, schoolId: school, ip: req.ip, requestId: req.requestId },
      {
        action: 'auth.signed_in',
        entityType: 'user',
        entityId: userId,
        after: { how },
      },
    );
  });
  const session = await findSession(deps.db, hash);
  if (!session) throw new AppError('internal', { detail: 'session vanished' });
  return { token, session };
}

/** Signs in with e-mail and password; repeated failures slow the account and the address down. */
export async function login(deps: Deps, input: LoginRequest, req: RequestInfo): Promise<SignedIn> {
  const keys = throttleKeys(input.email, req.ip);
  await assertNotThrottled(deps.db, keys);
  const user = await findUserByEmail(deps.db, input.email);
  const ok = await checkPassword(user?.is_active ? user.password_hash : null, input.password);
  if (!user || !ok) {
    await recordFailure(deps.db, keys);
    throw new AppError('invalid_credentials');
  }
  await clearFailures(deps.db, keys);
  return startSession(deps, user.id, null, req, 'password');
}

export async function logout(deps: Deps, session: SessionView, req: RequestInfo) {
  await deps.db.transaction().execute(async (trx) => {
    await trx.deleteFrom('sessions').where('token_hash', '=', session.tokenHash).execute();
    await recordAudit(
      trx,
      {
        userId: session.userId,
        email: session.email,
        schoolId: session.schoolId,
        ip: req.ip,
        requestId: req.requestId,
      },
      { action: 'auth.signed_out', entityType: 'user', entityId: session.userId },
    );
  });
}

/** Takes a single-use link: valid, unused and unexpired, or nothing. Marks it used in the same statement. */
async function takeToken(db: Kysely<DB>, kind: TokenKind, token: string) {
  const row = await db
    .updateTable('auth_tokens')
    .set({ used_at: new Date() })
    .where('token_hash', '=', hashSecret(token))
    .where('kind', '=', kind)
    .where('used_at', 'is', null)
    .where('expires_at', '>', new Date())
    .returningAll()
    .executeTakeFirst();
  if (!row) throw new AppError('link_invalid');
  return row;
}

async function issueLink(deps: Deps, kind: 'reset' | 'magic', email: string): Promise<void> {
  const user = await findUserByEmail(deps.db, email);
  // The answer is the same whether or not the address is known: it tells a stranger nothing.
  if (!user?.is_active) return;
  const schoolId = await firstSchoolOf(deps.db, user.id);
  const { token, hash } = newSecret();
  const minutes = LINK_MINUTES[kind];
  const path = kind === 'reset' ? 'reset-password' : 'magic';
  await deps.db.transaction().execute(async (trx) => {
    await trx
      .insertInto('auth_tokens')
      .values({
        token_hash: hash,
        kind,
        user_id: user.id,
        school_id: schoolId,
        email: user.email,
        expires_at: new Date(Date.now() + minutes * 60_000),
      })
      .execute();
    await queueMail(trx, deps, {
      schoolId,
      to: user.email,
      locale: user.locale,
      mail: {
        template: (kind === 'reset' ? 'password_reset' : 'magic_link') as 'password_reset' | 'magic_link',
        link: `${deps.config.PUBLIC_URL}/${path}?token=${token}`,
        minutes,
      } as MailTemplate,
    });
  });
}

export const requestPasswordReset = (deps: Deps, email: string) => issueLink(deps, 'reset', email);
export const requestMagicLink = (deps: Deps, email: string) => issueLink(deps, 'magic', email);

/** Sets a new password from a reset link, ends the user's other sessions, and signs them in. */
export async function confirmPasswordReset(
  deps: Deps,
  input: SetPasswordRequest,
  req: RequestInfo,
): Promise<SignedIn> {
  const passwordHash = await hashPassword(input.password);
  const token = await takeToken(deps.db, 'reset', input.token);
  const userId = token.user_id!;
  await deps.db.transaction().execute(async (trx) => {
    await trx
      .updateTable('users')
      .set({ password_hash: passwordHash, updated_at: new Date() })
      .where('id', '=', userId)
      .execute();
    await trx.deleteFrom('sessions').where('user_id', '=', userId).execute();
    await recordAudit(
      trx,
      { userId, email: token.email, schoolId: token.school_id, ip: req.ip, requestId: req.requestId },
      {
        action: 'auth.password_reset',
        entityType: 'user',
        entityId: userId,
      },
    );
  });
  await clearFailures(deps.db, throttleKeys(token.email, req.ip));
  return startSession(deps, userId, token.school_id, req, 'reset_link');
}

export async function consumeMagicLink(deps: Deps, tokenText: string, req: RequestInfo): Promise<SignedIn> {
  const token = await takeToken(deps.db, 'magic', tokenText);
  return startSession(deps, token.user_id!, token.school_id, req, 'magic_link');
}

/** What an invitation link offers, before it is accepted. Looking does not use it up. */
export async function describeInvitation(deps: Deps, tokenText: string) {
  const row = await deps.db
    .selectFrom('auth_tokens as t')
    .innerJoin('schools as s', 's.id', 't.school_id')
    .select(['t.email', 't.role', 's.name as schoolName'])
    .where('t.token_hash', '=', hashSecret(tokenText))
    .where('t.kind', '=', 'invite')
    .where('t.used_at', 'is', null)
    .where('t.expires_at', '>', new Date())
    .executeTakeFirst();
  if (!row?.role) throw new AppError('link_invalid');
  const user = await findUserByEmail(deps.db, row.email);
  return { email: row.email, schoolName: row.schoolName, role: row.role, hasAccount: Boolean(user) };
}

/** Accepts an invitation: creates the account (or joins an existing one to the school) and signs in. */
export async function acceptInvitation(
  deps: Deps,
  input: AcceptInvitationRequest,
  req: RequestInfo,
): Promise<SignedIn> {
  const passwordHash = input.password ? await hashPassword(input.password) : null;
  const token = await takeToken(deps.db, 'invite', input.token);
  const schoolId = token.school_id!;
  const role = token.role!;
  const userId = await deps.db.transaction().execute(async (trx) => {
    const existing = await findUserByEmail(trx, token.email);
    let id: string;
    if (existing) {
      id = existing.id;
    } else {
      const created = await trx
        .insertInto('users')
        .values({
          email: token.email,
          given_name: input.givenName,
          family_name: input.familyName,
          password_hash: passwordHash,
          locale: req.locale,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      id = created.id;
    }
    await sql`insert into memberships (school_id, user_id, role) values (${schoolId}, ${id}, ${role})
      on conflict (school_id, user_id) do update set role = excluded.role`.execute(trx);
    await recordAudit(
      trx,
      { userId: id, email: token.email, schoolId, ip: req.ip, requestId: req.requestId },
      {
        action: 'user.invitation_accepted',
        entityType: 'user',
        entityId: id,
        after: { role, newAccount: !existing },
      },
    );
    return id;
  });
  return startSession(deps, userId, schoolId, req, 'invitation');
}

export async function setLocale(deps: Deps, session: SessionView, locale: Locale) {
  await deps.db
    .updateTable('users')
    .set({ locale, updated_at: new Date() })
    .where('id', '=', session.userId)
    .execute();
}

/** Moves the session to another school the user belongs to. */
export async function switchSchool(deps: Deps, session: SessionView, schoolId: string) {
  if (!session.memberships.some((m) => m.schoolId === schoolId)) throw new AppError('not_found');
  await deps.db
    .updateTable('sessions')
    .set({ school_id: schoolId })
    .where('token_hash', '=', session.tokenHash)
    .execute();
}

export function meView(session: SessionView) {
  const current = session.memberships.find((m) => m.schoolId === session.schoolId) ?? null;
  return {
    id: session.userId,
    email: session.email,
    givenName: session.givenName,
    familyName: session.familyName,
    locale: session.locale,
    hasPassword: session.hasPassword,
    school: current,
    memberships: session.memberships,
    viewingAs: session.viewer
      ? {
          staffId: session.viewer.userId,
          staffName: `${session.viewer.givenName} ${session.viewer.familyName}`,
        }
      : null,
  };
}
