import {
  type ActivityType,
  activityDuration,
  canTransition,
  checkMobilityRule,
  editableStatuses,
  type FieldError,
  type MobilityRule,
  missingBeforeStart,
  notStartedStatuses,
  type PlacementDetail,
  type PlacementInput,
  type PlacementListQuery,
  type PlacementOverview,
  type PlacementStatus,
  placementStatuses,
  placementTransitions,
  type Role,
  searchKey,
  statusesNeedingReason,
} from '@tilts/shared';
import { type Selectable, sql } from 'kysely';
import { type Actor, inSchool, type Trx } from '../../db/context.ts';
import type { PlacementsTable } from '../../db/schema.ts';
import type { Deps } from '../../deps.ts';
import { AppError } from '../../errors.ts';
import { placementsWithAgreementsSigned } from '../agreements/agreements.repository.ts';
import { actorForAudit, recordAudit } from '../audit/audit.service.ts';
import { applyTaskTemplate } from '../plan/template.ts';
import {
  activeMouHosts,
  type PlacementSortColumn,
  summaryPage,
  visiblePlacements,
} from './placements.repository.ts';

/** Who runs placements; everyone else only reads those they take part in. */
export const placementManagers: readonly Role[] = ['admin', 'coordinator'];
const staffRoles: readonly Role[] = ['admin', 'coordinator', 'teacher'];

const sortColumns: Record<NonNullable<PlacementListQuery['sort']>, PlacementSortColumn> = {
  startDate: 'p.start_date',
  endDate: 'p.end_date',
  title: 'p.title',
  status: 'p.status',
  host: 'p.title',
};

const today = (deps: Deps) => deps.now().toISOString().slice(0, 10);

