import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../src/app.ts';
import { createUser } from '../src/demo/factories.ts';
import {
  createTemplate,
  download,
  issue,
  TEST_MASTER_KEY,
  templateBody,
  verifyOverHttp,
} from './support/credentials.ts';
import {
  createTestTilts,
  createWorld,
  PASSWORD,
  PUBLIC_URL,
  type TestTilts,
  type World,
} from './support/harness.ts';

let t: TestTilts;
let world: World;
let admin: string;
let coordinator: string;
let teacher: string;
let learner: string;

beforeAll(async () => {
  t = await createTestTilts({ TILTS_MASTER_KEY: TEST_MASTER_KEY });
  world = await createWorld(t);
  admin = await t.signIn('admin@a.test');
  coordinator = await t.signIn('coordinator@a.test');
  teacher = await t.signIn('teacher@a.test');
  learner = await t.signIn('learner@a.test');
});
afterAll(() => t?.close());

const DID_A = 'did:web:tilts.test:schools:a';

describe('templates', () => {
  it('lets an admin define a template with every EU element, and a teacher read it', async () => {
    const created = await createTemplate(t, admin);
    const res = await t.request('GET', `/api/credentials/templates/${created.id}`, { cookie: teacher });
    expect(res.status).toBe(200);
    expect(res.json()).toMatchObject({
      title: 'Metināšana ar MIG/MAG metodi',
      documentType: 'module_certificate',
      ects: 3,
      hours: 80,
      eqfLevel: 4,
      lkiLevel: 4,
      assessmentType: 'exam',
      participationMode: 'blended',
      learningSetting: 'formal',
      identityVerification: 'onsite_id',
      archived: false,
    });
    expect(res.json().learningOutcomes).toHaveLength(3);
    expect(res.json().learningOutcomes[0].id).toMatch(/^[0-9a-f-]{36}$/);
    const list = await t.request('GET', '/api/credentials/templates?q=MIG', { cookie: teacher });
    expect(list.json().items.map((i: { id: string }) => i.id)).toContain(created.id);
  });

  it('names each missing mandatory element in Latvian, and refuses a coordinator and another school', async () => {
    const res = await t.request('POST', '/api/credentials/templates', {
      cookie: admin,
      body: { ...templateBody(), title: '', learningOutcomes: [], qualityAssurance: '', hours: 0 },
    });
    expect(res.status).toBe(400);
    const fields = res.json().error.fields;
    expect(fields.title).toBe('Jābūt vismaz 2 rakstzīmēm.');
    expect(fields.qualityAssurance).toBe('Jābūt vismaz 3 rakstzīmēm.');
    expect(Object.keys(fields)).toEqual(
      expect.arrayContaining(['title', 'learningOutcomes', 'qualityAssurance', 'hours']),
    );
    expect(
      (await t.request('POST', '/api/credentials/templates', { cookie: coordinator, body: templateBody() }))
        .status,
    ).toBe(403);
    const mine = await createTemplate(t, admin, { title: 'Mūsu veidne' });
    const other = await t.signIn('admin@b.test');
    expect((await t.request('GET', `/api/credentials/templates/${mine.id}`, { cookie: other })).status).toBe(
      404,
    );
  });

  it('refuses a template made of itself, directly or through a part', async () => {
    const part = await createTemplate(t, admin, { title: 'Daļa' });
    const whole = await createTemplate(t, admin, { title: 'Vesels', partIds: [part.id] });
    const res = await t.request('PUT', `/api/credentials/templates/${part.id}`, {
      cookie: admin,
      body: templateBody({ title: 'Daļa', partIds: [whole.id] }),
    });
    expect(res.status).toBe(400);
    expect(res.json().error.fields.partIds).toMatch(/nevar sastāvēt no sevis/);
  });
});

