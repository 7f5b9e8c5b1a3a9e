import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createUser } from '../src/demo/factories.ts';
import { createTestTilts, createWorld, PASSWORD, type TestTilts, type World } from './support/harness.ts';

// The clock of these tests: 2 March 2026, before the placement starts on 1 April.
const NOW = new Date('2026-03-02T08:00:00Z');

let t: TestTilts;
let w: World;
let coordinator: string;
let teacher: string;
let learner: string;
let admin: string;
let second: { id: string; email: string };
let third: { id: string; email: string };
let programmeId: string;
let placementId: string;

interface Plan {
  tasks: {
    id: string;
    title: string;
    dueDate: string;
    source: string;
    progress: {
      learner: { id: string; name: string };
      dueDate: string;
      doneAt: string | null;
      extensions: unknown[];
    }[];
  }[];
  canEdit: boolean;
  canExtend: boolean;
  canMarkDone: boolean;
}

const plan = async (cookie: string): Promise<Plan> => {
  const res = await t.request('GET', `/api/placements/${placementId}/plan`, { cookie });
  expect(res.status).toBe(200);
  return res.json();
};

const placementBody = (learners: string[]) => ({
  kind: 'internship',
  title: 'Prakse SIA „Tīkli, kabeļi; un serveri”',
  programmeId,
  destinationCountry: 'LV',
  mentorId: w.users.teacher.id,
  supervisorName: 'Ģirts Šņore',
  supervisorEmail: 'supervisor@a.test',
  startDate: '2026-04-01',
  endDate: '2026-04-30',
  commChannels: ['e-pasts', 'video'],
  commEveryDays: 7,
  commWeeklyHours: 1.5,
  commWho: 'Mentors un audzēknis',
  learners: learners.map((userId) => ({ userId })),
});

beforeAll(async () => {
  t = await createTestTilts({}, { now: () => NOW });
  w = await createWorld(t);
  const db = t.deps.db;
  second = await createUser(db, {
    email: 'liga@a.test',
    givenName: 'Līga',
    familyName: 'Ozola',
    password: PASSWORD,
    schoolId: w.schoolA.id,
    role: 'learner',
  });
  third = await createUser(db, {
    email: 'janis@a.test',
    givenName: 'Jānis',
    familyName: 'Bērziņš',
    password: PASSWORD,
    schoolId: w.schoolA.id,
    role: 'learner',
  });
  await createUser(db, {
    email: 'cits.pedagogs@a.test',
    givenName: 'Andris',
    familyName: 'Kalns',
    password: PASSWORD,
    schoolId: w.schoolA.id,
    role: 'teacher',
  });
  coordinator = await t.signIn(w.users.coordinator.email);
  teacher = await t.signIn(w.users.teacher.email);
  learner = await t.signIn(w.users.learner.email);
  admin = await t.signIn(w.users.admin.email);
  const programme = await t.request('POST', '/api/programmes', {
    cookie: coordinator,
    body: {
      kind: 'internship',
      title: 'Kvalifikācijas prakse: datorsistēmu tehniķis',
      hours: 160,
      startDate: '2026-02-01',
      endDate: '2026-08-31',
      taskTemplate: [
        { title: 'Darba drošības instruktāža', description: 'Parakstīta lapa', dueDay: 2 },
        { title: 'Prakses atskaite', dueDay: 45 },
      ],
    },
  });
  expect(programme.status).toBe(200);
  programmeId = programme.json().id;
});
afterAll(() => t?.close());

