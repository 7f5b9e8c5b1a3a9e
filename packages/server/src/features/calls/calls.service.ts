import {
  type CallCriterion,
  type CallDetail,
  type CallInput,
  type CallListQuery,
  type CallSummary,
  type FieldError,
  type Role,
  searchKey,
} from '@tilts/shared';
import { sql } from 'kysely';
import { type Actor, inSchool, type Trx } from '../../db/context.ts';
import type { Deps } from '../../deps.ts';
import { AppError } from '../../errors.ts';
import { actorForAudit, escapeLike, recordAudit } from '../audit/audit.service.ts';
import {
  type CallRow,
  destinationLabel,
  destinationsOf,
  findCall,
  isAccepting,
  isMinorOnRecord,
  schoolToday,
} from './calls.repository.ts';

/** Who runs calls and selection; teachers read them and record interviews. */
export const callManagers: readonly Role[] = ['admin', 'coordinator'];
export const callStaff: readonly Role[] = ['admin', 'coordinator', 'teacher'];

const sortColumns = {
  title: 'c.title',
  deadline: 'c.deadline',
  opensOn: 'c.opens_on',
  status: 'c.status',
  places: 'c.places',
  applications: 'applications',
} as const;

const applicationCount = sql<number>`(select count(*) from call_applications a where a.call_id = c.id and a.status <> 'withdrawn')::int`;

/**
 * Calls the actor may see, searched, filtered, sorted and paged: every call of the school for staff,
 * the open ones for a learner.
 */
export async function listCalls(deps: Deps, actor: Actor, query: CallListQuery, all = false) {
  return inSchool(deps.db, actor.schoolId, async (trx) => {
    const learner = actor.role === 'learner';
    let q = trx.selectFrom('calls as c');
    if (learner) q = q.where('c.status', '=', 'open');
    if (query.status) q = q.where('c.status', '=', query.status);
    if (query.projectId) q = q.where('c.project_id', '=', query.projectId);
    if (query.q) q = q.where('c.search_text', 'like', `%${escapeLike(searchKey(query.q))}%`);
    const { n } = await q.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    let rows = q
      .innerJoin('projects as p', 'p.id', 'c.project_id')
      .selectAll('c')
      .select(['p.project_number', 'p.title as project_title', applicationCount.as('applications')])
      .orderBy(sortColumns[query.sort ?? 'deadline'], query.sort ? query.dir : learner ? 'asc' : 'desc')
      .orderBy('c.id');
    if (!all) rows = rows.limit(query.pageSize).offset((query.page - 1) * query.pageSize);
    const found = await rows.execute();
    const destinations = await destinationsOf(
      trx,
      found.map((c) => c.id),
    );
    const mine = learner ? await myApplicationIds(trx, actor, found) : new Map<string, string>();
    const today = schoolToday(deps.now());
    const items: CallSummary[] = found.map((c) => ({
      id: c.id,
      title: c.title,
      projectLabel: `${c.project_number} · ${c.project_title}`,
      status: c.status,
      opensOn: c.opens_on,
      deadline: c.deadline,
      places: c.places,
      acceptingApplications: isAccepting(c, today),
      destinations: (destinations.get(c.id) ?? []).map(destinationLabel),
      applications: learner ? null : Number(c.applications),
      myApplicationId: mine.get(c.id) ?? null,
    }));
    return { items, total: Number(n), page: query.page, pageSize: query.pageSize };
  });
}

async function myApplicationIds(trx: Trx, actor: Actor, calls: { id: string }[]) {
  if (calls.length === 0) return new Map<string, string>();
  const rows = await trx
    .selectFrom('call_applications')
    .select(['id', 'call_id'])
    .where('learner_id', '=', actor.userId)
    .where(
      'call_id',
      'in',
      calls.map((c) => c.id),
    )
    .execute();
  return new Map(rows.map((r) => [r.call_id, r.id]));
}

/**
 * A call a learner may open: an open one, or one they applied to. Anything else is "not found", as if
 * it did not exist.
 */
export async function visibleCall(
  trx: Trx,
  actor: Actor,
  id: string,
  lock: boolean | 'share' = false,
): Promise<CallRow> {
  const call = await findCall(trx, id, lock);
  if (actor.role === 'learner' && call.status !== 'open') {
    const own = await trx
      .selectFrom('call_applications')
      .select('id')
      .where('call_id', '=', id)
      .where('learner_id', '=', actor.userId)
      .executeTakeFirst();
    if (!own) throw new AppError('not_found');
  }
  return call;
}

