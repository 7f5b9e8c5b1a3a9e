import { isLocale, type Locale, type Role, type SupportAuthorRole } from '@tilts/shared';
import type { Selectable } from 'kysely';
import type { Actor, Trx } from '../../db/context.ts';
import type { PlacementsTable } from '../../db/schema.ts';
import { AppError } from '../../errors.ts';
import type { AuditActor } from '../audit/audit.service.ts';
import { visiblePlacements } from '../placements/placements.repository.ts';

export type PlacementRow = Selectable<PlacementsTable>;

/** Staff of the school: they read what learners write before and during a placement. */
export const supportStaff: readonly Role[] = ['admin', 'coordinator', 'teacher'];

/** The placement if the actor may see it (`visiblePlacements`); anything else is the same 404. */
export async function visiblePlacement(trx: Trx, actor: Actor, id: string): Promise<PlacementRow> {
  const row = await visiblePlacements(trx, actor).selectAll('p').where('p.id', '=', id).executeTakeFirst();
  if (!row) throw new AppError('not_found');
  return row;
}

/** The workplace supervisor is known by the e-mail the placement names, with or without an account. */
export const supervisorKey = (email: string) => `supervisor:${email.trim().toLowerCase()}`;

/** How a person is known in a thread: a user's id, or the supervisor's e-mail key. */
export function partyKey(actor: Actor): string {
  return actor.role === 'supervisor' ? supervisorKey(actor.email) : actor.userId;
}

/** What the others see next to a signed-in person's words on this placement. */
export function authorRole(actor: Actor, p: PlacementRow): SupportAuthorRole {
  if (actor.role === 'learner') return 'learner';
  if (actor.role === 'supervisor') return 'supervisor';
  if (p.mentor_id === actor.userId) return 'mentor';
  return actor.role === 'teacher' ? 'teacher' : 'coordinator';
}

/** Someone who writes on a placement: a signed-in person or the supervisor through a link. */
export interface Writer {
  key: string;
  userId: string | null;
  name: string;
  role: SupportAuthorRole;
  audit: AuditActor;
}

const fullName = (u: { given_name: string; family_name: string }) => `${u.given_name} ${u.family_name}`;

/** The signed-in actor as a writer on this placement. */
export async function writerOf(trx: Trx, actor: Actor, p: PlacementRow): Promise<Writer> {
  const user = await trx
    .selectFrom('users')
    .select(['given_name', 'family_name'])
    .where('id', '=', actor.userId)
    .executeTakeFirstOrThrow();
  const role = authorRole(actor, p);
  return {
    key: partyKey(actor),
    userId: actor.userId,
    name: role === 'supervisor' && p.supervisor_name ? p.supervisor_name : fullName(user),
    role,
    audit: {
      userId: actor.userId,
      email: actor.email,
      schoolId: actor.schoolId,
      ip: actor.ip,
      requestId: actor.requestId,
    },
  };
}

/** One of the people a placement's thread is for. */
export interface Party {
  key: string;
  userId: string | null;
  email: string;
  name: string;
  role: SupportAuthorRole;
  /** The language to write to them in. */
  locale: Locale;
}

/** The language of a school's own people: Latvian in Latvia, English elsewhere. */
export async function schoolLocale(trx: Trx, schoolId: string): Promise<Locale> {
  const school = await trx
    .selectFrom('schools')
    .select('country')
    .where('id', '=', schoolId)
    .executeTakeFirstOrThrow();
  return school.country === 'LV' ? 'lv' : 'en';
}

/**
 * Everyone a placement's thread is for: its learners, mentor, accompanying and travelling staff, the
 * coordinator who made it, staff who have written in it, and the workplace supervisor (by e-mail).
 * Only active members of the school; the supervisor's language is their account's, else the one they
 * last wrote in, else the school's.
 */
