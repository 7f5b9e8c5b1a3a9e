import { createHash } from 'node:crypto';
import { strFromU8, unzipSync } from 'fflate';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPartner, createUser } from '../src/demo/factories.ts';
import { insertPlacement } from '../src/demo/placements.ts';
import { createAgreement } from '../src/features/agreements/agreements.demo.ts';
import { anonymiseDue } from '../src/features/people/anonymise.service.ts';
import { createTemplate, download, issue, verifyOverHttp } from './support/credentials.ts';
import { createTestTilts, createWorld, PASSWORD, type TestTilts, type World } from './support/harness.ts';

// The clock of these tests: 23 November 2026.
const now = new Date('2026-11-23T10:00:00Z');

let t: TestTilts;
let w: World;
let admin: string;
let coordinator: string;
let teacher: string;
let learnerCookie: string;
let learner: { id: string; email: string };
let placementId: string;
let credentialId: string;
let draftAgreement: string;
let issued: Record<string, any>;
const attachment = Buffer.from('%PDF-1.4 prakses atskaite: Ģirts Ķēniņš\n');

beforeAll(async () => {
  t = await createTestTilts({}, { now: () => now });
  w = await createWorld(t);
  const db = t.deps.db;
  admin = await t.signIn('admin@a.test');
  coordinator = await t.signIn('coordinator@a.test');
  teacher = await t.signIn('teacher@a.test');
  learner = await createUser(db, {
    email: 'girts.kenins@a.test',
    givenName: 'Ģirts',
    familyName: 'Ķēniņš',
    password: PASSWORD,
    schoolId: w.schoolA.id,
    role: 'learner',
  });
  learnerCookie = await t.signIn(learner.email);
  const host = await createPartner(db, {
    school_id: w.schoolA.id,
    kind: 'company',
    legal_name: 'Müller Maschinenbau GmbH',
    country: 'DE',
    city: 'Dresden',
    legal_address: 'Hauptstraße 1, 01099 Dresden',
  });
  // A placement that ended in June 2020: past a five-year retention period on 23 November 2026.
  placementId = await insertPlacement(
    db,
    w.schoolA.id,
    {
      kind: 'internship',
      title: 'Ģirts Ķēniņš — Müller',
      host_partner_id: host.id,
      destination_country: 'DE',
      destination_city: 'Dresden',
      supervisor_name: 'Sabine Köhler',
      supervisor_email: w.users.supervisor.email,
      mentor_id: w.users.teacher.id,
      start_date: '2020-04-01',
      end_date: '2020-06-30',
      status: 'completed',
    },
    [{ userId: learner.id, role: 'learner', name: 'Ģirts Ķēniņš' }],
  );
  const entry = await db
    .insertInto('diary_entries')
    .values({
      school_id: w.schoolA.id,
      placement_id: placementId,
      learner_id: learner.id,
      entry_date: '2020-04-02',
      hours: 8,
      work_done: 'Montēju vadības skapi kopā ar meistaru.',
      reflection: 'Sapratu, kā lasīt shēmas vācu valodā.',
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  const file = await db
    .insertInto('stored_files')
    .values({
      school_id: w.schoolA.id,
      owner_id: learner.id,
      filename: 'atskaite.pdf',
      content_type: 'application/pdf',
      size: attachment.length,
      sha256: createHash('sha256').update(attachment).digest('hex'),
      data: attachment,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  await db
    .insertInto('diary_attachments')
    .values({ school_id: w.schoolA.id, entry_id: entry.id, file_id: file.id })
    .execute();
  await db
    .insertInto('learner_goals')
    .values({
      school_id: w.schoolA.id,
      placement_id: placementId,
      learner_id: learner.id,
      text: 'Iemācīties vācu tehniskos terminus',
      created_at: now,
      updated_at: now,
    })
    .execute();
  await createAgreement(db, {
    schoolId: w.schoolA.id,
    placementId,
    learnerId: learner.id,
    by: { userId: w.users.coordinator.id, email: w.users.coordinator.email, name: 'Ēriks Žubīts' },
    signedAt: new Date('2020-03-20T10:00:00Z'),
  });
  // An earlier placement whose agreement is still a draft: a draft shows the profile as it is now.
  const earlier = await insertPlacement(
    db,
    w.schoolA.id,
    {
      kind: 'internship',
      title: 'Ģirts Ķēniņš — Müller (ziema)',
      host_partner_id: host.id,
      destination_country: 'DE',
      destination_city: 'Dresden',
      supervisor_name: 'Sabine Köhler',
      supervisor_email: w.users.supervisor.email,
      mentor_id: w.users.teacher.id,
      start_date: '2020-01-06',
      end_date: '2020-02-28',
      status: 'planned',
    },
    [{ userId: learner.id, role: 'learner', name: 'Ģirts Ķēniņš' }],
  );
  draftAgreement = await createAgreement(db, {
    schoolId: w.schoolA.id,
    placementId: earlier,
    learnerId: learner.id,
    by: { userId: w.users.coordinator.id, email: w.users.coordinator.email, name: 'Ēriks Žubīts' },
  });
  const template = await createTemplate(t, admin);
  credentialId = await issue(t, admin, { templateId: template.id, learnerId: learner.id, grade: '9' });
  issued = await download(t, learnerCookie, credentialId);
});
afterAll(() => t?.close());

describe('national ID numbers and dates of birth, encrypted at rest', () => {
  it('stores the coordinator’s entry sealed: the bytes in the database are not the plaintext', async () => {
    const res = await t.request('PUT', `/api/learners/${learner.id}/profile`, {
      cookie: coordinator,
      body: {
        dateOfBirth: '2002-05-17',
        nationalId: '170502 20003',
        groupName: 'EL-19',
        guardianName: '',
        guardianEmail: '',
        guardianPhone: '',
      },
    });
    expect(res.status).toBe(200);
    expect(res.json()).toMatchObject({
      dateOfBirth: '2002-05-17',
      nationalId: '170502-20003',
      personalData: 'shown',
      minor: false,
    });
    const raw = await t.deps.db
      .selectFrom('learner_profiles')
      .selectAll()
      .where('user_id', '=', learner.id)
      .executeTakeFirstOrThrow();
    expect(raw.date_of_birth).toBeNull();
    const stored = JSON.stringify(raw);
    for (const plain of ['2002-05-17', '170502', '20003', '17.05.2002']) expect(stored).not.toContain(plain);
    expect(raw.date_of_birth_sealed).toMatch(/^v1\.[A-Za-z0-9_-]+$/);
    // and the audit log says that it changed, not what it is
    const audit = await t.deps.db
      .selectFrom('audit_log')
      .select('after')
      .where('action', '=', 'learner_profile.updated')
      .where('entity_id', '=', learner.id)
      .executeTakeFirstOrThrow();
    expect(audit.after).toMatchObject({ dateOfBirthChanged: true, nationalIdChanged: true });
    expect(JSON.stringify(audit.after)).not.toContain('2002-05-17');
  });

  it('refuses a personal code with a wrong check digit, in the reader’s language', async () => {
    const res = await t.request('PUT', `/api/learners/${learner.id}/profile`, {
      cookie: coordinator,
      headers: { 'accept-language': 'en' },
      body: {
        dateOfBirth: null,
        nationalId: '170502-20004',
        guardianName: '',
        guardianEmail: '',
        guardianPhone: '',
      },
    });
    expect(res.status).toBe(400);
    expect(res.json().error.fields.nationalId).toBe(
      "The personal code's check digit does not match: check how it is written.",
    );
  });

  it('shows them to the learner themself, masks them for the teacher and shows nothing to others', async () => {
    const own = await t.request('GET', `/api/learners/${learner.id}/profile`, { cookie: learnerCookie });
    expect(own.json()).toMatchObject({ dateOfBirth: '2002-05-17', nationalId: '170502-20003' });

    const mentor = await t.request('GET', `/api/learners/${learner.id}/profile`, { cookie: teacher });
    expect(mentor.status).toBe(200);
    expect(mentor.json()).toMatchObject({
      dateOfBirth: null,
      nationalId: '●●●●●●-●●●03',
      personalData: 'masked',
      minor: false,
      canEdit: false,
    });
    expect(mentor.body).not.toContain('2002-05-17');
    expect(mentor.body).not.toContain('170502');

    const other = await t.request('GET', `/api/learners/${learner.id}/profile`, {
      cookie: await t.signIn('learner@a.test'),
    });
    expect(other.status).toBe(404);
    expect(other.body).not.toContain('2002');
  });

  it('stays hidden from a mentor viewing the app as the learner, who cannot download the learner’s data', async () => {
    const viewer = await t.signIn('teacher@a.test');
    const start = await t.request('POST', '/api/view-as', {
      cookie: viewer,
      body: { learnerId: learner.id },
    });
    expect(start.status).toBe(200);
    const profile = await t.request('GET', `/api/learners/${learner.id}/profile`, { cookie: viewer });
    expect(profile.status).toBe(200);
    expect(profile.json()).toMatchObject({
      dateOfBirth: null,
      nationalId: '●●●●●●-●●●03',
      personalData: 'masked',
    });
    const agreement = await t.request('GET', `/api/agreements/${draftAgreement}`, { cookie: viewer });
    expect(agreement.body).not.toContain('2002-05-17');
    expect((await zipOf(viewer)).status).toBe(403);
    await t.request('POST', '/api/view-as/stop', { cookie: viewer });
  });

  it('leaves the birth date out of the agreement a mentor reads', async () => {
    const managed = await t.request('GET', `/api/agreements/${draftAgreement}`, { cookie: coordinator });
    expect(managed.json().current.content.learner.dateOfBirth).toBe('2002-05-17');
    const mentor = await t.request('GET', `/api/agreements/${draftAgreement}`, { cookie: teacher });
    expect(mentor.status).toBe(200);
    expect(mentor.json().current.content.learner.dateOfBirth).toBeNull();
    // 17 when that placement started: the mentor sees that a guardian signs, not the date
    expect(mentor.json().current.content.minor).toBe(true);
    expect(mentor.body).not.toContain('2002-05-17');
  });

  it('still decides from the sealed date whether a guardian signs the agreement', async () => {
    const res = await t.request('PUT', `/api/learners/${learner.id}/profile`, {
      cookie: coordinator,
      body: { dateOfBirth: '2012-01-15', guardianName: 'Līga Ķēniņa', guardianEmail: 'liga@example.lv' },
    });
    expect(res.json()).toMatchObject({ minor: true, nationalId: '170502-20003' });
    const draft = await t.request('GET', `/api/agreements/${draftAgreement}`, { cookie: coordinator });
    expect(draft.json().current.content).toMatchObject({ minor: true, guardian: { name: 'Līga Ķēniņa' } });
    // the applications of a call ask the same repository
    const { isMinorOnRecord } = await import('../src/features/calls/calls.repository.ts');
    const { inSchool } = await import('../src/db/context.ts');
    expect(
      await inSchool(t.deps.db, w.schoolA.id, (trx) => isMinorOnRecord(trx, learner.id, '2026-11-23')),
    ).toBe(true);
    await t.request('PUT', `/api/learners/${learner.id}/profile`, {
      cookie: coordinator,
      body: { dateOfBirth: '2002-05-17', groupName: 'EL-19' },
    });
  });
});

/** The download as bytes (the harness's request reads bodies as text). */
async function zipOf(cookie: string) {
  const res = await t.app.inject({ method: 'GET', url: '/api/me/personal-data.zip', headers: { cookie } });
  return { status: res.statusCode, headers: res.headers, bytes: res.rawPayload };
}

describe('the learner’s own data, downloaded', () => {
  it('is a zip with everything about them as JSON, their documents and their credentials; audited', async () => {
    const res = await zipOf(learnerCookie);
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('application/zip');
    expect(String(res.headers['content-disposition'])).toBe('attachment; filename="tilts-2026-11-23.zip"');
    const zip = unzipSync(new Uint8Array(res.bytes));
    const names = Object.keys(zip);
    const data = JSON.parse(strFromU8(zip['tilts-data.json']!));
    expect(data.account).toMatchObject({
      email: 'girts.kenins@a.test',
      given_name: 'Ģirts',
      family_name: 'Ķēniņš',
    });
    expect(data.profile).toMatchObject({
      dateOfBirth: '2002-05-17',
      nationalId: '170502-20003',
      groupName: 'EL-19',
    });
    expect(data.memberships).toEqual([expect.objectContaining({ role: 'learner' })]);
    expect(data.placements).toHaveLength(2);
    expect(data.placements).toContainEqual(
      expect.objectContaining({ id: placementId, destination_country: 'DE', end_date: '2020-06-30' }),
    );
    expect(data.diaryEntries[0]).toMatchObject({ work_done: 'Montēju vadības skapi kopā ar meistaru.' });
    expect(data.goals[0]).toMatchObject({ text: 'Iemācīties vācu tehniskos terminus' });
    expect(data.agreements).toHaveLength(2);
    expect(data.credentials).toEqual([expect.objectContaining({ id: credentialId })]);
    expect(data.auditEntries.map((a: any) => a.action)).toContain('learner_profile.updated');

    const diaryFile = names.find((n) => n.startsWith('documents/diary/'))!;
    expect(diaryFile).toMatch(/2020-04-02-.*atskaite\.pdf$/);
    expect(Buffer.from(zip[diaryFile]!)).toEqual(attachment);
    const pdf = names.find((n) => n.startsWith('documents/agreements/'))!;
    expect(Buffer.from(zip[pdf]!).subarray(0, 5).toString('latin1')).toBe('%PDF-');
    expect(JSON.parse(strFromU8(zip[`credentials/${credentialId}.json`]!))).toEqual(issued);

    const audit = await t.deps.db
      .selectFrom('audit_log')
      .select(['actor_id', 'after'])
      .where('action', '=', 'personal_data.exported')
      .executeTakeFirstOrThrow();
    expect(audit).toMatchObject({ actor_id: learner.id, after: { files: 1, credentials: 1 } });
  });

  it('holds only the asker’s own data: a teacher’s download has none of the learner’s', async () => {
    const res = await zipOf(teacher);
    const data = JSON.parse(strFromU8(unzipSync(new Uint8Array(res.bytes))['tilts-data.json']!));
    expect(data.account.email).toBe('teacher@a.test');
    expect(JSON.stringify(data)).not.toContain('Montēju');
    expect(data.profile).toBeNull();
  });
});

describe('anonymisation after the retention period', () => {
  async function statistics() {
    const db = t.deps.db;
    const placements = await db
      .selectFrom('placements as p')
      .innerJoin('placement_participants as pp', 'pp.placement_id', 'p.id')
      .select([
        'p.id',
        'p.status',
        'p.destination_country',
        'p.start_date',
        'p.end_date',
        'pp.user_id',
        'pp.role',
      ])
      .where('p.school_id', '=', w.schoolA.id)
      .orderBy('p.id')
      .execute();
    const entries = await db.selectFrom('diary_entries').select(['id', 'hours', 'entry_date']).execute();
    const learners = await db
      .selectFrom('memberships')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('role', '=', 'learner')
      .where('school_id', '=', w.schoolA.id)
      .executeTakeFirstOrThrow();
    return { placements, entries, learners: Number(learners.n) };
  }

  it('the admin sets the period; the page says who is due', async () => {
    expect((await t.request('GET', '/api/admin/retention', { cookie: coordinator })).json()).toEqual({
      retentionYears: 5,
      cutoff: '2021-11-23',
      due: 1,
      anonymised: 0,
    });
    const bad = await t.request('PUT', '/api/admin/retention', {
      cookie: admin,
      body: { retentionYears: 0 },
    });
    expect(bad.status).toBe(400);
    const longer = await t.request('PUT', '/api/admin/retention', {
      cookie: admin,
      body: { retentionYears: 7 },
    });
    expect(longer.json()).toMatchObject({ retentionYears: 7, cutoff: '2019-11-23', due: 0 });
    expect(await anonymiseDue(t.deps)).toBe(0);
    const back = await t.request('PUT', '/api/admin/retention', {
      cookie: admin,
      body: { retentionYears: 5 },
    });
    expect(back.json()).toMatchObject({ due: 1 });
  });

  it('replaces the learner with a pseudonym, erases their data, ends their sessions and keeps the statistics', async () => {
    const before = await statistics();
    // an import of the learner from the school's register, a month and more before the job runs
    const file = Buffer.from('Vārds;Uzvārds;E-pasts;Grupa\nĢirts;Ķēniņš;girts.kenins@a.test;EL-19\n', 'utf8');
    const upload = await t.request('POST', '/api/imports/learners?filename=register.csv', {
      cookie: coordinator,
      body: file,
      headers: { 'content-type': 'text/csv' },
    });
    expect(upload.status).toBe(200);
    await sql`update import_batches set created_at = '2026-10-01T10:00:00Z' where id = ${upload.json().id}`.execute(
      t.deps.db,
    );
    expect(await anonymiseDue(t.deps)).toBe(1);
    expect(await anonymiseDue(t.deps)).toBe(0);
    const db = t.deps.db;
    const user = await db
      .selectFrom('users')
      .selectAll()
      .where('id', '=', learner.id)
      .executeTakeFirstOrThrow();
    expect(user).toMatchObject({ given_name: 'Anonimizēts', password_hash: null, is_active: false });
    expect(user.email).toMatch(/@anonymised\.invalid$/);
    expect(user.anonymised_at).not.toBeNull();
    const profile = await db
      .selectFrom('learner_profiles')
      .selectAll()
      .where('user_id', '=', learner.id)
      .executeTakeFirstOrThrow();
    expect(profile).toMatchObject({
      date_of_birth: null,
      date_of_birth_sealed: null,
      national_id_sealed: null,
      guardian_name: '',
      group_name: '',
    });
    const entry = await db
      .selectFrom('diary_entries')
      .selectAll()
      .where('learner_id', '=', learner.id)
      .executeTakeFirstOrThrow();
    expect(entry).toMatchObject({ work_done: '', reflection: '' });
    const goal = await db
      .selectFrom('learner_goals')
      .select('text')
      .where('learner_id', '=', learner.id)
      .executeTakeFirstOrThrow();
    expect(goal.text).toBe('');
    const version = await db
      .selectFrom('agreement_versions as v')
      .innerJoin('agreements as a', 'a.id', 'v.agreement_id')
      .select('v.content')
      .where('a.learner_id', '=', learner.id)
      .executeTakeFirstOrThrow();
    expect(JSON.stringify(version.content)).not.toContain('Ķēniņš');
    expect(
      await db.selectFrom('sessions').select('token_hash').where('user_id', '=', learner.id).execute(),
    ).toEqual([]);
    expect((await t.request('GET', '/api/auth/me', { cookie: learnerCookie })).status).toBe(401);
    expect(await statistics()).toEqual(before);
    const batch = await db
      .selectFrom('import_batches')
      .select('rows')
      .where('id', '=', upload.json().id)
      .executeTakeFirstOrThrow();
    expect(JSON.stringify(batch.rows)).not.toContain('girts.kenins');
    expect(batch.rows).toMatchObject({ total: 1, rows: [], sample: [] });

    const audit = await db
      .selectFrom('audit_log')
      .select(['actor_email', 'after'])
      .where('action', '=', 'learner.anonymised')
      .where('entity_id', '=', learner.id)
      .executeTakeFirstOrThrow();
    expect(audit).toMatchObject({
      actor_email: 'system',
      after: { lastPlacementEnded: '2020-06-30', retentionYears: 5 },
    });
    expect((await t.request('GET', '/api/admin/retention', { cookie: admin })).json()).toMatchObject({
      due: 0,
      anonymised: 1,
    });
  });

  it('leaves the issued credential verifiable: the public verify route still says genuine and not revoked', async () => {
    const stored = await t.deps.db
      .selectFrom('credentials')
      .select(['document', 'revoked_at'])
      .where('id', '=', credentialId)
      .executeTakeFirstOrThrow();
    expect(JSON.parse(stored.document)).toEqual(issued);
    expect(stored.revoked_at).toBeNull();
    const { status, result } = await verifyOverHttp(t, issued);
    expect(status).toBe(200);
    expect(result.verified).toBe(true);
    expect(result.failed).toEqual([]);
  });
});

describe('demo data', () => {
  it('puts the demo learners in groups and gives the demo learner a sealed personal code', async () => {
    const demo = await createTestTilts({ TILTS_DEMO: 'true' });
    try {
      const learnerUser = await demo.deps.db
        .selectFrom('users')
        .select('id')
        .where('email', '=', 'audzeknis@demo.tilts.lv')
        .executeTakeFirstOrThrow();
      const raw = await demo.deps.db
        .selectFrom('learner_profiles')
        .select(['group_name', 'national_id_sealed', 'date_of_birth'])
        .where('user_id', '=', learnerUser.id)
        .executeTakeFirstOrThrow();
      expect(raw).toMatchObject({ group_name: 'DT-22', date_of_birth: null });
      expect(raw.national_id_sealed).toMatch(/^v1\./);
      const cookie = await demo.signIn('audzeknis@demo.tilts.lv', 'Tilts-demo-2026');
      const own = await demo.request('GET', `/api/learners/${learnerUser.id}/profile`, { cookie });
      expect(own.json()).toMatchObject({
        nationalId: '323691-93794',
        groupName: 'DT-22',
        personalData: 'shown',
        // the demo's plain birth date, sealed at start and opened again
        dateOfBirth: expect.stringMatching(/^\d{4}-\d{2}-\d{2}$/),
      });
    } finally {
      await demo.close();
    }
  });
});
