import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createProject, createUser } from '../src/demo/factories.ts';
import { insertPlacement } from '../src/demo/placements.ts';
import { createTestTilts, createWorld, PASSWORD, type TestTilts, type World } from './support/harness.ts';

let now = new Date('2026-03-02T08:00:00Z');

let t: TestTilts;
let w: World;
type Who = 'learner' | 'other' | 'teacher' | 'coordinator' | 'admin' | 'supervisor' | 'otherAdmin';
let cookies: Record<Who, string>;
let projectId: string;

beforeAll(async () => {
  t = await createTestTilts({}, { now: () => now });
  w = await createWorld(t);
  const db = t.deps.db;
  await createUser(db, {
    email: 'otra@a.test',
    givenName: 'Līga',
    familyName: 'Ozola',
    password: PASSWORD,
    schoolId: w.schoolA.id,
    role: 'learner',
  });
  const project = await createProject(db, {
    schoolId: w.schoolA.id,
    callYear: 2025,
    startDate: '2025-09-01',
    endDate: '2027-08-31',
    number: '2025-1-LV01-KA121-VET-000011111',
    title: 'Prakse Eiropā',
  });
  projectId = project.id;
  // The teacher mentors a mobility of the project: questions in its forum reach them.
  await insertPlacement(
    db,
    w.schoolA.id,
    {
      kind: 'erasmus',
      activity_type: 'short_term_learner',
      title: 'Mobilitāte uz Drēzdeni',
      project_id: projectId,
      destination_country: 'DE',
      mentor_id: w.users.teacher.id,
      start_date: '2026-04-06',
      end_date: '2026-04-19',
      status: 'planned',
    },
    [{ userId: w.users.learner.id, role: 'learner', name: 'Ēriks Žubīts-learner' }],
  );
  cookies = {
    learner: await t.signIn('learner@a.test'),
    other: await t.signIn('otra@a.test'),
    teacher: await t.signIn('teacher@a.test'),
    coordinator: await t.signIn('coordinator@a.test'),
    admin: await t.signIn('admin@a.test'),
    supervisor: await t.signIn('supervisor@a.test'),
    otherAdmin: await t.signIn('admin@b.test'),
  };
});
afterAll(() => t?.close());

const faq = (cookie: string, query = '') => t.request('GET', `/api/faq${query}`, { cookie });
const questions = (query = '') => `/api/forum/projects/${projectId}/questions${query}`;

