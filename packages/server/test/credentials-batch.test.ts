import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createUser } from '../src/demo/factories.ts';
import { createTemplate, download, TEST_MASTER_KEY, verifyOverHttp } from './support/credentials.ts';
import { createTestTilts, createWorld, PASSWORD, type TestTilts, type World } from './support/harness.ts';

let t: TestTilts;
let world: World;
let admin: string;
let coordinator: string;
let templateId: string;

// Windows-1257 (Baltic) bytes for the Latvian letters; everything else here is ASCII.
const baltic: Record<string, number> = {
  ā: 0xe2,
  č: 0xe8,
  ē: 0xe7,
  ģ: 0xec,
  ī: 0xee,
  ķ: 0xed,
  ļ: 0xef,
  ņ: 0xf2,
  š: 0xf0,
  ū: 0xfb,
  ž: 0xfe,
  Ā: 0xc2,
  Č: 0xc8,
  Ē: 0xc7,
  Ģ: 0xcc,
  Ī: 0xce,
  Ķ: 0xcd,
  Ļ: 0xcf,
  Ņ: 0xd2,
  Š: 0xd0,
  Ū: 0xdb,
  Ž: 0xde,
};
const windows1257 = (text: string) => Buffer.from([...text].map((ch) => baltic[ch] ?? ch.charCodeAt(0)));

async function post(url: string, body: Buffer | string) {
  return t.request('POST', url, {
    cookie: coordinator,
    body: typeof body === 'string' ? Buffer.from(body, 'utf8') : body,
    headers: { 'content-type': 'text/csv' },
  });
}

beforeAll(async () => {
  t = await createTestTilts({ TILTS_MASTER_KEY: TEST_MASTER_KEY });
  world = await createWorld(t);
  admin = await t.signIn('admin@a.test');
  coordinator = await t.signIn('coordinator@a.test');
  templateId = (await createTemplate(t, admin, { title: 'Kursa apliecinājums' })).id;
  for (const [given, family] of [
    ['Līga', 'Krūmiņa'],
    ['Jānis', 'Bērziņš'],
    ['Jānis', 'Bērziņš'],
  ]) {
    await createUser(t.deps.db, {
      email: `${given}.${family}.${Math.random().toString(36).slice(2, 6)}@a.test`.toLowerCase(),
      givenName: given!,
      familyName: family!,
      password: PASSWORD,
      schoolId: world.schoolA.id,
      role: 'learner',
    });
  }
});
afterAll(() => t?.close());

