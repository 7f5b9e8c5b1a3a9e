import {
  type ExtensionInput,
  extensionDaysAfterEnd,
  type FieldError,
  isLocale,
  type MyTasksResponse,
  type PlanResponse,
  type Role,
  type TaskInput,
  type UpcomingDeadlinesResponse,
} from '@tilts/shared';
import { sql } from 'kysely';
import { type Actor, inSchool, type Trx } from '../../db/context.ts';
import type { Deps } from '../../deps.ts';
import { AppError } from '../../errors.ts';
import { actorForAudit, recordAudit } from '../audit/audit.service.ts';
import { queueMail } from '../mail/mail.service.ts';
import { rigaToday } from '../mous/mous.repository.ts';
import { notify } from '../notifications/notifications.service.ts';
import { visiblePlacements } from '../placements/placements.repository.ts';
import { getPlacementSettings } from '../settings/settings.service.ts';
import { type PlacementRow, visiblePlacement } from '../support/parties.ts';
import { addDays, daysBetween } from './dates.ts';
import { taskExtendedMail } from './plan.mail.ts';

/** Who writes a placement's plan: staff who see the placement (a teacher: the ones they mentor or go on). */
const planEditors: readonly Role[] = ['admin', 'coordinator', 'teacher'];
/** Placements whose learners are still working on their tasks. */
export const activePlanStatuses = ['planned', 'ready', 'in_progress'] as const;

const fullName = (u: { given_name: string; family_name: string }) => `${u.given_name} ${u.family_name}`;

/** Where a notice or an e-mail about a placement's plan takes its reader. */
export const planPath = (placementId: string) => `/placements/${placementId}?tab=plan`;

function invalid(fields: Record<string, FieldError>): never {
  throw new AppError('validation_failed', { fields });
}

function checkDueDate(p: PlacementRow, dueDate: string) {
  if (dueDate < p.start_date || dueDate > p.end_date) {
    invalid({ dueDate: { key: 'due_outside_placement', params: { start: p.start_date, end: p.end_date } } });
  }
}

/** A closed or cancelled placement's plan is history: read only. */
function requireOpen(p: PlacementRow) {
  if (p.status === 'closed' || p.status === 'cancelled') {
    throw new AppError('conflict', { fields: { status: 'placement_closed' } });
  }
}

function requireEditor(actor: Actor) {
  if (!planEditors.includes(actor.role)) throw new AppError('forbidden');
}

async function isLearnerOf(trx: Trx, placementId: string, userId: string): Promise<boolean> {
  const row = await trx
    .selectFrom('placement_participants')
    .select('id')
    .where('placement_id', '=', placementId)
    .where('user_id', '=', userId)
    .where('role', '=', 'learner')
    .executeTakeFirst();
  return Boolean(row);
}