describe('keys and the DID document', () => {
  it('generates the school key on first look, serves the DID document, and rotates with the old key kept', async () => {
    const first = await t.request('GET', '/api/credentials/issuer', { cookie: admin });
    expect(first.status).toBe(200);
    expect(first.json()).toMatchObject({
      did: DID_A,
      signingEnabled: true,
      didDocumentUrl: `${PUBLIC_URL}/schools/a/did.json`,
    });
    expect(first.json().keys).toHaveLength(1);
    const stored = await t.deps.db
      .selectFrom('credential_keys')
      .select('secret_key_sealed')
      .executeTakeFirstOrThrow();
    expect(stored.secret_key_sealed).toMatch(/^v1\./);

    const template = await createTemplate(t, admin, { title: 'Pirms rotācijas' });
    const before = await issue(t, coordinator, {
      templateId: template.id,
      learnerId: world.users.learner.id,
    });

    const rotated = await t.request('POST', '/api/credentials/issuer/rotate-key', { cookie: admin });
    expect(rotated.status).toBe(200);
    expect(
      rotated
        .json()
        .keys.map((k: { keyNo: number; retiredAt: string | null }) => [k.keyNo, k.retiredAt === null]),
    ).toEqual([
      [2, true],
      [1, false],
    ]);
    const doc = await t.request('GET', '/schools/a/did.json');
    expect(doc.status).toBe(200);
    const did = JSON.parse(doc.body);
    expect(did['@context'][0]).toBe('https://www.w3.org/ns/did/v1');
    expect(did.assertionMethod).toEqual([`${DID_A}#key-1`, `${DID_A}#key-2`]);

    const after = await issue(t, coordinator, { templateId: template.id, learnerId: world.users.learner.id });
    const oldOne = await download(t, learner, before);
    const newOne = await download(t, learner, after);
    expect(oldOne.proof[0].verificationMethod).toBe(`${DID_A}#key-1`);
    expect(newOne.proof[0].verificationMethod).toBe(`${DID_A}#key-2`);
    expect((await verifyOverHttp(t, oldOne)).result).toMatchObject({ verified: true, failed: [] });
    expect((await verifyOverHttp(t, newOne)).result).toMatchObject({ verified: true, failed: [] });

    const audit = await t.deps.db
      .selectFrom('audit_log')
      .select('action')
      .where('action', 'like', 'credential_key.%')
      .execute();
    expect(audit.map((a) => a.action)).toEqual(
      expect.arrayContaining(['credential_key.created', 'credential_key.rotated']),
    );
    expect((await t.request('GET', '/schools/nobody/did.json')).status).toBe(404);
  });

  it('lets only an admin see and rotate keys', async () => {
    expect((await t.request('GET', '/api/credentials/issuer', { cookie: coordinator })).status).toBe(403);
    expect((await t.request('POST', '/api/credentials/issuer/rotate-key', { cookie: teacher })).status).toBe(
      403,
    );
  });
});

