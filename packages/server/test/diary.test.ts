import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inSchool } from '../src/db/context.ts';
import { createUser } from '../src/demo/factories.ts';
import { insertPlacement } from '../src/demo/placements.ts';
import { verifyAuditChain } from '../src/features/audit/audit.service.ts';
import { diaryStatsByPlacement, lastContactByPlacement } from '../src/features/diary/diary.repository.ts';
import { mailSupervisorsWeekly } from '../src/features/diary/diary.service.ts';
import {
  createTestTilts,
  createWorld,
  linkFromOutbox,
  PASSWORD,
  type TestTilts,
  type World,
} from './support/harness.ts';

// Friday 10 April 2026; the placement runs through April (Monday 6 April starts the second week).
let now = new Date('2026-04-10T08:00:00Z');
let t: TestTilts;
let w: World;
let placementId: string;
let emptyPlacementId: string;
let otherPlacementId: string;
type Who = 'learner' | 'other' | 'teacher' | 'otherTeacher' | 'coordinator' | 'otherAdmin';
let cookies: Record<Who, string>;
const SUPERVISOR = 'girts@host.test';
const en = { 'accept-language': 'en' };

const png = Buffer.concat([
  Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
  Buffer.from('rest of a small picture'),
]);
const pdf = Buffer.from('%PDF-1.7\n%âãÏÓ\n1 0 obj\n<<>>\nendobj\n');

