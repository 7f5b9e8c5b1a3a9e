import type {
  ApplicationDetail,
  ApplicationInput,
  ApplicationStatus,
  CallCriterion,
  CefrLevel,
  InterviewInput,
  MyApplication,
} from '@tilts/shared';
import type { Selectable } from 'kysely';
import { type Actor, inSchool, type Trx } from '../../db/context.ts';
import type { CallApplicationsTable } from '../../db/schema.ts';
import type { Deps } from '../../deps.ts';
import { AppError } from '../../errors.ts';
import { actorForAudit, recordAudit } from '../audit/audit.service.ts';
import {
  assertAccepting,
  type CallRow,
  destinationLabel,
  destinationsOf,
  findCall,
  fullName,
  isAccepting,
  isMinorOnRecord,
  schoolToday,
} from './calls.repository.ts';
import { callStaff, visibleCall } from './calls.service.ts';

type ApplicationRow = Selectable<CallApplicationsTable>;

/**
 * What a learner may know of their application: the coordinator's working selection stays
 * "submitted" until the call is decided.
 */
function statusFor(
  actor: Actor,
  a: { status: ApplicationStatus; reserve_rank: number | null },
  call: { status: string },
): { status: ApplicationStatus; reservePosition: number | null } {
  if (actor.role === 'learner' && call.status !== 'decided' && a.status !== 'withdrawn')
    return { status: 'submitted', reservePosition: null };
  return { status: a.status, reservePosition: a.reserve_rank };
}

/**
 * An application the actor may see: any of the school's for staff, only their own for a learner.
 * Someone else's is "not found", never "forbidden", so its existence does not show.
 */
async function visibleApplication(trx: Trx, actor: Actor, id: string): Promise<ApplicationRow> {
  let q = trx.selectFrom('call_applications').selectAll().where('id', '=', id);
  if (!callStaff.includes(actor.role)) q = q.where('learner_id', '=', actor.userId);
  const row = await q.executeTakeFirst();
  if (!row) throw new AppError('not_found');
  return row;
}

async function applicationDetail(
  trx: Trx,
  deps: Deps,
  actor: Actor,
  a: ApplicationRow,
  call: CallRow,
): Promise<ApplicationDetail> {
  const staff = callStaff.includes(actor.role);
  const [learner, prefs, destinations, interview] = await Promise.all([
    trx
      .selectFrom('users')
      .select(['given_name', 'family_name', 'email'])
      .where('id', '=', a.learner_id)
      .executeTakeFirstOrThrow(),
    trx
      .selectFrom('call_application_destinations')
      .select('destination_id')
      .where('application_id', '=', a.id)
      .orderBy('preference')
      .execute(),
    destinationsOf(trx, [call.id]),
    staff
      ? trx
          .selectFrom('call_interviews as i')
          .leftJoin('users as u', 'u.id', 'i.interviewer_id')
          .select([
            'i.interview_date',
            'i.interviewer_id',
            'i.scores',
            'i.notes',
            'i.updated_at',
            'u.given_name',
            'u.family_name',
          ])
          .where('i.application_id', '=', a.id)
          .executeTakeFirst()
      : undefined,
  ]);
  const byId = new Map((destinations.get(call.id) ?? []).map((d) => [d.id, d]));
  const { status, reservePosition } = statusFor(actor, a, call);
  return {
    id: a.id,
    callId: call.id,
    callTitle: call.title,
    callStatus: call.status,
    deadline: call.deadline,
    learnerId: a.learner_id,
    learnerName: fullName(learner),
    learnerEmail: learner.email,
    motivation: a.motivation,
    languages: a.languages.map((l) => ({ language: l.language, level: l.level as CefrLevel })),
    destinations: prefs.map((p) => byId.get(p.destination_id)).filter((d) => d !== undefined),
    isMinor: a.is_minor,
    guardianConsent: a.consent_guardian,
    dataConsent: a.consent_data,
    photoConsent: a.consent_photos,
    status,
    reservePosition,
    assignedDestination:
      status === 'selected' && a.destination_id ? (byId.get(a.destination_id) ?? null) : null,
    submittedAt: a.submitted_at.toISOString(),
    editable: a.status !== 'withdrawn' && isAccepting(call, schoolToday(deps.now())),
    interview: interview
      ? {
          date: interview.interview_date,
          interviewerId: interview.interviewer_id,
          interviewerName: interview.given_name
            ? `${interview.given_name} ${interview.family_name ?? ''}`
            : null,
          scores: interview.scores,
          notes: interview.notes,
          updatedAt: interview.updated_at.toISOString(),
        }
      : null,
    criteria: call.criteria as CallCriterion[],
  };
}