describe('issuing', () => {
  it('issues a credential carrying every element, which the learner lists and downloads', async () => {
    await t.request('PUT', '/api/credentials/issuer', {
      cookie: admin,
      body: { region: 'Rīga', website: '' },
    });
    const template = await createTemplate(t, admin, { title: 'Elektroinstalācija' });
    const id = await issue(t, teacher, {
      templateId: template.id,
      learnerId: world.users.learner.id,
      grade: '9',
    });
    const mine = await t.request('GET', '/api/my/credentials', { cookie: learner });
    expect(mine.json().items.find((c: { id: string }) => c.id === id)).toMatchObject({
      title: 'Elektroinstalācija',
      schoolName: 'Rīgas Valsts tehnikums',
      state: 'active',
      grade: '9',
    });
    const vc = await download(t, learner, id);
    expect(vc.type).toEqual(['VerifiableCredential', 'AchievementCredential']);
    expect(vc.issuer).toMatchObject({
      id: DID_A,
      name: 'Rīgas Valsts tehnikums',
      address: { addressCountryCode: 'LV', addressRegion: 'Rīga' },
    });
    const a = vc.credentialSubject.achievement;
    expect(a).toMatchObject({
      name: 'Elektroinstalācija',
      achievementType: 'MicroCredential',
      creditsAvailable: 3,
      workloadHours: 80,
      documentType: 'module-certificate',
      assessmentType: 'exam',
      participationMode: 'blended',
      learningSetting: 'formal',
      identityVerification: 'onsite-id',
      prerequisites: 'Darba drošības instruktāža',
    });
    expect(a.alignment.filter((x: any) => x.targetType === 'ceasn:Competency')).toHaveLength(3);
    expect(a.alignment.find((x: any) => x.targetType === 'ext:EQFLevel').targetUrl).toBe(
      'http://data.europa.eu/snb/eqf/4',
    );
    expect(vc.credentialSubject.identifier[0].identityHash).toBe('Ēriks Žubīts-learner');
    expect(vc.credentialSubject.result[0].value).toBe('9');
    expect(vc.credentialStatus).toMatchObject({
      type: 'BitstringStatusListEntry',
      statusPurpose: 'revocation',
      statusListCredential: `${PUBLIC_URL}/api/credentials/status/a/revocation/0`,
    });
    expect(vc.proof[0]).toMatchObject({ type: 'DataIntegrityProof', cryptosuite: 'eddsa-rdfc-2022' });
    expect(
      (await t.request('GET', `/api/my/credentials/${id}/credential.json`, { cookie: teacher })).status,
    ).toBe(404);
  });

  it('refuses a person of another school, an archived template and a stack whose parts are missing', async () => {
    const template = await createTemplate(t, admin, { title: 'Arhivējamā' });
    const stranger = await t.request('POST', '/api/credentials', {
      cookie: coordinator,
      body: { templateId: template.id, learnerId: world.otherAdmin.id },
    });
    expect(stranger.status).toBe(400);
    expect(stranger.json().error.fields.learnerId).toBe('Šis cilvēks nav šīs skolas lietotājs.');
    await t.request('PATCH', `/api/credentials/templates/${template.id}/archived`, {
      cookie: admin,
      body: { archived: true },
    });
    const archived = await t.request('POST', '/api/credentials', {
      cookie: coordinator,
      body: { templateId: template.id, learnerId: world.users.learner.id },
    });
    expect(archived.status).toBe(409);

    const part = await createTemplate(t, admin, { title: 'Moduļa daļa A' });
    const stack = await createTemplate(t, admin, {
      title: 'Kvalifikācijas daļa',
      partIds: [part.id],
      documentType: 'qualification_part',
    });
    const early = await t.request('POST', '/api/credentials', {
      cookie: coordinator,
      body: { templateId: stack.id, learnerId: world.users.learner.id },
    });
    expect(early.status).toBe(409);
    expect(early.json().error.fields.templateId).toMatch(/vēl nav visu apliecinājumu/);
    const partId = await issue(t, coordinator, { templateId: part.id, learnerId: world.users.learner.id });
    const stackId = await issue(t, coordinator, { templateId: stack.id, learnerId: world.users.learner.id });
    const vc = await download(t, learner, stackId);
    expect(vc.credentialSubject.achievement.hasPart).toEqual([`urn:uuid:${part.id}`]);
    expect(vc.evidence[0]).toMatchObject({ id: `urn:uuid:${partId}`, name: 'Moduļa daļa A' });
    const check = await verifyOverHttp(t, vc);
    expect(check.result.verified).toBe(true);
    expect(check.result.credential.parts).toEqual([{ id: `urn:uuid:${partId}`, name: 'Moduļa daļa A' }]);
  });

  it('lets staff list and export what was issued; a learner and a supervisor may not issue', async () => {
    const list = await t.request('GET', '/api/credentials?q=Elektro', { cookie: coordinator });
    expect(list.status).toBe(200);
    expect(list.json().items[0]).toMatchObject({
      title: 'Elektroinstalācija',
      learnerName: 'Ēriks Žubīts-learner',
    });
    const csv = await t.request('GET', '/api/credentials.csv?q=Elektro', { cookie: coordinator });
    expect(csv.body).toContain('Elektroinstalācija');
    for (const cookie of [learner, await t.signIn('supervisor@a.test')]) {
      expect((await t.request('POST', '/api/credentials', { cookie, body: {} })).status).toBe(403);
    }
  });
});

