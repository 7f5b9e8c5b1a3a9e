import {
  type ApplicationListQuery,
  type CallDetail,
  type CallRanking,
  type FieldError,
  type RankedApplication,
  type SelectionInput,
  searchKey,
} from '@tilts/shared';
import { type Actor, inSchool } from '../../db/context.ts';
import type { Deps } from '../../deps.ts';
import { AppError } from '../../errors.ts';
import { actorForAudit, recordAudit } from '../audit/audit.service.ts';
import { queueMail } from '../mail/mail.service.ts';
import { outcomeMail } from './calls.mail.ts';
import {
  destinationLabel,
  destinationsOf,
  findCall,
  fullName,
  rankedApplications,
  schoolToday,
} from './calls.repository.ts';
import { callDetail } from './calls.service.ts';

/** The call's candidates ranked by weighted total, with how ties were broken; withdrawn ones left out. */
export async function getRanking(deps: Deps, actor: Actor, callId: string): Promise<CallRanking> {
  return inSchool(deps.db, actor.schoolId, async (trx) => {
    const call = await findCall(trx, callId);
    const [items, destinations] = await Promise.all([
      rankedApplications(trx, call),
      destinationsOf(trx, [call.id]),
    ]);
    return {
      places: call.places,
      status: call.status,
      criteria: call.criteria,
      destinations: destinations.get(call.id) ?? [],
      items: items.filter((a) => a.status !== 'withdrawn'),
    };
  });
}

const compare: Record<
  NonNullable<ApplicationListQuery['sort']>,
  (a: RankedApplication, b: RankedApplication) => number
> = {
  rank: (a, b) => (a.rank ?? Number.MAX_SAFE_INTEGER) - (b.rank ?? Number.MAX_SAFE_INTEGER),
  name: (a, b) => a.learnerName.localeCompare(b.learnerName, 'lv'),
  submittedAt: (a, b) => a.submittedAt.localeCompare(b.submittedAt),
  total: (a, b) => (a.total ?? -1) - (b.total ?? -1),
  status: (a, b) => a.status.localeCompare(b.status),
};

/**
 * A call's applicants with their scores, total and rank, searched, filtered, sorted and paged. The
 * rank needs every applicant of the call, so the whole call is read and paged here (a call has tens
 * of applicants, not thousands).
 */
export async function listApplications(
  deps: Deps,
  actor: Actor,
  callId: string,
  query: ApplicationListQuery,
  all = false,
) {
  return inSchool(deps.db, actor.schoolId, async (trx) => {
    const call = await findCall(trx, callId);
    let items = await rankedApplications(trx, call);
    if (query.status) items = items.filter((a) => a.status === query.status);
    if (query.q) {
      const key = searchKey(query.q);
      items = items.filter((a) => searchKey(`${a.learnerName} ${a.learnerEmail}`).includes(key));
    }
    const sort = query.sort ?? 'rank';
    const dir = query.sort ? query.dir : 'asc';
    items = items
      .map((a, i) => ({ a, i }))
      .sort((x, y) => (dir === 'asc' ? 1 : -1) * compare[sort](x.a, y.a) || x.i - y.i)
      .map((x) => x.a);
    const total = items.length;
    if (!all) items = items.slice((query.page - 1) * query.pageSize, query.page * query.pageSize);
    return { items, total, page: query.page, pageSize: query.pageSize, criteria: call.criteria };
  });
}

/**
 * Saves the coordinator's working selection: who goes where, the reserve list in order, who is not
 * selected. Every place is counted (the call's and each destination's), only interviewed candidates
 * can be chosen, and a learner taken out of the selection leaves their team. Learners see none of it
 * until the call is decided.
 */
