import { isLocale, type Locale } from '@tilts/shared';
import { sql } from 'kysely';
import { inSchool, type Trx } from '../../db/context.ts';
import type { Deps } from '../../deps.ts';
import { recordAudit } from '../audit/audit.service.ts';
import { queueMail } from '../mail/mail.service.ts';
import { rigaToday } from '../mous/mous.repository.ts';
import { type NoticeInput, notifyMany } from '../notifications/notifications.service.ts';
import { getPlacementSettings } from '../settings/settings.service.ts';
import { addDays, daysBetween } from './dates.ts';
import { taskOverdueMail, taskReminderMail } from './plan.mail.ts';
import { activePlanStatuses, planPath } from './tasks.service.ts';

export interface ReminderRun {
  today: string;
  /** Learners reminded of a task due soon. */
  reminded: number;
  /** Learner-task rows past their date that their mentor was told about. */
  overdue: number;
}

/** How far ahead any programme may remind (programmes.reminder_days is at most 60). */
const MAX_REMINDER_DAYS = 60;

const statuses = sql.join(activePlanStatuses.map((s) => sql`${s}`));
const localeOf = (value: string): Locale => (isLocale(value) ? value : 'lv');

/**
 * The daily reminder run, for every school (the job calls it; tests call it with their own clock).
 * N days before a deadline (the programme's reminder days, else the school's, default 3) each learner
 * who has not done the task gets an e-mail and a notice saying how many days are left; after the
 * deadline the placement's mentor is told, once. Each row is claimed (`reminded_at`,
 * `overdue_notified_at`) by the UPDATE in the same transaction that writes the e-mail and the notice:
 * a rerun, a restart or a second process finds nothing left to claim, and a rolled-back run claimed
 * nothing.
 */
export async function runReminders(deps: Deps, at: Date = deps.now()): Promise<ReminderRun> {
  const today = rigaToday(at);
  // Which schools have anything to send; outside any school (as the job's owner role), ids only.
  const schools = await deps.db
    .selectFrom('task_progress as tp')
    .innerJoin('placements as p', 'p.id', 'tp.placement_id')
    .select('tp.school_id')
    .distinct()
    .where('tp.done_at', 'is', null)
    .where('p.status', 'in', activePlanStatuses)
    .where((eb) =>
      eb.or([
        eb.and([
          eb('tp.reminded_at', 'is', null),
          eb('tp.due_date', '<=', addDays(today, MAX_REMINDER_DAYS)),
        ]),
        eb.and([eb('tp.overdue_notified_at', 'is', null), eb('tp.due_date', '<', today)]),
      ]),
    )
    .execute();
  const run: ReminderRun = { today, reminded: 0, overdue: 0 };
  for (const { school_id: schoolId } of schools) {
    const done = await inSchool(deps.db, schoolId, (trx) => remindSchool(trx, deps, schoolId, today, at));
    run.reminded += done.reminded;
    run.overdue += done.overdue;
  }
  return run;
}

interface Claimed {
  task_id: string;
  learner_id: string;
  placement_id: string;
  due_date: string;
  task_title: string;
  placement_title: string;
  mentor_id: string | null;
  email: string;
  locale: string;
  given_name: string;
  family_name: string;
  is_active: boolean;
}