/** One application, for its learner or the school's staff. */
export async function getApplication(deps: Deps, actor: Actor, id: string): Promise<ApplicationDetail> {
  return inSchool(deps.db, actor.schoolId, async (trx) => {
    const a = await visibleApplication(trx, actor, id);
    return applicationDetail(trx, deps, actor, a, await findCall(trx, a.call_id));
  });
}

/** The learner's own applications, newest first, with the outcome of decided calls and any placement made. */
export async function myApplications(deps: Deps, actor: Actor): Promise<MyApplication[]> {
  return inSchool(deps.db, actor.schoolId, async (trx) => {
    const rows = await trx
      .selectFrom('call_applications as a')
      .innerJoin('calls as c', 'c.id', 'a.call_id')
      .leftJoin('call_destinations as d', 'd.id', 'a.destination_id')
      .leftJoin('call_team_members as m', 'm.application_id', 'a.id')
      .leftJoin('placements as p', 'p.id', 'm.placement_id')
      .select([
        'a.id',
        'a.call_id',
        'a.status',
        'a.reserve_rank',
        'a.submitted_at',
        'c.title',
        'c.status as call_status',
        'c.deadline',
        'c.opens_on',
        'd.city',
        'd.country',
        'p.id as placement_id',
        'p.title as placement_title',
        'p.start_date',
        'p.end_date',
      ])
      .where('a.learner_id', '=', actor.userId)
      .orderBy('a.submitted_at', 'desc')
      .execute();
    const today = schoolToday(deps.now());
    return rows.map((r) => {
      const call = { status: r.call_status, opens_on: r.opens_on, deadline: r.deadline };
      const { status, reservePosition } = statusFor(actor, r, call);
      return {
        id: r.id,
        callId: r.call_id,
        callTitle: r.title,
        callStatus: r.call_status,
        deadline: r.deadline,
        status,
        reservePosition,
        destination:
          status === 'selected' && r.country
            ? destinationLabel({ city: r.city ?? '', country: r.country })
            : null,
        submittedAt: r.submitted_at.toISOString(),
        editable: r.status !== 'withdrawn' && isAccepting(call, today),
        placement:
          r.placement_id && r.placement_title && r.start_date && r.end_date
            ? { id: r.placement_id, title: r.placement_title, startDate: r.start_date, endDate: r.end_date }
            : null,
      };
    });
  });
}

async function checkDestinations(trx: Trx, callId: string, ids: string[]) {
  const found = await trx
    .selectFrom('call_destinations')
    .select('id')
    .where('call_id', '=', callId)
    .where('id', 'in', ids)
    .execute();
  if (found.length !== new Set(ids).size)
    throw new AppError('validation_failed', { fields: { destinations: 'not_in_call' } });
}

/**
 * The columns of an application. Whether the learner is a minor comes from the school's records when
 * it has their birth date, and from the learner's own answer otherwise; a minor needs a guardian's consent.
 */
async function applicationColumns(trx: Trx, learnerId: string, today: string, input: ApplicationInput) {
  const minor = (await isMinorOnRecord(trx, learnerId, today)) ?? input.isMinor;
  if (minor && !input.guardianConsent)
    throw new AppError('validation_failed', { fields: { guardianConsent: 'guardian_consent_required' } });
  return {
    motivation: input.motivation,
    languages: JSON.stringify(input.languages),
    consent_data: input.dataConsent,
    is_minor: minor,
    consent_guardian: minor && input.guardianConsent,
    consent_photos: input.photoConsent,
  };
}