/** One call with its destinations; the counts of applications for staff, their own application for a learner. */
export async function getCall(deps: Deps, actor: Actor, id: string): Promise<CallDetail> {
  return inSchool(deps.db, actor.schoolId, async (trx) =>
    callDetail(trx, deps, actor, await visibleCall(trx, actor, id)),
  );
}

export async function callDetail(trx: Trx, deps: Deps, actor: Actor, c: CallRow): Promise<CallDetail> {
  const learner = actor.role === 'learner';
  const [project, destinations, counts, mine] = await Promise.all([
    trx
      .selectFrom('projects')
      .select(['project_number', 'title'])
      .where('id', '=', c.project_id)
      .executeTakeFirstOrThrow(),
    destinationsOf(trx, [c.id]),
    learner
      ? null
      : trx
          .selectFrom('call_applications as a')
          .leftJoin('call_interviews as i', 'i.application_id', 'a.id')
          .select([
            sql<number>`count(*) filter (where a.status <> 'withdrawn')::int`.as('applications'),
            sql<number>`count(*) filter (where a.status = 'withdrawn')::int`.as('withdrawn'),
            sql<number>`count(i.id) filter (where a.status <> 'withdrawn')::int`.as('interviewed'),
            sql<number>`count(*) filter (where a.status = 'selected')::int`.as('selected'),
            sql<number>`count(*) filter (where a.status = 'reserve')::int`.as('reserve'),
            sql<number>`count(*) filter (where a.status = 'not_selected')::int`.as('notSelected'),
          ])
          .where('a.call_id', '=', c.id)
          .executeTakeFirstOrThrow(),
    learner ? myApplicationIds(trx, actor, [c]) : new Map<string, string>(),
  ]);
  return {
    id: c.id,
    lockVersion: c.lock_version,
    projectId: c.project_id,
    projectLabel: `${project.project_number} · ${project.title}`,
    title: c.title,
    description: c.description,
    criteriaText: c.criteria_text,
    places: c.places,
    opensOn: c.opens_on,
    deadline: c.deadline,
    status: c.status,
    acceptingApplications: isAccepting(c, schoolToday(deps.now())),
    criteria: c.criteria as CallCriterion[],
    destinations: destinations.get(c.id) ?? [],
    counts: counts
      ? {
          applications: Number(counts.applications),
          withdrawn: Number(counts.withdrawn),
          interviewed: Number(counts.interviewed),
          selected: Number(counts.selected),
          reserve: Number(counts.reserve),
          notSelected: Number(counts.notSelected),
        }
      : null,
    myApplicationId: mine.get(c.id) ?? null,
    minorOnRecord: learner ? await isMinorOnRecord(trx, actor.userId, schoolToday(deps.now())) : null,
    canManage: callManagers.includes(actor.role),
    decidedAt: c.decided_at?.toISOString() ?? null,
  };
}

/** Field problems gathered over all checks, so the form shows every one at once. */
class Problems {
  readonly fields: Record<string, FieldError> = {};
  add(field: string, error: FieldError) {
    this.fields[field] ??= error;
  }
  throwIfAny(code: 'validation_failed' | 'conflict' = 'validation_failed') {
    if (Object.keys(this.fields).length > 0) throw new AppError(code, { fields: this.fields });
  }
}