/** The Plan tab: tasks with each learner's state (a learner sees their own), and the communication plan. */
export async function getPlan(deps: Deps, actor: Actor, placementId: string): Promise<PlanResponse> {
  return inSchool(deps.db, actor.schoolId, async (trx) => {
    const p = await visiblePlacement(trx, actor, placementId);
    const [tasks, learners, settings, mine] = await Promise.all([
      trx
        .selectFrom('placement_tasks')
        .selectAll()
        .where('placement_id', '=', p.id)
        .orderBy('due_date')
        .orderBy('position')
        .execute(),
      trx
        .selectFrom('placement_participants as pp')
        .innerJoin('users as u', 'u.id', 'pp.user_id')
        .select(['u.id', 'u.given_name', 'u.family_name'])
        .where('pp.placement_id', '=', p.id)
        .where('pp.role', '=', 'learner')
        .orderBy('u.family_name')
        .orderBy('u.given_name')
        .execute(),
      getPlacementSettings(trx, actor.schoolId),
      actor.role === 'learner' ? isLearnerOf(trx, p.id, actor.userId) : Promise.resolve(false),
    ]);
    const shown = actor.role === 'learner' ? learners.filter((l) => l.id === actor.userId) : learners;
    const shownIds = shown.map((l) => l.id);
    const taskIds = tasks.map((t) => t.id);
    const [progress, extensions] =
      taskIds.length && shownIds.length
        ? await Promise.all([
            trx
              .selectFrom('task_progress')
              .select(['task_id', 'learner_id', 'due_date', 'done_at'])
              .where('task_id', 'in', taskIds)
              .where('learner_id', 'in', shownIds)
              .execute(),
            trx
              .selectFrom('task_extensions as e')
              .leftJoin('users as u', 'u.id', 'e.granted_by')
              .select([
                'e.task_id',
                'e.learner_id',
                'e.previous_due_date',
                'e.new_due_date',
                'e.reason',
                'e.granted_role',
                'e.granted_at',
                'u.given_name',
                'u.family_name',
              ])
              .where('e.task_id', 'in', taskIds)
              .where('e.learner_id', 'in', shownIds)
              .orderBy('e.granted_at')
              .execute(),
          ])
        : [[], []];
    const key = (taskId: string, learnerId: string) => `${taskId}/${learnerId}`;
    const progressOf = new Map(progress.map((r) => [key(r.task_id, r.learner_id), r]));
    const canEdit = planEditors.includes(actor.role);
    return {
      placement: { id: p.id, title: p.title, startDate: p.start_date, endDate: p.end_date },
      communication: {
        channels: p.comm_channels,
        everyDays: p.comm_every_days,
        weeklyHours: p.comm_weekly_hours === null ? null : Number(p.comm_weekly_hours),
        who: p.comm_who,
      },
      tasks: tasks.map((t) => ({
        id: t.id,
        title: t.title,
        description: t.description,
        dueDate: t.due_date,
        source: t.source,
        progress: shown.flatMap((l) => {
          const row = progressOf.get(key(t.id, l.id));
          if (!row) return [];
          return [
            {
              learner: { id: l.id, name: fullName(l) },
              dueDate: row.due_date,
              doneAt: row.done_at ? row.done_at.toISOString() : null,
              extensions: extensions
                .filter((e) => e.task_id === t.id && e.learner_id === l.id)
                .map((e) => ({
                  previousDueDate: e.previous_due_date,
                  newDueDate: e.new_due_date,
                  reason: e.reason,
                  grantedBy: e.given_name ? `${e.given_name} ${e.family_name}` : '',
                  grantedRole: e.granted_role,
                  grantedAt: e.granted_at.toISOString(),
                })),
            },
          ];
        }),
      })),
      learners: shown.map((l) => ({ id: l.id, name: fullName(l) })),
      canEdit,
      canExtend: canEdit && settings.extensionRoles.includes(actor.role),
      canMarkDone: mine,
      today: rigaToday(deps.now()),
    };
  });
}