describe('the forum of a project', () => {
  let questionId: string;
  let answerId: string;

  it('a learner asks; the mentor of the project’s mobility is e-mailed; a supervisor has no forum', async () => {
    const res = await t.request('POST', questions(), {
      cookie: cookies.learner,
      body: {
        topic: 'money',
        title: 'Kad izmaksās stipendiju?',
        body: 'Vai pirms izbraukšanas vai pēc atgriešanās?',
      },
    });
    expect(res.status).toBe(200);
    questionId = res.json().id;
    expect(res.json()).toMatchObject({
      title: 'Kad izmaksās stipendiju?',
      authorName: 'Ēriks Žubīts-learner',
      answers: [],
      canAccept: false,
      canPromote: false,
    });
    const mail = await t.deps.db
      .selectFrom('mail_messages')
      .select(['to_address', 'subject'])
      .where('template', '=', 'forum_question')
      .execute();
    expect(mail).toEqual([
      { to_address: 'teacher@a.test', subject: 'Tilts forums: Kad izmaksās stipendiju?' },
    ]);
    expect((await t.request('GET', '/api/forum/projects', { cookie: cookies.supervisor })).status).toBe(403);
    const forums = await t.request('GET', '/api/forum/projects', { cookie: cookies.other });
    expect(forums.json()).toEqual([
      {
        id: projectId,
        label: '2025-1-LV01-KA121-VET-000011111 · Prakse Eiropā',
        questions: 1,
        unanswered: 1,
        calls: [],
      },
    ]);
  });

  it('refuses a question without a topic or with a short title, naming the fields', async () => {
    const res = await t.request('POST', questions(), {
      cookie: cookies.learner,
      body: { title: 'Kā?', body: 'Jautājums' },
    });
    expect(res.status).toBe(400);
    expect(res.json().error.fields).toEqual({
      topic: 'Izvēlieties vienu no piedāvātajām vērtībām.',
      title: 'Jābūt vismaz 5 rakstzīmēm.',
    });
  });

  it('finds questions without diacritics', async () => {
    const res = await t.request('GET', questions('?q=izmaksas%20stipendiju'), { cookie: cookies.other });
    expect(res.json().items.map((q: { id: string }) => q.id)).toEqual([questionId]);
    const none = await t.request('GET', questions('?q=apdrosinasana'), { cookie: cookies.other });
    expect(none.json().total).toBe(0);
  });

  it('the mentor answers and the asker is e-mailed; only staff accept, and only an answer of this question', async () => {
    const res = await t.request('POST', `/api/forum/questions/${questionId}/answers`, {
      cookie: cookies.teacher,
      body: { body: '80 % nedēļu pirms izbraukšanas, 20 % pēc ziņojuma.' },
    });
    expect(res.status).toBe(200);
    answerId = res.json().answers[0].id;
    expect(res.json().answers[0]).toMatchObject({ byStaff: true, accepted: false });
    const mail = await t.deps.db
      .selectFrom('mail_messages')
      .select(['to_address'])
      .where('template', '=', 'forum_answer')
      .execute();
    expect(mail).toEqual([{ to_address: 'learner@a.test' }]);

    const byLearner = await t.request('POST', `/api/forum/questions/${questionId}/accept`, {
      cookie: cookies.learner,
      body: { answerId },
    });
    expect(byLearner.status).toBe(403);
    const other = await t.request('POST', questions(), {
      cookie: cookies.other,
      body: { topic: 'travel', title: 'Kur dzīvosim Drēzdenē?', body: 'Viesnīcā vai kopmītnē?' },
    });
    const wrong = await t.request('POST', `/api/forum/questions/${other.json().id}/accept`, {
      cookie: cookies.teacher,
      body: { answerId },
      headers: { 'accept-language': 'en' },
    });
    expect(wrong.status).toBe(400);
    expect(wrong.json().error.fields).toEqual({ answerId: 'This answer does not belong to this question.' });
  });

  it('is promoted into the FAQ only with an accepted answer, once; the next learner finds it there', async () => {
    const early = await t.request('POST', `/api/forum/questions/${questionId}/promote`, {
      cookie: cookies.coordinator,
      body: {},
    });
    expect(early.status).toBe(409);
    expect(early.json().error.fields).toEqual({
      answer: 'Vispirms atzīmējiet pieņemto atbildi: BUJ ierakstam vajag atbildi.',
    });
    const accepted = await t.request('POST', `/api/forum/questions/${questionId}/accept`, {
      cookie: cookies.teacher,
      body: { answerId },
    });
    expect(accepted.json()).toMatchObject({ accepted: true, answers: [{ id: answerId, accepted: true }] });
    const promoted = await t.request('POST', `/api/forum/questions/${questionId}/promote`, {
      cookie: cookies.coordinator,
      body: { question: 'Kad izmaksā Erasmus+ stipendiju?' },
    });
    expect(promoted.status).toBe(200);
    expect(promoted.json()).toMatchObject({ inFaq: true, canPromote: false });
    const again = await t.request('POST', `/api/forum/questions/${questionId}/promote`, {
      cookie: cookies.teacher,
      body: {},
    });
    expect(again.status).toBe(409);
    expect(again.json().error.fields).toEqual({
      question: 'Šis jautājums jau ir biežāk uzdoto jautājumu sarakstā.',
    });
    const found = await faq(cookies.other, '?q=stipendiju');
    expect(found.json().items).toEqual([
      expect.objectContaining({
        id: promoted.json().faqEntryId,
        audience: 'learners',
        topic: 'money',
        question: 'Kad izmaksā Erasmus+ stipendiju?',
        answer: '80 % nedēļu pirms izbraukšanas, 20 % pēc ziņojuma.',
        fromForum: true,
      }),
    ]);
  });

  it('another school’s admin finds neither the forum nor its questions', async () => {
    expect((await t.request('GET', questions(), { cookie: cookies.otherAdmin })).status).toBe(404);
    expect(
      (await t.request('GET', `/api/forum/questions/${questionId}`, { cookie: cookies.otherAdmin })).status,
    ).toBe(404);
    expect((await t.request('GET', '/api/forum/projects', { cookie: cookies.otherAdmin })).json()).toEqual(
      [],
    );
  });
});

