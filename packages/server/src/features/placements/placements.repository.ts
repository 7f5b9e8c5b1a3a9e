import {
  type ActivityType,
  missingBeforeStart,
  notStartedStatuses,
  type PlacementSummary,
  type ReadinessItem,
} from '@tilts/shared';
import { type ExpressionBuilder, type SelectQueryBuilder, sql } from 'kysely';
import type { Actor, Trx } from '../../db/context.ts';
import type { DB, ParticipantRole } from '../../db/schema.ts';
import { placementsWithAgreementsSigned } from '../agreements/agreements.repository.ts';

// biome-ignore lint/complexity/noBannedTypes: Kysely's own type for a query that selects nothing yet.
export type PlacementQuery = SelectQueryBuilder<DB & { p: DB['placements'] }, 'p', {}>;

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

export type PlacementSortColumn = 'p.start_date' | 'p.end_date' | 'p.title' | 'p.status';

/**
 * One page of a placement list as its summaries, with the total: the page's ids and the total come
 * from one pass over the (covering) index, and the same statement joins each row's host, mentor and
 * people. For placements that have not started, what they still lack (two more queries, only then).
 */
export async function summaryPage(
  trx: Trx,
  filtered: PlacementQuery,
  sort: { column: PlacementSortColumn; dir: 'asc' | 'desc' },
  range?: { limit: number; offset: number },
): Promise<{ items: PlacementSummary[]; total: number }> {
  const dir = sql.raw(sort.dir);
  let page = filtered
    .select([
      'p.id',
      sql<number>`count(*) over ()`.as('total'),
      sql<number>`row_number() over (order by ${sql.ref(sort.column)} ${dir}, p.id ${dir})`.as('pos'),
    ])
    .orderBy(sort.column, sort.dir)
    .orderBy('p.id', sort.dir);
  if (range) page = page.limit(range.limit).offset(range.offset);
  const rows = await trx
    .with('page', () => page)
    .selectFrom('page')
    .innerJoin('placements as p', 'p.id', 'page.id')
    .innerJoin('schools as s', 's.id', 'p.school_id')
    .leftJoin('partners as h', 'h.id', 'p.host_partner_id')
    .leftJoin('users as m', 'm.id', 'p.mentor_id')
    .select([
      'page.total',
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
      's.country as school_country',
      'h.legal_name as host_name',
      sql<string | null>`m.given_name || ' ' || m.family_name`.as('mentor_name'),
      sql<{ role: ParticipantRole; name: string }[]>`coalesce((
        select json_agg(json_build_object('role', pp.role, 'name', u.given_name || ' ' || u.family_name)
          order by u.family_name, u.given_name)
        from placement_participants pp join users u on u.id = pp.user_id
        where pp.placement_id = p.id), '[]'::json)`.as('people'),
    ])
    .orderBy('page.pos')
    .execute();
  const notStarted = rows.filter((r) => notStartedStatuses.includes(r.status));
  const [mous, signed] = notStarted.length
    ? await Promise.all([
        activeMouHosts(trx, notStarted),
        placementsWithAgreementsSigned(
          trx,
          notStarted.map((r) => r.id),
        ),
      ])
    : [new Set<string>(), new Set<string>()];
  const items = rows.map((r): PlacementSummary => {
    const learners = r.people.filter((p) => p.role === 'learner').map((p) => p.name);
    const staff = r.people.filter((p) => p.role === 'staff').length;
    const missing: ReadinessItem[] = notStartedStatuses.includes(r.status)
      ? missingBeforeStart({
          kind: r.kind,
          activityType: r.activity_type as ActivityType | null,
          learners: learners.length,
          staff,
          supervisorName: r.supervisor_name,
          insurance: r.insurance,
          mentorId: r.mentor_id,
          hostAbroad: r.destination_country !== r.school_country,
          hasActiveMou: mous.has(r.id),
          agreementsSigned: signed.has(r.id),
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
      hostName: r.host_name,
      destinationCountry: r.destination_country,
      destinationCity: r.destination_city,
      learners: learners.length > 3 ? learners.slice(0, 3) : learners,
      learnerCount: learners.length,
      mentorName: r.mentor_name,
      supervisorName: r.supervisor_name,
      missing,
    };
  });
  return { items, total: Number(rows[0]?.total ?? 0) };
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