/** A teacher, mentor or coordinator adds a task; every learner of the placement gets it. */
export async function addTask(deps: Deps, actor: Actor, placementId: string, input: TaskInput) {
  requireEditor(actor);
  await inSchool(deps.db, actor.schoolId, async (trx) => {
    const p = await visiblePlacement(trx, actor, placementId);
    requireOpen(p);
    checkDueDate(p, input.dueDate);
    const last = await trx
      .selectFrom('placement_tasks')
      .select((eb) => eb.fn.max('position').as('max'))
      .where('placement_id', '=', p.id)
      .executeTakeFirst();
    const task = await trx
      .insertInto('placement_tasks')
      .values({
        school_id: actor.schoolId,
        placement_id: p.id,
        title: input.title,
        description: input.description,
        due_date: input.dueDate,
        source: 'teacher',
        position: Number(last?.max ?? -1) + 1,
        created_by: actor.userId,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await sql`
      insert into task_progress (school_id, task_id, placement_id, learner_id, due_date)
      select ${actor.schoolId}, ${task.id}, ${p.id}, pp.user_id, ${input.dueDate}
      from placement_participants pp where pp.placement_id = ${p.id} and pp.role = 'learner'
      on conflict do nothing
    `.execute(trx);
    await recordAudit(trx, actorForAudit(actor), {
      action: 'task.created',
      entityType: 'placement_task',
      entityId: task.id,
      after: { placementId: p.id, ...input },
    });
  });
  return getPlan(deps, actor, placementId);
}

async function loadTask(trx: Trx, actor: Actor, taskId: string) {
  const task = await trx
    .selectFrom('placement_tasks')
    .selectAll()
    .where('id', '=', taskId)
    .executeTakeFirst();
  if (!task) throw new AppError('not_found');
  // A task of a placement the actor does not see is "not found" like any other.
  const p = await visiblePlacement(trx, actor, task.placement_id);
  requireOpen(p);
  return { task, p };
}

/**
 * Changes a task. A new due date moves every learner who had the task's date (or an earlier one
 * than the new date); an extension that runs later stays. A learner whose date moved starts the
 * reminder schedule again.
 */
export async function updateTask(deps: Deps, actor: Actor, taskId: string, input: TaskInput) {
  requireEditor(actor);
  const placementId = await inSchool(deps.db, actor.schoolId, async (trx) => {
    const { task, p } = await loadTask(trx, actor, taskId);
    checkDueDate(p, input.dueDate);
    await trx
      .updateTable('placement_tasks')
      .set({
        title: input.title,
        description: input.description,
        due_date: input.dueDate,
        // A date set by hand no longer follows the placement's dates.
        ...(input.dueDate !== task.due_date ? { template_day: null } : {}),
        updated_at: deps.now(),
      })
      .where('id', '=', taskId)
      .execute();
    if (input.dueDate !== task.due_date) {
      await trx
        .updateTable('task_progress')
        .set({ due_date: input.dueDate, reminded_at: null, overdue_notified_at: null })
        .where('task_id', '=', taskId)
        .where((eb) => eb.or([eb('due_date', '=', task.due_date), eb('due_date', '<', input.dueDate)]))
        .execute();
    }
    await recordAudit(trx, actorForAudit(actor), {
      action: 'task.updated',
      entityType: 'placement_task',
      entityId: taskId,
      before: { title: task.title, description: task.description, dueDate: task.due_date },
      after: input,
    });
    return p.id;
  });
  return getPlan(deps, actor, placementId);
}

/** Removes a task with its progress and extensions (the audit log keeps what it was). */
export async function deleteTask(deps: Deps, actor: Actor, taskId: string) {
  requireEditor(actor);
  const placementId = await inSchool(deps.db, actor.schoolId, async (trx) => {
    const { task, p } = await loadTask(trx, actor, taskId);
    await trx.deleteFrom('placement_tasks').where('id', '=', taskId).execute();
    await recordAudit(trx, actorForAudit(actor), {
      action: 'task.deleted',
      entityType: 'placement_task',
      entityId: taskId,
      before: { placementId: p.id, title: task.title, description: task.description, dueDate: task.due_date },
    });
    return p.id;
  });
  return getPlan(deps, actor, placementId);
}

/** The learner marks their own task done, or (done = false) takes that back. */
export async function markTaskDone(deps: Deps, actor: Actor, taskId: string, done: boolean) {
  if (actor.role !== 'learner') throw new AppError('forbidden');
  const placementId = await inSchool(deps.db, actor.schoolId, async (trx) => {
    const { task, p } = await loadTask(trx, actor, taskId);
    const row = await trx
      .selectFrom('task_progress')
      .select(['done_at'])
      .where('task_id', '=', taskId)
      .where('learner_id', '=', actor.userId)
      .forUpdate()
      .executeTakeFirst();
    if (!row) invalid({ taskId: 'not_your_task' });
    if (Boolean(row.done_at) !== done) {
      await trx
        .updateTable('task_progress')
        .set({ done_at: done ? deps.now() : null })
        .where('task_id', '=', taskId)
        .where('learner_id', '=', actor.userId)
        .execute();
      await recordAudit(trx, actorForAudit(actor), {
        action: done ? 'task.done' : 'task.undone',
        entityType: 'placement_task',
        entityId: task.id,
        after: { placementId: p.id, learnerId: actor.userId },
      });
    }
    return p.id;
  });
  return getPlan(deps, actor, placementId);
}

/**
 * Grants one learner more time for a task, if the school lets the actor's role do so: a reason is
 * required and kept with who granted it; the new date must be later than the current one. The
 * learner's reminders start again for the new date, and they are told (notice and e-mail).
 */
export async function grantExtension(deps: Deps, actor: Actor, taskId: string, input: ExtensionInput) {
  requireEditor(actor);
  const placementId = await inSchool(deps.db, actor.schoolId, async (trx) => {
    const { task, p } = await loadTask(trx, actor, taskId);
    const settings = await getPlacementSettings(trx, actor.schoolId);
    if (!settings.extensionRoles.includes(actor.role)) {
      throw new AppError('forbidden', {
        fields: {
          extension: {
            key: 'extension_role_not_allowed',
            params: { roles: settings.extensionRoles.join(','), role: actor.role },
          },
        },
      });
    }
    const row = await trx
      .selectFrom('task_progress')
      .select(['due_date', 'done_at'])
      .where('task_id', '=', taskId)
      .where('learner_id', '=', input.learnerId)
      .forUpdate()
      .executeTakeFirst();
    const problems: Record<string, FieldError> = {};
    if (!input.reason.trim()) problems.reason = 'extension_reason_required';
    if (!row) problems.learnerId = 'learner_not_in_placement';
    else if (row.done_at) problems.learnerId = 'task_already_done';
    const latest = addDays(p.end_date, extensionDaysAfterEnd);
    if (row && input.newDueDate <= row.due_date) {
      problems.newDueDate = { key: 'extension_not_later', params: { current: row.due_date } };
    } else if (input.newDueDate > latest) {
      problems.newDueDate = { key: 'extension_too_late', params: { latest } };
    }
    if (Object.keys(problems).length > 0 || !row) invalid(problems);
    await trx
      .insertInto('task_extensions')
      .values({
        school_id: actor.schoolId,
        task_id: taskId,
        learner_id: input.learnerId,
        previous_due_date: row.due_date,
        new_due_date: input.newDueDate,
        reason: input.reason.trim(),
        granted_by: actor.userId,
        granted_role: actor.role,
        granted_at: deps.now(),
      })
      .execute();
    // A new date is a new schedule: the reminder and the mentor's notice may go out again.
    await trx
      .updateTable('task_progress')
      .set({ due_date: input.newDueDate, reminded_at: null, overdue_notified_at: null })
      .where('task_id', '=', taskId)
      .where('learner_id', '=', input.learnerId)
      .execute();
    const [granter, learner] = await Promise.all([
      trx
        .selectFrom('users')
        .select(['given_name', 'family_name'])
        .where('id', '=', actor.userId)
        .executeTakeFirstOrThrow(),
      trx
        .selectFrom('users')
        .select(['email', 'locale', 'is_active'])
        .where('id', '=', input.learnerId)
        .executeTakeFirstOrThrow(),
    ]);
    const by = fullName(granter);
    await notify(trx, {
      schoolId: actor.schoolId,
      userId: input.learnerId,
      kind: 'task_extended',
      params: {
        task: task.title,
        placement: p.title,
        dueDate: input.newDueDate,
        by,
        reason: input.reason.trim(),
      },
      link: planPath(p.id),
    });
    if (learner.is_active) {
      await queueMail(trx, deps, {
        schoolId: actor.schoolId,
        to: learner.email,
        locale: isLocale(learner.locale) ? learner.locale : 'lv',
        causedBy: actor.userId,
        mail: taskExtendedMail({
          task: task.title,
          placement: p.title,
          previousDueDate: row.due_date,
          newDueDate: input.newDueDate,
          reason: input.reason.trim(),
          grantedBy: by,
          link: `${deps.config.PUBLIC_URL}${planPath(p.id)}`,
        }),
      });
    }
    await recordAudit(trx, actorForAudit(actor), {
      action: 'task.extended',
      entityType: 'placement_task',
      entityId: taskId,
      before: { learnerId: input.learnerId, dueDate: row.due_date },
      after: {
        learnerId: input.learnerId,
        dueDate: input.newDueDate,
        reason: input.reason.trim(),
        grantedRole: actor.role,
      },
    });
    return p.id;
  });
  return getPlan(deps, actor, placementId);
}

/** The learner's home page: their tasks on placements still under way, open ones first by date. */
export async function myTasks(deps: Deps, actor: Actor): Promise<MyTasksResponse> {
  if (actor.role !== 'learner') throw new AppError('forbidden');
  const today = rigaToday(deps.now());
  return inSchool(deps.db, actor.schoolId, async (trx) => {
    const rows = await trx
      .selectFrom('task_progress as tp')
      .innerJoin('placement_tasks as t', 't.id', 'tp.task_id')
      .innerJoin('placements as p', 'p.id', 'tp.placement_id')
      .select([
        't.id',
        't.title',
        'p.id as placement_id',
        'p.title as placement_title',
        'tp.due_date',
        'tp.done_at',
      ])
      .where('tp.learner_id', '=', actor.userId)
      .where('p.status', 'in', activePlanStatuses)
      .orderBy(sql`tp.done_at is not null`)
      .orderBy('tp.due_date')
      .orderBy('t.position')
      .limit(100)
      .execute();
    return {
      today,
      items: rows.map((r) => ({
        taskId: r.id,
        title: r.title,
        placement: { id: r.placement_id, name: r.placement_title },
        dueDate: r.due_date,
        daysLeft: daysBetween(today, r.due_date),
        doneAt: r.done_at ? r.done_at.toISOString() : null,
      })),
    };
  });
}

/** How far ahead the staff's "upcoming deadlines" look. */
const UPCOMING_DAYS = 14;

/**
 * Staff's home page: every learner's open task due within two weeks or already late, on placements
 * under way that the actor sees (a coordinator the school's, a teacher those they mentor or go on).
 */
export async function upcomingDeadlines(deps: Deps, actor: Actor): Promise<UpcomingDeadlinesResponse> {
  requireEditor(actor);
  const today = rigaToday(deps.now());
  return inSchool(deps.db, actor.schoolId, async (trx) => {
    const visible = visiblePlacements(trx, actor).select('p.id').where('p.status', 'in', activePlanStatuses);
    const base = trx
      .selectFrom('task_progress as tp')
      .where('tp.placement_id', 'in', visible)
      .where('tp.done_at', 'is', null)
      .where('tp.due_date', '<=', addDays(today, UPCOMING_DAYS));
    const [rows, total] = await Promise.all([
      base
        .innerJoin('placement_tasks as t', 't.id', 'tp.task_id')
        .innerJoin('placements as p', 'p.id', 'tp.placement_id')
        .innerJoin('users as u', 'u.id', 'tp.learner_id')
        .select([
          't.id',
          't.title',
          'p.id as placement_id',
          'p.title as placement_title',
          'u.id as learner_id',
          'u.given_name',
          'u.family_name',
          'tp.due_date',
        ])
        .orderBy('tp.due_date')
        .orderBy('u.family_name')
        .limit(20)
        .execute(),
      base.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
    ]);
    return {
      today,
      total: Number(total.n),
      items: rows.map((r) => ({
        taskId: r.id,
        title: r.title,
        placement: { id: r.placement_id, name: r.placement_title },
        learner: { id: r.learner_id, name: fullName(r) },
        dueDate: r.due_date,
        daysLeft: daysBetween(today, r.due_date),
      })),
    };
  });
}