describe('the FAQ', () => {
  const entry = {
    audience: 'learners',
    topic: 'documents',
    locale: 'lv',
    question: 'Kur skolā saņemt prakses līgumu?',
    answer: 'Koordinatora kabinetā 204. telpā.',
  };
  let skolaId: string;
  let entryId: string;

  it('is searched without diacritics on both sides: “skola” finds “skolā” and “skolā” finds “skola”', async () => {
    const created = await t.request('POST', '/api/faq', { cookie: cookies.coordinator, body: entry });
    expect(created.status).toBe(200);
    entryId = created.json().id;
    const plain = await t.request('POST', '/api/faq', {
      cookie: cookies.coordinator,
      body: {
        ...entry,
        topic: 'platform',
        question: 'Vai Tilts strādā arī telefonā?',
        answer: 'Jā; ja neizdodas, jautājiet skola IT nodaļai.',
      },
    });
    skolaId = plain.json().id;
    const withoutMarks = await faq(cookies.learner, '?q=skola');
    expect(
      withoutMarks
        .json()
        .items.map((e: { id: string }) => e.id)
        .sort(),
    ).toEqual([entryId, skolaId].sort());
    const withMarks = await faq(cookies.learner, `?q=${encodeURIComponent('skolā')}`);
    expect(
      withMarks
        .json()
        .items.map((e: { id: string }) => e.id)
        .sort(),
    ).toEqual([entryId, skolaId].sort());
    const both = await faq(cookies.learner, `?q=${encodeURIComponent('LĪGUMU skola')}`);
    expect(both.json().items.map((e: { id: string }) => e.id)).toEqual([entryId]);
  });

  it('shows each role its audiences: a learner not the mentors’ list, a teacher not the school’s; drafts only to editors', async () => {
    for (const [audience, question] of [
      ['mentors', 'Kā sazināties ar prakses vadītāju?'],
      ['school', 'Kas atbild uz tehniskajiem pieprasījumiem?'],
    ] as const) {
      await t.request('POST', '/api/faq', {
        cookie: cookies.coordinator,
        body: { ...entry, audience, question, topic: 'supervisor' },
      });
    }
    await t.request('POST', '/api/faq', {
      cookie: cookies.coordinator,
      body: { ...entry, question: 'Melnraksts: kā atrast autobusu?', topic: 'travel', published: false },
    });
    const audiences = async (cookie: string) =>
      [
        ...new Set(
          (await faq(cookie, '?pageSize=100')).json().items.map((e: { audience: string }) => e.audience),
        ),
      ].sort();
    expect(await audiences(cookies.learner)).toEqual(['learners']);
    expect(await audiences(cookies.teacher)).toEqual(['learners', 'mentors']);
    expect(await audiences(cookies.supervisor)).toEqual(['learners', 'mentors']);
    expect(await audiences(cookies.coordinator)).toEqual(['learners', 'mentors', 'school']);
    const learnerTotal = (await faq(cookies.learner, '?q=melnraksts')).json().total;
    expect(learnerTotal).toBe(0);
    expect((await faq(cookies.coordinator, '?q=melnraksts')).json().total).toBe(1);
    expect((await faq(cookies.otherAdmin)).json().total).toBe(0);
  });

  it('counts one helpful vote per person: voting again changes it', async () => {
    const vote = (cookie: string, helpful: boolean) =>
      t.request('POST', `/api/faq/${entryId}/vote`, { cookie, body: { helpful } });
    await vote(cookies.learner, true);
    const twice = await vote(cookies.learner, true);
    expect(twice.json()).toMatchObject({ helpfulYes: 1, helpfulNo: 0, myVote: true });
    await vote(cookies.other, true);
    const changed = await vote(cookies.learner, false);
    expect(changed.json()).toMatchObject({ helpfulYes: 1, helpfulNo: 1, myVote: false });
    const mentorsOnly = (await faq(cookies.coordinator, '?audience=mentors')).json().items[0].id;
    const hidden = await t.request('POST', `/api/faq/${mentorsOnly}/vote`, {
      cookie: cookies.learner,
      body: { helpful: true },
    });
    expect(hidden.status).toBe(404);
    await t.request('POST', `/api/faq/${skolaId}/vote`, { cookie: cookies.other, body: { helpful: true } });
    const sorted = await faq(cookies.coordinator, '?sort=helpful&dir=desc&audience=learners');
    expect(sorted.json().items[0].id).toBe(skolaId);
  });

  it('refuses bad entries naming the field and a stale edit, keeping what was saved', async () => {
    const bad = await t.request('POST', '/api/faq', {
      cookie: cookies.coordinator,
      body: { ...entry, audience: 'parents', question: 'Kā?' },
    });
    expect(bad.status).toBe(400);
    expect(bad.json().error.fields).toEqual({
      audience: 'Izvēlieties vienu no piedāvātajām vērtībām.',
      question: 'Jābūt vismaz 5 rakstzīmēm.',
    });
    const edit = (lockVersion: number, answer: string) =>
      t.request('PUT', `/api/faq/${entryId}`, {
        cookie: cookies.coordinator,
        body: { lockVersion, entry: { ...entry, answer } },
      });
    expect((await edit(1, 'Koordinatora kabinetā 210. telpā.')).json().lockVersion).toBe(2);
    const stale = await edit(1, 'Sekretariātā.');
    expect(stale.status).toBe(409);
    expect(stale.json().error.fields.lockVersion).toMatch(/^Kamēr rediģējāt/);
    const kept = (await faq(cookies.learner, '?q=kabineta')).json().items[0];
    expect(kept.answer).toBe('Koordinatora kabinetā 210. telpā.');
    expect((await t.request('POST', '/api/faq', { cookie: cookies.teacher, body: entry })).status).toBe(403);
  });
});

