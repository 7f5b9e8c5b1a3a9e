import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPartner, createUser } from '../src/demo/factories.ts';
import {
  createTestTilts,
  createWorld,
  linkFromOutbox,
  PASSWORD,
  type TestTilts,
  type World,
} from './support/harness.ts';

// The clock of these tests moves: each test says when it happens.
let now = new Date('2026-03-02T08:00:00Z');
const at = (iso: string) => {
  now = new Date(iso);
};

const SUPERVISOR = 'meistars@uznemums.test';

let t: TestTilts;
let w: World;
type Who = 'coordinator' | 'teacher' | 'learner' | 'other' | 'supervisor' | 'otherAdmin';
let cookies: Record<Who, string>;
let placementId: string;
let otherPlacementId: string;

async function mailsTo(to: string) {
  return t.deps.db
    .selectFrom('mail_messages')
    .select(['subject', 'text_body', 'locale', 'template'])
    .where('to_address', '=', to)
    .where('template', '=', 'thread_message')
    .orderBy('created_at')
    .execute();
}

beforeAll(async () => {
  t = await createTestTilts({}, { now: () => now });
  w = await createWorld(t);
  const db = t.deps.db;
  // The mentor reads Tilts in English.
  await db.updateTable('users').set({ locale: 'en' }).where('id', '=', w.users.teacher.id).execute();
  const other = await createUser(db, {
    email: 'otra@a.test',
    givenName: 'Līga',
    familyName: 'Ozola',
    password: PASSWORD,
    schoolId: w.schoolA.id,
    role: 'learner',
  });
  const host = await createPartner(db, {
    school_id: w.schoolA.id,
    kind: 'company',
    legal_name: 'SIA „Būvmeistars”',
    country: 'LV',
    city: 'Rīga',
  });
  cookies = {
    coordinator: await t.signIn('coordinator@a.test'),
    teacher: await t.signIn('teacher@a.test'),
    learner: await t.signIn('learner@a.test'),
    other: await t.signIn('otra@a.test'),
    supervisor: await t.signIn('supervisor@a.test'),
    otherAdmin: await t.signIn('admin@b.test'),
  };
  const create = async (learnerId: string, supervisorEmail: string) => {
    const res = await t.request('POST', '/api/placements', {
      cookie: cookies.coordinator,
      body: {
        kind: 'internship',
        hostPartnerId: host.id,
        startDate: '2026-03-02',
        endDate: '2026-04-30',
        supervisorName: 'Ģirts Šņore',
        supervisorEmail,
        mentorId: w.users.teacher.id,
        learners: [{ userId: learnerId }],
      },
    });
    expect(res.status).toBe(200);
    return res.json().id as string;
  };
  placementId = await create(w.users.learner.id, SUPERVISOR);
  otherPlacementId = await create(other.id, 'supervisor@a.test');
});
afterAll(() => t?.close());

const thread = (id: string, cookie: string) => t.request('GET', `/api/placements/${id}/messages`, { cookie });
const post = (id: string, cookie: string, body: string, lang = 'lv') =>
  t.request('POST', `/api/placements/${id}/messages`, {
    cookie,
    body: { body },
    headers: { 'accept-language': lang },
  });