export async function placementParties(trx: Trx, p: PlacementRow): Promise<Party[]> {
  const [participants, authors, mentor, creator] = await Promise.all([
    trx
      .selectFrom('placement_participants as pp')
      .innerJoin('users as u', 'u.id', 'pp.user_id')
      .innerJoin('memberships as m', (j) =>
        j.onRef('m.user_id', '=', 'u.id').on('m.school_id', '=', p.school_id),
      )
      .select(['u.id', 'u.email', 'u.given_name', 'u.family_name', 'u.locale', 'pp.role'])
      .where('pp.placement_id', '=', p.id)
      .where('u.is_active', '=', true)
      .where('m.is_active', '=', true)
      .orderBy('u.family_name')
      .orderBy('u.given_name')
      .execute(),
    trx
      .selectFrom('placement_messages as pm')
      .innerJoin('users as u', 'u.id', 'pm.author_id')
      .innerJoin('memberships as m', (j) =>
        j.onRef('m.user_id', '=', 'u.id').on('m.school_id', '=', p.school_id),
      )
      .select(['u.id', 'u.email', 'u.given_name', 'u.family_name', 'u.locale', 'm.role'])
      .distinct()
      .where('pm.placement_id', '=', p.id)
      .where('m.role', 'in', supportStaff)
      .where('u.is_active', '=', true)
      .where('m.is_active', '=', true)
      .execute(),
    p.mentor_id ? activeMember(trx, p.school_id, p.mentor_id) : undefined,
    p.created_by ? activeMember(trx, p.school_id, p.created_by) : undefined,
  ]);
  const parties: Party[] = [];
  const seen = new Set<string>();
  const add = (party: Party) => {
    if (seen.has(party.key)) return;
    seen.add(party.key);
    parties.push(party);
  };
  const person = (
    u: { id: string; email: string; given_name: string; family_name: string; locale: string },
    role: SupportAuthorRole,
  ): Party => ({
    key: u.id,
    userId: u.id,
    email: u.email,
    name: fullName(u),
    role,
    locale: isLocale(u.locale) ? u.locale : 'lv',
  });
  for (const u of participants.filter((x) => x.role === 'learner')) add(person(u, 'learner'));
  if (mentor) add(person(mentor, 'mentor'));
  for (const u of participants.filter((x) => x.role !== 'learner')) add(person(u, 'teacher'));
  if (creator && (creator.role === 'coordinator' || creator.role === 'admin'))
    add(person(creator, 'coordinator'));
  for (const u of authors) add(person(u, u.role === 'teacher' ? 'teacher' : 'coordinator'));
  if (p.supervisor_email.trim()) {
    const email = p.supervisor_email.trim().toLowerCase();
    const key = supervisorKey(email);
    const [account, reader] = await Promise.all([
      trx.selectFrom('users').select('locale').where('email', '=', email).executeTakeFirst(),
      trx
        .selectFrom('placement_thread_readers')
        .select('locale')
        .where('placement_id', '=', p.id)
        .where('reader_key', '=', key)
        .executeTakeFirst(),
    ]);
    add({
      key,
      userId: null,
      email,
      name: p.supervisor_name || email,
      role: 'supervisor',
      locale: account?.locale ?? reader?.locale ?? (await schoolLocale(trx, p.school_id)),
    });
  }
  return parties;
}

async function activeMember(trx: Trx, schoolId: string, userId: string) {
  return trx
    .selectFrom('users as u')
    .innerJoin('memberships as m', (j) => j.onRef('m.user_id', '=', 'u.id').on('m.school_id', '=', schoolId))
    .select(['u.id', 'u.email', 'u.given_name', 'u.family_name', 'u.locale', 'm.role'])
    .where('u.id', '=', userId)
    .where('u.is_active', '=', true)
    .where('m.is_active', '=', true)
    .executeTakeFirst();
}

/** The placement's learners (participants with the learner role), by name. */
export async function placementLearners(trx: Trx, placementId: string) {
  const rows = await trx
    .selectFrom('placement_participants as pp')
    .innerJoin('users as u', 'u.id', 'pp.user_id')
    .select(['u.id', 'u.given_name', 'u.family_name'])
    .where('pp.placement_id', '=', placementId)
    .where('pp.role', '=', 'learner')
    .orderBy('u.family_name')
    .orderBy('u.given_name')
    .execute();
  return rows.map((r) => ({ id: r.id, name: fullName(r) }));
}

/** A learner reads only their own records; staff who see the placement read every learner's. */
export function learnersInView<T extends { id: string }>(actor: Actor, learners: T[]): T[] {
  if (actor.role === 'learner') return learners.filter((l) => l.id === actor.userId);
  if (supportStaff.includes(actor.role)) return learners;
  return [];
}