beforeAll(async () => {
  t = await createTestTilts({}, { now: () => now });
  w = await createWorld(t);
  const db = t.deps.db;
  const other = await createUser(db, {
    email: 'otra@a.test',
    givenName: 'Līga',
    familyName: 'Ozola',
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
  placementId = await insertPlacement(
    db,
    w.schoolA.id,
    {
      kind: 'internship',
      title: 'Prakse SIA „Būvmeistars”',
      destination_country: 'LV',
      supervisor_name: 'Ģirts Šņore',
      supervisor_email: SUPERVISOR,
      mentor_id: w.users.teacher.id,
      start_date: '2026-04-01',
      end_date: '2026-04-30',
      planned_hours: 160,
      comm_every_days: 7,
      status: 'in_progress',
    },
    [{ userId: w.users.learner.id, role: 'learner', name: 'Ēriks Žubīts-learner' }],
  );
  emptyPlacementId = await insertPlacement(
    db,
    w.schoolA.id,
    {
      kind: 'internship',
      title: 'Tukša prakse',
      destination_country: 'LV',
      start_date: '2026-04-01',
      end_date: '2026-04-30',
      status: 'in_progress',
    },
    [],
  );
  // The other learner's placement, with a supervisor who has an account in English.
  await createUser(db, {
    email: 'host.en@host.test',
    givenName: 'Jane',
    familyName: 'Host',
    password: PASSWORD,
    schoolId: w.schoolA.id,
    role: 'supervisor',
    locale: 'en',
  });
  otherPlacementId = await insertPlacement(
    db,
    w.schoolA.id,
    {
      kind: 'internship',
      title: 'Otra prakse',
      destination_country: 'LV',
      supervisor_name: 'Jane Host',
      supervisor_email: 'host.en@host.test',
      start_date: '2026-04-01',
      end_date: '2026-04-30',
      status: 'in_progress',
    },
    [{ userId: other.id, role: 'learner', name: 'Līga Ozola' }],
  );
  cookies = {
    learner: await t.signIn('learner@a.test'),
    other: await t.signIn('otra@a.test'),
    teacher: await t.signIn('teacher@a.test'),
    otherTeacher: await t.signIn('cits.pedagogs@a.test'),
    coordinator: await t.signIn('coordinator@a.test'),
    otherAdmin: await t.signIn('admin@b.test'),
  };
});
afterAll(() => t?.close());

const diaryUrl = () => `/api/placements/${placementId}/diary`;
const entry = (entryDate: string, hours = 8, workDone = 'Montēju ģipškartona sienas.') => ({
  entryDate,
  hours,
  workDone,
  reflection: 'Iemācījos lietot lāzera līmeni.',
});
async function write(body: object, who: Who = 'learner', headers?: Record<string, string>) {
  return t.request('POST', diaryUrl(), { cookie: cookies[who], body, ...(headers ? { headers } : {}) });
}
async function auditActions(entityId: string) {
  const rows = await t.deps.db
    .selectFrom('audit_log')
    .select(['action', 'actor_email'])
    .where('entity_id', '=', entityId)
    .orderBy('id')
    .execute();
  return rows;
}
async function upload(entryId: string, name: string, bytes: Buffer, who: Who = 'learner', lang?: 'en') {
  return t.request('POST', `/api/diary/${entryId}/files?name=${encodeURIComponent(name)}`, {
    cookie: cookies[who],
    body: bytes,
    headers: { 'content-type': 'application/octet-stream', ...(lang ? en : {}) },
  });
}
const tokenOf = (url: URL) => url.searchParams.get('token')!;

describe('repository figures for the at-risk signals', () => {
  it('sums hours, counts unconfirmed entries and finds the last entry and the last contact', async () => {
    const db = t.deps.db;
    const base = { school_id: w.schoolA.id, placement_id: emptyPlacementId, learner_id: w.users.learner.id };
    await db
      .insertInto('diary_entries')
      .values([
        { ...base, entry_date: '2026-04-01', hours: 8, work_done: 'a', status: 'confirmed' },
        { ...base, entry_date: '2026-04-02', hours: 7.5, work_done: 'b', status: 'returned' },
        { ...base, entry_date: '2026-04-03', hours: 6, work_done: 'c' },
      ])
      .execute();
    await db
      .insertInto('placement_contacts')
      .values([
        {
          school_id: w.schoolA.id,
          placement_id: emptyPlacementId,
          contact_date: '2026-04-02',
          channel: 'phone',
        },
        // planned contacts do not count as having taken place
        {
          school_id: w.schoolA.id,
          placement_id: emptyPlacementId,
          contact_date: '2026-04-20',
          channel: 'visit',
          planned: true,
        },
      ])
      .execute();
    const [stats, contacts] = await inSchool(db, w.schoolA.id, async (trx) =>
      Promise.all([
        diaryStatsByPlacement(trx, [emptyPlacementId, otherPlacementId]),
        lastContactByPlacement(trx, [emptyPlacementId, otherPlacementId]),
      ]),
    );
    expect(stats.get(emptyPlacementId)).toEqual({
      lastEntryDate: '2026-04-03',
      unconfirmed: 2,
      entries: 3,
      hoursDone: 21.5,
      confirmedHours: 8,
    });
    expect(stats.has(otherPlacementId)).toBe(false);
    expect(contacts.get(emptyPlacementId)).toBe('2026-04-02');
    expect(contacts.has(otherPlacementId)).toBe(false);
    // another school sees nothing
    const other = await inSchool(db, w.schoolB.id, (trx) => diaryStatsByPlacement(trx, [emptyPlacementId]));
    expect(other.size).toBe(0);
    await db.deleteFrom('diary_entries').where('placement_id', '=', emptyPlacementId).execute();
    await db.deleteFrom('placement_contacts').where('placement_id', '=', emptyPlacementId).execute();
  });
});

describe('the learner writes the diary', () => {
  it('writes an entry and sees hours done against the plan; the write is audited', async () => {
    const res = await write(entry('2026-04-06', 7.5));
    expect(res.status).toBe(200);
    const body = res.json();
    expect(body.entry).toMatchObject({
      entryDate: '2026-04-06',
      hours: 7.5,
      status: 'submitted',
      lockVersion: 1,
      canEdit: true,
      learner: { id: w.users.learner.id, name: 'Ēriks Žubīts-learner' },
    });
    expect(body.hours).toEqual({ done: 7.5, confirmed: 0, planned: 160, entries: 1, unconfirmed: 1 });
    expect(await auditActions(body.entry.id)).toEqual([
      { action: 'diary.entry_created', actor_email: 'learner@a.test' },
    ]);
    const diary = (await t.request('GET', diaryUrl(), { cookie: cookies.learner })).json();
    expect(diary.canWrite).toBe(true);
    expect(diary.hours.done).toBe(7.5);
    expect(diary.entries.map((e: { entryDate: string }) => e.entryDate)).toEqual(['2026-04-06']);
  });

  it('shows the learner’s home their placements with hours against the plan', async () => {
    const mine = await t.request('GET', '/api/diary/mine', { cookie: cookies.learner });
    expect(mine.status).toBe(200);
    expect(mine.json().items).toEqual([
      {
        placementId,
        title: 'Prakse SIA „Būvmeistars”',
        startDate: '2026-04-01',
        endDate: '2026-04-30',
        hours: { done: 7.5, confirmed: 0, planned: 160, entries: 1, unconfirmed: 1 },
        lastEntryDate: '2026-04-06',
      },
    ]);
    expect((await t.request('GET', '/api/diary/mine', { cookie: cookies.teacher })).status).toBe(403);
  });

  it('refuses bad input with a message that names the field, in the reader’s language, and keeps what was saved', async () => {
    const outside = await write(entry('2026-03-31'));
    expect(outside.status).toBe(400);
    expect(outside.json().error.fields).toEqual({
      entryDate: 'Ieraksta datumam jābūt prakses laikā: 01.04.2026–30.04.2026.',
    });
    const outsideEn = await write(entry('2026-05-01'), 'learner', en);
    expect(outsideEn.json().error.fields).toEqual({
      entryDate: 'The entry’s date must be within the placement: 01/04/2026–30/04/2026.',
    });
    for (const hours of [0, -2, 24.5, 25]) {
      const res = await write(entry('2026-04-07', hours));
      expect(res.status, String(hours)).toBe(400);
      expect(res.json().error.fields).toEqual({
        hours: 'Stundu skaitam jābūt lielākam par 0 un ne lielākam par 24.',
      });
    }
    const enHours = await write(entry('2026-04-07', 30), 'learner', en);
    expect(enHours.json().error.fields).toEqual({ hours: 'Hours must be more than 0 and at most 24.' });
    const future = await write(entry('2026-04-11'), 'learner', en);
    expect(future.status).toBe(400);
    expect(future.json().error.fields.entryDate).toMatch(/future date \(today is 10\/04\/2026\)/);
    const noText = await write({ ...entry('2026-04-07'), workDone: '  ' });
    expect(noText.json().error.fields).toEqual({ workDone: 'Šis lauks ir obligāts.' });

    const again = await write(entry('2026-04-06', 4, 'Cits teksts'));
    expect(again.status).toBe(409);
    expect(again.json().error.fields).toEqual({
      entryDate: 'Par 06.04.2026 jums jau ir ieraksts. Labojiet esošo ierakstu, nevis rakstiet otru.',
    });
    const againEn = await write(entry('2026-04-06', 4), 'learner', en);
    expect(againEn.json().error.fields.entryDate).toBe(
      'You already have an entry for 06/04/2026. Edit the existing entry instead of writing a second one.',
    );
    const diary = (await t.request('GET', diaryUrl(), { cookie: cookies.learner })).json();
    expect(diary.entries).toHaveLength(1);
    expect(diary.entries[0]).toMatchObject({ hours: 7.5, workDone: 'Montēju ģipškartona sienas.' });
  });

  it('lets only the placement’s own learner write, and shows the diary only to those who may see it', async () => {
    expect((await write(entry('2026-04-07'), 'other')).status).toBe(404);
    expect((await write(entry('2026-04-07'), 'teacher')).status).toBe(403);
    expect((await write(entry('2026-04-07'), 'coordinator')).status).toBe(403);
    expect((await t.request('GET', diaryUrl(), { cookie: cookies.other })).status).toBe(404);
    expect((await t.request('GET', diaryUrl(), { cookie: cookies.otherTeacher })).status).toBe(404);
    expect((await t.request('GET', diaryUrl(), { cookie: cookies.otherAdmin })).status).toBe(404);
    for (const who of ['teacher', 'coordinator'] as const) {
      const res = await t.request('GET', diaryUrl(), { cookie: cookies[who] });
      expect(res.status, who).toBe(200);
      expect(res.json()).toMatchObject({ canWrite: false, canComment: true, hours: { done: 7.5 } });
    }
  });

  it('edits with optimistic locking; a stale edit is refused and nothing is lost', async () => {
    const diary = (await t.request('GET', diaryUrl(), { cookie: cookies.learner })).json();
    const e = diary.entries[0];
    const edited = await t.request('PUT', `/api/diary/${e.id}`, {
      cookie: cookies.learner,
      body: { ...entry('2026-04-06', 8, 'Montēju sienas un griestus.'), lockVersion: e.lockVersion },
    });
    expect(edited.status).toBe(200);
    expect(edited.json().entry).toMatchObject({
      hours: 8,
      lockVersion: 2,
      workDone: 'Montēju sienas un griestus.',
    });
    expect(edited.json().hours.done).toBe(8);
    const stale = await t.request('PUT', `/api/diary/${e.id}`, {
      cookie: cookies.learner,
      body: { ...entry('2026-04-06', 3), lockVersion: e.lockVersion },
    });
    expect(stale.status).toBe(409);
    expect(stale.json().error.fields.lockVersion).toMatch(/kāds cits šos datus jau mainīja/);
    const other = await t.request('PUT', `/api/diary/${e.id}`, {
      cookie: cookies.other,
      body: { ...entry('2026-04-06', 3), lockVersion: 2 },
    });
    expect(other.status).toBe(404);
    const outside = await t.request('PUT', `/api/diary/${e.id}`, {
      cookie: cookies.learner,
      body: { ...entry('2026-05-06', 3), lockVersion: 2 },
    });
    expect(outside.json().error.fields.entryDate).toMatch(/prakses laikā/);
    expect(await auditActions(e.id)).toEqual([
      { action: 'diary.entry_created', actor_email: 'learner@a.test' },
      { action: 'diary.entry_updated', actor_email: 'learner@a.test' },
    ]);
  });

  it('moving an entry onto a day that has one is refused', async () => {
    const second = (await write(entry('2026-04-07', 6))).json().entry;
    const moved = await t.request('PUT', `/api/diary/${second.id}`, {
      cookie: cookies.learner,
      body: { ...entry('2026-04-06', 6), lockVersion: second.lockVersion },
    });
    expect(moved.status).toBe(409);
    expect(moved.json().error.fields.entryDate).toMatch(/jau ir ieraksts/);
  });

  it('deletes an unconfirmed entry (with its files)', async () => {
    const doomed = (await write(entry('2026-04-02', 2))).json().entry;
    const withFile = await upload(doomed.id, 'scan.pdf', pdf);
    expect(withFile.status).toBe(200);
    const fileId = withFile.json().entry.attachments[0].id;
    const wrongVersion = await t.request('DELETE', `/api/diary/${doomed.id}?lockVersion=7`, {
      cookie: cookies.learner,
    });
    expect(wrongVersion.status).toBe(409);
    const gone = await t.request('DELETE', `/api/diary/${doomed.id}?lockVersion=1`, {
      cookie: cookies.learner,
    });
    expect(gone.status).toBe(200);
    expect(
      await t.deps.db.selectFrom('stored_files').select('id').where('id', '=', fileId).execute(),
    ).toEqual([]);
    expect((await auditActions(doomed.id)).map((a) => a.action)).toEqual([
      'diary.entry_created',
      'diary.file_added',
      'diary.entry_deleted',
    ]);
  });
});

describe('photos and files', () => {
  let entryId: string;
  beforeAll(async () => {
    const diary = (await t.request('GET', diaryUrl(), { cookie: cookies.learner })).json();
    entryId = diary.entries.find((e: { entryDate: string }) => e.entryDate === '2026-04-07').id;
  });

  it('accepts a photo whose content is what its name says and serves it to those who may read the entry', async () => {
    const res = await upload(entryId, 'siena.png', png);
    expect(res.status).toBe(200);
    const [file] = res.json().entry.attachments;
    expect(file).toMatchObject({ filename: 'siena.png', contentType: 'image/png', size: png.length });
    for (const who of ['learner', 'teacher', 'coordinator'] as const) {
      const got = await t.request('GET', `/api/diary-files/${file.id}`, { cookie: cookies[who] });
      expect(got.status, who).toBe(200);
      expect(got.headers['content-type']).toBe('image/png');
      expect(String(got.headers['content-disposition'])).toMatch(/^attachment; filename="siena.png"/);
      expect(Number(got.headers['content-length'])).toBe(png.length);
      expect(got.body.endsWith('rest of a small picture')).toBe(true);
    }
    for (const who of ['other', 'otherTeacher', 'otherAdmin'] as const) {
      const got = await t.request('GET', `/api/diary-files/${file.id}`, { cookie: cookies[who] });
      expect(got.status, who).toBe(404);
    }
    expect((await t.request('GET', `/api/diary-files/${file.id}`)).status).toBe(401);
  });

  it('refuses a file whose content is not what its extension says, a type not allowed, and one over 10 MB', async () => {
    const mismatch = await upload(entryId, 'foto.jpg', png, 'learner', 'en');
    expect(mismatch.status).toBe(415);
    expect(mismatch.json().error.fields).toEqual({
      file: 'The content of “foto.jpg” does not match its extension (by its content it is PNG). Check that you chose the right file.',
    });
    const exe = await upload(entryId, 'bilde.png', Buffer.from('MZ\x90\x00 not a picture'));
    expect(exe.status).toBe(415);
    expect(exe.json().error.fields.file).toMatch(/“bilde.png” nav atļauta veida/);
    const html = await upload(entryId, 'lapa.html', Buffer.from('<html><script>alert(1)</script>'));
    expect(html.status).toBe(415);
    const big = Buffer.alloc(10 * 1024 * 1024 + 1);
    png.copy(big);
    const tooBig = await upload(entryId, 'liela.png', big);
    expect(tooBig.status).toBe(413);
    expect(tooBig.json().error.fields).toEqual({
      file: 'Fails “liela.png” ir lielāks par 10 MB. Samaziniet to vai sadaliet.',
    });
    const entryNow = (await t.request('GET', diaryUrl(), { cookie: cookies.learner }))
      .json()
      .entries.find((e: { id: string }) => e.id === entryId);
    expect(entryNow.attachments.map((a: { filename: string }) => a.filename)).toEqual(['siena.png']);
  });

  it('takes exactly 10 MB, and at most 10 files per entry; only the learner adds or removes them', async () => {
    const big = Buffer.alloc(10 * 1024 * 1024);
    pdf.copy(big);
    const ok = await upload(entryId, 'liels.pdf', big);
    expect(ok.status).toBe(200);
    for (let i = 0; i < 8; i++) expect((await upload(entryId, `f${i}.pdf`, pdf)).status).toBe(200);
    const eleventh = await upload(entryId, 'f9.pdf', pdf);
    expect(eleventh.status).toBe(409);
    expect(eleventh.json().error.fields.file).toMatch(/ne vairāk kā 10 failus/);
    expect((await upload(entryId, 'x.pdf', pdf, 'teacher')).status).toBe(403);
    expect((await upload(entryId, 'x.pdf', pdf, 'other')).status).toBe(404);
    const diary = (await t.request('GET', diaryUrl(), { cookie: cookies.learner })).json();
    const e = diary.entries.find((x: { id: string }) => x.id === entryId);
    for (const a of e.attachments.filter((x: { filename: string }) => x.filename !== 'siena.png')) {
      const removed = await t.request('DELETE', `/api/diary/${entryId}/files/${a.id}`, {
        cookie: cookies.learner,
      });
      expect(removed.status).toBe(200);
    }
    const after = (await t.request('GET', diaryUrl(), { cookie: cookies.learner })).json();
    expect(after.entries.find((x: { id: string }) => x.id === entryId).attachments).toHaveLength(1);
  });
});

describe('comments from the mentor and the school', () => {
  it('the mentor comments, the learner sees it; a learner and a teacher of another placement cannot', async () => {
    const diary = (await t.request('GET', diaryUrl(), { cookie: cookies.teacher })).json();
    const e = diary.entries[0];
    const res = await t.request('POST', `/api/diary/${e.id}/comments`, {
      cookie: cookies.teacher,
      body: { body: 'Labi apraksti, pievieno arī fotogrāfiju.' },
    });
    expect(res.status).toBe(200);
    expect(res.json().entry.comments).toMatchObject([
      { authorName: 'Ēriks Žubīts-teacher', body: 'Labi apraksti, pievieno arī fotogrāfiju.' },
    ]);
    const seen = (await t.request('GET', diaryUrl(), { cookie: cookies.learner })).json();
    expect(seen.entries.find((x: { id: string }) => x.id === e.id).comments).toHaveLength(1);
    expect(
      (
        await t.request('POST', `/api/diary/${e.id}/comments`, {
          cookie: cookies.learner,
          body: { body: 'x' },
        })
      ).status,
    ).toBe(403);
    expect(
      (
        await t.request('POST', `/api/diary/${e.id}/comments`, {
          cookie: cookies.otherTeacher,
          body: { body: 'x' },
        })
      ).status,
    ).toBe(404);
    expect((await auditActions(e.id)).at(-1)).toEqual({
      action: 'diary.comment_added',
      actor_email: 'teacher@a.test',
    });
  });
});

describe('the workplace supervisor confirms through an e-mailed link', () => {
  let token: string;

  it('"send to supervisor" mails a link listing the unconfirmed entries, in the supervisor’s language', async () => {
    now = new Date('2026-04-14T08:00:00Z');
    expect((await write(entry('2026-04-13', 8))).status).toBe(200);
    const res = await t.request('POST', `${diaryUrl()}/send-to-supervisor`, { cookie: cookies.learner });
    expect(res.status).toBe(200);
    expect(res.json()).toEqual({ sent: true, unconfirmed: 3 });
    const mail = await t.deps.db
      .selectFrom('mail_messages')
      .selectAll()
      .where('to_address', '=', SUPERVISOR)
      .executeTakeFirstOrThrow();
    expect(mail.locale).toBe('lv');
    expect(mail.subject).toBe('Tilts: apstipriniet prakses dienasgrāmatu „Prakse SIA „Būvmeistars””');
    expect(mail.text_body).toContain('- 06.04.2026 · Ēriks Žubīts-learner · 8 h');
    expect(mail.text_body).toContain('- 07.04.2026 · Ēriks Žubīts-learner · 6 h');
    const link = await linkFromOutbox(t, SUPERVISOR);
    expect(link.pathname).toBe('/diary-review');
    token = tokenOf(link);
    const view = await t.request('GET', `/api/diary-link?token=${token}`);
    expect(view.status).toBe(200);
    expect(view.json()).toMatchObject({
      placement: { title: 'Prakse SIA „Būvmeistars”', schoolName: 'Rīgas Valsts tehnikums' },
      supervisorName: 'Ģirts Šņore',
      hours: { done: 22, confirmed: 0, planned: 160 },
      weeks: [
        { weekStart: '2026-04-06', entries: [{ entryDate: '2026-04-06' }, { entryDate: '2026-04-07' }] },
        { weekStart: '2026-04-13', entries: [{ entryDate: '2026-04-13' }] },
      ],
      confirmed: [],
    });
    expect((await auditActions(placementId)).map((a) => a.action)).toContain('diary.sent_to_supervisor');
  });

  it('an English-speaking supervisor gets the e-mail in English; with nothing to confirm nothing is sent', async () => {
    const none = await t.request('POST', `/api/placements/${otherPlacementId}/diary/send-to-supervisor`, {
      cookie: cookies.other,
      headers: en,
    });
    expect(none.status).toBe(409);
    expect(none.json().error.fields._).toBe('There are no unconfirmed entries to send to the supervisor.');
    await t.request('POST', `/api/placements/${otherPlacementId}/diary`, {
      cookie: cookies.other,
      body: entry('2026-04-13', 5),
    });
    const sent = await t.request('POST', `/api/placements/${otherPlacementId}/diary/send-to-supervisor`, {
      cookie: cookies.coordinator,
    });
    expect(sent.status).toBe(200);
    const mail = await t.deps.db
      .selectFrom('mail_messages')
      .selectAll()
      .where('to_address', '=', 'host.en@host.test')
      .executeTakeFirstOrThrow();
    expect(mail.locale).toBe('en');
    expect(mail.subject).toBe('Tilts: please confirm the placement diary “Otra prakse”');
    expect(mail.text_body).toContain('- 13/04/2026 · Līga Ozola · 5 h');
    // the learner of one placement cannot ask for another's
    const foreign = await t.request('POST', `${diaryUrl()}/send-to-supervisor`, { cookie: cookies.other });
    expect(foreign.status).toBe(404);
  });

  it('shows the supervisor the files of the entries, and nothing of another placement', async () => {
    const view = (await t.request('GET', `/api/diary-link?token=${token}`)).json();
    const file = view.weeks[0].entries[1].attachments[0];
    const got = await t.request('GET', `/api/diary-link/files/${file.id}?token=${token}`);
    expect(got.status).toBe(200);
    expect(got.headers['content-type']).toBe('image/png');
    const otherFile = await t.deps.db.selectFrom('stored_files').select('id').execute();
    expect(otherFile.length).toBeGreaterThan(0);
    const bad = await t.request('GET', `/api/diary-link/files/${file.id}?token=${'y'.repeat(43)}`);
    expect(bad.status).toBe(410);
  });

  it('returns an entry with a comment (the comment is required); the learner edits it and it goes back', async () => {
    const view = (await t.request('GET', `/api/diary-link?token=${token}`)).json();
    const target = view.weeks[0].entries[1];
    const noComment = await t.request('POST', '/api/diary-link/review', {
      body: { token, entryId: target.id, action: 'return' },
    });
    expect(noComment.status).toBe(400);
    expect(noComment.json().error.fields).toEqual({ comment: 'Šis lauks ir obligāts.' });
    const returned = await t.request('POST', '/api/diary-link/review', {
      body: { token, entryId: target.id, action: 'return', comment: 'Norādi arī, kurā objektā strādāji.' },
    });
    expect(returned.status).toBe(200);
    expect(returned.json().changed).toBe(1);
    const mine = (await t.request('GET', diaryUrl(), { cookie: cookies.learner })).json();
    const e = mine.entries.find((x: { id: string }) => x.id === target.id);
    expect(e).toMatchObject({
      status: 'returned',
      supervisorComment: 'Norādi arī, kurā objektā strādāji.',
      reviewedByName: 'Ģirts Šņore',
      canEdit: true,
    });
    const fixed = await t.request('PUT', `/api/diary/${e.id}`, {
      cookie: cookies.learner,
      body: {
        ...entry('2026-04-07', 6, 'Objektā Brīvības ielā 1 montēju sienas.'),
        lockVersion: e.lockVersion,
      },
    });
    expect(fixed.status).toBe(200);
    expect(fixed.json().entry.status).toBe('submitted');
    expect((await auditActions(e.id)).map((a) => a)).toEqual(
      expect.arrayContaining([
        { action: 'diary.entry_returned', actor_email: SUPERVISOR },
        { action: 'diary.entry_resubmitted', actor_email: 'learner@a.test' },
      ]),
    );
  });

  it('confirms one entry, then the whole week; confirmed entries are locked with a clear message', async () => {
    const view = (await t.request('GET', `/api/diary-link?token=${token}`)).json();
    const first = view.weeks[0].entries[0];
    const one = await t.request('POST', '/api/diary-link/review', {
      body: { token, entryId: first.id, action: 'confirm' },
    });
    expect(one.status).toBe(200);
    expect(one.json().view.confirmed.map((e: { id: string }) => e.id)).toEqual([first.id]);
    // The same link used again for the locked entry: a message, not an error page.
    const again = await t.request('POST', '/api/diary-link/review', {
      body: { token, entryId: first.id, action: 'confirm' },
      headers: en,
    });
    expect(again.status).toBe(409);
    expect(again.json().error.fields).toEqual({
      entry: 'The entry for 06/04/2026 is already confirmed and locked; there is nothing more to do.',
    });
    const week = await t.request('POST', '/api/diary-link/confirm-week', {
      body: { token, weekStart: '2026-04-06' },
    });
    expect(week.status).toBe(200);
    expect(week.json().changed).toBe(1);
    expect(week.json().view.weeks).toMatchObject([{ weekStart: '2026-04-13' }]);
    const twice = await t.request('POST', '/api/diary-link/confirm-week', {
      body: { token, weekStart: '2026-04-06' },
    });
    expect(twice.status).toBe(409);
    expect(twice.json().error.fields.weekStart).toBe('Šajā nedēļā nav neapstiprinātu ierakstu.');

    const mine = (await t.request('GET', diaryUrl(), { cookie: cookies.learner })).json();
    const locked = mine.entries.find((x: { id: string }) => x.id === first.id);
    expect(locked).toMatchObject({ status: 'confirmed', canEdit: false });
    expect(mine.hours).toMatchObject({ done: 22, confirmed: 14, unconfirmed: 1 });
    const edit = await t.request('PUT', `/api/diary/${first.id}`, {
      cookie: cookies.learner,
      body: { ...entry('2026-04-06', 1), lockVersion: locked.lockVersion },
    });
    expect(edit.status).toBe(409);
    expect(edit.json().error.fields._).toBe(
      'Prakses vadītājs ierakstu par 06.04.2026 jau apstiprināja, tāpēc to vairs nevar mainīt vai dzēst.',
    );
    const del = await t.request('DELETE', `/api/diary/${first.id}?lockVersion=${locked.lockVersion}`, {
      cookie: cookies.learner,
      headers: en,
    });
    expect(del.status).toBe(409);
    expect(del.json().error.fields._).toMatch(/can no longer be changed or deleted/);
    const file = await upload(first.id, 'x.pdf', pdf);
    expect(file.status).toBe(409);
    const unchanged = (await t.request('GET', diaryUrl(), { cookie: cookies.learner })).json();
    expect(unchanged.entries.find((x: { id: string }) => x.id === first.id).hours).toBe(8);
    expect((await auditActions(first.id)).filter((a) => a.action === 'diary.entry_confirmed')).toEqual([
      { action: 'diary.entry_confirmed', actor_email: SUPERVISOR },
    ]);
  });

  it('a link stops working when the placement names another supervisor, and a made-up link is refused', async () => {
    expect((await t.request('GET', `/api/diary-link?token=${'z'.repeat(43)}`)).status).toBe(410);
    await t.deps.db
      .updateTable('placements')
      .set({ supervisor_email: 'jauns@host.test' })
      .where('id', '=', placementId)
      .execute();
    expect((await t.request('GET', `/api/diary-link?token=${token}`)).status).toBe(410);
    await t.deps.db
      .updateTable('placements')
      .set({ supervisor_email: SUPERVISOR })
      .where('id', '=', placementId)
      .execute();
    expect((await t.request('GET', `/api/diary-link?token=${token}`)).status).toBe(200);
  });

  it('the weekly job mails each supervisor who has entries waiting', async () => {
    const before = await t.deps.db.selectFrom('mail_messages').select('id').execute();
    expect(await mailSupervisorsWeekly(t.deps)).toBe(2);
    const after = await t.deps.db.selectFrom('mail_messages').select(['to_address']).execute();
    expect(after.length - before.length).toBe(2);
    const audit = await t.deps.db
      .selectFrom('audit_log')
      .select(['actor_email'])
      .where('action', '=', 'diary.sent_to_supervisor')
      .where('entity_id', '=', otherPlacementId)
      .orderBy('id', 'desc')
      .executeTakeFirstOrThrow();
    expect(audit.actor_email).toBe('system');
  });
});

describe('contacts', () => {
  const contactsUrl = () => `/api/placements/${placementId}/contacts`;

  it('records every contact and flags a placement whose last contact is older than the plan allows', async () => {
    now = new Date('2026-04-14T08:00:00Z');
    // no contact since the start (1 April), the plan says every 7 days
    const empty = (await t.request('GET', contactsUrl(), { cookie: cookies.teacher })).json();
    expect(empty).toMatchObject({
      items: [],
      status: { lastContactDate: null, everyDays: 7, overdue: true },
    });
    const saved = await t.request('POST', contactsUrl(), {
      cookie: cookies.teacher,
      body: {
        contactDate: '2026-04-02',
        channel: 'visit',
        participants: 'Mentors, audzēknis, prakses vadītājs',
        notes: 'Apskatījām darba vietu.',
      },
    });
    expect(saved.status).toBe(200);
    expect(saved.json()).toMatchObject({
      status: { lastContactDate: '2026-04-02', daysSince: 12, everyDays: 7, overdue: true },
      items: [{ channel: 'visit', recordedByName: 'Ēriks Žubīts-teacher', planned: false }],
    });
    await t.request('POST', contactsUrl(), {
      cookie: cookies.coordinator,
      body: { contactDate: '2026-04-20', channel: 'video', participants: 'Mentors', planned: true },
    });
    const stillOverdue = (await t.request('GET', contactsUrl(), { cookie: cookies.coordinator })).json();
    expect(stillOverdue.status).toMatchObject({ daysSince: 12, overdue: true });
    expect(stillOverdue.items.map((c: { contactDate: string }) => c.contactDate)).toEqual([
      '2026-04-20',
      '2026-04-02',
    ]);
    await t.request('POST', contactsUrl(), {
      cookie: cookies.teacher,
      body: { contactDate: '2026-04-13', channel: 'phone', participants: 'Mentors, audzēknis' },
    });
    const fresh = (await t.request('GET', contactsUrl(), { cookie: cookies.teacher })).json();
    expect(fresh.status).toMatchObject({ lastContactDate: '2026-04-13', daysSince: 1, overdue: false });
    const ids = fresh.items.map((c: { id: string }) => c.id);
    for (const id of ids) expect((await auditActions(id)).map((a) => a.action)).toEqual(['contact.recorded']);
  });

  it('refuses a past contact dated in the future and a bad channel, naming the field', async () => {
    const future = await t.request('POST', contactsUrl(), {
      cookie: cookies.teacher,
      body: { contactDate: '2026-04-20', channel: 'phone', participants: 'Mentors' },
      headers: en,
    });
    expect(future.status).toBe(400);
    expect(future.json().error.fields.contactDate).toMatch(
      /cannot be dated in the future \(today is 14\/04\/2026\)/,
    );
    const channel = await t.request('POST', contactsUrl(), {
      cookie: cookies.teacher,
      body: { contactDate: '2026-04-13', channel: 'pigeon', participants: 'Mentors' },
    });
    expect(channel.status).toBe(400);
    expect(Object.keys(channel.json().error.fields)).toEqual(['channel']);
  });

  it('is for the staff who see the placement only', async () => {
    expect((await t.request('GET', contactsUrl(), { cookie: cookies.learner })).status).toBe(403);
    expect((await t.request('GET', contactsUrl(), { cookie: cookies.otherTeacher })).status).toBe(404);
    expect((await t.request('GET', contactsUrl(), { cookie: cookies.otherAdmin })).status).toBe(404);
  });
});

describe('the audit log', () => {
  it('chains every diary and contact action intact (the verifier recomputes each hash)', async () => {
    const result = await verifyAuditChain(t.deps.db);
    expect(result.ok).toBe(true);
    const actions = await t.deps.db
      .selectFrom('audit_log')
      .select('action')
      .distinct()
      .where((eb) => eb.or([eb('action', 'like', 'diary.%'), eb('action', 'like', 'contact.%')]))
      .execute();
    expect(actions.map((a) => a.action).sort()).toEqual([
      'contact.recorded',
      'diary.comment_added',
      'diary.entry_confirmed',
      'diary.entry_created',
      'diary.entry_deleted',
      'diary.entry_resubmitted',
      'diary.entry_returned',
      'diary.entry_updated',
      'diary.file_added',
      'diary.file_read',
      'diary.file_removed',
      'diary.sent_to_supervisor',
    ]);
    expect(result.entries).toBeGreaterThan(40);
  });
});

describe('the audit chains, one per school', () => {
  it('chain each school’s entries apart, and a removed last entry of one school is found', async () => {
    const db = t.deps.db;
    const heads = await db.selectFrom('audit_chain_heads').select(['chain_key']).execute();
    expect(heads.map((h) => h.chain_key)).toContain(w.schoolA.id);
    const last = await db
      .selectFrom('audit_log')
      .select(['id'])
      .where('school_id', '=', w.schoolA.id)
      .orderBy('id', 'desc')
      .executeTakeFirstOrThrow();
    await sql`alter table audit_log disable trigger audit_log_no_change`.execute(db);
    await db.deleteFrom('audit_log').where('id', '=', last.id).execute();
    await sql`alter table audit_log enable trigger audit_log_no_change`.execute(db);
    const result = await verifyAuditChain(db);
    expect(result.ok).toBe(false);
    expect(result.problem?.reason).toBe('entries after this one were removed');
  });
});