describe('the placement thread', () => {
  it('the learner writes; the mentor, the coordinator and the supervisor are e-mailed, each in their language', async () => {
    at('2026-03-02T08:00:00Z');
    const res = await post(placementId, cookies.learner, 'Labdien! Vai rīt sāku 8.30?');
    expect(res.status).toBe(200);
    expect(res.json().messages).toEqual([
      expect.objectContaining({ body: 'Labdien! Vai rīt sāku 8.30?', authorRole: 'learner', mine: true }),
    ]);
    const toMentor = await mailsTo('teacher@a.test');
    expect(toMentor).toHaveLength(1);
    expect(toMentor[0]).toMatchObject({ locale: 'en' });
    expect(toMentor[0]!.subject).toMatch(/^Tilts: a new message about the placement/);
    expect(toMentor[0]!.text_body).toContain(`/placements/${placementId}?tab=messages`);
    expect(toMentor[0]!.text_body).toContain('> Labdien! Vai rīt sāku 8.30?');
    const toCoordinator = await mailsTo('coordinator@a.test');
    expect(toCoordinator).toHaveLength(1);
    expect(toCoordinator[0]!.subject).toMatch(/^Tilts: jauna ziņa par praksi/);
    // The supervisor has no account: Latvian, the language of a school in Latvia, and a link instead of a sign-in.
    const toSupervisor = await mailsTo(SUPERVISOR);
    expect(toSupervisor).toHaveLength(1);
    expect(toSupervisor[0]).toMatchObject({ locale: 'lv' });
    expect(toSupervisor[0]!.text_body).toContain('/thread?token=');
    expect(toSupervisor[0]!.text_body).toContain('Konts nav vajadzīgs');
    // Nobody is told about their own message.
    expect(await mailsTo('learner@a.test')).toEqual([]);
  });

  it('the supervisor follows the link, reads the thread and replies; the mentor sees the reply unread', async () => {
    at('2026-03-02T09:00:00Z');
    const link = await linkFromOutbox(t, SUPERVISOR);
    expect(link.pathname).toBe('/thread');
    const token = link.searchParams.get('token')!;
    const view = await t.request('GET', `/api/thread-link?token=${token}`);
    expect(view.status).toBe(200);
    expect(view.json()).toMatchObject({
      placement: { schoolName: 'Rīgas Valsts tehnikums', hostName: 'SIA „Būvmeistars”' },
      supervisorName: 'Ģirts Šņore',
      messages: [{ body: 'Labdien! Vai rīt sāku 8.30?', authorRole: 'learner', unread: true }],
    });
    // No cookie, no session: the token is the permission.
    const reply = await t.request('POST', '/api/thread-link/messages', {
      body: { token, body: 'Jā, 8.30 pie reģistratūras.' },
      headers: { 'accept-language': 'en' },
    });
    expect(reply.status).toBe(200);
    expect(reply.json().messages.at(-1)).toMatchObject({
      body: 'Jā, 8.30 pie reģistratūras.',
      authorName: 'Ģirts Šņore',
      authorRole: 'supervisor',
      mine: true,
    });

    const unread = await t.request('GET', '/api/messages/unread', { cookie: cookies.teacher });
    expect(unread.json()).toEqual({
      total: 2,
      placements: [{ placementId, title: expect.any(String), unread: 2 }],
    });
    const mentorView = await thread(placementId, cookies.teacher);
    expect(
      mentorView.json().messages.map((m: { body: string; unread: boolean }) => [m.body, m.unread]),
    ).toEqual([
      ['Labdien! Vai rīt sāku 8.30?', true],
      ['Jā, 8.30 pie reģistratūras.', true],
    ]);
    expect(mentorView.json().participants).toEqual([
      { name: 'Ēriks Žubīts-learner', role: 'learner' },
      { name: 'Ēriks Žubīts-teacher', role: 'mentor' },
      { name: 'Ēriks Žubīts-coordinator', role: 'coordinator' },
      { name: 'Ģirts Šņore', role: 'supervisor' },
    ]);
    // Opening the thread read it.
    const after = await t.request('GET', '/api/messages/unread', { cookie: cookies.teacher });
    expect(after.json()).toEqual({ total: 0, placements: [] });
    const audit = await t.deps.db
      .selectFrom('audit_log')
      .select(['actor_email', 'actor_id'])
      .where('action', '=', 'message.posted')
      .orderBy('id', 'desc')
      .executeTakeFirstOrThrow();
    expect(audit).toEqual({ actor_email: SUPERVISOR, actor_id: null });
  });

  it('a burst of messages sends one e-mail to someone who has not read the thread; reading or 15 minutes start a new one', async () => {
    at('2026-03-02T10:00:00Z');
    const before = (await mailsTo('coordinator@a.test')).length;
    await post(placementId, cookies.teacher, 'Lūdzu, paņem līdzi apavus maiņai.');
    expect(await mailsTo('coordinator@a.test')).toHaveLength(before + 1);
    at('2026-03-02T10:05:00Z');
    await post(placementId, cookies.teacher, 'Un personu apliecinošu dokumentu.');
    // Five minutes later and unread: no second e-mail.
    expect(await mailsTo('coordinator@a.test')).toHaveLength(before + 1);
    // The coordinator reads; the next message is news again.
    await thread(placementId, cookies.coordinator);
    at('2026-03-02T10:06:00Z');
    await post(placementId, cookies.teacher, 'Paldies visiem!');
    expect(await mailsTo('coordinator@a.test')).toHaveLength(before + 2);
    // Unread, but quarter of an hour has passed: another e-mail.
    at('2026-03-02T10:21:00Z');
    await post(placementId, cookies.teacher, 'Vēl viens atgādinājums.');
    expect(await mailsTo('coordinator@a.test')).toHaveLength(before + 3);
  });

  it('remembers the language the supervisor wrote in for the next e-mail', async () => {
    at('2026-03-02T11:00:00Z');
    await post(placementId, cookies.learner, 'Vai drīkstu ierasties 8.45?');
    const last = (await mailsTo(SUPERVISOR)).at(-1)!;
    expect(last.locale).toBe('en');
    expect(last.subject).toMatch(/^Tilts: a new message about the placement/);
  });

  it('stores HTML and SQL as plain text and gives it back as typed', async () => {
    at('2026-03-02T12:00:00Z');
    const nasty = `<script>alert("x")</script><b>bold</b>'); DROP TABLE placement_messages; --`;
    const res = await post(placementId, cookies.learner, nasty);
    expect(res.status).toBe(200);
    const again = await thread(placementId, cookies.teacher);
    expect(again.json().messages.at(-1).body).toBe(nasty);
    const stored = await t.deps.db
      .selectFrom('placement_messages')
      .select('body')
      .orderBy('seq', 'desc')
      .executeTakeFirstOrThrow();
    expect(stored.body).toBe(nasty);
  });

  it('refuses an empty or too long message naming the field, and keeps the thread as it was', async () => {
    const count = async () =>
      (await t.deps.db.selectFrom('placement_messages').select('id').execute()).length;
    const n = await count();
    const empty = await post(placementId, cookies.learner, '   ');
    expect(empty.status).toBe(400);
    expect(empty.json().error.fields).toEqual({ body: 'Šis lauks ir obligāts.' });
    const long = await post(placementId, cookies.learner, 'x'.repeat(5001), 'en');
    expect(long.status).toBe(400);
    expect(long.json().error.fields).toEqual({ body: 'At most 5000 characters.' });
    expect(await count()).toBe(n);
  });

  it('keeps each thread to its placement: another learner, another supervisor and another school get 404', async () => {
    for (const cookie of [cookies.other, cookies.supervisor, cookies.otherAdmin]) {
      expect((await thread(placementId, cookie)).status).toBe(404);
      expect((await post(placementId, cookie, 'Sveiki')).status).toBe(404);
    }
    // The signed-in supervisor of the other placement reads theirs.
    expect((await thread(otherPlacementId, cookies.supervisor)).status).toBe(200);
    // Another learner's unread counts never name this placement.
    const unread = await t.request('GET', '/api/messages/unread', { cookie: cookies.other });
    expect(unread.json()).toEqual({ total: 0, placements: [] });
  });
});

