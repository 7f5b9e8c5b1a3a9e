import { roles } from '@tilts/shared';
import { insertPlacement } from '../../src/demo/placements.ts';
import type { AccessModule } from './types.ts';

const admin = ['admin'] as const;
const staff = ['admin', 'coordinator', 'teacher'] as const;
const learner = ['learner'] as const;
const fakeToken = 'x'.repeat(43);

/** The plan of a placement, extensions, notices, the calendar feed and the school's settings. */
export const planAccess: AccessModule = {
  async setup(t, w) {
    const db = t.deps.db;
    const schoolId = w.schoolA.id;
    const placement = await insertPlacement(
      db,
      schoolId,
      {
        kind: 'internship',
        title: 'Plāna prakse',
        destination_country: 'LV',
        supervisor_name: 'Ēriks Žubīts-supervisor',
        supervisor_email: w.users.supervisor.email,
        mentor_id: w.users.teacher.id,
        start_date: '2030-09-01',
        end_date: '2030-10-31',
        status: 'in_progress',
      },
      [{ userId: w.users.learner.id, role: 'learner', name: 'Ēriks Žubīts-learner' }],
    );
    w.records.planPlacement = placement;
    const task = async (title: string) => {
      const row = await db
        .insertInto('placement_tasks')
        .values({ school_id: schoolId, placement_id: placement, title, due_date: '2030-09-15' })
        .returning('id')
        .executeTakeFirstOrThrow();
      await db
        .insertInto('task_progress')
        .values({
          school_id: schoolId,
          task_id: row.id,
          placement_id: placement,
          learner_id: w.users.learner.id,
          due_date: '2030-09-15',
        })
        .execute();
      return row.id;
    };
    w.records.planTask = await task('Atskaite');
    w.records.planTaskExtended = await task('Pagarināmais');
    w.records.planTaskDeleted = await task('Dzēšamais');
    // Every staff role may extend here, so each allowed caller gets past the school's rule.
    await db
      .insertInto('school_placement_settings')
      .values({ school_id: schoolId, extension_roles: ['admin', 'coordinator', 'teacher'] })
      .execute();
    const notice = await db
      .insertInto('notifications')
      .values({
        school_id: schoolId,
        user_id: w.users.learner.id,
        kind: 'task_due_soon',
        params: JSON.stringify({
          task: 'Atskaite',
          placement: 'Plāna prakse',
          daysLeft: 3,
          dueDate: '2030-09-15',
        }),
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    w.records.notice = notice.id;
  },
  rows: [
    { method: 'GET', url: '/api/settings/placements', allowed: admin },
    {
      method: 'PUT',
      url: '/api/settings/placements',
      body: { reminderDays: 3, extensionRoles: ['admin', 'coordinator', 'teacher'] },
      allowed: admin,
    },
    {
      method: 'GET',
      url: '/api/placements/:id/plan',
      path: (w) => `/api/placements/${w.records.planPlacement}/plan`,
      allowed: roles,
      schoolARecord: true,
    },
    {
      method: 'GET',
      url: '/api/placements/:id/plan.csv',
      path: (w) => `/api/placements/${w.records.planPlacement}/plan.csv`,
      allowed: roles,
      schoolARecord: true,
    },
    {
      method: 'POST',
      url: '/api/placements/:id/tasks',
      path: (w) => `/api/placements/${w.records.planPlacement}/tasks`,
      body: { title: 'Jauns uzdevums', description: '', dueDate: '2030-10-01' },
      allowed: staff,
      schoolARecord: true,
    },
    {
      method: 'PUT',
      url: '/api/tasks/:id',
      path: (w) => `/api/tasks/${w.records.planTask}`,
      body: { title: 'Atskaite (labota)', description: '', dueDate: '2030-09-16' },
      allowed: staff,
      schoolARecord: true,
    },
    {
      method: 'DELETE',
      url: '/api/tasks/:id',
      path: (w) => `/api/tasks/${w.records.planTaskDeleted}`,
      allowed: staff,
      schoolARecord: true,
    },
    {
      method: 'PUT',
      url: '/api/tasks/:id/done',
      path: (w) => `/api/tasks/${w.records.planTask}/done`,
      allowed: learner,
      schoolARecord: true,
    },
    {
      method: 'DELETE',
      url: '/api/tasks/:id/done',
      path: (w) => `/api/tasks/${w.records.planTask}/done`,
      allowed: learner,
      schoolARecord: true,
    },
    {
      method: 'POST',
      url: '/api/tasks/:id/extensions',
      path: (w) => `/api/tasks/${w.records.planTaskExtended}/extensions`,
      body: (w) => ({ learnerId: w.users.learner.id, newDueDate: '2030-09-20', reason: 'Slimības dēļ' }),
      allowed: staff,
      schoolARecord: true,
    },
    { method: 'GET', url: '/api/my/tasks', allowed: learner },
    { method: 'GET', url: '/api/plan/upcoming', allowed: staff },
    { method: 'GET', url: '/api/notifications', allowed: roles },
    { method: 'GET', url: '/api/notifications/unread-count', allowed: roles },
    {
      method: 'POST',
      url: '/api/notifications/:id/read',
      path: (w) => `/api/notifications/${w.records.notice}/read`,
      allowed: roles,
      schoolARecord: true,
    },
    { method: 'POST', url: '/api/notifications/read-all', allowed: roles },
    { method: 'GET', url: '/api/calendar', allowed: roles },
    { method: 'POST', url: '/api/calendar/reset', allowed: roles },
    { method: 'GET', url: '/calendar/:file', path: () => `/calendar/${fakeToken}.ics`, allowed: 'public' },
  ],
};