describe('the programme’s task template', () => {
  it('gives a new placement the template’s tasks, dated from its first day, with a row for each learner', async () => {
    const res = await t.request('POST', '/api/placements', {
      cookie: coordinator,
      body: placementBody([w.users.learner.id, second.id]),
    });
    expect(res.status).toBe(200);
    placementId = res.json().id;
    const p = await plan(coordinator);
    expect(p.tasks.map((x) => [x.title, x.dueDate, x.source])).toEqual([
      ['Darba drošības instruktāža', '2026-04-03', 'template'],
      // Day 45 is after the placement's last day: the task falls due on that last day.
      ['Prakses atskaite', '2026-04-30', 'template'],
    ]);
    for (const task of p.tasks) {
      expect(task.progress.map((x) => x.learner.name).sort()).toEqual(['Līga Ozola', 'Ēriks Žubīts-learner']);
      expect(task.progress.every((x) => x.dueDate === task.dueDate && x.doneAt === null)).toBe(true);
    }
  });

  it('applies it once: moving between statuses adds nothing, and a deleted task stays deleted', async () => {
    const move = (to: string) =>
      t.request('POST', `/api/placements/${placementId}/status`, { cookie: coordinator, body: { to } });
    expect((await move('planned')).status).toBe(200);
    expect((await plan(coordinator)).tasks).toHaveLength(2);
    const first = (await plan(coordinator)).tasks[0]!;
    const del = await t.request('DELETE', `/api/tasks/${first.id}`, { cookie: teacher });
    expect(del.status).toBe(200);
    expect((await move('draft')).status).toBe(200);
    expect((await move('planned')).status).toBe(200);
    expect((await plan(coordinator)).tasks.map((x) => x.title)).toEqual(['Prakses atskaite']);
    const audit = await t.deps.db
      .selectFrom('audit_log')
      .select(['action', 'before'])
      .where('action', '=', 'task.deleted')
      .executeTakeFirstOrThrow();
    expect(audit.before).toMatchObject({ title: 'Darba drošības instruktāža', dueDate: '2026-04-03' });
  });

  it('gives a learner added later their rows for every task', async () => {
    const detail = await t.request('GET', `/api/placements/${placementId}`, { cookie: coordinator });
    const res = await t.request('PUT', `/api/placements/${placementId}`, {
      cookie: coordinator,
      body: {
        lockVersion: detail.json().lockVersion,
        placement: placementBody([w.users.learner.id, second.id, third.id]),
      },
    });
    expect(res.status).toBe(200);
    const p = await plan(coordinator);
    expect(p.tasks[0]!.progress.map((x) => x.learner.name)).toContain('Jānis Bērziņš');
  });
});

describe('a placement whose dates change before it starts', () => {
  it('keeps its template tasks on their day of the placement, and the learners’ dates with them', async () => {
    const put = async (startDate: string, endDate: string) => {
      const detail = await t.request('GET', `/api/placements/${placementId}`, { cookie: coordinator });
      const res = await t.request('PUT', `/api/placements/${placementId}`, {
        cookie: coordinator,
        body: {
          lockVersion: detail.json().lockVersion,
          placement: { ...placementBody([w.users.learner.id, second.id, third.id]), startDate, endDate },
        },
      });
      expect(res.status).toBe(200);
      return (await plan(coordinator)).tasks[0]!;
    };
    const moved = await put('2026-04-06', '2026-06-30');
    // Day 45 from 6 April.
    expect(moved.dueDate).toBe('2026-05-21');
    expect(moved.progress.map((x) => x.dueDate)).toEqual(['2026-05-21', '2026-05-21', '2026-05-21']);
    const back = await put('2026-04-01', '2026-04-30');
    expect(back.dueDate).toBe('2026-04-30');
    expect(back.progress.every((x) => x.dueDate === '2026-04-30')).toBe(true);
  });
});