describe('introductions', () => {
  it('each party introduces themselves once, the supervisor through the link; everyone sees them with the learner first', async () => {
    at('2026-03-02T13:00:00Z');
    const token = (await linkFromOutbox(t, SUPERVISOR)).searchParams.get('token')!;
    const viaLink = await t.request('PUT', '/api/thread-link/introduction', {
      body: { token, body: 'Esmu Ģirts, IT nodaļas vadītājs.' },
    });
    expect(viaLink.status).toBe(200);
    const mine = await t.request('PUT', `/api/placements/${placementId}/introductions/mine`, {
      cookie: cookies.learner,
      body: { body: 'Esmu 3. kursa datorsistēmu tehniķis.' },
    });
    expect(mine.status).toBe(200);
    // Written again: still one introduction per person.
    await t.request('PUT', `/api/placements/${placementId}/introductions/mine`, {
      cookie: cookies.learner,
      body: { body: 'Esmu Ēriks, 3. kursa datorsistēmu tehniķis.' },
    });
    const seen = await t.request('GET', `/api/placements/${placementId}/introductions`, {
      cookie: cookies.teacher,
    });
    expect(seen.json()).toEqual({
      items: [
        expect.objectContaining({
          authorRole: 'learner',
          body: 'Esmu Ēriks, 3. kursa datorsistēmu tehniķis.',
          mine: false,
        }),
        expect.objectContaining({ authorRole: 'supervisor', authorName: 'Ģirts Šņore', mine: false }),
      ],
      waitingFor: [
        { name: 'Ēriks Žubīts-teacher', role: 'mentor' },
        { name: 'Ēriks Žubīts-coordinator', role: 'coordinator' },
      ],
    });
    const bad = await t.request('PUT', `/api/placements/${placementId}/introductions/mine`, {
      cookie: cookies.teacher,
      body: { body: '' },
    });
    expect(bad.status).toBe(400);
    // The mentor reads Tilts in English.
    expect(bad.json().error.fields).toEqual({ body: 'This field is required.' });
    expect(
      (await t.request('GET', `/api/placements/${placementId}/introductions`, { cookie: cookies.other }))
        .status,
    ).toBe(404);
  });

  it('stops a link once the placement names another supervisor', async () => {
    const token = (await linkFromOutbox(t, SUPERVISOR)).searchParams.get('token')!;
    await t.deps.db
      .updateTable('placements')
      .set({ supervisor_email: 'jauns@uznemums.test' })
      .where('id', '=', placementId)
      .execute();
    const res = await t.request('GET', `/api/thread-link?token=${token}`);
    expect(res.status).toBe(410);
    const write = await t.request('POST', '/api/thread-link/messages', { body: { token, body: 'Sveiki' } });
    expect(write.status).toBe(410);
    expect(write.json().error.message).toBe(
      'Saite ir nederīga, jau izmantota vai beigusies. Pieprasiet jaunu.',
    );
  });
});
