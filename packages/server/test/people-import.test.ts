import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestTilts, createWorld, type TestTilts, type World } from './support/harness.ts';

const fixtures = join(import.meta.dirname, 'fixtures', 'people');
const fixture = (name: string) => readFile(join(fixtures, name));

let t: TestTilts;
let world: World;
let coordinator: string;
let admin: string;

beforeAll(async () => {
  t = await createTestTilts();
  world = await createWorld(t);
  coordinator = await t.signIn('coordinator@a.test');
  admin = await t.signIn('admin@a.test');
});
afterAll(() => t?.close());

function upload(kind: string, body: Buffer, cookie = coordinator, lang = 'lv') {
  return t.request('POST', `/api/imports/${kind}?filename=${kind}.csv`, {
    cookie,
    body,
    headers: { 'content-type': 'text/csv', 'accept-language': lang },
  });
}
const confirm = (id: string, cookie = coordinator) =>
  t.request('POST', `/api/imports/${id}/confirm`, { cookie });

async function learnersOfSchool() {
  return t.deps.db
    .selectFrom('memberships as m')
    .innerJoin('users as u', 'u.id', 'm.user_id')
    .select(['u.id', 'u.email', 'u.given_name', 'u.family_name', 'u.password_hash'])
    .where('m.school_id', '=', world.schoolA.id)
    .where('m.role', '=', 'learner')
    .orderBy('u.email')
    .execute();
}

describe('learner import (UTF-8 and Windows-1257)', () => {
  it('previews each row and its problems, masks personal data in the preview, and writes nothing', async () => {
    const before = await learnersOfSchool();
    const res = await upload('learners', await fixture('learners-utf8.csv'));
    expect(res.status).toBe(200);
    const preview = res.json();
    expect(preview).toMatchObject({
      kind: 'learners',
      encoding: 'utf-8',
      rows: 7,
      counts: { new: 3, update: 0, unchanged: 0, problems: 4 },
      ignoredColumns: [],
    });
    expect(preview.problems.map((p: any) => [p.line, p.column, p.message])).toEqual([
      [5, 'Personas kods', 'Personas koda kontrolcipars nesakrīt: pārbaudiet, vai kods uzrakstīts pareizi.'],
      [6, 'E-pasts', 'Šis e-pasts jau ir failā 2. rindā: viens cilvēks ir viena rinda.'],
      [7, 'Dzimšanas datums', 'Datumu rakstiet kā dd.mm.gggg (piemēram, 14.09.2005) vai gggg-mm-dd.'],
      [
        8,
        'Personas kods',
        'Personas kods norāda citu dzimšanas datumu (30.11.2007) nekā kolonna “Dzimšanas datums”.',
      ],
    ]);
    expect(preview.sample[0]).toMatchObject({
      line: 2,
      status: 'new',
      values: {
        givenName: 'Ģirts',
        familyName: 'Ķēniņš',
        nationalId: '●●●●●●●●●●30',
        dateOfBirth: '●●●●●●●●08',
      },
    });
    // nothing saved, and the stored batch holds no personal code or birth date in plain text
    expect(await learnersOfSchool()).toEqual(before);
    const batch = await t.deps.db
      .selectFrom('import_batches')
      .select('rows')
      .where('id', '=', preview.id)
      .executeTakeFirstOrThrow();
    const stored = JSON.stringify(batch.rows);
    expect(stored).not.toContain('140908-21230');
    expect(stored).not.toContain('2008-09-14');
    expect(stored).not.toContain('14.09.2008');
  });

  it('names the problems in English for an English reader', async () => {
    const res = await upload('learners', await fixture('learners-utf8.csv'), coordinator, 'en');
    expect(res.json().problems[0]).toMatchObject({
      line: 5,
      column: 'Personal code',
      message: "The personal code's check digit does not match: check how it is written.",
    });
  });

  it('on confirmation makes learners of the school without passwords, with sealed personal data', async () => {
    const preview = (await upload('learners', await fixture('learners-utf8.csv'))).json();
    const res = await confirm(preview.id);
    expect(res.status).toBe(200);
    expect(res.json()).toMatchObject({ created: 3, updated: 0, unchanged: 0, skipped: 4 });
    const learners = await learnersOfSchool();
    const girts = learners.find((l) => l.email === 'girts.kenins@skola.example.lv')!;
    expect(girts).toMatchObject({ given_name: 'Ģirts', family_name: 'Ķēniņš', password_hash: null });
    expect(learners.map((l) => l.email)).toEqual(
      expect.arrayContaining(['zanete.snore@skola.example.lv', 'una.edelmane@skola.example.lv']),
    );
    expect(learners.map((l) => l.email)).not.toContain('anna.berzina@skola.example.lv');

    const raw = await t.deps.db
      .selectFrom('learner_profiles')
      .selectAll()
      .where('user_id', '=', girts.id)
      .executeTakeFirstOrThrow();
    expect(raw).toMatchObject({ group_name: 'MT-21', date_of_birth: null, guardian_name: 'Līga Ķēniņa' });
    expect(raw.national_id_sealed).toMatch(/^v1\./);
    expect(raw.national_id_sealed).not.toContain('140908');

    const profile = await t.request('GET', `/api/learners/${girts.id}/profile`, { cookie: coordinator });
    expect(profile.json()).toMatchObject({
      dateOfBirth: '2008-09-14',
      nationalId: '140908-21230',
      groupName: 'MT-21',
      personalData: 'shown',
    });
    // the old-format code gave Žanete's birth date although the file had none
    const zanete = learners.find((l) => l.email === 'zanete.snore@skola.example.lv')!;
    const hers = await t.request('GET', `/api/learners/${zanete.id}/profile`, { cookie: coordinator });
    expect(hers.json()).toMatchObject({ dateOfBirth: '2009-03-02', nationalId: '020309-24562' });

    const audit = await t.deps.db
      .selectFrom('audit_log')
      .select(['after'])
      .where('action', '=', 'import.applied')
      .where('entity_id', '=', preview.id)
      .executeTakeFirstOrThrow();
    expect(JSON.stringify(audit.after)).toContain(girts.id);
    expect(JSON.stringify(audit.after)).not.toContain('140908');
  });

  it('a second import of the same file changes nothing', async () => {
    const before = await learnersOfSchool();
    const preview = (await upload('learners', await fixture('learners-utf8.csv'))).json();
    expect(preview.counts).toEqual({ new: 0, update: 0, unchanged: 3, problems: 4 });
    const res = await confirm(preview.id);
    expect(res.json()).toMatchObject({ created: 0, updated: 0, unchanged: 3, skipped: 4 });
    expect(await learnersOfSchool()).toEqual(before);
  });

  it('reads the same people from a Windows-1257 file, Latvian letters and all, and updates only what changed', async () => {
    const res = await upload('learners', await fixture('learners-windows-1257.csv'));
    const preview = res.json();
    expect(preview).toMatchObject({ encoding: 'windows-1257', counts: { new: 0, update: 1, unchanged: 2 } });
    expect(preview.sample[2].values).toMatchObject({
      givenName: 'Ūna',
      familyName: 'Ēdelmane',
      group: 'ĀP-23',
    });
    expect((await confirm(preview.id)).json()).toMatchObject({ created: 0, updated: 1, unchanged: 2 });
    const una = (await learnersOfSchool()).find((l) => l.email === 'una.edelmane@skola.example.lv')!;
    const profile = await t.request('GET', `/api/learners/${una.id}/profile`, { cookie: coordinator });
    expect(profile.json()).toMatchObject({
      groupName: 'ĀP-23',
      nationalId: '321234-56785',
      dateOfBirth: '2007-11-30',
    });
  });

  it('does not turn a member of staff into a learner', async () => {
    const file = Buffer.from('Vārds;Uzvārds;E-pasts\nĒriks;Žubīts;teacher@a.test\n', 'utf8');
    const preview = (await upload('learners', file)).json();
    expect(preview.problems).toEqual([
      expect.objectContaining({
        line: 2,
        field: 'email',
        message: expect.stringContaining('jau ir ar citu lomu (teacher)'),
      }),
    ]);
  });
});

