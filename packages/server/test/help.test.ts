import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createUser } from '../src/demo/factories.ts';
import { insertPlacement } from '../src/demo/placements.ts';
import { createTestTilts, createWorld, PASSWORD, type TestTilts, type World } from './support/harness.ts';

let t: TestTilts;
let w: World;
type Who = 'learner' | 'other' | 'teacher' | 'coordinator' | 'admin' | 'admin2' | 'supervisor' | 'otherAdmin';
let cookies: Record<Who, string>;
let placementId: string;

beforeAll(async () => {
  t = await createTestTilts({}, { now: () => new Date('2026-03-10T09:00:00Z') });
  w = await createWorld(t);
  const db = t.deps.db;
  for (const [email, role, given] of [
    ['otra@a.test', 'learner', 'Līga'],
    ['admin2@a.test', 'admin', 'Inese'],
  ] as const) {
    await createUser(db, {
      email,
      givenName: given,
      familyName: 'Ozola',
      password: PASSWORD,
      schoolId: w.schoolA.id,
      role,
      locale: role === 'admin' ? 'en' : 'lv',
    });
  }
  // The learner's placement in progress, mentored by the teacher; a finished one with another mentor.
  placementId = await insertPlacement(
    db,
    w.schoolA.id,
    {
      kind: 'internship',
      title: 'Prakse SIA „Būvmeistars”',
      destination_country: 'LV',
      mentor_id: w.users.teacher.id,
      start_date: '2026-03-01',
      end_date: '2026-04-30',
      status: 'in_progress',
    },
    [{ userId: w.users.learner.id, role: 'learner', name: 'Ēriks Žubīts-learner' }],
  );
  await insertPlacement(
    db,
    w.schoolA.id,
    {
      kind: 'internship',
      title: 'Pagājusī prakse',
      destination_country: 'LV',
      mentor_id: w.users.coordinator.id,
      start_date: '2025-09-01',
      end_date: '2025-10-30',
      status: 'completed',
    },
    [{ userId: w.users.learner.id, role: 'learner', name: 'Ēriks Žubīts-learner' }],
  );
  cookies = {
    learner: await t.signIn('learner@a.test'),
    other: await t.signIn('otra@a.test'),
    teacher: await t.signIn('teacher@a.test'),
    coordinator: await t.signIn('coordinator@a.test'),
    admin: await t.signIn('admin@a.test'),
    admin2: await t.signIn('admin2@a.test'),
    supervisor: await t.signIn('supervisor@a.test'),
    otherAdmin: await t.signIn('admin@b.test'),
  };
});
afterAll(() => t?.close());

const open = (cookie: string, body: Record<string, unknown>, lang = 'lv') =>
  t.request('POST', '/api/help/tickets', { cookie, body, headers: { 'accept-language': lang } });
const mails = (template: string) =>
  t.deps.db
    .selectFrom('mail_messages')
    .select(['to_address', 'subject', 'locale'])
    .where('template', '=', template)
    .orderBy('to_address')
    .execute();