describe('batch issue from a CSV', () => {
  it('previews each row with the learner it means and its problems, reading UTF-8', async () => {
    const csv = [
      'e-pasts;vārds;uzvārds;vērtējums',
      'learner@a.test;;;9',
      'jauns.audzeknis@a.test;Ņikita;Čaika;8',
      'nav-epasts;Anna;Ozola;7',
      ';Līga;Krūmiņa;10',
      ';Jānis;Bērziņš;6',
      ';Neviens;Nezināms;5',
      'learner@a.test;;;9',
    ].join('\n');
    const res = await post(`/api/credentials/batches/preview?templateId=${templateId}`, csv);
    expect(res.status).toBe(200);
    const preview = res.json();
    expect(preview.encoding).toBe('utf-8');
    expect(preview.rows.map((r: any) => [r.rowNo, r.action, r.problems])).toEqual([
      [2, 'match', []],
      [3, 'create', []],
      [4, 'skip', ['email_invalid']],
      [5, 'match', []],
      [6, 'skip', ['learner_ambiguous']],
      [7, 'skip', ['learner_unknown']],
      [8, 'skip', ['duplicate']],
    ]);
    expect(preview.rows[1]).toMatchObject({ givenName: 'Ņikita', familyName: 'Čaika', grade: '8' });
    expect(preview).toMatchObject({ ready: 3, withProblems: 4 });
  });

  it('reads a Windows-1257 file with Latvian letters intact', async () => {
    const csv = windows1257('e-pasts,vārds,uzvārds\r\ngirts.zagars@a.test,Ģirts,Žagars\r\n');
    const res = await post(`/api/credentials/batches/preview?templateId=${templateId}`, csv);
    expect(res.status).toBe(200);
    expect(res.json().encoding).toBe('windows-1257');
    expect(res.json().rows[0]).toMatchObject({ givenName: 'Ģirts', familyName: 'Žagars', action: 'create' });
  });

  it('names a file without the needed columns', async () => {
    const res = await post(`/api/credentials/batches/preview?templateId=${templateId}`, 'kaut kas\n1\n');
    expect(res.status).toBe(400);
    expect(res.json().error.fields.file).toMatch(/email/);
  });

  it('refuses a batch with problems or new learners not allowed, then issues all in the background job', async () => {
    const csv = [
      'email,given_name,family_name,grade',
      'learner@a.test,,,9',
      'ilze.jauna@a.test,Ilze,Jaunā,7',
    ].join('\n');
    const refused = await post(`/api/credentials/batches?templateId=${templateId}&createMissing=false`, csv);
    expect(refused.status).toBe(400);
    expect(refused.json().error.fields.file).toMatch(/izveidot jaunus audzēkņus/);

    const created = await post(`/api/credentials/batches?templateId=${templateId}&createMissing=true`, csv);
    expect(created.status).toBe(200);
    const batch = created.json();
    expect(batch).toMatchObject({
      status: 'queued',
      total: 2,
      done: 0,
      templateTitle: 'Kursa apliecinājums',
    });
    // The job was written in the same transaction as the batch, with the batch id only.
    const jobs = await sql<{
      data: { batchId: string };
    }>`select data from pgboss.job where name = 'credentials.issueBatch'`.execute(t.deps.db);
    expect(jobs.rows.map((j) => j.data)).toContainEqual({ batchId: batch.id });

    await t.deps.jobs.runNow('credentials.issueBatch', { batchId: batch.id });
    const after = await t.request('GET', `/api/credentials/batches/${batch.id}`, { cookie: coordinator });
    expect(after.json()).toMatchObject({ status: 'done', total: 2, done: 2, failed: 0 });

    const list = await t.request('GET', `/api/credentials?batchId=${batch.id}`, { cookie: coordinator });
    expect(
      list
        .json()
        .items.map((c: any) => [c.learnerName, c.grade])
        .sort(),
    ).toEqual([
      ['Ilze Jaunā', '7'],
      ['Ēriks Žubīts-learner', '9'],
    ]);
    const learner = await t.signIn('learner@a.test');
    const id = list.json().items.find((c: any) => c.grade === '9').id;
    const vc = await download(t, learner, id);
    expect((await verifyOverHttp(t, vc)).result).toMatchObject({ verified: true, failed: [] });
    const newcomer = await t.deps.db
      .selectFrom('memberships as m')
      .innerJoin('users as u', 'u.id', 'm.user_id')
      .select(['m.role'])
      .where('u.email', '=', 'ilze.jauna@a.test')
      .executeTakeFirstOrThrow();
    expect(newcomer.role).toBe('learner');

    // Running the job again (a retry after a crash) issues nothing twice.
    await t.deps.jobs.runNow('credentials.issueBatch', { batchId: batch.id });
    const again = await t.request('GET', `/api/credentials?batchId=${batch.id}`, { cookie: coordinator });
    expect(again.json().total).toBe(2);
  });

  it('signs a larger batch in the worker pool, every credential at its own status position', async () => {
    const rows = ['email,given_name,family_name,grade'];
    for (let i = 0; i < 120; i++) rows.push(`audzeknis${i}@a.test,Audzēknis,Nr${i},${(i % 10) + 1}`);
    const created = await post(
      `/api/credentials/batches?templateId=${templateId}&createMissing=true`,
      rows.join('\n'),
    );
    expect(created.status).toBe(200);
    await t.deps.jobs.runNow('credentials.issueBatch', { batchId: created.json().id });
    const done = await t.request('GET', `/api/credentials/batches/${created.json().id}`, {
      cookie: coordinator,
    });
    expect(done.json()).toMatchObject({ status: 'done', done: 120, failed: 0 });
    const positions = await t.deps.db
      .selectFrom('credentials')
      .select((eb) => [eb.fn.count('status_index').distinct().as('distinct'), eb.fn.countAll().as('all')])
      .where('school_id', '=', world.schoolA.id)
      .executeTakeFirstOrThrow();
    expect(Number(positions.distinct)).toBe(Number(positions.all));
  });

  it('lets only an admin or coordinator issue in bulk', async () => {
    const teacher = await t.signIn('teacher@a.test');
    const res = await t.request('POST', `/api/credentials/batches/preview?templateId=${templateId}`, {
      cookie: teacher,
      body: Buffer.from('email\nlearner@a.test\n'),
      headers: { 'content-type': 'text/csv' },
    });
    expect(res.status).toBe(403);
  });
});