/** Checks what the form cannot: the project and hosts are this school's, the destinations this call's. */
async function checkCall(trx: Trx, input: CallInput, existing: CallRow | null) {
  const problems = new Problems();
  const hostIds = [...new Set(input.destinations.map((d) => d.hostPartnerId).filter((id) => id !== null))];
  const [project, hosts, current] = await Promise.all([
    trx
      .selectFrom('projects')
      .select(['project_number'])
      .where('id', '=', input.projectId)
      .executeTakeFirst(),
    hostIds.length
      ? trx.selectFrom('partners').select('id').where('id', 'in', hostIds).execute()
      : Promise.resolve([]),
    existing
      ? trx
          .selectFrom('call_destinations')
          .select(['id', 'country', 'city'])
          .where('call_id', '=', existing.id)
          .execute()
      : Promise.resolve([]),
  ]);
  if (!project) problems.add('projectId', 'not_in_school');
  const known = new Set(hosts.map((h) => h.id));
  input.destinations.forEach((d, i) => {
    if (d.hostPartnerId && !known.has(d.hostPartnerId))
      problems.add(`destinations.${i}.hostPartnerId`, 'not_in_school');
    if (d.id && !current.some((c) => c.id === d.id)) problems.add(`destinations.${i}`, 'not_in_call');
  });
  const removed = current.filter((c) => !input.destinations.some((d) => d.id === c.id));
  if (removed.length) {
    const ids = removed.map((r) => r.id);
    const [chosen, teams, assigned] = await Promise.all([
      trx
        .selectFrom('call_application_destinations')
        .select('destination_id')
        .where('destination_id', 'in', ids)
        .execute(),
      trx.selectFrom('call_teams').select('destination_id').where('destination_id', 'in', ids).execute(),
      trx
        .selectFrom('call_applications')
        .select('destination_id')
        .where('destination_id', 'in', ids)
        .execute(),
    ]);
    const used = new Set([...chosen, ...teams, ...assigned].map((r) => r.destination_id));
    const inUse = removed.find((r) => used.has(r.id));
    if (inUse)
      problems.add('destinations', {
        key: 'destination_in_use',
        params: { destination: destinationLabel(inUse) },
      });
  }
  if (existing) {
    const interviewed = await trx
      .selectFrom('call_interviews as i')
      .innerJoin('call_applications as a', 'a.id', 'i.application_id')
      .select('i.id')
      .where('a.call_id', '=', existing.id)
      .limit(1)
      .executeTakeFirst();
    const before = (existing.criteria as CallCriterion[]).map((c) => c.key).sort();
    const after = input.criteria.map((c) => c.key).sort();
    if (interviewed && before.join() !== after.join()) problems.add('criteria', 'criteria_locked');
    const { selected } = await trx
      .selectFrom('call_applications')
      .select(sql<number>`count(*)::int`.as('selected'))
      .where('call_id', '=', existing.id)
      .where('status', '=', 'selected')
      .executeTakeFirstOrThrow();
    if (Number(selected) > input.places)
      problems.add('places', { key: 'over_places', params: { places: input.places, count: selected } });
    const assigned = await trx
      .selectFrom('call_applications')
      .select(['destination_id', sql<number>`count(*)::int`.as('n')])
      .where('call_id', '=', existing.id)
      .where('status', '=', 'selected')
      .groupBy('destination_id')
      .execute();
    input.destinations.forEach((d, i) => {
      const count = Number(assigned.find((a) => a.destination_id === d.id)?.n ?? 0);
      if (d.id && count > d.places)
        problems.add(`destinations.${i}.places`, {
          key: 'over_destination_places',
          params: { destination: destinationLabel(d), places: d.places, count },
        });
    });
  }
  problems.throwIfAny();
  return { projectNumber: project!.project_number };
}

function callColumns(input: CallInput, projectNumber: string) {
  return {
    project_id: input.projectId,
    title: input.title,
    description: input.description,
    criteria_text: input.criteriaText,
    places: input.places,
    opens_on: input.opensOn,
    deadline: input.deadline,
    criteria: JSON.stringify(input.criteria),
    search_text: searchKey(`${input.title} ${projectNumber}`),
  };
}

/** Adds, changes and removes destinations to match the input, keeping the ids applications refer to. */
async function syncDestinations(trx: Trx, schoolId: string, callId: string, input: CallInput) {
  const keep = input.destinations.map((d) => d.id).filter((id): id is string => Boolean(id));
  let gone = trx.deleteFrom('call_destinations').where('call_id', '=', callId);
  if (keep.length) gone = gone.where('id', 'not in', keep);
  await gone.execute();
  for (const [position, d] of input.destinations.entries()) {
    const values = {
      position,
      country: d.country,
      city: d.city,
      host_partner_id: d.hostPartnerId,
      places: d.places,
    };
    if (d.id) await trx.updateTable('call_destinations').set(values).where('id', '=', d.id).execute();
    else
      await trx
        .insertInto('call_destinations')
        .values({ ...values, school_id: schoolId, call_id: callId })
        .execute();
  }
}

