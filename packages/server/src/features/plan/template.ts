import { sql } from 'kysely';
import type { Trx } from '../../db/context.ts';
import { templateDueDate } from './dates.ts';

/**
 * Gives a placement the tasks of its programme's template, once: the first call claims the
 * placement (`task_template_applied_at`), so moving it back and forth between statuses, or two
 * requests at once, never adds them twice, and a task a teacher deleted stays deleted. Then makes
 * sure every learner of the placement has their row for every task. Runs in the caller's transaction.
 * Returns how many tasks it added.
 */
export async function applyTaskTemplate(trx: Trx, placementId: string, now: Date): Promise<number> {
  const p = await trx
    .selectFrom('placements as p')
    .leftJoin('programmes as pr', 'pr.id', 'p.programme_id')
    .select([
      'p.id',
      'p.school_id',
      'p.start_date',
      'p.end_date',
      'p.task_template_applied_at',
      'pr.task_template',
    ])
    .where('p.id', '=', placementId)
    .executeTakeFirst();
  if (!p) return 0;
  let added = 0;
  const template = p.task_template ?? [];
  if (!p.task_template_applied_at && template.length > 0) {
    const claimed = await trx
      .updateTable('placements')
      .set({ task_template_applied_at: now })
      .where('id', '=', placementId)
      .where('task_template_applied_at', 'is', null)
      .returning('id')
      .executeTakeFirst();
    if (claimed) {
      const last = await trx
        .selectFrom('placement_tasks')
        .select((eb) => eb.fn.max('position').as('max'))
        .where('placement_id', '=', placementId)
        .executeTakeFirst();
      const first = Number(last?.max ?? -1) + 1;
      await trx
        .insertInto('placement_tasks')
        .values(
          template.map((item, i) => ({
            school_id: p.school_id,
            placement_id: placementId,
            title: item.title,
            description: item.description ?? '',
            due_date: templateDueDate(p.start_date, p.end_date, item.dueDay),
            source: 'template' as const,
            position: first + i,
            template_day: item.dueDay,
          })),
        )
        .execute();
      added = template.length;
    }
  }
  if (!added) await followPlacementDates(trx, placementId, p.start_date, p.end_date);
  await syncTaskProgress(trx, placementId);
  return added;
}

/**
 * After the placement's dates changed: a template task that still has the teacher's untouched date
 * moves to its day in the new period, and so does every learner who had that date (one with an
 * extension keeps theirs), with their reminders starting again.
 */
async function followPlacementDates(trx: Trx, placementId: string, startDate: string, endDate: string) {
  const tasks = await trx
    .selectFrom('placement_tasks')
    .select(['id', 'due_date', 'template_day'])
    .where('placement_id', '=', placementId)
    .where('source', '=', 'template')
    .where('template_day', 'is not', null)
    .execute();
  for (const task of tasks) {
    const due = templateDueDate(startDate, endDate, task.template_day ?? 0);
    if (due === task.due_date) continue;
    await trx.updateTable('placement_tasks').set({ due_date: due }).where('id', '=', task.id).execute();
    await trx
      .updateTable('task_progress')
      .set({ due_date: due, reminded_at: null, overdue_notified_at: null })
      .where('task_id', '=', task.id)
      .where('due_date', '=', task.due_date)
      .execute();
  }
}

/**
 * Every learner of the placement has a row for every task (a learner added later starts with the
 * task's date); a person who is no longer a learner of it loses theirs.
 */
export async function syncTaskProgress(trx: Trx, placementId: string): Promise<void> {
  await sql`
    insert into task_progress (school_id, task_id, placement_id, learner_id, due_date)
    select t.school_id, t.id, t.placement_id, pp.user_id, t.due_date
    from placement_tasks t
    join placement_participants pp on pp.placement_id = t.placement_id and pp.role = 'learner'
    where t.placement_id = ${placementId}
    on conflict (task_id, learner_id) do nothing
  `.execute(trx);
  await sql`
    delete from task_progress tp
    where tp.placement_id = ${placementId}
      and not exists (
        select 1 from placement_participants pp
        where pp.placement_id = tp.placement_id and pp.user_id = tp.learner_id and pp.role = 'learner'
      )
  `.execute(trx);
}