describe('tasks the teacher adds', () => {
  it('refuses a due date outside the placement, naming the field and the period in either language', async () => {
    const lv = await t.request('POST', `/api/placements/${placementId}/tasks`, {
      cookie: teacher,
      body: { title: 'Tīkla shēma', dueDate: '2026-05-05' },
    });
    expect(lv.status).toBe(400);
    expect(lv.json().error.fields).toEqual({
      dueDate:
        'Termiņam jābūt prakses laikā: no 01.04.2026 līdz 30.04.2026. Izvēlieties datumu šajā periodā.',
    });
    const en = await t.request('POST', `/api/placements/${placementId}/tasks`, {
      cookie: teacher,
      body: { title: 'Tīkla shēma', dueDate: '2026-03-31' },
      headers: { 'accept-language': 'en' },
    });
    expect(en.json().error.fields.dueDate).toBe(
      'The due date must fall within the placement: from 01/04/2026 to 30/04/2026. Choose a date in that period.',
    );
    const empty = await t.request('POST', `/api/placements/${placementId}/tasks`, {
      cookie: teacher,
      body: { title: '  ', dueDate: '2026-04-10' },
    });
    expect(empty.json().error.fields).toEqual({ title: 'Šis lauks ir obligāts.' });
  });

  it('adds a task for every learner, edits it, and keeps it from a teacher who is not on the placement', async () => {
    const res = await t.request('POST', `/api/placements/${placementId}/tasks`, {
      cookie: teacher,
      body: { title: 'Tīkla shēma, 1. daļa', description: 'Visio vai zīmējums', dueDate: '2026-04-10' },
    });
    expect(res.status).toBe(200);
    const task = (res.json() as Plan).tasks.find((x) => x.title === 'Tīkla shēma, 1. daļa')!;
    expect(task.source).toBe('teacher');
    expect(task.progress).toHaveLength(3);
    const edit = await t.request('PUT', `/api/tasks/${task.id}`, {
      cookie: coordinator,
      body: { title: 'Tīkla shēma, 1. daļa', description: 'Visio vai zīmējums', dueDate: '2026-04-12' },
    });
    expect(edit.status).toBe(200);
    const edited = (edit.json() as Plan).tasks.find((x) => x.id === task.id)!;
    expect(edited.progress.map((x) => x.dueDate)).toEqual(['2026-04-12', '2026-04-12', '2026-04-12']);
    const stranger = await t.signIn('cits.pedagogs@a.test');
    const hidden = await t.request('PUT', `/api/tasks/${task.id}`, {
      cookie: stranger,
      body: { title: 'Cits', dueDate: '2026-04-12' },
    });
    expect(hidden.status).toBe(404);
    const audit = await t.deps.db
      .selectFrom('audit_log')
      .select(['action'])
      .where('entity_id', '=', task.id)
      .orderBy('id')
      .execute();
    expect(audit.map((a) => a.action)).toEqual(['task.created', 'task.updated']);
  });
});

describe('the learner’s side', () => {
  it('marks a task done and takes it back; sees only their own row; may not touch staff actions', async () => {
    const before = await plan(learner);
    expect(before.canMarkDone).toBe(true);
    expect(before.canEdit).toBe(false);
    const task = before.tasks.find((x) => x.title === 'Prakses atskaite')!;
    expect(task.progress.map((x) => x.learner.id)).toEqual([w.users.learner.id]);
    const done = await t.request('PUT', `/api/tasks/${task.id}/done`, { cookie: learner });
    expect(done.status).toBe(200);
    expect((done.json() as Plan).tasks.find((x) => x.id === task.id)!.progress[0]!.doneAt).toBe(
      NOW.toISOString(),
    );
    // The coordinator sees who has done it.
    const staffView = (await plan(coordinator)).tasks.find((x) => x.id === task.id)!;
    expect(staffView.progress.filter((x) => x.doneAt).map((x) => x.learner.id)).toEqual([w.users.learner.id]);
    const undo = await t.request('DELETE', `/api/tasks/${task.id}/done`, { cookie: learner });
    expect((undo.json() as Plan).tasks.find((x) => x.id === task.id)!.progress[0]!.doneAt).toBeNull();
    const actions = await t.deps.db
      .selectFrom('audit_log')
      .select('action')
      .where('entity_id', '=', task.id)
      .where('action', 'in', ['task.done', 'task.undone'])
      .orderBy('id')
      .execute();
    expect(actions.map((a) => a.action)).toEqual(['task.done', 'task.undone']);
    const mine = await t.request('GET', '/api/my/tasks', { cookie: learner });
    expect(mine.json().items.map((x: { title: string; daysLeft: number }) => [x.title, x.daysLeft])).toEqual([
      ['Tīkla shēma, 1. daļa', 41],
      ['Prakses atskaite', 59],
    ]);
  });

  it('keeps a learner of another placement out of this one’s tasks', async () => {
    const other = await t.signIn(third.email);
    const outsider = await createUser(t.deps.db, {
      email: 'svesais@a.test',
      givenName: 'Svešais',
      familyName: 'Audzēknis',
      password: PASSWORD,
      schoolId: w.schoolA.id,
      role: 'learner',
    });
    const task = (await plan(other)).tasks[0]!;
    const res = await t.request('PUT', `/api/tasks/${task.id}/done`, {
      cookie: await t.signIn(outsider.email),
    });
    expect(res.status).toBe(404);
  });
});