/** Creates a call as a draft: learners see it once it is opened. */
export async function createCall(deps: Deps, actor: Actor, input: CallInput): Promise<CallDetail> {
  return inSchool(deps.db, actor.schoolId, async (trx) => {
    const { projectNumber } = await checkCall(trx, input, null);
    const { id } = await trx
      .insertInto('calls')
      .values({ ...callColumns(input, projectNumber), school_id: actor.schoolId, created_by: actor.userId })
      .returning('id')
      .executeTakeFirstOrThrow();
    await syncDestinations(trx, actor.schoolId, id, input);
    await recordAudit(trx, actorForAudit(actor), {
      action: 'call.created',
      entityType: 'call',
      entityId: id,
      after: input,
    });
    return callDetail(trx, deps, actor, await findCall(trx, id));
  });
}

/** Saves an edit made from `lockVersion`; a decided call no longer changes. */
export async function updateCall(
  deps: Deps,
  actor: Actor,
  id: string,
  lockVersion: number,
  input: CallInput,
): Promise<CallDetail> {
  return inSchool(deps.db, actor.schoolId, async (trx) => {
    const before = await findCall(trx, id, true);
    if (before.lock_version !== lockVersion)
      throw new AppError('conflict', { fields: { lockVersion: 'stale_version' } });
    if (before.status === 'decided') throw new AppError('conflict', { fields: { status: 'call_decided' } });
    const { projectNumber } = await checkCall(trx, input, before);
    await trx
      .updateTable('calls')
      .set({ ...callColumns(input, projectNumber), lock_version: lockVersion + 1, updated_at: deps.now() })
      .where('id', '=', id)
      .execute();
    await syncDestinations(trx, actor.schoolId, id, input);
    await recordAudit(trx, actorForAudit(actor), {
      action: 'call.updated',
      entityType: 'call',
      entityId: id,
      before: { ...before, search_text: undefined },
      after: input,
    });
    return callDetail(trx, deps, actor, await findCall(trx, id));
  });
}

/**
 * Opens a call (from a draft, or again after closing it while its deadline is ahead) or closes it.
 * An open call takes applications from its opening day to its deadline.
 */
export async function changeCallStatus(
  deps: Deps,
  actor: Actor,
  id: string,
  to: 'open' | 'closed',
): Promise<CallDetail> {
  return inSchool(deps.db, actor.schoolId, async (trx) => {
    const call = await findCall(trx, id, true);
    const allowed = to === 'open' ? ['draft', 'closed'] : ['open'];
    if (!allowed.includes(call.status))
      throw new AppError('conflict', {
        fields: { to: { key: 'call_transition', params: { state: call.status, target: to } } },
      });
    const now = deps.now();
    if (to === 'open' && call.deadline < schoolToday(now))
      throw new AppError('conflict', {
        fields: { deadline: { key: 'reopen_deadline_passed', params: { date: call.deadline } } },
      });
    await trx
      .updateTable('calls')
      .set({
        status: to,
        lock_version: call.lock_version + 1,
        updated_at: now,
        ...(to === 'open' ? { opened_at: call.opened_at ?? now } : { closed_at: now }),
      })
      .where('id', '=', id)
      .execute();
    await recordAudit(trx, actorForAudit(actor), {
      action: to === 'open' ? 'call.opened' : 'call.closed',
      entityType: 'call',
      entityId: id,
      before: { status: call.status },
      after: { status: to },
    });
    return callDetail(trx, deps, actor, await findCall(trx, id));
  });
}

/** Host partners and staff for the call, team and interview forms. */
export async function callFormOptions(deps: Deps, actor: Actor) {
  return inSchool(deps.db, actor.schoolId, async (trx) => {
    const [partners, staff] = await Promise.all([
      trx
        .selectFrom('partners')
        .select(['id', 'legal_name', 'country', 'city'])
        .orderBy('legal_name')
        .limit(1000)
        .execute(),
      trx
        .selectFrom('memberships as m')
        .innerJoin('users as u', 'u.id', 'm.user_id')
        .select(['u.id', 'u.given_name', 'u.family_name'])
        .where('m.role', 'in', callStaff)
        .where('m.is_active', '=', true)
        .orderBy('u.family_name')
        .orderBy('u.given_name')
        .execute(),
    ]);
    return {
      partners: partners.map((p) => ({ id: p.id, label: p.legal_name, country: p.country, city: p.city })),
      staff: staff.map((s) => ({ id: s.id, label: `${s.given_name} ${s.family_name}` })),
    };
  });
}