describe('revoke, suspend and the status list', () => {
  it('suspends, reinstates and revokes with a reason; the public status list and verification follow at once', async () => {
    const template = await createTemplate(t, admin, { title: 'Statusa pārbaude' });
    const id = await issue(t, coordinator, { templateId: template.id, learnerId: world.users.learner.id });
    const vc = await download(t, learner, id);

    const suspend = await t.request('POST', `/api/credentials/${id}/status`, {
      cookie: coordinator,
      body: { action: 'suspend', reason: 'Pārbauda dokumentus' },
    });
    expect(suspend.json()).toEqual({ state: 'suspended' });
    let check = await verifyOverHttp(t, vc);
    expect(check.result.verified).toBe(false);
    expect(check.result.failed).toEqual(['suspension']);
    expect(check.result.checks.find((c: any) => c.id === 'suspension').message).toBe(
      'The issuer has suspended this credential.',
    );

    await t.request('POST', `/api/credentials/${id}/status`, {
      cookie: coordinator,
      body: { action: 'reinstate', reason: 'Dokumenti kārtībā' },
    });
    expect((await verifyOverHttp(t, vc)).result.verified).toBe(true);

    const listBefore = (await t.request('GET', '/api/credentials/status/a/revocation/0')).body;
    await t.request('POST', `/api/credentials/${id}/status`, {
      cookie: admin,
      body: { action: 'revoke', reason: 'Izsniegts kļūdaini' },
    });
    const listAfter = await t.request('GET', '/api/credentials/status/a/revocation/0');
    expect(listAfter.status).toBe(200);
    expect(listAfter.headers['cache-control']).toBe('no-cache');
    expect(listAfter.body).not.toBe(listBefore);
    const list = JSON.parse(listAfter.body);
    expect(list.type).toContain('BitstringStatusListCredential');
    expect(list.issuer).toBe(vc.issuer.id);
    check = await verifyOverHttp(t, vc);
    expect(check.result.failed).toEqual(['revocation']);
    expect(check.result.checks.find((c: any) => c.id === 'revocation').message).toBe(
      'The issuer has revoked this credential.',
    );

    const again = await t.request('POST', `/api/credentials/${id}/status`, {
      cookie: admin,
      body: { action: 'reinstate', reason: 'Mēģinājums' },
    });
    expect(again.status).toBe(409);
    const audit = await t.deps.db
      .selectFrom('audit_log')
      .select(['action', 'after'])
      .where('entity_id', '=', id)
      .orderBy('id')
      .execute();
    expect(audit.map((a) => a.action)).toEqual([
      'credential.issued',
      'credential.suspended',
      'credential.reinstated',
      'credential.revoked',
    ]);
    expect(audit[3]!.after).toMatchObject({ state: 'revoked', reason: 'Izsniegts kļūdaini' });
    expect(
      (
        await t.request('POST', `/api/credentials/${id}/status`, {
          cookie: teacher,
          body: { action: 'revoke', reason: 'xyz' },
        })
      ).status,
    ).toBe(403);
  });
});