describe('extensions', () => {
  let taskId: string;

  it('are refused to a role the school does not allow, saying who may grant them', async () => {
    taskId = (await plan(coordinator)).tasks.find((x) => x.title === 'Prakses atskaite')!.id;
    const res = await t.request('POST', `/api/tasks/${taskId}/extensions`, {
      cookie: admin,
      body: { learnerId: second.id, newDueDate: '2026-05-07', reason: 'Slimības lapa' },
      headers: { 'accept-language': 'en' },
    });
    expect(res.status).toBe(403);
    expect(res.json().error.fields.extension).toBe(
      "In this school an extension may be granted by: coordinator, teacher. Your role (administrator) may not; ask one of them, or the school's administrator to change the settings.",
    );
    expect(await t.deps.db.selectFrom('task_extensions').select('id').execute()).toEqual([]);
  });

  it('refuse an empty reason and a date not after the current one, naming each field', async () => {
    const res = await t.request('POST', `/api/tasks/${taskId}/extensions`, {
      cookie: teacher,
      body: { learnerId: second.id, newDueDate: '2026-04-30', reason: '   ' },
    });
    expect(res.status).toBe(400);
    expect(res.json().error.fields).toEqual({
      reason: 'Norādiet pagarinājuma iemeslu: to saglabā kopā ar piešķīrēja vārdu, un to redz audzēknis.',
      newDueDate: 'Jaunajam termiņam jābūt vēlākam par pašreizējo termiņu (30.04.2026).',
    });
    const tooLate = await t.request('POST', `/api/tasks/${taskId}/extensions`, {
      cookie: teacher,
      body: { learnerId: second.id, newDueDate: '2026-06-30', reason: 'Slimība' },
    });
    expect(tooLate.json().error.fields.newDueDate).toBe(
      'Jaunais termiņš var būt ne vēlāk kā 30.05.2026 (30 dienas pēc prakses beigām).',
    );
  });

  it('are granted by the mentor with a reason, recorded with who granted them, and the learner is told', async () => {
    const res = await t.request('POST', `/api/tasks/${taskId}/extensions`, {
      cookie: teacher,
      body: { learnerId: second.id, newDueDate: '2026-05-07', reason: 'Slimības lapa 20.–27.04.' },
    });
    expect(res.status).toBe(200);
    const row = (res.json() as Plan).tasks
      .find((x) => x.id === taskId)!
      .progress.find((x) => x.learner.id === second.id)!;
    expect(row.dueDate).toBe('2026-05-07');
    expect(row.extensions).toEqual([
      {
        previousDueDate: '2026-04-30',
        newDueDate: '2026-05-07',
        reason: 'Slimības lapa 20.–27.04.',
        grantedBy: 'Ēriks Žubīts-teacher',
        grantedRole: 'teacher',
        grantedAt: NOW.toISOString(),
      },
    ]);
    const stored = await t.deps.db.selectFrom('task_extensions').selectAll().executeTakeFirstOrThrow();
    expect(stored).toMatchObject({
      granted_by: w.users.teacher.id,
      granted_role: 'teacher',
      learner_id: second.id,
    });
    const liga = await t.signIn(second.email);
    const notices = await t.request('GET', '/api/notifications', { cookie: liga });
    expect(notices.json().items[0].text).toBe(
      'Ēriks Žubīts-teacher pagarināja uzdevuma „Prakses atskaite” (Prakse SIA „Tīkli, kabeļi; un serveri”) termiņu līdz 07.05.2026. Iemesls: Slimības lapa 20.–27.04.',
    );
    const mail = await t.deps.db
      .selectFrom('mail_messages')
      .select(['subject', 'text_body'])
      .where('to_address', '=', second.email)
      .executeTakeFirstOrThrow();
    expect(mail.subject).toBe('Tilts: pagarināts termiņš — „Prakses atskaite”');
    expect(mail.text_body).toContain('no 30.04.2026 uz 07.05.2026');
    // Only the learner it is for: the others keep the task's date.
    const others = (await plan(coordinator)).tasks
      .find((x) => x.id === taskId)!
      .progress.filter((x) => x.learner.id !== second.id);
    expect(others.every((x) => x.dueDate === '2026-04-30')).toBe(true);
  });

  it('follow the school’s settings when the admin changes who may grant them', async () => {
    const defaults = await t.request('GET', '/api/settings/placements', { cookie: admin });
    expect(defaults.json()).toMatchObject({
      reminderDays: 3,
      extensionRoles: ['coordinator', 'teacher'],
      saved: false,
    });
    const bad = await t.request('PUT', '/api/settings/placements', {
      cookie: admin,
      body: { reminderDays: 61, extensionRoles: ['learner'] },
    });
    expect(bad.status).toBe(400);
    expect(Object.keys(bad.json().error.fields).sort()).toEqual(['extensionRoles.0', 'reminderDays']);
    const saved = await t.request('PUT', '/api/settings/placements', {
      cookie: admin,
      body: { reminderDays: 5, extensionRoles: ['admin', 'coordinator'] },
    });
    expect(saved.json()).toMatchObject({
      reminderDays: 5,
      extensionRoles: ['admin', 'coordinator'],
      saved: true,
    });
    const byAdmin = await t.request('POST', `/api/tasks/${taskId}/extensions`, {
      cookie: admin,
      body: { learnerId: second.id, newDueDate: '2026-05-10', reason: 'Vēl viena nedēļa' },
    });
    expect(byAdmin.status).toBe(200);
    const byTeacher = await t.request('POST', `/api/tasks/${taskId}/extensions`, {
      cookie: teacher,
      body: { learnerId: second.id, newDueDate: '2026-05-12', reason: 'Vēl' },
    });
    expect(byTeacher.status).toBe(403);
    expect(byTeacher.json().error.fields.extension).toContain('administrators, koordinators');
    expect((await plan(teacher)).canExtend).toBe(false);
    const audit = await t.deps.db
      .selectFrom('audit_log')
      .select(['before', 'after'])
      .where('action', '=', 'settings.placements_changed')
      .executeTakeFirstOrThrow();
    expect(audit.after).toEqual({ reminderDays: 5, extensionRoles: ['admin', 'coordinator'] });
  });
});