describe('the report of the most asked topics', () => {
  it('counts forum questions, help tickets, FAQ views and votes by topic within the period, with a CSV', async () => {
    now = new Date('2026-03-10T10:00:00Z');
    await t.request('POST', '/api/help/tickets', {
      cookie: cookies.learner,
      body: { category: 'technical', subject: 'Neatveras dienasgrāmata', body: 'Balta lapa.' },
    });
    await t.request('POST', '/api/help/tickets', {
      cookie: cookies.other,
      body: { category: 'technical', topic: 'money', subject: 'Stipendija', body: 'Kad?' },
    });
    const money = (await faq(cookies.learner, '?topic=money')).json().items[0].id;
    await t.request('POST', `/api/faq/${money}/views`, { cookie: cookies.learner });
    await t.request('POST', `/api/faq/${money}/views`, { cookie: cookies.other });
    // Outside the period: a question in April.
    now = new Date('2026-04-02T10:00:00Z');
    await t.request('POST', questions(), {
      cookie: cookies.learner,
      body: { topic: 'illness', title: 'Ko darīt, ja saslimstu?', body: 'Kam zvanīt?' },
    });

    const report = await t.request('GET', '/api/faq/report?from=2026-03-01&to=2026-03-31', {
      cookie: cookies.coordinator,
    });
    expect(report.status).toBe(200);
    expect(report.json()).toEqual({
      from: '2026-03-01',
      to: '2026-03-31',
      rows: [
        {
          topic: 'money',
          forumQuestions: 1,
          helpTickets: 1,
          asked: 2,
          faqViews: 2,
          helpfulYes: 0,
          helpfulNo: 0,
        },
        {
          topic: 'travel',
          forumQuestions: 1,
          helpTickets: 0,
          asked: 1,
          faqViews: 0,
          helpfulYes: 0,
          helpfulNo: 0,
        },
        {
          topic: 'platform',
          forumQuestions: 0,
          helpTickets: 1,
          asked: 1,
          faqViews: 0,
          helpfulYes: 1,
          helpfulNo: 0,
        },
        {
          topic: 'documents',
          forumQuestions: 0,
          helpTickets: 0,
          asked: 0,
          faqViews: 0,
          helpfulYes: 1,
          helpfulNo: 1,
        },
      ],
    });
    const csv = await t.request('GET', '/api/faq/report.csv?from=2026-03-01&to=2026-03-31', {
      cookie: cookies.coordinator,
    });
    expect(csv.headers['content-type']).toMatch(/^text\/csv/);
    const lines = csv.body
      .replace(/^\uFEFF/, '')
      .trim()
      .split('\r\n');
    expect(lines[0]).toBe('topic,forum_questions,help_tickets,asked,faq_views,helpful_yes,helpful_no');
    expect(lines[1]).toBe('Finanses un stipendija,1,1,2,2,0,0');
    const april = await t.request('GET', '/api/faq/report?from=2026-04-01&to=2026-04-30', {
      cookie: cookies.admin,
    });
    expect(april.json().rows).toEqual([expect.objectContaining({ topic: 'illness', forumQuestions: 1 })]);
    const order = await t.request('GET', '/api/faq/report?from=2026-04-30&to=2026-04-01', {
      cookie: cookies.coordinator,
    });
    expect(order.status).toBe(400);
    expect(order.json().error.fields).toEqual({ to: 'Beigu datums nevar būt agrāks par sākuma datumu.' });
    expect((await t.request('GET', '/api/faq/report', { cookie: cookies.teacher })).status).toBe(403);
  });
});

