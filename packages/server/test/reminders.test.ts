import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createUser } from '../src/demo/factories.ts';
import { insertPlacement } from '../src/demo/placements.ts';
import { runReminders } from '../src/features/plan/reminders.service.ts';
import { createTestTilts, createWorld, PASSWORD, type TestTilts, type World } from './support/harness.ts';

// The controlled clock: nine in the morning in Riga (UTC+3 in April) of the given day.
let now = new Date('2026-04-01T06:00:00Z');
const day = (iso: string) => {
  now = new Date(`${iso}T06:00:00Z`);
};

let t: TestTilts;
let w: World;
let teacher: string;
let anna: { id: string; email: string };
let ben: { id: string; email: string };
let placementId: string;
let reportId: string;

const mailsTo = (to: string) =>
  t.deps.db
    .selectFrom('mail_messages')
    .select(['subject', 'text_body', 'template'])
    .where('to_address', '=', to)
    .where('template', 'in', ['task_reminder', 'task_overdue'])
    .orderBy('created_at')
    .execute();

const noticesOf = (userId: string) =>
  t.deps.db
    .selectFrom('notifications')
    .select(['kind', 'params'])
    .where('user_id', '=', userId)
    .orderBy('created_at')
    .execute();

async function addTask(title: string, dueDate: string): Promise<string> {
  const res = await t.request('POST', `/api/placements/${placementId}/tasks`, {
    cookie: teacher,
    body: { title, dueDate },
  });
  expect(res.status).toBe(200);
  return res.json().tasks.find((x: { title: string }) => x.title === title).id;
}

beforeAll(async () => {
  t = await createTestTilts({}, { now: () => now });
  w = await createWorld(t);
  const db = t.deps.db;
  anna = await createUser(db, {
    email: 'anna@a.test',
    givenName: 'Anna',
    familyName: 'Bērziņa',
    password: PASSWORD,
    schoolId: w.schoolA.id,
    role: 'learner',
  });
  ben = await createUser(db, {
    email: 'ben@a.test',
    givenName: 'Ben',
    familyName: 'Miller',
    password: PASSWORD,
    locale: 'en',
    schoolId: w.schoolA.id,
    role: 'learner',
  });
  placementId = await insertPlacement(
    db,
    w.schoolA.id,
    {
      kind: 'internship',
      title: 'Prakse SIA „Tīkli”',
      destination_country: 'LV',
      mentor_id: w.users.teacher.id,
      start_date: '2026-04-01',
      end_date: '2026-04-30',
      status: 'in_progress',
    },
    [
      { userId: anna.id, role: 'learner', name: 'Anna Bērziņa' },
      { userId: ben.id, role: 'learner', name: 'Ben Miller' },
    ],
  );
  teacher = await t.signIn(w.users.teacher.email);
  reportId = await addTask('Starpposma atskaite', '2026-04-20');
});
afterAll(() => t?.close());