export async function saveSelection(
  deps: Deps,
  actor: Actor,
  callId: string,
  input: SelectionInput,
): Promise<CallRanking> {
  await inSchool(deps.db, actor.schoolId, async (trx) => {
    const call = await findCall(trx, callId, true);
    if (call.status === 'decided') throw new AppError('conflict', { fields: { status: 'call_decided' } });
    if (call.status === 'draft') throw new AppError('conflict', { fields: { status: 'call_draft' } });
    const [items, destinations] = await Promise.all([
      rankedApplications(trx, call),
      destinationsOf(trx, [call.id]),
    ]);
    const byId = new Map(items.map((a) => [a.id, a]));
    const dests = new Map((destinations.get(call.id) ?? []).map((d) => [d.id, d]));
    const fields: Record<string, FieldError> = {};
    const add = (field: string, error: FieldError) => {
      fields[field] ??= error;
    };
    const seen = new Set<string>();
    const check = (field: string, id: string, needsInterview: boolean) => {
      const a = byId.get(id);
      if (!a) return add(field, 'not_in_school');
      if (seen.has(id)) add(field, { key: 'selection_twice', params: { name: a.learnerName } });
      seen.add(id);
      if (a.status === 'withdrawn')
        add(field, { key: 'application_withdrawn', params: { name: a.learnerName } });
      if (needsInterview && a.scores === null)
        add(field, { key: 'not_interviewed', params: { name: a.learnerName } });
    };
    for (const s of input.selected) {
      check('selected', s.applicationId, true);
      if (!dests.has(s.destinationId)) add('selected', 'not_in_call');
    }
    for (const id of input.reserve) check('reserve', id, true);
    for (const id of input.notSelected) check('notSelected', id, false);
    if (input.selected.length > call.places)
      add('selected', { key: 'over_places', params: { places: call.places, count: input.selected.length } });
    for (const d of dests.values()) {
      const count = input.selected.filter((s) => s.destinationId === d.id).length;
      if (count > d.places)
        add('selected', {
          key: 'over_destination_places',
          params: { destination: destinationLabel(d), places: d.places, count },
        });
    }
    if (Object.keys(fields).length) throw new AppError('validation_failed', { fields });

    const now = deps.now();
    const outcome = new Map<
      string,
      { status: RankedApplication['status']; rank: number | null; dest: string | null }
    >();
    for (const s of input.selected)
      outcome.set(s.applicationId, { status: 'selected', rank: null, dest: s.destinationId });
    for (const [i, id] of input.reserve.entries())
      outcome.set(id, { status: 'reserve', rank: i + 1, dest: null });
    for (const id of input.notSelected) outcome.set(id, { status: 'not_selected', rank: null, dest: null });
    for (const a of items) {
      if (a.status === 'withdrawn') continue;
      const next = outcome.get(a.id) ?? { status: 'submitted' as const, rank: null, dest: null };
      if (next.status === a.status && next.rank === a.reserveRank && next.dest === a.destinationId) continue;
      await trx
        .updateTable('call_applications')
        .set({ status: next.status, reserve_rank: next.rank, destination_id: next.dest, updated_at: now })
        .where('id', '=', a.id)
        .execute();
    }
    // A team holds learners selected for its destination; anyone else leaves it.
    await trx
      .deleteFrom('call_team_members as m')
      .where('m.team_id', 'in', (eb) =>
        eb.selectFrom('call_teams').select('id').where('call_id', '=', call.id),
      )
      .where((eb) =>
        eb.not(
          eb.exists(
            eb
              .selectFrom('call_applications as a')
              .innerJoin('call_teams as t', 't.destination_id', 'a.destination_id')
              .select('a.id')
              .whereRef('a.id', '=', 'm.application_id')
              .whereRef('t.id', '=', 'm.team_id')
              .where('a.status', '=', 'selected'),
          ),
        ),
      )
      .execute();
    await recordAudit(trx, actorForAudit(actor), {
      action: 'call.selection_saved',
      entityType: 'call',
      entityId: call.id,
      after: input,
    });
  });
  return getRanking(deps, actor, callId);
}

/**
 * Decides the call: the selection becomes final and every applicant is e-mailed the outcome in their
 * own language, in the same transaction, so a decision never exists without its letters. Needs every
 * applicant to have an outcome, and the call closed (or its deadline passed).
 */
export async function decideCall(deps: Deps, actor: Actor, callId: string): Promise<CallDetail> {
  return inSchool(deps.db, actor.schoolId, async (trx) => {
    const call = await findCall(trx, callId, true);
    const now = deps.now();
    if (call.status === 'decided' || call.status === 'draft')
      throw new AppError('conflict', {
        fields: { status: { key: 'call_transition', params: { state: call.status, target: 'decided' } } },
      });
    if (call.status === 'open' && schoolToday(now) <= call.deadline)
      throw new AppError('conflict', {
        fields: { status: { key: 'deadline_not_passed', params: { date: call.deadline } } },
      });
    const applicants = await trx
      .selectFrom('call_applications as a')
      .innerJoin('users as u', 'u.id', 'a.learner_id')
      .leftJoin('call_destinations as d', 'd.id', 'a.destination_id')
      .leftJoin('partners as p', 'p.id', 'd.host_partner_id')
      .select([
        'a.id',
        'a.status',
        'a.reserve_rank',
        'u.email',
        'u.locale',
        'u.given_name',
        'u.family_name',
        'd.country',
        'd.city',
        'p.legal_name',
      ])
      .where('a.call_id', '=', call.id)
      .where('a.status', '<>', 'withdrawn')
      .execute();
    const undecided = applicants.filter((a) => a.status === 'submitted').length;
    if (undecided > 0)
      throw new AppError('conflict', {
        fields: { selection: { key: 'undecided_left', params: { count: undecided } } },
      });
    const school = await trx
      .selectFrom('schools')
      .select('name')
      .where('id', '=', actor.schoolId)
      .executeTakeFirstOrThrow();
    const link = `${deps.config.PUBLIC_URL.replace(/\/$/, '')}/calls/${call.id}`;
    for (const a of applicants) {
      await queueMail(trx, deps, {
        schoolId: actor.schoolId,
        to: a.email,
        locale: a.locale,
        causedBy: actor.userId,
        mail: outcomeMail({
          learnerName: fullName(a),
          callTitle: call.title,
          schoolName: school.name,
          link,
          outcome:
            a.status === 'selected'
              ? { kind: 'selected', country: a.country ?? '', city: a.city ?? '', hostName: a.legal_name }
              : a.status === 'reserve'
                ? { kind: 'reserve', position: a.reserve_rank ?? 0 }
                : { kind: 'not_selected' },
        }),
      });
    }
    if (applicants.length)
      await trx
        .updateTable('call_applications')
        .set({ notified_at: now })
        .where(
          'id',
          'in',
          applicants.map((a) => a.id),
        )
        .execute();
    await trx
      .updateTable('calls')
      .set({
        status: 'decided',
        decided_at: now,
        closed_at: call.closed_at ?? now,
        lock_version: call.lock_version + 1,
        updated_at: now,
      })
      .where('id', '=', call.id)
      .execute();
    const count = (s: string) => applicants.filter((a) => a.status === s).length;
    await recordAudit(trx, actorForAudit(actor), {
      action: 'call.decided',
      entityType: 'call',
      entityId: call.id,
      before: { status: call.status },
      after: {
        status: 'decided',
        selected: count('selected'),
        reserve: count('reserve'),
        notSelected: count('not_selected'),
        emails: applicants.length,
      },
    });
    return callDetail(trx, deps, actor, await findCall(trx, call.id));
  });
}
