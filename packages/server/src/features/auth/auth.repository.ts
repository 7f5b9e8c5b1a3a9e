import { isLocale, type Locale, type Role } from '@tilts/shared';
import { type Kysely, sql } from 'kysely';
import type { DB } from '../../db/schema.ts';

export interface MembershipView {
  schoolId: string;
  schoolName: string;
  role: Role;
}

/** What a session cookie stands for: one row read per request. */
export interface SessionView {
  tokenHash: string;
  userId: string;
  email: string;
  givenName: string;
  familyName: string;
  locale: Locale;
  hasPassword: boolean;
  schoolId: string | null;
  lastSeenAt: Date;
  memberships: MembershipView[];
  /** View as learner: the learner this session stands for (read only), while it does. */
  viewingAs: { userId: string; email: string; givenName: string; familyName: string } | null;
  /** Set when the session is in view-as mode, even if the learner can no longer be viewed. */
  viewingAsId: string | null;
  /**
   * While viewing as a learner, the request's session is the learner's (see view-as.service.ts
   * `viewedSession`) and this is the member of staff really signed in.
   */
  viewer?: {
    userId: string;
    email: string;
    givenName: string;
    familyName: string;
    schoolId: string | null;
    memberships: MembershipView[];
  };
}

/**
 * The session, its user and their schools, in one query (the hot path of every request). The query
 * is the function app_find_session (migration 0012), whose plan the database keeps.
 */
export async function findSession(db: Kysely<DB>, tokenHash: string): Promise<SessionView | null> {
  const result = await sql<{
    user_id: string;
    school_id: string | null;
    last_seen_at: Date;
    email: string;
    given_name: string;
    family_name: string;
    locale: string;
    has_password: boolean;
    memberships: MembershipView[];
    viewing_as: string | null;
    viewing_as_email: string | null;
    viewing_as_given_name: string | null;
    viewing_as_family_name: string | null;
  }>`select * from app_find_session(${tokenHash})`.execute(db);
  const r = result.rows[0];
  if (!r) return null;
  return {
    tokenHash,
    userId: r.user_id,
    email: r.email,
    givenName: r.given_name,
    familyName: r.family_name,
    locale: isLocale(r.locale) ? r.locale : 'lv',
    hasPassword: r.has_password,
    schoolId: r.school_id,
    lastSeenAt: r.last_seen_at,
    memberships: r.memberships,
    viewingAs:
      r.viewing_as && r.viewing_as_email
        ? {
            userId: r.viewing_as,
            email: r.viewing_as_email,
            givenName: r.viewing_as_given_name ?? '',
            familyName: r.viewing_as_family_name ?? '',
          }
        : null,
    viewingAsId: r.viewing_as,
  };
}

export function findUserByEmail(db: Kysely<DB>, email: string) {
  return db
    .selectFrom('users')
    .selectAll()
    .where(sql`lower(email)`, '=', email.toLowerCase())
    .executeTakeFirst();
}

/** The school a new session starts in: the first the user joined. */
export async function firstSchoolOf(db: Kysely<DB>, userId: string): Promise<string | null> {
  const row = await db
    .selectFrom('memberships')
    .select('school_id')
    .where('user_id', '=', userId)
    .where('is_active', '=', true)
    .orderBy('created_at')
    .executeTakeFirst();
  return row?.school_id ?? null;
}