/** Placements the actor may see, filtered, searched, sorted and paged. */
export async function listPlacements(deps: Deps, actor: Actor, query: PlacementListQuery, all = false) {
  return inSchool(deps.db, actor.schoolId, async (trx) => {
    let q = visiblePlacements(trx, actor);
    if (query.status) q = q.where('p.status', '=', query.status);
    if (query.kind) q = q.where('p.kind', '=', query.kind);
    if (query.activityType) q = q.where('p.activity_type', '=', query.activityType);
    if (query.projectId) q = q.where('p.project_id', '=', query.projectId);
    if (query.programmeId) q = q.where('p.programme_id', '=', query.programmeId);
    if (query.hostPartnerId) q = q.where('p.host_partner_id', '=', query.hostPartnerId);
    if (query.country) q = q.where('p.destination_country', '=', query.country);
    if (query.from) q = q.where('p.end_date', '>=', query.from);
    if (query.to) q = q.where('p.start_date', '<=', query.to);
    if (query.q) {
      // The index text has no diacritics, so "berzina" finds "Bērziņa" and the other way round.
      const like = `%${searchKey(query.q).replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
      q = q.where('p.search_text', 'like', like);
    }
    const range = all ? undefined : { limit: query.pageSize, offset: (query.page - 1) * query.pageSize };
    const sort = {
      column: sortColumns[query.sort ?? 'startDate'],
      dir: query.sort ? query.dir : ('desc' as const),
    };
    const { items, total } = await summaryPage(trx, q, sort, range);
    // A page past the end has no rows to carry the total: count it then.
    const counted =
      items.length > 0 || query.page === 1
        ? total
        : Number((await q.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);
    return { items, total: counted, page: query.page, pageSize: query.pageSize };
  });
}

/** The home page's view: counts by status, what starts within 14 days, and what still lacks something. */
export async function placementOverview(deps: Deps, actor: Actor): Promise<PlacementOverview> {
  return inSchool(deps.db, actor.schoolId, async (trx) => {
    const counts = await visiblePlacements(trx, actor)
      .select(['p.status', (eb) => eb.fn.countAll<number>().as('n')])
      .groupBy('p.status')
      .execute();
    const byStatus = Object.fromEntries(placementStatuses.map((s) => [s, 0])) as Record<
      PlacementStatus,
      number
    >;
    for (const c of counts) byStatus[c.status] = Number(c.n);
    const now = today(deps);
    const in14 = new Date(deps.now().getTime() + 14 * 86_400_000).toISOString().slice(0, 10);
    const { items: summaries } = await summaryPage(
      trx,
      visiblePlacements(trx, actor).where('p.status', 'in', notStartedStatuses),
      { column: 'p.start_date', dir: 'asc' },
    );
    const startingSoon = summaries.filter((s) => s.startDate >= now && s.startDate <= in14);
    const missing = summaries.filter((s) => s.missing.length > 0);
    return { byStatus, startingSoon, missingSomething: missing.slice(0, 20), missingTotal: missing.length };
  });
}

export type PlacementRow = Selectable<PlacementsTable>;

async function loadVisible(trx: Trx, actor: Actor, id: string): Promise<PlacementRow> {
  const row = await visiblePlacements(trx, actor).selectAll('p').where('p.id', '=', id).executeTakeFirst();
  // Another school's placement, or one the actor has no part in: the same "not found".
  if (!row) throw new AppError('not_found');
  return row;
}

const fullName = (u: { given_name: string; family_name: string }) => `${u.given_name} ${u.family_name}`;

/** One placement with everything its page shows, if the actor may see it. */
export async function getPlacement(deps: Deps, actor: Actor, id: string): Promise<PlacementDetail> {
  return inSchool(deps.db, actor.schoolId, async (trx) =>
    detail(trx, actor, await loadVisible(trx, actor, id)),
  );
}

async function detail(trx: Trx, actor: Actor, p: PlacementRow): Promise<PlacementDetail> {
  const [project, programme, qualification, host, mentor, participants, history, school, prepares, units] =
    await Promise.all([
      p.project_id
        ? trx
            .selectFrom('projects')
            .select(['id', 'project_number', 'title', 'call_year'])
            .where('id', '=', p.project_id)
            .executeTakeFirst()
        : undefined,
      p.programme_id
        ? trx
            .selectFrom('programmes')
            .select(['id', 'title'])
            .where('id', '=', p.programme_id)
            .executeTakeFirst()
        : undefined,
      p.qualification_id
        ? trx
            .selectFrom('qualifications')
            .select(['id', 'code', 'title'])
            .where('id', '=', p.qualification_id)
            .executeTakeFirst()
        : undefined,
      p.host_partner_id
        ? trx
            .selectFrom('partners')
            .select(['id', 'legal_name', 'country', 'city', 'legal_address'])
            .where('id', '=', p.host_partner_id)
            .executeTakeFirst()
        : undefined,
      p.mentor_id
        ? trx
            .selectFrom('users')
            .select(['id', 'given_name', 'family_name', 'email'])
            .where('id', '=', p.mentor_id)
            .executeTakeFirst()
        : undefined,
      trx
        .selectFrom('placement_participants as pp')
        .innerJoin('users as u', 'u.id', 'pp.user_id')
        .select([
          'pp.id as participant_id',
          'pp.role',
          'pp.graduation_date',
          'pp.fewer_opportunities',
          'u.id',
          'u.given_name',
          'u.family_name',
          'u.email',
        ])
        .where('pp.placement_id', '=', p.id)
        .orderBy('pp.role')
        .orderBy('u.family_name')
        .execute(),
      trx
        .selectFrom('placement_status_changes as c')
        .leftJoin('users as u', 'u.id', 'c.changed_by')
        .select(['c.from_status', 'c.to_status', 'c.reason', 'c.changed_at', 'u.given_name', 'u.family_name'])
        .where('c.placement_id', '=', p.id)
        .orderBy('c.id')
        .execute(),
      trx.selectFrom('schools').select('country').where('id', '=', p.school_id).executeTakeFirstOrThrow(),
      p.prepares_placement_id
        ? trx
            .selectFrom('placements')
            .select(['id', 'title'])
            .where('id', '=', p.prepares_placement_id)
            .executeTakeFirst()
        : undefined,
      trx
        .selectFrom('placement_units as pu')
        .innerJoin('units as u', 'u.id', 'pu.unit_id')
        .select(['u.id', 'u.code', 'u.title', 'u.eqf_level', 'u.credit_points'])
        .where('pu.placement_id', '=', p.id)
        .orderBy('pu.position')
        .execute(),
    ]);
  const learners = participants.filter((x) => x.role === 'learner').length;
  const staff = participants.filter((x) => x.role === 'staff').length;
  const notStarted = notStartedStatuses.includes(p.status);
  const [mou, signed] = notStarted
    ? await Promise.all([activeMouHosts(trx, [p]), placementsWithAgreementsSigned(trx, [p.id])])
    : [new Set<string>(), new Set<string>()];
  const canManage = placementManagers.includes(actor.role);
  return {
    id: p.id,
    lockVersion: p.lock_version,
    kind: p.kind,
    activityType: p.activity_type as ActivityType | null,
    title: p.title,
    status: p.status,
    statusReason: p.status_reason,
    project: project
      ? { id: project.id, label: `${project.project_number} · ${project.title}`, callYear: project.call_year }
      : null,
    programme: programme ? { id: programme.id, label: programme.title } : null,
    qualification: qualification
      ? { id: qualification.id, label: `${qualification.code} ${qualification.title}` }
      : null,
    host: host
      ? {
          id: host.id,
          name: host.legal_name,
          country: host.country,
          city: host.city,
          address: host.legal_address,
        }
      : null,
    destinationCountry: p.destination_country,
    destinationCity: p.destination_city,
    supervisor: {
      name: p.supervisor_name,
      position: p.supervisor_position,
      email: p.supervisor_email,
      phone: p.supervisor_phone,
    },
    mentor: mentor ? { id: mentor.id, name: fullName(mentor), email: mentor.email } : null,
    startDate: p.start_date,
    endDate: p.end_date,
    durationDays: activityDuration(p.start_date, p.end_date, p.interruption_days),
    travelDays: p.travel_days,
    interruptionDays: p.interruption_days,
    greenTravel: p.green_travel,
    mode: p.mode,
    purpose: p.purpose,
    insurance: p.insurance,
    plannedHours: p.planned_hours,
    communication: {
      channels: p.comm_channels,
      everyDays: p.comm_every_days,
      weeklyHours: p.comm_weekly_hours === null ? null : Number(p.comm_weekly_hours),
      who: p.comm_who,
    },
    preparesPlacement: prepares ? { id: prepares.id, label: prepares.title } : null,
    justification: p.justification,
    participants: participants.map((x) => ({
      participantId: x.participant_id,
      id: x.id,
      name: fullName(x),
      email: x.email,
      role: x.role,
      graduationDate: x.graduation_date,
      fewerOpportunities: x.fewer_opportunities,
    })),
    units: units.map((u) => ({
      id: u.id,
      code: u.code,
      title: u.title,
      eqfLevel: u.eqf_level,
      creditPoints: Number(u.credit_points),
    })),
    notes: p.notes,
    missing: notStarted
      ? missingBeforeStart({
          kind: p.kind,
          activityType: p.activity_type as ActivityType | null,
          learners,
          staff,
          supervisorName: p.supervisor_name,
          insurance: p.insurance,
          mentorId: p.mentor_id,
          hostAbroad: p.destination_country !== school.country,
          hasActiveMou: mou.has(p.id),
          agreementsSigned: signed.has(p.id),
        })
      : [],
    allowedTransitions: canManage ? [...placementTransitions[p.status]] : [],
    history: history.map((h) => ({
      from: h.from_status,
      to: h.to_status,
      reason: h.reason,
      by: h.given_name ? `${h.given_name} ${h.family_name}` : null,
      at: h.changed_at.toISOString(),
    })),
    canManage,
  };
}

/** Field problems gathered over all checks, so the form shows every one at once. */
class Problems {
  readonly fields: Record<string, FieldError> = {};
  add(field: string, error: FieldError) {
    this.fields[field] ??= error;
  }
  throwIfAny() {
    if (Object.keys(this.fields).length > 0) throw new AppError('validation_failed', { fields: this.fields });
  }
}

interface Resolved {
  callYear: number | null;
  hostName: string | null;
  country: string;
  city: string;
  plannedHours: number | null;
  peopleNames: string[];
}

/**
 * Checks a placement against the school's records and the rules of its kind: every reference is in
 * this school, the dates fit the project or programme, and an Erasmus+ mobility keeps its activity's
 * rule for the call year. Throws one error with every problem.
 */
async function checkPlacement(trx: Trx, input: PlacementInput, selfId: string | null): Promise<Resolved> {
  const problems = new Problems();
  const [project, programme, qualification, host, members, prepares] = await Promise.all([
    input.projectId
      ? trx
          .selectFrom('projects')
          .select(['call_year', 'start_date', 'end_date'])
          .where('id', '=', input.projectId)
          .executeTakeFirst()
      : undefined,
    input.programmeId
      ? trx
          .selectFrom('programmes')
          .select(['start_date', 'end_date', 'hours', 'kind'])
          .where('id', '=', input.programmeId)
          .executeTakeFirst()
      : undefined,
    input.qualificationId
      ? trx
          .selectFrom('qualifications')
          .select('id')
          .where('id', '=', input.qualificationId)
          .executeTakeFirst()
      : undefined,
    input.hostPartnerId
      ? trx
          .selectFrom('partners')
          .select(['legal_name', 'country', 'city'])
          .where('id', '=', input.hostPartnerId)
          .executeTakeFirst()
      : undefined,
    memberRoles(trx, [
      ...(input.mentorId ? [input.mentorId] : []),
      ...[...input.learners, ...input.staff, ...input.accompanying].map((x) => x.userId),
    ]),
    input.preparesPlacementId && input.preparesPlacementId !== selfId
      ? trx
          .selectFrom('placements')
          .select('id')
          .where('id', '=', input.preparesPlacementId)
          .executeTakeFirst()
      : undefined,
  ]);
  if (input.unitIds.length) {
    const known = await trx.selectFrom('units').select('id').where('id', 'in', input.unitIds).execute();
    if (known.length !== new Set(input.unitIds).size) problems.add('unitIds', 'not_in_school');
  }
  if (input.projectId && !project) problems.add('projectId', 'not_in_school');
  if (input.programmeId && !programme) problems.add('programmeId', 'not_in_school');
  if (input.qualificationId && !qualification) problems.add('qualificationId', 'not_in_school');
  if (input.hostPartnerId && !host) problems.add('hostPartnerId', 'not_in_school');
  if (input.preparesPlacementId && !prepares) problems.add('preparesPlacementId', 'not_in_school');
  if (project && (input.startDate < project.start_date || input.endDate > project.end_date)) {
    const where = input.startDate < project.start_date ? 'startDate' : 'endDate';
    problems.add(where, {
      key: 'outside_project',
      params: { start: project.start_date, end: project.end_date },
    });
  }
  if (programme && (input.startDate < programme.start_date || input.endDate > programme.end_date)) {
    const where = input.startDate < programme.start_date ? 'startDate' : 'endDate';
    problems.add(where, {
      key: 'outside_programme',
      params: { start: programme.start_date, end: programme.end_date },
    });
  }
  if (input.mentorId && !staffRoles.includes(members.get(input.mentorId) ?? 'learner')) {
    problems.add('mentorId', 'not_staff');
  }
  for (const l of input.learners)
    if (members.get(l.userId) !== 'learner') problems.add('learners', 'not_a_learner');
  for (const s of [...input.staff, ...input.accompanying]) {
    if (!staffRoles.includes(members.get(s.userId) ?? 'learner')) {
      problems.add(input.staff.includes(s) ? 'staff' : 'accompanying', 'not_staff');
    }
  }
  const country = input.destinationCountry ?? host?.country;
  if (!country) problems.add('destinationCountry', 'destination_needed');

  if (input.kind === 'erasmus' && input.activityType && project) {
    const rule = await trx
      .selectFrom('mobility_rules')
      .selectAll()
      .where('call_year', '=', project.call_year)
      .where('activity_type', '=', input.activityType)
      .executeTakeFirst();
    if (!rule) {
      problems.add('activityType', { key: 'no_rules_for_year', params: { year: project.call_year } });
    } else {
      const asRule: MobilityRule = {
        activityType: input.activityType,
        participants: rule.participants,
        minDays: rule.min_days,
        maxDays: rule.max_days,
        minLearners: rule.min_learners,
        needsAccompanyingStaff: rule.needs_accompanying_staff,
        graduateMonths: rule.graduate_months,
        needsLinkedMobility: rule.needs_linked_mobility,
      };
      const violations = checkMobilityRule(
        {
          activityType: input.activityType,
          startDate: input.startDate,
          endDate: input.endDate,
          interruptionDays: input.interruptionDays,
          learners: input.learners,
          staff: input.staff.length,
          accompanying: input.accompanying.length,
          preparesPlacementId: input.preparesPlacementId,
          justification: input.justification,
        },
        asRule,
      );
      for (const v of violations) {
        const field =
          v.field === 'learnerIds'
            ? 'learners'
            : v.field === 'accompanyingIds'
              ? 'accompanying'
              : v.field === 'staffIds'
                ? 'staff'
                : v.field;
        problems.add(field, { key: v.key, params: v.params });
      }
    }
  }
  problems.throwIfAny();

  const ids = [...input.learners, ...input.staff].map((x) => x.userId);
  const names = ids.length
    ? await trx.selectFrom('users').select(['given_name', 'family_name']).where('id', 'in', ids).execute()
    : [];
  return {
    callYear: project?.call_year ?? null,
    hostName: host?.legal_name ?? null,
    country: country!,
    city: input.destinationCity || host?.city || '',
    plannedHours: input.plannedHours ?? programme?.hours ?? null,
    peopleNames: names.map(fullName),
  };
}

/** Each user's role in the school (RLS limits memberships to the school of the transaction). */
async function memberRoles(trx: Trx, userIds: string[]): Promise<Map<string, Role>> {
  if (userIds.length === 0) return new Map();
  const rows = await trx
    .selectFrom('memberships')
    .select(['user_id', 'role'])
    .where('user_id', 'in', [...new Set(userIds)])
    .where('is_active', '=', true)
    .execute();
  return new Map(rows.map((r) => [r.user_id, r.role]));
}

function columns(input: PlacementInput, resolved: Resolved) {
  const [first, ...rest] = resolved.peopleNames;
  const who = first ? `${first}${rest.length ? ` +${rest.length}` : ''}` : '';
  const title = input.title || [who, resolved.hostName].filter(Boolean).join(' — ') || resolved.country;
  return {
    kind: input.kind,
    activity_type: input.kind === 'erasmus' ? input.activityType : null,
    title,
    project_id: input.projectId,
    programme_id: input.programmeId,
    qualification_id: input.qualificationId,
    host_partner_id: input.hostPartnerId,
    destination_country: resolved.country,
    destination_city: resolved.city,
    supervisor_name: input.supervisorName,
    supervisor_position: input.supervisorPosition,
    supervisor_email: input.supervisorEmail,
    supervisor_phone: input.supervisorPhone,
    mentor_id: input.mentorId,
    start_date: input.startDate,
    end_date: input.endDate,
    travel_days: input.travelDays,
    interruption_days: input.interruptionDays,
    green_travel: input.greenTravel,
    mode: input.mode,
    purpose: input.purpose,
    insurance: input.insurance,
    planned_hours: resolved.plannedHours,
    comm_channels: input.commChannels,
    comm_every_days: input.commEveryDays,
    comm_weekly_hours: input.commWeeklyHours,
    comm_who: input.commWho,
    prepares_placement_id: input.preparesPlacementId,
    justification: input.justification,
    notes: input.notes,
    search_text: searchKey(
      [title, resolved.hostName, ...resolved.peopleNames, input.supervisorName, resolved.city]
        .filter(Boolean)
        .join(' '),
    ),
  };
}

function participantRows(input: PlacementInput) {
  return [
    ...input.learners.map((x) => ({ ...x, role: 'learner' as const })),
    ...input.staff.map((x) => ({ ...x, role: 'staff' as const })),
    ...input.accompanying.map((x) => ({ ...x, role: 'accompanying' as const })),
  ];
}

/** Creates a placement of any kind, refused with every broken rule named. */
export async function createPlacement(
  deps: Deps,
  actor: Actor,
  input: PlacementInput,
): Promise<PlacementDetail> {
  return inSchool(deps.db, actor.schoolId, (trx) => createPlacementIn(trx, actor, input));
}

/**
 * `createPlacement` inside the caller's transaction, for a use case that makes placements as part of
 * a larger change (placements from a call's team: all of them or none).
 */
export async function createPlacementIn(
  trx: Trx,
  actor: Actor,
  input: PlacementInput,
): Promise<PlacementDetail> {
  const resolved = await checkPlacement(trx, input, null);
  const { id } = await trx
    .insertInto('placements')
    .values({ ...columns(input, resolved), school_id: actor.schoolId, created_by: actor.userId })
    .returning('id')
    .executeTakeFirstOrThrow();
  await syncUnits(trx, actor.schoolId, id, input.unitIds);
  const people = participantRows(input);
  if (people.length) {
    await trx
      .insertInto('placement_participants')
      .values(
        people.map((x) => ({
          school_id: actor.schoolId,
          placement_id: id,
          user_id: x.userId,
          role: x.role,
          graduation_date: x.graduationDate,
          fewer_opportunities: x.fewerOpportunities,
        })),
      )
      .execute();
  }
  // The programme's tasks, with a row for each learner (features/plan).
  await applyTaskTemplate(trx, id, new Date());
  await recordAudit(trx, actorForAudit(actor), {
    action: 'placement.created',
    entityType: 'placement',
    entityId: id,
    after: input,
  });
  return detail(trx, actor, await loadVisible(trx, actor, id));
}

/**
 * Saves an edit made from `lockVersion`. A second editor's stale save is refused (nothing is lost:
 * the form keeps their text). Only a placement that has not started can change its details.
 */
export async function updatePlacement(
  deps: Deps,
  actor: Actor,
  id: string,
  lockVersion: number,
  input: PlacementInput,
): Promise<PlacementDetail> {
  return inSchool(deps.db, actor.schoolId, async (trx) => {
    const before = await trx
      .selectFrom('placements')
      .selectAll()
      .where('id', '=', id)
      .forUpdate()
      .executeTakeFirst();
    if (!before) throw new AppError('not_found');
    if (before.lock_version !== lockVersion)
      throw new AppError('conflict', { fields: { lockVersion: 'stale_version' } });
    if (!editableStatuses.includes(before.status)) {
      throw new AppError('conflict', {
        fields: { status: { key: 'not_editable', params: { status: before.status } } },
      });
    }
    const resolved = await checkPlacement(trx, input, id);
    await trx
      .updateTable('placements')
      .set({ ...columns(input, resolved), lock_version: lockVersion + 1, updated_at: deps.now() })
      .where('id', '=', id)
      .execute();
    await syncParticipants(trx, actor.schoolId, id, input);
    await syncUnits(trx, actor.schoolId, id, input.unitIds);
    // A programme chosen now brings its tasks; learners added or removed get or lose their rows.
    await applyTaskTemplate(trx, id, deps.now());
    await recordAudit(trx, actorForAudit(actor), {
      action: 'placement.updated',
      entityType: 'placement',
      entityId: id,
      before: { ...before, search_text: undefined },
      after: input,
    });
    return detail(trx, actor, await loadVisible(trx, actor, id));
  });
}

/** Sets the placement's units in the order given. */
async function syncUnits(trx: Trx, schoolId: string, placementId: string, unitIds: string[]) {
  await trx.deleteFrom('placement_units').where('placement_id', '=', placementId).execute();
  const unique = [...new Set(unitIds)];
  if (unique.length === 0) return;
  await trx
    .insertInto('placement_units')
    .values(
      unique.map((unitId, position) => ({
        school_id: schoolId,
        placement_id: placementId,
        unit_id: unitId,
        position,
      })),
    )
    .execute();
}

/** Adds, changes and removes participants to match the input, keeping the rows that stay (others refer to them). */
async function syncParticipants(trx: Trx, schoolId: string, placementId: string, input: PlacementInput) {
  const wanted = participantRows(input);
  const current = await trx
    .selectFrom('placement_participants')
    .select(['id', 'user_id'])
    .where('placement_id', '=', placementId)
    .execute();
  const wantedIds = new Set(wanted.map((w) => w.userId));
  const gone = current.filter((c) => !wantedIds.has(c.user_id)).map((c) => c.id);
  if (gone.length) {
    try {
      await trx.deleteFrom('placement_participants').where('id', 'in', gone).execute();
    } catch (error) {
      if ((error as { code?: string }).code === '23503') {
        throw new AppError('conflict', { fields: { learners: 'participant_has_records' } });
      }
      throw error;
    }
  }
  for (const w of wanted) {
    await sql`
      insert into placement_participants (school_id, placement_id, user_id, role, graduation_date, fewer_opportunities)
      values (${schoolId}, ${placementId}, ${w.userId}, ${w.role}, ${w.graduationDate}, ${w.fewerOpportunities})
      on conflict (placement_id, user_id) do update set role = excluded.role,
        graduation_date = excluded.graduation_date, fewer_opportunities = excluded.fewer_opportunities
    `.execute(trx);
  }
}

/**
 * Moves a placement along an allowed transition. "Ready" and "in progress" need nothing missing
 * before the start; cancelling and interrupting need a reason. Each move is kept and audited.
 */
export async function changePlacementStatus(
  deps: Deps,
  actor: Actor,
  id: string,
  to: PlacementStatus,
  reason: string,
): Promise<PlacementDetail> {
  return inSchool(deps.db, actor.schoolId, async (trx) => {
    const p = await trx
      .selectFrom('placements')
      .selectAll()
      .where('id', '=', id)
      .forUpdate()
      .executeTakeFirst();
    if (!p) throw new AppError('not_found');
    if (!canTransition(p.status, to)) {
      throw new AppError('conflict', {
        fields: { to: { key: 'transition_not_allowed', params: { from: p.status, to } } },
      });
    }
    if (statusesNeedingReason.includes(to) && !reason.trim()) {
      throw new AppError('validation_failed', { fields: { reason: 'reason_required' } });
    }
    if (to === 'ready' || to === 'in_progress') {
      const current = await detail(trx, actor, p);
      if (current.missing.length > 0) {
        throw new AppError('conflict', {
          fields: { to: { key: 'not_ready', params: { missing: current.missing.join(',') } } },
        });
      }
    }
    await movePlacement(trx, deps, actor, p, to, reason);
    if (to === 'planned' || to === 'ready') await applyTaskTemplate(trx, id, deps.now());
    return detail(trx, actor, await loadVisible(trx, actor, id));
  });
}

/**
 * Moves a placement to a status and keeps the move: history row, lock version, audit entry. The
 * caller has checked the move is allowed (changePlacementStatus by its transitions; recognition,
 * the only way to "recognised", by its own rules) and holds the row locked.
 */
export async function movePlacement(
  trx: Trx,
  deps: Deps,
  actor: Actor,
  p: Pick<PlacementRow, 'id' | 'status' | 'lock_version'>,
  to: PlacementStatus,
  reason: string,
): Promise<void> {
  await trx
    .updateTable('placements')
    .set({ status: to, status_reason: reason, lock_version: p.lock_version + 1, updated_at: deps.now() })
    .where('id', '=', p.id)
    .execute();
  await trx
    .insertInto('placement_status_changes')
    .values({
      school_id: actor.schoolId,
      placement_id: p.id,
      from_status: p.status,
      to_status: to,
      reason,
      changed_by: actor.userId,
    })
    .execute();
  await recordAudit(trx, actorForAudit(actor), {
    action: 'placement.status_changed',
    entityType: 'placement',
    entityId: p.id,
    before: { status: p.status },
    after: { status: to, reason },
  });
}

/** Learners and staff of the school for the placement form's pickers, searched by name or e-mail. */
export async function peopleOptions(deps: Deps, actor: Actor, q: string | undefined) {
  return inSchool(deps.db, actor.schoolId, async (trx) => {
    const find = (roles: readonly Role[]) => {
      let query = trx
        .selectFrom('memberships as m')
        .innerJoin('users as u', 'u.id', 'm.user_id')
        .select(['u.id', 'u.given_name', 'u.family_name', 'u.email'])
        .where('m.role', 'in', roles)
        .where('m.is_active', '=', true);
      if (q) {
        const like = `%${q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
        query = query.where((eb) =>
          eb.or([
            eb(sql<string>`u.given_name || ' ' || u.family_name`, 'ilike', like),
            eb('u.email', 'ilike', like),
          ]),
        );
      }
      return query.orderBy('u.family_name').orderBy('u.given_name').limit(50).execute();
    };
    const [learners, staff] = await Promise.all([find(['learner']), find(staffRoles)]);
    const view = (u: { id: string; given_name: string; family_name: string; email: string }) => ({
      id: u.id,
      name: fullName(u),
      email: u.email,
    });
    return { learners: learners.map(view), staff: staff.map(view) };
  });
}
