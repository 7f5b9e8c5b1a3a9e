import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DataIntegrityProof } from '@digitalbazaar/data-integrity';
import * as Ed25519Multikey from '@digitalbazaar/ed25519-multikey';
import { cryptosuite } from '@digitalbazaar/eddsa-rdfc-2022-cryptosuite';
import * as vc from '@digitalbazaar/vc';
import { Ajv2019 } from 'ajv/dist/2019.js';
import addFormats from 'ajv-formats';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { masterKeyBytes } from '../src/config.ts';
import { knownContexts } from '../src/features/credentials/contexts.ts';
import { keyContext } from '../src/features/credentials/credentials.repository.ts';
import { unseal } from '../src/features/credentials/master-key.ts';
import { createTemplate, download, issue, TEST_MASTER_KEY, verifyOverHttp } from './support/credentials.ts';
import { createTestTilts, createWorld, type TestTilts, type World } from './support/harness.ts';

let t: TestTilts;
let world: World;
let admin: string;
let learner: string;
let issued: Record<string, any>;
let credentialId: string;

const DID_A = 'did:web:tilts.test:schools:a';

beforeAll(async () => {
  t = await createTestTilts({ TILTS_MASTER_KEY: TEST_MASTER_KEY });
  world = await createWorld(t);
  admin = await t.signIn('admin@a.test');
  learner = await t.signIn('learner@a.test');
  const template = await createTemplate(t, admin);
  credentialId = await issue(t, admin, {
    templateId: template.id,
    learnerId: world.users.learner.id,
    grade: '8',
  });
  issued = await download(t, learner, credentialId);
});
afterAll(() => t?.close());

/**
 * A verifier that is not Tilts: the public contexts from their npm packages, and did:web resolved by
 * asking Tilts over HTTP for /schools/<slug>/did.json, as a did:web resolver would (locally).
 */
function outsideLoader() {
  return async (url: string) => {
    const context = knownContexts.get(url);
    if (context) return { document: context, documentUrl: url, contextUrl: null };
    if (url.startsWith('did:web:')) {
      const [did, fragment] = url.split('#');
      const path = did!.split(':').slice(3).join('/');
      const res = await t.request('GET', `/${path}/did.json`);
      if (res.status !== 200) throw new Error(`cannot resolve ${did}`);
      const doc = JSON.parse(res.body);
      if (!fragment) return { document: doc, documentUrl: url, contextUrl: null };
      const method = doc.verificationMethod.find((m: { id: string }) => m.id === url);
      return {
        document: { '@context': 'https://w3id.org/security/multikey/v1', ...method },
        documentUrl: url,
        contextUrl: null,
      };
    }
    throw new Error(`no network in tests: ${url}`);
  };
}

async function schoolKeyPair() {
  const row = await t.deps.db
    .selectFrom('credential_keys')
    .select(['key_no', 'public_key_multibase', 'secret_key_sealed'])
    .where('school_id', '=', world.schoolA.id)
    .where('retired_at', 'is', null)
    .executeTakeFirstOrThrow();
  const secretKeyMultibase = unseal(
    masterKeyBytes(TEST_MASTER_KEY)!,
    row.secret_key_sealed,
    keyContext(world.schoolA.id, row.key_no),
  );
  return Ed25519Multikey.from({
    type: 'Multikey',
    id: `${DID_A}#key-${row.key_no}`,
    controller: DID_A,
    publicKeyMultibase: row.public_key_multibase,
    secretKeyMultibase,
  });
}

describe('interoperability', () => {
  it('a Tilts credential verifies with the Digital Bazaar library, its own suites and the public contexts only', async () => {
    const result = await vc.verifyCredential({
      credential: issued,
      suite: new DataIntegrityProof({ cryptosuite }),
      documentLoader: outsideLoader(),
      checkStatus: async () => ({ verified: true }),
    });
    expect(result.error).toBeUndefined();
    expect(result.verified).toBe(true);
  });

  it('a Tilts credential validates against the official 1EdTech Open Badges 3.0 JSON schema (test fixture)', () => {
    const schema = JSON.parse(
      readFileSync(
        join(import.meta.dirname, 'fixtures/credentials/ob_v3p0_achievementcredential_schema.json'),
        'utf8',
      ),
    );
    const ajv = new Ajv2019({ allErrors: true, strict: false });
    (addFormats as unknown as { default: (a: unknown) => void }).default(ajv);
    const validate = ajv.compile(schema);
    expect(validate(issued), JSON.stringify(validate.errors)).toBe(true);
    expect(issued.credentialStatus.id).toBeTruthy();
    expect(issued.credentialSubject.type).toEqual(['AchievementSubject']);
  });

  it('a credential the Digital Bazaar library signs for the same DID verifies in Tilts', async () => {
    const pair = await schoolKeyPair();
    const credential = {
      '@context': [
        'https://www.w3.org/ns/credentials/v2',
        'https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json',
      ],
      id: 'urn:uuid:5d1bb2a4-3c47-4a8e-9f24-1f1c8a3f7e01',
      type: ['VerifiableCredential', 'OpenBadgeCredential'],
      name: 'Darba drošība',
      issuer: { id: DID_A, type: ['Profile'], name: 'Rīgas Valsts tehnikums' },
      validFrom: '2026-01-10T09:00:00Z',
      credentialSubject: {
        id: 'urn:uuid:6a0cf1d8-2a0e-4bb4-8d0a-3b53c4a0e1aa',
        type: ['AchievementSubject'],
        achievement: {
          id: 'urn:uuid:0e9c6f4c-5e45-4a7b-8f2c-13c1d2b0f4a2',
          type: ['Achievement'],
          name: 'Darba drošība',
          description: 'Darba drošības pamati',
          criteria: { narrative: 'Nokārtots tests' },
        },
      },
    };
    const signed = await vc.issue({
      credential,
      suite: new DataIntegrityProof({ signer: pair.signer(), cryptosuite }),
      documentLoader: outsideLoader(),
    });
    expect(Array.isArray(signed.proof)).toBe(false);
    const { status, result } = await verifyOverHttp(t, signed);
    expect(status).toBe(200);
    expect(result.failed).toEqual([]);
    expect(result.verified).toBe(true);
    expect(result.checks.find((c: any) => c.id === 'revocation').status).toBe('skipped');
  });
});

