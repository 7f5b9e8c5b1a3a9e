import {
  type ActivityType,
  missingBeforeStart,
  notStartedStatuses,
  type PlacementStatus,
  type PlacementSummary,
  type ReadinessItem,
} from '@tilts/shared';
import { type ExpressionBuilder, type SelectQueryBuilder, sql } from 'kysely';
import type { Actor, Trx } from '../../db/context.ts';
import type { DB } from '../../db/schema.ts';

// biome-ignore lint/complexity/noBannedTypes: Kysely's own type for a query that selects nothing yet.
type PlacementQuery = SelectQueryBuilder<DB & { p: DB['placements'] }, 'p', {}>;

/**
 * Placements the actor may see: the whole school for a coordinator or admin; for a teacher those
 * they mentor or accompany; for a learner their own; for a workplace supervisor those they supervise.
 */
export function visiblePlacements(trx: Trx, actor: Actor): PlacementQuery {
  const q = trx.selectFrom('placements as p');
  switch (actor.role) {
    case 'admin':
    case 'coordinator':
      return q;
    case 'teacher':
      return q.where((eb) => eb.or([eb('p.mentor_id', '=', actor.userId), isParticipant(eb, actor.userId)]));
    case 'learner':
      return q.where((eb) => isParticipant(eb, actor.userId));
    case 'supervisor':
      return q.where(sql<boolean>`lower(p.supervisor_email) = ${actor.email.toLowerCase()}`);
  }
}

function isParticipant(eb: ExpressionBuilder<DB & { p: DB['placements'] }, 'p'>, userId: string) {
  return eb.exists(
    eb
      .selectFrom('placement_participants as pp')
      .select('pp.id')
      .whereRef('pp.placement_id', '=', 'p.id')
      .where('pp.user_id', '=', userId),
  );
}

/** The row a list shows, plus what the readiness check needs. */
export const summaryColumns = [
  'p.id',
  'p.title',
  'p.kind',
  'p.activity_type',
  'p.status',
  'p.start_date',
  'p.end_date',
  'p.destination_country',
  'p.destination_city',
  'p.supervisor_name',
  'p.insurance',
  'p.mentor_id',
  'p.host_partner_id',
  'p.school_id',
] as const;

export interface SummaryRow {
  id: string;
  title: string;
  kind: PlacementSummary['kind'];
  activity_type: string | null;
  status: PlacementStatus;
  start_date: string;
  end_date: string;
  destination_country: string;
  destination_city: string;
  supervisor_name: string;
  insurance: string;
  mentor_id: string | null;
  host_partner_id: string | null;
  school_id: string;
}

/**
 * Completes a page of rows with what lists show (host, learners, mentor) and, for placements that
 * have not started, what they still lack. A few queries for the whole page, never one per row.
 */
export async function toSummaries(trx: Trx, rows: SummaryRow[]): Promise<PlacementSummary[]> {
  if (rows.length === 0) return [];
  const ids = rows.map((r) => r.id);
  const hostIds = [...new Set(rows.map((r) => r.host_partner_id).filter((id): id is string => id !== null))];
  const mentorIds = [...new Set(rows.map((r) => r.mentor_id).filter((id): id is string => id !== null))];
  const [hosts, mentors, people, school] = await Promise.all([
    hostIds.length
      ? trx.selectFrom('partners').select(['id', 'legal_name']).where('id', 'in', hostIds).execute()
      : [],
    mentorIds.length
      ? trx
          .selectFrom('users')
          .select(['id', 'given_name', 'family_name'])
          .where('id', 'in', mentorIds)
          .execute()
      : [],
    trx
      .selectFrom('placement_participants as pp')
      .innerJoin('users as u', 'u.id', 'pp.user_id')
      .select(['pp.placement_id', 'pp.role', 'u.given_name', 'u.family_name'])
      .where('pp.placement_id', 'in', ids)
      .orderBy('u.family_name')
      .orderBy('u.given_name')
      .execute(),
    trx.selectFrom('schools').select('country').where('id', '=', rows[0]!.school_id).executeTakeFirst(),
  ]);
  const notStarted = rows.filter((r) => notStartedStatuses.includes(r.status));
  const mous = await activeMouHosts(trx, notStarted);
  const hostName = new Map(hosts.map((h) => [h.id, h.legal_name]));
  const mentorName = new Map(mentors.map((m) => [m.id, `${m.given_name} ${m.family_name}`]));
  return rows.map((r) => {
    const mine = people.filter((p) => p.placement_id === r.id);
    const learners = mine.filter((p) => p.role === 'learner').map((p) => `${p.given_name} ${p.family_name}`);
    const staff = mine.filter((p) => p.role === 'staff').length;
    const missing: ReadinessItem[] = notStartedStatuses.includes(r.status)
      ? missingBeforeStart({
          kind: r.kind,
          activityType: r.activity_type as ActivityType | null,
          learners: learners.length,
          staff,
          supervisorName: r.supervisor_name,
          insurance: r.insurance,
          mentorId: r.mentor_id,
          hostAbroad: r.destination_country !== (school?.country ?? 'LV'),
          hasActiveMou: mous.has(r.id),
        })
      : [];
    return {
      id: r.id,
      title: r.title,
      kind: r.kind,
      activityType: r.activity_type as ActivityType | null,
      status: r.status,
      startDate: r.start_date,
      endDate: r.end_date,
      hostName: r.host_partner_id ? (hostName.get(r.host_partner_id) ?? null) : null,
      destinationCountry: r.destination_country,
      destinationCity: r.destination_city,
      learners: learners.length > 3 ? learners.slice(0, 3) : learners,
      learnerCount: learners.length,
      mentorName: r.mentor_id ? (mentorName.get(r.mentor_id) ?? null) : null,
      supervisorName: r.supervisor_name,
      missing,
    };
  });
}

/** Of the given placements, those whose host has an active memorandum covering the whole period. */
export async function activeMouHosts(
  trx: Trx,
  rows: { id: string; host_partner_id: string | null; start_date: string; end_date: string }[],
): Promise<Set<string>> {
  const withHost = rows.filter((r) => r.host_partner_id);
  if (withHost.length === 0) return new Set();
  const hostIds = [...new Set(withHost.map((r) => r.host_partner_id!))];
  const covering = await trx
    .selectFrom('mous as m')
    .innerJoin('mou_parties as mp', 'mp.mou_id', 'm.id')
    .select(['mp.partner_id', 'm.valid_from', 'm.valid_until'])
    .where('m.status', '=', 'active')
    .where('mp.partner_id', 'in', hostIds)
    .execute();
  const found = new Set<string>();
  for (const r of withHost) {
    const ok = covering.some(
      (m) =>
        // An active memorandum always has its validity dates (only a draft may lack them).
        m.partner_id === r.host_partner_id &&
        (m.valid_from ?? '9999-12-31') <= r.start_date &&
        (m.valid_until ?? '0000-01-01') >= r.end_date,
    );
    if (ok) found.add(r.id);
  }
  return found;
}