async function remindSchool(trx: Trx, deps: Deps, schoolId: string, today: string, at: Date) {
  const settings = await getPlacementSettings(trx, schoolId);
  // The furthest any programme of the school reminds ahead: a constant bound on the date, so the
  // claim reads a few days of the due-date index rather than every open task.
  const furthest = await trx
    .selectFrom('programmes')
    .select((eb) => eb.fn.max('reminder_days').as('days'))
    .executeTakeFirst();
  const horizon = addDays(today, Math.max(settings.reminderDays, Number(furthest?.days ?? 0)));
  const due = await sql<Claimed>`
    with claimed as (
      update task_progress tp set reminded_at = ${at}
      from placements p left join programmes pr on pr.id = p.programme_id
      where p.id = tp.placement_id
        and tp.done_at is null and tp.reminded_at is null
        and p.status in (${statuses})
        and tp.due_date >= ${today}::date and tp.due_date <= ${horizon}::date
        and tp.due_date <= ${today}::date + coalesce(pr.reminder_days, ${settings.reminderDays})::int
      returning tp.task_id, tp.learner_id, tp.placement_id, tp.due_date
    )
    select c.task_id, c.learner_id, c.placement_id, c.due_date, t.title as task_title,
      p.title as placement_title, p.mentor_id, u.email, u.locale, u.given_name, u.family_name, u.is_active
    from claimed c
    join placement_tasks t on t.id = c.task_id
    join placements p on p.id = c.placement_id
    join users u on u.id = c.learner_id
    order by c.due_date, t.title
  `.execute(trx);
  const notices: NoticeInput[] = due.rows.map((r) => ({
    schoolId,
    userId: r.learner_id,
    kind: 'task_due_soon',
    params: {
      task: r.task_title,
      placement: r.placement_title,
      dueDate: r.due_date,
      daysLeft: daysBetween(today, r.due_date),
    },
    link: planPath(r.placement_id),
  }));
  for (const r of due.rows) {
    const daysLeft = daysBetween(today, r.due_date);
    if (r.is_active) {
      await queueMail(trx, deps, {
        schoolId,
        to: r.email,
        locale: localeOf(r.locale),
        mail: taskReminderMail({
          task: r.task_title,
          placement: r.placement_title,
          dueDate: r.due_date,
          daysLeft,
          link: `${deps.config.PUBLIC_URL}${planPath(r.placement_id)}`,
        }),
      });
    }
  }

  const late = await sql<Claimed>`
    with claimed as (
      update task_progress tp set overdue_notified_at = ${at}
      from placements p
      where p.id = tp.placement_id
        and tp.done_at is null and tp.overdue_notified_at is null
        and p.status in (${statuses})
        and tp.due_date < ${today}::date
      returning tp.task_id, tp.learner_id, tp.placement_id, tp.due_date
    )
    select c.task_id, c.learner_id, c.placement_id, c.due_date, t.title as task_title,
      p.title as placement_title, p.mentor_id, u.email, u.locale, u.given_name, u.family_name, u.is_active
    from claimed c
    join placement_tasks t on t.id = c.task_id
    join placements p on p.id = c.placement_id
    join users u on u.id = c.learner_id
    order by c.due_date, t.title, u.family_name, u.given_name
  `.execute(trx);
  // One notice and one e-mail to the mentor per task and date, naming every learner who is late.
  const groups = new Map<string, Claimed[]>();
  for (const r of late.rows) {
    const key = `${r.task_id}/${r.due_date}`;
    groups.set(key, [...(groups.get(key) ?? []), r]);
  }
  const toldMentors: string[] = [];
  // A mentor of many late learners is looked up once.
  const mentors = new Map<string, Promise<{ id: string; email: string; locale: string } | undefined>>();
  const mentorOf = (id: string) => {
    if (!mentors.has(id)) {
      mentors.set(
        id,
        trx
          .selectFrom('users as u')
          .innerJoin('memberships as m', (j) =>
            j.onRef('m.user_id', '=', 'u.id').on('m.school_id', '=', schoolId),
          )
          .select(['u.id', 'u.email', 'u.locale'])
          .where('u.id', '=', id)
          .where('u.is_active', '=', true)
          .where('m.is_active', '=', true)
          .executeTakeFirst(),
      );
    }
    return mentors.get(id)!;
  };
  for (const rows of groups.values()) {
    const first = rows[0]!;
    if (!first.mentor_id) continue;
    const mentor = await mentorOf(first.mentor_id);
    if (!mentor) continue;
    const learners = rows.map((r) => `${r.given_name} ${r.family_name}`);
    notices.push({
      schoolId,
      userId: mentor.id,
      kind: 'task_overdue',
      params: {
        task: first.task_title,
        placement: first.placement_title,
        dueDate: first.due_date,
        learners: learners.join(', '),
      },
      link: planPath(first.placement_id),
    });
    await queueMail(trx, deps, {
      schoolId,
      to: mentor.email,
      locale: localeOf(mentor.locale),
      mail: taskOverdueMail({
        task: first.task_title,
        placement: first.placement_title,
        dueDate: first.due_date,
        learners,
        link: `${deps.config.PUBLIC_URL}${planPath(first.placement_id)}`,
      }),
    });
    toldMentors.push(mentor.id);
  }
  await notifyMany(trx, notices);

  if (due.rows.length > 0 || late.rows.length > 0) {
    await recordAudit(
      trx,
      { schoolId, email: 'system' },
      {
        action: 'tasks.reminders_sent',
        entityType: 'school',
        entityId: schoolId,
        after: {
          today,
          reminded: due.rows.map((r) => ({
            taskId: r.task_id,
            learnerId: r.learner_id,
            dueDate: r.due_date,
          })),
          overdue: late.rows.map((r) => ({
            taskId: r.task_id,
            learnerId: r.learner_id,
            dueDate: r.due_date,
          })),
          mentorsTold: toldMentors,
        },
      },
    );
  }
  return { reminded: due.rows.length, overdue: late.rows.length };
}
