import type { Kysely } from 'kysely';
import type { Trx } from '../../db/context.ts';
import type { DB } from '../../db/schema.ts';
import { addDays } from './dates.ts';
import { planPath } from './tasks.service.ts';
import { applyTaskTemplate } from './template.ts';

/**
 * The demo school's plans: every placement with a programme gets its template's tasks; the demo
 * learner has two done, one extended and one due in two days (with the reminder notice that went
 * out); the virtual intern has a missed deadline their mentor was told about.
 */
export async function seedDemoPlan(db: Kysely<DB>, schoolId: string, today: string) {
  const trx = db as unknown as Trx;
  const at = (daysFromToday: number, hour = 9) =>
    new Date(`${addDays(today, daysFromToday)}T${String(hour).padStart(2, '0')}:00:00Z`);
  const withProgramme = await db
    .selectFrom('placements')
    .select('id')
    .where('school_id', '=', schoolId)
    .where('programme_id', 'is not', null)
    .execute();
  for (const p of withProgramme) await applyTaskTemplate(trx, p.id, at(-30));
  // A placement that has ended had its tasks done.
  await db
    .updateTable('task_progress')
    .set({ done_at: at(-25) })
    .where('school_id', '=', schoolId)
    .where('placement_id', 'in', (eb) =>
      eb.selectFrom('placements').select('id').where('status', 'in', ['completed', 'recognised', 'closed']),
    )
    .execute();

  const person = (email: string) =>
    db
      .selectFrom('users')
      .select(['id', 'given_name', 'family_name'])
      .where('email', '=', email)
      .executeTakeFirstOrThrow();
  const learner = await person('audzeknis@demo.tilts.lv');
  const mentor = await person('pedagogs@demo.tilts.lv');
  const placement = await db
    .selectFrom('placements as p')
    .innerJoin('placement_participants as pp', 'pp.placement_id', 'p.id')
    .select(['p.id', 'p.title'])
    .where('p.school_id', '=', schoolId)
    .where('pp.user_id', '=', learner.id)
    .where('p.status', '=', 'in_progress')
    .executeTakeFirstOrThrow();

  const addTask = async (
    placementId: string,
    title: string,
    description: string,
    due: string,
    position: number,
  ) => {
    const task = await db
      .insertInto('placement_tasks')
      .values({
        school_id: schoolId,
        placement_id: placementId,
        title,
        description,
        due_date: due,
        source: 'teacher',
        position,
        created_by: mentor.id,
        created_at: at(-15),
        updated_at: at(-15),
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await applyTaskTemplate(trx, placementId, at(-30));
    return task.id;
  };

  // The demo learner: the template's first two tasks are done, the second one after an extension.
  const tasks = await db
    .selectFrom('placement_tasks')
    .select(['id', 'title', 'due_date'])
    .where('placement_id', '=', placement.id)
    .orderBy('position')
    .execute();
  const [safety, description] = tasks;
  if (safety) {
    await db
      .updateTable('task_progress')
      .set({ done_at: at(-19, 14) })
      .where('task_id', '=', safety.id)
      .where('learner_id', '=', learner.id)
      .execute();
  }
  if (description) {
    const extendedTo = addDays(today, 3);
    await db
      .insertInto('task_extensions')
      .values({
        school_id: schoolId,
        task_id: description.id,
        learner_id: learner.id,
        previous_due_date: description.due_date,
        new_due_date: extendedTo,
        reason: 'Uzņēmuma IT vadītājs bija atvaļinājumā; shēmas saņemtas tikai tagad.',
        granted_by: mentor.id,
        granted_role: 'teacher',
        granted_at: at(-8),
      })
      .execute();
    await db
      .updateTable('task_progress')
      .set({ due_date: extendedTo })
      .where('task_id', '=', description.id)
      .where('learner_id', '=', learner.id)
      .execute();
    await db
      .insertInto('notifications')
      .values({
        school_id: schoolId,
        user_id: learner.id,
        kind: 'task_extended',
        params: JSON.stringify({
          task: description.title,
          placement: placement.title,
          dueDate: extendedTo,
          by: `${mentor.given_name} ${mentor.family_name}`,
          reason: 'Uzņēmuma IT vadītājs bija atvaļinājumā; shēmas saņemtas tikai tagad.',
        }),
        link: planPath(placement.id),
        created_at: at(-8),
        read_at: at(-8, 18),
      })
      .execute();
  }
  const weekly = await addTask(
    placement.id,
    'Nedēļas pārskats: tīkla mezglu saraksts',
    'Saraksts ar IP adresēm un atbildīgajiem; augšupielādējiet dienasgrāmatā.',
    addDays(today, 2),
    10,
  );
  // Its reminder went out this morning.
  await db
    .updateTable('task_progress')
    .set({ reminded_at: at(0, 4) })
    .where('task_id', '=', weekly)
    .execute();
  await db
    .insertInto('notifications')
    .values({
      school_id: schoolId,
      user_id: learner.id,
      kind: 'task_due_soon',
      params: JSON.stringify({
        task: 'Nedēļas pārskats: tīkla mezglu saraksts',
        placement: placement.title,
        dueDate: addDays(today, 2),
        daysLeft: 2,
      }),
      link: planPath(placement.id),
      created_at: at(0, 4),
    })
    .execute();

  // The virtual intern missed the deadline of their introduction video; the mentor was told.
  const virtual = await db
    .selectFrom('placements as p')
    .innerJoin('placement_participants as pp', 'pp.placement_id', 'p.id')
    .innerJoin('users as u', 'u.id', 'pp.user_id')
    .select(['p.id', 'p.title', 'u.given_name', 'u.family_name'])
    .where('p.school_id', '=', schoolId)
    .where('p.kind', '=', 'virtual_internship')
    .where('pp.role', '=', 'learner')
    .executeTakeFirst();
  if (virtual) {
    const video = await addTask(
      virtual.id,
      'Iepazīšanās video viesnīcas komandai',
      'Līdz 2 minūtēm: kas esat un ko vēlaties iemācīties.',
      addDays(today, -2),
      0,
    );
    await addTask(
      virtual.id,
      'Starpposma atskaite',
      'Kas izdarīts, kas izdevās, kas ne; 1 lappuse.',
      addDays(today, 20),
      1,
    );
    await db
      .updateTable('task_progress')
      .set({ reminded_at: at(-5, 4), overdue_notified_at: at(-1, 4) })
      .where('task_id', '=', video)
      .execute();
    await db
      .insertInto('notifications')
      .values({
        school_id: schoolId,
        user_id: mentor.id,
        kind: 'task_overdue',
        params: JSON.stringify({
          task: 'Iepazīšanās video viesnīcas komandai',
          placement: virtual.title,
          dueDate: addDays(today, -2),
          learners: `${virtual.given_name} ${virtual.family_name}`,
        }),
        link: planPath(virtual.id),
        created_at: at(-1, 4),
      })
      .execute();
  }
}