describe('share links', () => {
  it('opens the credential and its verification by link, until the learner revokes it or it expires', async () => {
    const template = await createTemplate(t, admin, { title: 'Kopīgojamais' });
    const id = await issue(t, coordinator, { templateId: template.id, learnerId: world.users.learner.id });
    const share = await t.request('POST', `/api/my/credentials/${id}/shares`, {
      cookie: learner,
      body: { label: 'Darba devējam', expiresOn: null },
    });
    expect(share.status).toBe(200);
    const token = share.json().url.split('/v/')[1];
    expect(share.json().url).toBe(`${PUBLIC_URL}/v/${token}`);
    const open = await t.request('GET', `/api/shared/${token}`, { headers: { 'accept-language': 'lv' } });
    expect(open.status).toBe(200);
    expect(open.json().verification).toMatchObject({ verified: true, credential: { title: 'Kopīgojamais' } });
    expect(open.json().verification.checks[0].message).toBe('Apjoms ir pieņemams.');

    const someoneElse = await t.request('POST', `/api/my/credentials/${id}/shares`, {
      cookie: teacher,
      body: {},
    });
    expect(someoneElse.status).toBe(404);
    expect((await t.request('DELETE', `/api/my/shares/${share.json().id}`, { cookie: teacher })).status).toBe(
      404,
    );
    expect((await t.request('DELETE', `/api/my/shares/${share.json().id}`, { cookie: learner })).status).toBe(
      200,
    );
    expect((await t.request('GET', `/api/shared/${token}`)).status).toBe(410);

    const dated = await t.request('POST', `/api/my/credentials/${id}/shares`, {
      cookie: learner,
      body: { expiresOn: '2999-12-31' },
    });
    const datedToken = dated.json().url.split('/v/')[1];
    expect((await t.request('GET', `/api/shared/${datedToken}`)).status).toBe(200);
    await t.deps.db
      .updateTable('credential_shares')
      .set({ expires_at: new Date(Date.now() - 1000) })
      .where('token', '=', datedToken)
      .execute();
    expect((await t.request('GET', `/api/shared/${datedToken}`)).status).toBe(410);

    const linkedIn = await t.request('POST', `/api/my/credentials/${id}/linkedin`, { cookie: learner });
    const url = new URL(linkedIn.json().url);
    expect(url.origin + url.pathname).toBe('https://www.linkedin.com/profile/add');
    expect(url.searchParams.get('name')).toBe('Kopīgojamais');
    expect(url.searchParams.get('organizationName')).toBe('Rīgas Valsts tehnikums');
    expect(url.searchParams.get('certUrl')).toBe(linkedIn.json().shareUrl);
  });
});

describe('without a master key', () => {
  it('on a PostgreSQL server, signing answers 503 naming TILTS_MASTER_KEY while verification still works', async () => {
    const config = {
      ...t.deps.config,
      DATABASE_URL: 'postgres://elsewhere@127.0.0.1:5432/x',
      TILTS_MASTER_KEY: undefined,
    };
    const app = await buildApp({ ...t.deps, config }, { logger: false });
    try {
      const login = await app.inject({
        method: 'POST',
        url: '/api/auth/login',
        headers: { origin: PUBLIC_URL },
        payload: { email: 'admin@a.test', password: PASSWORD },
      });
      const cookie = String(login.headers['set-cookie']).split(';')[0]!;
      const template = await createTemplate(t, admin, { title: 'Bez atslēgas' });
      const res = await app.inject({
        method: 'POST',
        url: '/api/credentials',
        headers: { origin: PUBLIC_URL, cookie, 'accept-language': 'en' },
        payload: { templateId: template.id, learnerId: world.users.learner.id },
      });
      expect(res.statusCode).toBe(503);
      expect(res.json().error).toMatchObject({
        code: 'signing_unavailable',
        message: expect.stringContaining('TILTS_MASTER_KEY'),
      });
      const issuer = await app.inject({ method: 'GET', url: '/api/credentials/issuer', headers: { cookie } });
      expect(issuer.json().signingEnabled).toBe(false);
    } finally {
      await app.close();
    }
  });
});

describe('people without an account', () => {
  it('issues to a learner created by the factories too (not only demo users)', async () => {
    const person = await createUser(t.deps.db, {
      email: 'jauns@a.test',
      givenName: 'Ņina',
      familyName: 'Ķēniņa',
      password: PASSWORD,
      schoolId: world.schoolA.id,
      role: 'learner',
    });
    const template = await createTemplate(t, admin, { title: 'Jaunam audzēknim' });
    const id = await issue(t, coordinator, { templateId: template.id, learnerId: person.id });
    const cookie = await t.signIn('jauns@a.test');
    expect((await download(t, cookie, id)).credentialSubject.identifier[0].identityHash).toBe('Ņina Ķēniņa');
  });
});