async function savePreferences(trx: Trx, schoolId: string, applicationId: string, ids: string[]) {
  await trx.deleteFrom('call_application_destinations').where('application_id', '=', applicationId).execute();
  await trx
    .insertInto('call_application_destinations')
    .values(
      ids.map((destination_id, i) => ({
        school_id: schoolId,
        application_id: applicationId,
        destination_id,
        preference: i + 1,
      })),
    )
    .execute();
}

/**
 * A learner applies to an open call before its deadline, once. A learner who withdrew may apply again:
 * the same application comes back with what they send now.
 */
export async function apply(
  deps: Deps,
  actor: Actor,
  callId: string,
  input: ApplicationInput,
): Promise<ApplicationDetail> {
  return inSchool(deps.db, actor.schoolId, async (trx) => {
    const call = await visibleCall(trx, actor, callId, 'share');
    const now = deps.now();
    assertAccepting(call, schoolToday(now));
    await checkDestinations(trx, call.id, input.destinations);
    const existing = await trx
      .selectFrom('call_applications')
      .selectAll()
      .where('call_id', '=', call.id)
      .where('learner_id', '=', actor.userId)
      .forUpdate()
      .executeTakeFirst();
    if (existing && existing.status !== 'withdrawn')
      throw new AppError('conflict', { fields: { call: 'already_applied' } });
    const columns = await applicationColumns(trx, actor.userId, schoolToday(now), input);
    let id: string;
    if (existing) {
      id = existing.id;
      await trx
        .updateTable('call_applications')
        .set({
          ...columns,
          status: 'submitted',
          reserve_rank: null,
          destination_id: null,
          withdrawn_at: null,
          submitted_at: now,
          updated_at: now,
        })
        .where('id', '=', id)
        .execute();
    } else {
      try {
        ({ id } = await trx
          .insertInto('call_applications')
          .values({
            ...columns,
            school_id: actor.schoolId,
            call_id: call.id,
            learner_id: actor.userId,
            submitted_at: now,
          })
          .returning('id')
          .executeTakeFirstOrThrow());
      } catch (error) {
        // Two submissions at once: the second finds the first.
        if ((error as { code?: string }).code === '23505')
          throw new AppError('conflict', { fields: { call: 'already_applied' } });
        throw error;
      }
    }
    await savePreferences(trx, actor.schoolId, id, input.destinations);
    await recordAudit(trx, actorForAudit(actor), {
      action: 'application.submitted',
      entityType: 'application',
      entityId: id,
      after: { callId: call.id, ...input },
    });
    return applicationDetail(trx, deps, actor, await visibleApplication(trx, actor, id), call);
  });
}

/** The learner changes their application while the call still takes applications. */
export async function updateApplication(
  deps: Deps,
  actor: Actor,
  id: string,
  input: ApplicationInput,
): Promise<ApplicationDetail> {
  return inSchool(deps.db, actor.schoolId, async (trx) => {
    const before = await visibleApplication(trx, actor, id);
    const call = await findCall(trx, before.call_id, 'share');
    const now = deps.now();
    assertAccepting(call, schoolToday(now));
    // Coming back after withdrawing is a new submission (apply), not an edit.
    if (before.status === 'withdrawn')
      throw new AppError('conflict', { fields: { status: 'withdrawn_apply_again' } });
    await checkDestinations(trx, call.id, input.destinations);
    await trx
      .updateTable('call_applications')
      .set({ ...(await applicationColumns(trx, actor.userId, schoolToday(now), input)), updated_at: now })
      .where('id', '=', id)
      .execute();
    await savePreferences(trx, actor.schoolId, id, input.destinations);
    await recordAudit(trx, actorForAudit(actor), {
      action: 'application.updated',
      entityType: 'application',
      entityId: id,
      before: { motivation: before.motivation, languages: before.languages },
      after: input,
    });
    return applicationDetail(trx, deps, actor, await visibleApplication(trx, actor, id), call);
  });
}

