import type {
  ApplicationStatus,
  CallCriterion,
  CallDestination,
  CallStatus,
  CefrLevel,
  RankedApplication,
} from '@tilts/shared';
import type { Selectable } from 'kysely';
import type { Trx } from '../../db/context.ts';
import type { CallsTable } from '../../db/schema.ts';
import { AppError } from '../../errors.ts';
import { birthDateOf } from '../people/profiles.repository.ts';
import { rankCandidates } from './ranking.ts';

export type CallRow = Selectable<CallsTable>;

/** Applications are taken until the end of the deadline day in Latvia, whatever the server's zone. */
const SCHOOL_TIME_ZONE = 'Europe/Riga';
const dayFormat = new Intl.DateTimeFormat('en-CA', {
  timeZone: SCHOOL_TIME_ZONE,
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
});

/** Today's date (YYYY-MM-DD) where the schools are. */
export function schoolToday(now: Date): string {
  return dayFormat.format(now);
}

export function isAccepting(call: { status: CallStatus; opens_on: string; deadline: string }, today: string) {
  return call.status === 'open' && call.opens_on <= today && today <= call.deadline;
}

/**
 * Refuses a learner's application, change or withdrawal when the call does not take applications,
 * saying from or until when it does.
 */
export function assertAccepting(call: CallRow, today: string) {
  if (today > call.deadline && call.status !== 'draft')
    throw new AppError('conflict', {
      fields: { deadline: { key: 'call_deadline_passed', params: { date: call.deadline } } },
    });
  if (call.status !== 'open') throw new AppError('conflict', { fields: { call: 'call_not_open' } });
  if (today < call.opens_on)
    throw new AppError('conflict', {
      fields: { opensOn: { key: 'call_not_open_yet', params: { date: call.opens_on } } },
    });
}

/**
 * A call of the school, or "not found". `lock`: 'update' for a change to the call itself; 'share' for
 * a learner's application, so the call cannot close or be decided halfway through it.
 */
/**
 * Whether a learner is under 18 today by the school's records (learner_profiles); null when the
 * school has no birth date for them, and the learner says it themselves.
 */
export async function isMinorOnRecord(trx: Trx, learnerId: string, today: string): Promise<boolean | null> {
  const dateOfBirth = await birthDateOf(trx, learnerId);
  if (!dateOfBirth) return null;
  const adultFrom = `${Number(dateOfBirth.slice(0, 4)) + 18}${dateOfBirth.slice(4)}`;
  return today < adultFrom;
}

export async function findCall(trx: Trx, id: string, lock: boolean | 'share' = false): Promise<CallRow> {
  let q = trx.selectFrom('calls').selectAll().where('id', '=', id);
  if (lock === 'share') q = q.forShare();
  else if (lock) q = q.forUpdate();
  const row = await q.executeTakeFirst();
  if (!row) throw new AppError('not_found');
  return row;
}

/** "Dresden, DE": a destination in a list, in any language. */
export function destinationLabel(d: { city: string; country: string }): string {
  return d.city ? `${d.city}, ${d.country}` : d.country;
}

/** The destinations of some calls, in their order, with the host's name. */
export async function destinationsOf(trx: Trx, callIds: string[]): Promise<Map<string, CallDestination[]>> {
  const out = new Map<string, CallDestination[]>(callIds.map((id) => [id, []]));
  if (callIds.length === 0) return out;
  const rows = await trx
    .selectFrom('call_destinations as d')
    .leftJoin('partners as p', 'p.id', 'd.host_partner_id')
    .select(['d.id', 'd.call_id', 'd.country', 'd.city', 'd.host_partner_id', 'd.places', 'p.legal_name'])
    .where('d.call_id', 'in', callIds)
    .orderBy('d.position')
    .execute();
  for (const r of rows) {
    out.get(r.call_id)?.push({
      id: r.id,
      country: r.country,
      city: r.city,
      hostPartnerId: r.host_partner_id,
      hostName: r.legal_name ?? null,
      places: r.places,
    });
  }
  return out;
}

export const fullName = (u: { given_name: string; family_name: string }) =>
  `${u.given_name} ${u.family_name}`;

/** Every application of a call with its learner, interview and preferences, ranked on the call's criteria. */
export async function rankedApplications(trx: Trx, call: CallRow): Promise<RankedApplication[]> {
  const rows = await trx
    .selectFrom('call_applications as a')
    .innerJoin('users as u', 'u.id', 'a.learner_id')
    .leftJoin('call_interviews as i', 'i.application_id', 'a.id')
    .select([
      'a.id',
      'a.learner_id',
      'a.status',
      'a.reserve_rank',
      'a.destination_id',
      'a.languages',
      'a.submitted_at',
      'u.given_name',
      'u.family_name',
      'u.email',
      'i.scores',
    ])
    .where('a.call_id', '=', call.id)
    .execute();
  const prefs = rows.length
    ? await trx
        .selectFrom('call_application_destinations')
        .select(['application_id', 'destination_id'])
        .where(
          'application_id',
          'in',
          rows.map((r) => r.id),
        )
        .orderBy('preference')
        .execute()
    : [];
  const criteria = call.criteria as CallCriterion[];
  const active = rows.filter((r) => r.status !== 'withdrawn');
  const ranked = new Map(
    rankCandidates(
      active.map((r) => ({
        id: r.id,
        name: fullName(r),
        scores: r.scores ?? null,
        submittedAt: r.submitted_at,
      })),
      criteria,
    ).map((r, order) => [r.id, { ...r, order }]),
  );
  return rows
    .map((r) => {
      const rank = ranked.get(r.id);
      return {
        order: rank?.order ?? Number.MAX_SAFE_INTEGER,
        item: {
          id: r.id,
          learnerId: r.learner_id,
          learnerName: fullName(r),
          learnerEmail: r.email,
          status: r.status as ApplicationStatus,
          reserveRank: r.reserve_rank,
          destinationId: r.destination_id,
          preferences: prefs.filter((p) => p.application_id === r.id).map((p) => p.destination_id),
          languages: r.languages.map((l) => ({ language: l.language, level: l.level as CefrLevel })),
          submittedAt: r.submitted_at.toISOString(),
          scores: r.scores ?? null,
          total: rank?.total ?? null,
          rank: rank?.rank ?? null,
          tiedWith: rank?.tiedWith ?? [],
          tieBreak: rank?.tieBreak ?? null,
        },
      };
    })
    .sort((a, b) => a.order - b.order || a.item.submittedAt.localeCompare(b.item.submittedAt))
    .map((x) => x.item);
}