describe('the reminder schedule', () => {
  it('sends nothing four days before the deadline', async () => {
    day('2026-04-16');
    expect(await runReminders(t.deps)).toEqual({ today: '2026-04-16', reminded: 0, overdue: 0 });
    expect(await mailsTo(anna.email)).toEqual([]);
    expect(await noticesOf(anna.id)).toEqual([]);
  });

  it('three days before, reminds each learner who has not done it, in their language; never one who has', async () => {
    day('2026-04-16');
    const annaCookie = await t.signIn(anna.email);
    // Anna is done early and then takes it back: she is reminded like anyone who has not done it.
    await t.request('PUT', `/api/tasks/${reportId}/done`, { cookie: annaCookie });
    await t.request('DELETE', `/api/tasks/${reportId}/done`, { cookie: annaCookie });
    // Ben is done, and stays done.
    const benCookie = await t.signIn(ben.email);
    expect((await t.request('PUT', `/api/tasks/${reportId}/done`, { cookie: benCookie })).status).toBe(200);

    day('2026-04-17');
    expect(await runReminders(t.deps)).toEqual({ today: '2026-04-17', reminded: 1, overdue: 0 });
    const mails = await mailsTo(anna.email);
    expect(mails).toHaveLength(1);
    expect(mails[0]!.subject).toBe('Tilts: palikušas 3 dienas — „Starpposma atskaite”');
    expect(mails[0]!.text_body).toContain('termiņš ir 20.04.2026, palikušas 3 dienas');
    expect(mails[0]!.text_body).toContain(`http://tilts.test/placements/${placementId}?tab=plan`);
    const notices = await noticesOf(anna.id);
    expect(notices).toEqual([
      {
        kind: 'task_due_soon',
        params: {
          task: 'Starpposma atskaite',
          placement: 'Prakse SIA „Tīkli”',
          dueDate: '2026-04-20',
          daysLeft: 3,
        },
      },
    ]);
    const list = await t.request('GET', '/api/notifications', { cookie: annaCookie });
    expect(list.json().items[0].text).toBe(
      'Uzdevums „Starpposma atskaite” (Prakse SIA „Tīkli”): palikušas 3 dienas, termiņš 20.04.2026.',
    );
    expect(await mailsTo(ben.email)).toEqual([]);
    expect(await noticesOf(ben.id)).toEqual([]);
  });

  it('lists the open task on the mentor’s upcoming deadlines, and not the learner who is done', async () => {
    const res = await t.request('GET', '/api/plan/upcoming', { cookie: teacher });
    expect(res.json()).toEqual({
      today: '2026-04-17',
      total: 1,
      items: [
        {
          taskId: reportId,
          title: 'Starpposma atskaite',
          placement: { id: placementId, name: 'Prakse SIA „Tīkli”' },
          learner: { id: anna.id, name: 'Anna Bērziņa' },
          dueDate: '2026-04-20',
          daysLeft: 3,
        },
      ],
    });
  });

  it('sends nothing more when it runs again, that day or the next', async () => {
    expect((await runReminders(t.deps)).reminded).toBe(0);
    day('2026-04-18');
    expect((await runReminders(t.deps)).reminded).toBe(0);
    expect(await mailsTo(anna.email)).toHaveLength(1);
    expect(await noticesOf(anna.id)).toHaveLength(1);
  });

  it('sends exactly one reminder per learner when two runs go at once', async () => {
    const second = await addTask('Tīkla shēma', '2026-04-22');
    day('2026-04-19');
    // Two processes' daily jobs at the same moment (and a third run through the job queue's handler).
    const runs = await Promise.all([
      runReminders(t.deps),
      runReminders(t.deps),
      t.deps.jobs.runNow('plan.reminders', {}),
    ]);
    expect(runs[0]!.reminded + runs[1]!.reminded).toBeLessThanOrEqual(2);
    const annaMails = (await mailsTo(anna.email)).filter((m) => m.subject.includes('Tīkla shēma'));
    const benMails = (await mailsTo(ben.email)).filter((m) => m.subject.includes('Tīkla shēma'));
    expect(annaMails).toHaveLength(1);
    expect(benMails).toHaveLength(1);
    expect(benMails[0]!.subject).toBe('Tilts: 3 days left — “Tīkla shēma”');
    const notices = await t.deps.db
      .selectFrom('notifications')
      .select('user_id')
      .where('kind', '=', 'task_due_soon')
      .where(sql<boolean>`params->>'task' = 'Tīkla shēma'`)
      .execute();
    expect(notices.map((n) => n.user_id).sort()).toEqual([anna.id, ben.id].sort());
    const rows = await t.deps.db
      .selectFrom('task_progress')
      .select('reminded_at')
      .where('task_id', '=', second)
      .execute();
    expect(rows.every((r) => r.reminded_at !== null)).toBe(true);
  });

  it('tells the mentor once after the deadline, naming who has not done it', async () => {
    day('2026-04-20');
    expect((await runReminders(t.deps)).overdue).toBe(0);
    day('2026-04-21');
    const run = await runReminders(t.deps);
    expect(run.overdue).toBe(1);
    const mentorMails = await mailsTo(w.users.teacher.email);
    expect(mentorMails).toHaveLength(1);
    expect(mentorMails[0]!.subject).toBe(
      'Tilts: nokavēts termiņš — „Starpposma atskaite” (Prakse SIA „Tīkli”)',
    );
    expect(mentorMails[0]!.text_body).toContain('- Anna Bērziņa');
    expect(mentorMails[0]!.text_body).not.toContain('Ben Miller');
    const notices = await noticesOf(w.users.teacher.id);
    expect(notices.map((n) => n.kind)).toEqual(['task_overdue']);
    day('2026-04-22');
    expect((await runReminders(t.deps)).overdue).toBe(0);
    expect(await mailsTo(w.users.teacher.email)).toHaveLength(1);
    const audit = await t.deps.db
      .selectFrom('audit_log')
      .select(['after'])
      .where('action', '=', 'tasks.reminders_sent')
      .orderBy('id')
      .execute();
    expect(audit.length).toBeGreaterThanOrEqual(3);
  });

  it('starts again after an extension: a reminder before the new date, the mentor told after it', async () => {
    day('2026-04-22');
    const res = await t.request('POST', `/api/tasks/${reportId}/extensions`, {
      cookie: teacher,
      body: { learnerId: anna.id, newDueDate: '2026-04-28', reason: 'Slimības lapa' },
    });
    expect(res.status).toBe(200);
    const row = await t.deps.db
      .selectFrom('task_progress')
      .select(['due_date', 'reminded_at', 'overdue_notified_at'])
      .where('task_id', '=', reportId)
      .where('learner_id', '=', anna.id)
      .executeTakeFirstOrThrow();
    expect(row).toEqual({ due_date: '2026-04-28', reminded_at: null, overdue_notified_at: null });
    day('2026-04-24');
    expect((await runReminders(t.deps)).reminded).toBe(0);
    day('2026-04-25');
    expect((await runReminders(t.deps)).reminded).toBe(1);
    const reminders = (await mailsTo(anna.email)).filter((m) => m.subject.includes('Starpposma atskaite'));
    expect(reminders.map((m) => m.subject)).toEqual([
      'Tilts: palikušas 3 dienas — „Starpposma atskaite”',
      'Tilts: palikušas 3 dienas — „Starpposma atskaite”',
    ]);
    expect(reminders[1]!.text_body).toContain('termiņš ir 28.04.2026');
    day('2026-04-29');
    expect((await runReminders(t.deps)).overdue).toBe(1);
    // The mentor's e-mails: the report on 21 April, the network diagram (due 22 April) on the 24th,
    // and Anna's extended report now.
    const told = await mailsTo(w.users.teacher.email);
    expect(told.map((m) => m.subject)).toEqual([
      'Tilts: nokavēts termiņš — „Starpposma atskaite” (Prakse SIA „Tīkli”)',
      'Tilts: nokavēts termiņš — „Tīkla shēma” (Prakse SIA „Tīkli”)',
      'Tilts: nokavēts termiņš — „Starpposma atskaite” (Prakse SIA „Tīkli”)',
    ]);
    expect(told[1]!.text_body).toContain('- Anna Bērziņa\n- Ben Miller');
    expect(told[2]!.text_body).toContain('bija 28.04.2026');
  });

  it('uses the school’s reminder days for a placement without a programme', async () => {
    await t.deps.db
      .insertInto('school_placement_settings')
      .values({ school_id: w.schoolA.id, reminder_days: 5 })
      .execute();
    day('2026-04-22');
    await addTask('Noslēguma prezentācija', '2026-04-30');
    day('2026-04-24');
    const before = (await mailsTo(anna.email)).length;
    await runReminders(t.deps);
    expect((await mailsTo(anna.email)).length).toBe(before);
    day('2026-04-25');
    await runReminders(t.deps);
    const last = (await mailsTo(anna.email)).at(-1)!;
    expect(last.subject).toBe('Tilts: palikušas 5 dienas — „Noslēguma prezentācija”');
  });
});