describe('"I need my mentor"', () => {
  let ticketId: string;

  it('goes to the mentor of the learner’s current placement, who is e-mailed', async () => {
    const context = await t.request('GET', '/api/help/context', { cookie: cookies.learner });
    expect(context.json()).toEqual({
      mentor: { name: 'Ēriks Žubīts-teacher', placementId, placementTitle: 'Prakse SIA „Būvmeistars”' },
    });
    const res = await open(cookies.learner, {
      category: 'mentor',
      subject: 'Nepaspēšu uzdevumu',
      body: 'Iekārtas vēl nav atvestas.',
    });
    expect(res.status).toBe(200);
    ticketId = res.json().id;
    expect(res.json()).toMatchObject({
      category: 'mentor',
      topic: 'other',
      status: 'open',
      assigneeName: 'Ēriks Žubīts-teacher',
      placement: { id: placementId },
      mine: true,
    });
    expect(await mails('help_ticket_opened')).toEqual([
      {
        to_address: 'teacher@a.test',
        subject: 'Tilts: audzēknis lūdz mentora palīdzību — Nepaspēšu uzdevumu',
        locale: 'lv',
      },
    ]);
  });

  it('is visible to the asker and the mentor only: not to the admins, another learner or another school', async () => {
    expect(
      (await t.request('GET', `/api/help/tickets/${ticketId}`, { cookie: cookies.teacher })).status,
    ).toBe(200);
    for (const who of ['admin', 'coordinator', 'other', 'supervisor', 'otherAdmin'] as const) {
      const res = await t.request('GET', `/api/help/tickets/${ticketId}`, { cookie: cookies[who] });
      expect(res.status, who).toBe(404);
    }
    const list = await t.request('GET', '/api/help/tickets', { cookie: cookies.teacher });
    expect(list.json().items.map((x: { id: string; mine: boolean }) => [x.id, x.mine])).toEqual([
      [ticketId, false],
    ]);
  });

  it('answered by the mentor, then by the asker: the status follows and the other side is e-mailed; closed refuses replies', async () => {
    const answer = await t.request('POST', `/api/help/tickets/${ticketId}/replies`, {
      cookie: cookies.teacher,
      body: { body: 'Pagarinu termiņu par nedēļu.' },
    });
    expect(answer.json()).toMatchObject({ status: 'answered', replyCount: 1 });
    expect((await mails('help_ticket_reply')).map((m) => m.to_address)).toEqual(['learner@a.test']);
    const back = await t.request('POST', `/api/help/tickets/${ticketId}/replies`, {
      cookie: cookies.learner,
      body: { body: 'Paldies!' },
    });
    expect(back.json()).toMatchObject({ status: 'open', replyCount: 2 });
    expect((await mails('help_ticket_reply')).map((m) => m.to_address)).toEqual([
      'learner@a.test',
      'teacher@a.test',
    ]);
    const closed = await t.request('POST', `/api/help/tickets/${ticketId}/status`, {
      cookie: cookies.learner,
      body: { status: 'closed' },
    });
    expect(closed.json().status).toBe('closed');
    const refused = await t.request('POST', `/api/help/tickets/${ticketId}/replies`, {
      cookie: cookies.teacher,
      body: { body: 'Vēl kas?' },
      headers: { 'accept-language': 'en' },
    });
    expect(refused.status).toBe(409);
    expect(refused.json().error.fields).toEqual({ body: 'The request is closed. Reopen it to write.' });
    const reopened = await t.request('POST', `/api/help/tickets/${ticketId}/status`, {
      cookie: cookies.teacher,
      body: { status: 'open' },
    });
    expect(reopened.json()).toMatchObject({ status: 'open', replyCount: 2 });
  });

  it('is refused, naming the category, to someone with no current placement with a mentor', async () => {
    const res = await open(cookies.other, {
      category: 'mentor',
      subject: 'Palīdzība',
      body: 'Kas ir mans mentors?',
    });
    expect(res.status).toBe(400);
    expect(res.json().error.fields).toEqual({
      category:
        'Jums nav notiekošas vai gaidāmas prakses ar mentoru. Izvēlieties tehnisko atbalstu vai rakstiet koordinatoram.',
    });
    const teacher = await open(cookies.teacher, { category: 'mentor', subject: 'Palīdzība', body: 'Teksts' });
    expect(teacher.status).toBe(400);
    const count = await t.deps.db
      .selectFrom('help_tickets')
      .select('id')
      .where('asker_id', '<>', w.users.learner.id)
      .execute();
    expect(count).toEqual([]);
  });
});

describe('a technical problem', () => {
  it('goes to every administrator of the school, each in their language; a teacher does not see it', async () => {
    const res = await open(cookies.other, {
      category: 'technical',
      subject: 'Neatveras dienasgrāmata',
      body: 'Telefonā rāda baltu lapu.',
    });
    expect(res.status).toBe(200);
    expect(res.json()).toMatchObject({ topic: 'platform', assigneeName: null });
    const opened = (await mails('help_ticket_opened')).filter((m) => m.to_address !== 'teacher@a.test');
    expect(opened).toEqual([
      {
        to_address: 'admin2@a.test',
        subject: 'Tilts: technical support request — Neatveras dienasgrāmata',
        locale: 'en',
      },
      {
        to_address: 'admin@a.test',
        subject: 'Tilts: tehniskā atbalsta pieprasījums — Neatveras dienasgrāmata',
        locale: 'lv',
      },
    ]);
    const id = res.json().id;
    for (const who of ['admin', 'admin2', 'other'] as const) {
      expect((await t.request('GET', `/api/help/tickets/${id}`, { cookie: cookies[who] })).status, who).toBe(
        200,
      );
    }
    for (const who of ['teacher', 'learner', 'coordinator', 'otherAdmin'] as const) {
      expect((await t.request('GET', `/api/help/tickets/${id}`, { cookie: cookies[who] })).status, who).toBe(
        404,
      );
    }
    const filtered = await t.request('GET', '/api/help/tickets?status=open&category=technical&q=balt', {
      cookie: cookies.admin,
    });
    expect(filtered.json().items.map((x: { id: string }) => x.id)).toEqual([id]);
  });

  it('refuses a request without a subject or with an unknown category, naming the fields', async () => {
    const res = await open(cookies.supervisor, { category: 'hardware', subject: '', body: '' }, 'en');
    expect(res.status).toBe(400);
    expect(res.json().error.fields).toEqual({
      category: 'Choose one of the offered values.',
      subject: 'At least 3 characters.',
      body: 'This field is required.',
    });
  });
});