describe('POST /api/verify', () => {
  it('answers a valid credential with verified true, every EU element and each step', async () => {
    const { status, result } = await verifyOverHttp(t, issued);
    expect(status).toBe(200);
    expect(result.verified).toBe(true);
    expect(result.checks.map((c: any) => `${c.id}:${c.status}`)).toEqual([
      'size:passed',
      'json:passed',
      'structure:passed',
      'contexts:passed',
      'schema:passed',
      'issuer:passed',
      'signature:passed',
      'key:passed',
      'validity:passed',
      'revocation:passed',
      'suspension:passed',
    ]);
    expect(result.credential).toMatchObject({
      title: 'Metināšana ar MIG/MAG metodi',
      issuer: { id: DID_A, name: 'Rīgas Valsts tehnikums', countryCode: 'LV' },
      learner: { name: 'Ēriks Žubīts-learner' },
      ects: 3,
      hours: 80,
      eqfLevel: '4',
      grade: '8',
      assessmentType: 'exam',
      participationMode: 'blended',
      qualityAssurance: expect.stringContaining('IKVD'),
    });
    const lv = await verifyOverHttp(t, issued, { 'accept-language': 'lv' });
    expect(lv.result.checks.find((c: any) => c.id === 'signature').message).toMatch(/Paraksts .* ir derīgs/);
  });

  const cases: [string, () => unknown, string[]][] = [
    [
      'a tampered field',
      () => {
        const c = structuredClone(issued);
        c.credentialSubject.achievement.name = 'Kaut kas cits';
        return c;
      },
      ['signature'],
    ],
    [
      'an unknown context',
      () => ({
        ...issued,
        '@context': [...issued['@context'], 'https://example.org/unknown-context.jsonld'],
      }),
      ['contexts'],
    ],
    [
      'a missing proof',
      () => {
        const { proof: _p, ...rest } = issued;
        return rest;
      },
      ['signature'],
    ],
    ['malformed JSON', () => '{"@context": ["https://www.w3.org/ns/credentials/v2",', ['json']],
    ['not an object', () => '"just a string"', ['json']],
    [
      'a credential of another issuer',
      () => ({ ...issued, issuer: { ...issued.issuer, id: 'did:web:other.example:schools:x' } }),
      ['issuer'],
    ],
    ['not a credential at all', () => ({ hello: 'world' }), ['structure']],
  ];
  for (const [name, make, failed] of cases) {
    it(`reports ${name} as a named failed check`, async () => {
      const { status, result } = await verifyOverHttp(t, make());
      expect(status).toBe(200);
      expect(result.verified).toBe(false);
      expect(result.failed).toEqual(failed);
      const check = result.checks.find((c: any) => c.id === failed[0]);
      expect(check.status).toBe('failed');
      expect(check.message.length).toBeGreaterThan(10);
    });
  }

  it('reports a credential signed with a wrong key as a failed signature', async () => {
    const other = await Ed25519Multikey.generate({
      id: issued.proof[0].verificationMethod,
      controller: DID_A,
    });
    const { proof: _p, ...unsigned } = issued;
    const forged = await vc.issue({
      credential: unsigned,
      suite: new DataIntegrityProof({ signer: other.signer(), cryptosuite }),
      documentLoader: outsideLoader(),
    });
    const { result } = await verifyOverHttp(t, forged);
    expect(result.failed).toEqual(['signature']);
  });

  it('refuses a 5 MB body cleanly: 413 in the error shape, with the size check named', async () => {
    const big = JSON.stringify({ ...issued, padding: 'x'.repeat(5 * 1024 * 1024) });
    const { status, result } = await verifyOverHttp(t, big);
    expect(status).toBe(413);
    expect(result).toMatchObject({ verified: false, failed: ['size'], error: { code: 'payload_too_large' } });
  });

  it('reports a revoked credential', async () => {
    await t.request('POST', `/api/credentials/${credentialId}/status`, {
      cookie: admin,
      body: { action: 'revoke', reason: 'Pārbaudes nolūkā' },
    });
    const { result } = await verifyOverHttp(t, issued);
    expect(result.failed).toEqual(['revocation']);
  });
});