describe('the plan as CSV', () => {
  it('has a row per task and learner with their date, done time and extensions', async () => {
    const res = await t.request('GET', `/api/placements/${placementId}/plan.csv`, { cookie: coordinator });
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('text/csv; charset=utf-8');
    const lines = res.body
      .replace(/^\uFEFF/, '')
      .trim()
      .split('\r\n');
    expect(lines[0]).toBe('task,description,due_date,source,learner,learner_due_date,done_at,extensions');
    const liga = lines.find((l) => l.startsWith('Prakses atskaite') && l.includes('Līga Ozola'))!;
    expect(liga).toContain('2026-05-10');
    expect(liga).toContain('2026-04-30 → 2026-05-07: Slimības lapa 20.–27.04. (Ēriks Žubīts-teacher)');
    // A learner's CSV has only their own rows.
    const own = await t.request('GET', `/api/placements/${placementId}/plan.csv`, { cookie: learner });
    expect(own.body).not.toContain('Līga Ozola');
  });
});

describe('a closed placement', () => {
  it('keeps its plan as it was', async () => {
    const other = await t.request('POST', '/api/placements', {
      cookie: coordinator,
      body: placementBody([w.users.learner.id]),
    });
    const id = other.json().id;
    const task = (await t.request('GET', `/api/placements/${id}/plan`, { cookie: coordinator })).json()
      .tasks[0];
    await t.request('POST', `/api/placements/${id}/status`, {
      cookie: coordinator,
      body: { to: 'cancelled', reason: 'Uzņēmums atteicās' },
    });
    const res = await t.request('PUT', `/api/tasks/${task.id}/done`, { cookie: learner });
    expect(res.status).toBe(409);
    expect(res.json().error.fields.status).toBe(
      'Mobilitāte ir slēgta vai atcelta; šos ierakstus vairs nevar mainīt.',
    );
    const add = await t.request('POST', `/api/placements/${id}/tasks`, {
      cookie: teacher,
      body: { title: 'Vēl viens', dueDate: '2026-04-10' },
    });
    expect(add.status).toBe(409);
  });
});