/** The learner withdraws while the call still takes applications; they leave any selection and team. */
export async function withdrawApplication(deps: Deps, actor: Actor, id: string): Promise<ApplicationDetail> {
  return inSchool(deps.db, actor.schoolId, async (trx) => {
    const before = await visibleApplication(trx, actor, id);
    const call = await findCall(trx, before.call_id, 'share');
    const now = deps.now();
    assertAccepting(call, schoolToday(now));
    if (before.status !== 'withdrawn') {
      await trx
        .updateTable('call_applications')
        .set({
          status: 'withdrawn',
          reserve_rank: null,
          destination_id: null,
          withdrawn_at: now,
          updated_at: now,
        })
        .where('id', '=', id)
        .execute();
      await trx.deleteFrom('call_team_members').where('application_id', '=', id).execute();
      await recordAudit(trx, actorForAudit(actor), {
        action: 'application.withdrawn',
        entityType: 'application',
        entityId: id,
        before: { status: before.status },
        after: { status: 'withdrawn' },
      });
    }
    return applicationDetail(trx, deps, actor, await visibleApplication(trx, actor, id), call);
  });
}

/**
 * Records (or corrects) the interview of one candidate: a score 0–10 on every criterion of the call,
 * who interviewed and when, and notes. Until the call is decided.
 */
export async function recordInterview(
  deps: Deps,
  actor: Actor,
  id: string,
  input: InterviewInput,
): Promise<ApplicationDetail> {
  return inSchool(deps.db, actor.schoolId, async (trx) => {
    const a = await visibleApplication(trx, actor, id);
    const call = await findCall(trx, a.call_id);
    if (call.status === 'decided') throw new AppError('conflict', { fields: { status: 'call_decided' } });
    const learner = await trx
      .selectFrom('users')
      .select(['given_name', 'family_name'])
      .where('id', '=', a.learner_id)
      .executeTakeFirstOrThrow();
    if (a.status === 'withdrawn')
      throw new AppError('conflict', {
        fields: { status: { key: 'application_withdrawn', params: { name: fullName(learner) } } },
      });
    const criteria = call.criteria as CallCriterion[];
    const fields: Record<string, string | { key: string; params: Record<string, string> }> = {};
    for (const c of criteria) if (input.scores[c.key] === undefined) fields[`scores.${c.key}`] = 'required';
    for (const key of Object.keys(input.scores))
      if (!criteria.some((c) => c.key === key))
        fields[`scores.${key}`] = { key: 'unknown_criterion', params: { key } };
    const interviewerId = input.interviewerId ?? actor.userId;
    const interviewer = await trx
      .selectFrom('memberships')
      .select('role')
      .where('user_id', '=', interviewerId)
      .where('is_active', '=', true)
      .executeTakeFirst();
    if (!interviewer || !callStaff.includes(interviewer.role)) fields.interviewerId = 'not_staff';
    if (Object.keys(fields).length) throw new AppError('validation_failed', { fields });

    const before = await trx
      .selectFrom('call_interviews')
      .selectAll()
      .where('application_id', '=', id)
      .executeTakeFirst();
    const values = {
      interviewer_id: interviewerId,
      interview_date: input.date,
      scores: JSON.stringify(input.scores),
      notes: input.notes,
      recorded_by: actor.userId,
      updated_at: deps.now(),
    };
    if (before) await trx.updateTable('call_interviews').set(values).where('id', '=', before.id).execute();
    else
      await trx
        .insertInto('call_interviews')
        .values({ ...values, school_id: actor.schoolId, application_id: id })
        .execute();
    await recordAudit(trx, actorForAudit(actor), {
      action: 'application.interviewed',
      entityType: 'application',
      entityId: id,
      before: before ? { date: before.interview_date, scores: before.scores, notes: before.notes } : null,
      after: { ...input, interviewerId },
    });
    return applicationDetail(trx, deps, actor, a, call);
  });
}