describe('the forum of a call', () => {
  it('applicants ask about one call; whoever runs it is e-mailed; the call’s page lists only its questions', async () => {
    const db = t.deps.db;
    const call = await db
      .insertInto('calls')
      .values({
        school_id: w.schoolA.id,
        project_id: projectId,
        title: 'Konkurss: prakse Drēzdenē 2026',
        places: 4,
        opens_on: '2026-02-01',
        deadline: '2026-03-20',
        status: 'open',
        created_by: w.users.coordinator.id,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    const draft = await db
      .insertInto('calls')
      .values({
        school_id: w.schoolA.id,
        project_id: projectId,
        title: 'Melnraksts',
        places: 1,
        opens_on: '2026-05-01',
        deadline: '2026-05-20',
        created_by: w.users.coordinator.id,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    const asked = await t.request('POST', questions(), {
      cookie: cookies.other,
      body: {
        topic: 'documents',
        title: 'Vai valodas pārbaudījums būs klātienē?',
        body: 'Vai var tiešsaistē?',
        callId: call.id,
      },
    });
    expect(asked.status).toBe(200);
    expect(asked.json().call).toEqual({ id: call.id, title: 'Konkurss: prakse Drēzdenē 2026' });
    const mail = await db
      .selectFrom('mail_messages')
      .select(['to_address', 'subject'])
      .where('template', '=', 'forum_question')
      .where('subject', 'like', '%valodas%')
      .execute();
    expect(mail).toEqual([
      { to_address: 'coordinator@a.test', subject: 'Tilts forums: Vai valodas pārbaudījums būs klātienē?' },
    ]);
    const only = await t.request('GET', questions(`?callId=${call.id}`), { cookie: cookies.learner });
    expect(only.json().items.map((q: { title: string }) => q.title)).toEqual([
      'Vai valodas pārbaudījums būs klātienē?',
    ]);
    const all = await t.request('GET', questions(), { cookie: cookies.learner });
    expect(all.json().total).toBeGreaterThan(1);
    expect(all.json().calls).toEqual([
      { id: call.id, title: 'Konkurss: prakse Drēzdenē 2026', questions: 1 },
    ]);
    const forums = await t.request('GET', '/api/forum/projects', { cookie: cookies.learner });
    expect(forums.json()[0].calls).toEqual([
      { id: call.id, title: 'Konkurss: prakse Drēzdenē 2026', questions: 1 },
    ]);
    // a call nobody can see yet is not a place to ask
    const refused = await t.request('POST', questions(), {
      cookie: cookies.other,
      headers: { 'accept-language': 'en' },
      body: { topic: 'other', title: 'Vai šis jau ir atvērts?', body: 'Jautājums', callId: draft.id },
    });
    expect(refused.status).toBe(400);
    expect(Object.keys(refused.json().error.fields)).toEqual(['callId']);
  });
});