describe('notifications', () => {
  it('lists the reader’s own notices, counts the unread, marks one or all read', async () => {
    const liga = await t.signIn(second.email);
    const count = await t.request('GET', '/api/notifications/unread-count', { cookie: liga });
    expect(count.json()).toEqual({ unread: 2 });
    const list = await t.request('GET', '/api/notifications', {
      cookie: liga,
      headers: { 'accept-language': 'en' },
    });
    const items = list.json().items;
    expect(items[0].text).toMatch(/^Ēriks Žubīts-admin extended the due date of “Prakses atskaite”/);
    expect(items[0].link).toBe(`/placements/${placementId}?tab=plan`);
    // Somebody else's notice is not found.
    expect(
      (await t.request('POST', `/api/notifications/${items[0].id}/read`, { cookie: learner })).status,
    ).toBe(404);
    const one = await t.request('POST', `/api/notifications/${items[0].id}/read`, { cookie: liga });
    expect(one.json()).toEqual({ unread: 1 });
    const unreadOnly = await t.request('GET', '/api/notifications?unread=true', { cookie: liga });
    expect(unreadOnly.json().items).toHaveLength(1);
    const all = await t.request('POST', '/api/notifications/read-all', { cookie: liga });
    expect(all.json()).toEqual({ unread: 0 });
  });
});