describe('staff import', () => {
  it('is the admin’s: a coordinator may not import staff', async () => {
    const res = await upload('staff', await fixture('staff.csv'));
    expect(res.status).toBe(403);
  });

  it('adds coordinators and teachers, refuses an unknown role, and is idempotent', async () => {
    const preview = (await upload('staff', await fixture('staff.csv'), admin)).json();
    expect(preview.counts).toEqual({ new: 2, update: 0, unchanged: 0, problems: 1 });
    expect(preview.problems[0]).toMatchObject({ line: 4, column: 'Loma' });
    expect((await confirm(preview.id, admin)).json()).toMatchObject({ created: 2 });
    const roles = await t.deps.db
      .selectFrom('memberships as m')
      .innerJoin('users as u', 'u.id', 'm.user_id')
      .select(['u.email', 'm.role'])
      .where('m.school_id', '=', world.schoolA.id)
      .where('u.email', 'like', '%@skola.example.lv')
      .where('m.role', '!=', 'learner')
      .orderBy('u.email')
      .execute();
    expect(roles).toEqual([
      { email: 'inese.vitola@skola.example.lv', role: 'coordinator' },
      { email: 'janis.abele@skola.example.lv', role: 'teacher' },
    ]);
    const again = (await upload('staff', await fixture('staff.csv'), admin)).json();
    expect(again.counts).toEqual({ new: 0, update: 0, unchanged: 2, problems: 1 });
  });

  it('a new person signs in by an e-mailed link', async () => {
    const res = await t.request('POST', '/api/auth/magic-link/request', {
      body: { email: 'janis.abele@skola.example.lv' },
    });
    expect(res.status).toBeLessThan(300);
    const mail = await t.deps.db
      .selectFrom('mail_messages')
      .select('to_address')
      .where('to_address', '=', 'janis.abele@skola.example.lv')
      .execute();
    expect(mail).toHaveLength(1);
  });
});