describe('the calendar feed', () => {
  it('serves the learner’s deadlines and planned contacts at a secret address that a reset replaces', async () => {
    await t.deps.db
      .insertInto('placement_contacts')
      .values({
        school_id: w.schoolA.id,
        placement_id: placementId,
        contact_date: '2026-04-15',
        channel: 'video',
        participants: 'Mentors, audzēkņi',
        notes: 'Starpposma saruna',
        planned: true,
      })
      .execute();
    expect((await t.request('GET', '/api/calendar', { cookie: learner })).json()).toEqual({
      exists: false,
      createdAt: null,
    });
    const made = await t.request('POST', '/api/calendar/reset', { cookie: learner });
    const url = new URL(made.json().url);
    expect(url.pathname).toMatch(/^\/calendar\/[\w-]{43}\.ics$/);
    const token = url.pathname.slice('/calendar/'.length, -'.ics'.length);
    const stored = await t.deps.db.selectFrom('calendar_feeds').select('token_hash').execute();
    expect(stored).toHaveLength(1);
    expect(stored[0]!.token_hash).not.toContain(token);
    const feed = await t.request('GET', url.pathname);
    expect(feed.status).toBe(200);
    expect(feed.headers['content-type']).toBe('text/calendar; charset=utf-8');
    const text = feed.body;
    expect(text.startsWith('BEGIN:VCALENDAR\r\n')).toBe(true);
    const unfolded = text.replace(/\r\n /g, '');
    expect(unfolded).toContain(
      'SUMMARY:Termiņš: Tīkla shēma\\, 1. daļa — Prakse SIA „Tīkli\\, kabeļi\\; un serveri”\r\n',
    );
    expect(unfolded).toContain('DTSTART;VALUE=DATE:20260412\r\nDTEND;VALUE=DATE:20260413\r\n');
    expect(unfolded).toContain(
      'SUMMARY:Plānota saziņa (videozvans): Prakse SIA „Tīkli\\, kabeļi\\; un serveri”',
    );
    expect(unfolded).toContain('DTSTART;VALUE=DATE:20260415');
    for (const line of text.split('\r\n')) expect(Buffer.byteLength(line, 'utf8')).toBeLessThanOrEqual(75);
    // The learner's own tasks only: another learner's name is not in their feed.
    expect(unfolded).not.toContain('Līga Ozola');

    const again = await t.request('POST', '/api/calendar/reset', { cookie: learner });
    expect((await t.request('GET', url.pathname)).status).toBe(404);
    expect((await t.request('GET', new URL(again.json().url).pathname)).status).toBe(200);
    const actions = await t.deps.db
      .selectFrom('audit_log')
      .select('action')
      .where('action', 'like', 'calendar.%')
      .orderBy('id')
      .execute();
    expect(actions.map((a) => a.action)).toEqual(['calendar.created', 'calendar.reset']);
  });

  it('gives the mentor every learner’s deadlines, with an extension on its own date', async () => {
    const made = await t.request('POST', '/api/calendar/reset', { cookie: teacher });
    const text = (await t.request('GET', new URL(made.json().url).pathname)).body.replace(/\r\n /g, '');
    expect(text).toContain('DTSTART;VALUE=DATE:20260430');
    expect(text).toContain('DTSTART;VALUE=DATE:20260510');
    expect(text).toContain('Līga Ozola');
    expect(text).toContain('Jānis Bērziņš');
    expect((await t.request('GET', '/calendar/not-a-token.ics')).status).toBe(404);
  });
});

describe('the demo school’s plans', () => {
  let demo: TestTilts;
  beforeAll(async () => {
    demo = await createTestTilts({ TILTS_DEMO: 'true' });
  });
  afterAll(() => demo?.close());

  it('shows the demo learner their tasks with days left and a reminder, and the mentor a missed deadline', async () => {
    const learnerCookie = await demo.signIn('audzeknis@demo.tilts.lv', 'Tilts-demo-2026');
    const mine = (await demo.request('GET', '/api/my/tasks', { cookie: learnerCookie })).json();
    const open = mine.items.filter((x: { doneAt: string | null }) => !x.doneAt);
    expect(open.slice(0, 2).map((x: { title: string; daysLeft: number }) => [x.title, x.daysLeft])).toEqual([
      ['Nedēļas pārskats: tīkla mezglu saraksts', 2],
      ['Uzņēmuma IT infrastruktūras apraksts', 3],
    ]);
    expect(mine.items.filter((x: { doneAt: string | null }) => x.doneAt)).toHaveLength(1);
    const unread = (
      await demo.request('GET', '/api/notifications/unread-count', { cookie: learnerCookie })
    ).json();
    expect(unread).toEqual({ unread: 1 });
    const mentor = await demo.signIn('pedagogs@demo.tilts.lv', 'Tilts-demo-2026');
    const notices = (await demo.request('GET', '/api/notifications', { cookie: mentor })).json();
    expect(notices.items[0].text).toMatch(/^Termiņš uzdevumam „Iepazīšanās video viesnīcas komandai”/);
  });
});
