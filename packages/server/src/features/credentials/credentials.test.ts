import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../config.ts';
import { contextUrls, offlineLoader, UnknownDocumentError } from './contexts.ts';
import { didDocument, keyId, schoolDid, slugOfOurDid } from './did.ts';
import { MASTER_KEY_FILE, masterKey, seal, unseal } from './master-key.ts';
import { buildAchievementCredential, criteriaNarrative, type TemplateData } from './ob3.ts';
import { validateOb3Schema } from './ob3-schema.ts';
import { generateKeyPair, signCredential } from './sign.ts';
import { encodeList, LIST_SIZE, listBit, statusEntry } from './status-list.ts';
import { displayOf, type IssuerRecord, verifyCredential } from './verify.ts';

const PUBLIC = 'https://tilts.example:8443';

export const template: TemplateData = {
  id: randomUUID(),
  title: 'Metināšana ar MIG/MAG metodi',
  description: 'Moduļa apguve darba vidē.',
  language: 'lv',
  documentType: 'module_certificate',
  learningOutcomes: [
    { id: randomUUID(), text: 'Sagatavo metināmās virsmas atbilstoši rasējumam', kind: 'skills' },
    { id: randomUUID(), text: 'Ievēro darba drošības prasības', kind: 'responsibility_autonomy' },
  ],
  ects: 3,
  hours: 80,
  eqfLevel: 4,
  lkiLevel: 4,
  assessmentType: 'exam',
  assessmentDescription: 'Praktisks noslēguma pārbaudījums',
  participationMode: 'blended',
  learningSetting: 'formal',
  qualityAssurance: 'Akreditēta profesionālās izglītības programma (IKVD)',
  prerequisites: 'Darba drošības instruktāža',
  identityVerification: 'onsite_id',
  gradingScheme: '10 ballu skala, 4 — nokārtots',
  stacksInto: 'Metinātāja kvalifikācija (LKI 4)',
  furtherInformation: 'https://example.lv/metinasana',
  validMonths: null,
  parts: [],
};

async function issued(overrides: { validUntil?: Date | null; index?: number } = {}) {
  const did = schoolDid(PUBLIC, 'rvt');
  const pair = await generateKeyPair();
  const key = { id: keyId(did, 1), controller: did, ...pair };
  const credential = buildAchievementCredential(
    {
      did,
      name: 'Rīgas Valsts tehnikums',
      url: PUBLIC,
      countryCode: 'LV',
      region: 'Rīga',
      registrationNumber: '3341000000',
      legalAddress: 'Kr. Valdemāra iela 1c, Rīga',
    },
    template,
    { id: randomUUID(), givenName: 'Ēriks', familyName: 'Žubīts', email: 'eriks@example.lv' },
    {
      credentialId: randomUUID(),
      issuedAt: new Date('2026-01-15T10:00:00Z'),
      validUntil: overrides.validUntil ?? null,
      grade: '9',
      evidence: [],
      partCredentials: [],
      status: statusEntry(PUBLIC, 'rvt', 'revocation', overrides.index ?? 7),
    },
  );
  const signed = await signCredential(credential, key, new Date('2026-01-15T10:00:00Z'));
  return { did, pair, key, credential, signed };
}

function environment(did: string, publicKeyMultibase: string, lists: Record<string, string> = {}) {
  const record: IssuerRecord = {
    slug: 'rvt',
    name: 'Rīgas Valsts tehnikums',
    didDocument: didDocument(did, [{ keyNo: 1, publicKeyMultibase }]),
    keys: [{ id: keyId(did, 1), createdAt: new Date('2025-01-01'), retiredAt: null }],
  };
  return {
    publicUrl: PUBLIC,
    locale: 'en' as const,
    now: new Date('2026-02-01T00:00:00Z'),
    issuer: async (slug: string) => (slug === 'rvt' ? record : null),
    statusLists: async () => {
      const entry = async (purpose: string) => ({
        issuer: did,
        credentialSubject: { encodedList: lists[purpose] ?? (await encodeList([])) },
      });
      return { revocation: await entry('revocation'), suspension: await entry('suspension') };
    },
  };
}

describe('master key and sealing', () => {
  it('seals a secret with AES-256-GCM and opens it only with the same key and context', () => {
    const key = randomBytes(32);
    const sealed = seal(key, 'z3u2secret', 'school-a:1');
    expect(sealed).not.toContain('z3u2secret');
    expect(unseal(key, sealed, 'school-a:1')).toBe('z3u2secret');
    expect(() => unseal(randomBytes(32), sealed, 'school-a:1')).toThrow();
    expect(() => unseal(key, sealed, 'school-b:1')).toThrow();
  });

  it('makes a 0600 key file on first start in embedded mode, reads it back, and has none on a server without the variable', () => {
    const dir = mkdtempSync(join(tmpdir(), 'tilts-key-'));
    try {
      const first = masterKey(loadConfig({ TILTS_DATA_DIR: dir }));
      const file = join(dir, MASTER_KEY_FILE);
      expect(statSync(file).mode & 0o777).toBe(0o600);
      expect(readFileSync(file, 'utf8').trim()).toBe(first!.toString('hex'));
      expect(masterKey(loadConfig({ TILTS_DATA_DIR: dir }))!.equals(first!)).toBe(true);
      expect(masterKey(loadConfig({ DATABASE_URL: 'postgres://x@127.0.0.1/y' }))).toBeNull();
      const given = randomBytes(32);
      expect(
        masterKey(
          loadConfig({
            DATABASE_URL: 'postgres://x@127.0.0.1/y',
            TILTS_MASTER_KEY: given.toString('base64'),
          }),
        )!.equals(given),
      ).toBe(true);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('accepts a 32-byte master key in hex or base64 and names the variable when it is wrong', () => {
    const bytes = randomBytes(32);
    expect(loadConfig({ TILTS_MASTER_KEY: bytes.toString('hex') }).TILTS_MASTER_KEY).toBeDefined();
    expect(loadConfig({ TILTS_MASTER_KEY: bytes.toString('base64') }).TILTS_MASTER_KEY).toBeDefined();
    expect(() => loadConfig({ TILTS_MASTER_KEY: 'too-short' })).toThrow(ConfigError);
    expect(() => loadConfig({ TILTS_MASTER_KEY: randomBytes(16).toString('hex') })).toThrow(
      /TILTS_MASTER_KEY/,
    );
  });
});

describe('did:web', () => {
  it('encodes the port and path and finds the slug again only for our own DIDs', () => {
    expect(schoolDid('http://localhost:3000', 'rvt')).toBe('did:web:localhost%3A3000:schools:rvt');
    expect(schoolDid('https://hub.lv/tilts', 'a b')).toBe('did:web:hub.lv:tilts:schools:a%20b');
    expect(slugOfOurDid('http://localhost:3000', 'did:web:localhost%3A3000:schools:rvt')).toBe('rvt');
    expect(slugOfOurDid('http://localhost:3000', 'did:web:evil.example:schools:rvt')).toBeNull();
    expect(slugOfOurDid('http://localhost:3000', 'did:web:localhost%3A3000:schools:rvt:more')).toBeNull();
  });

  it('lists the DID context first and absolute key ids, retired keys too, as assertion methods', () => {
    const doc = didDocument('did:web:x:schools:a', [
      { keyNo: 2, publicKeyMultibase: 'z6Mk2' },
      { keyNo: 1, publicKeyMultibase: 'z6Mk1' },
    ]);
    expect(doc['@context'][0]).toBe('https://www.w3.org/ns/did/v1');
    expect(doc.verificationMethod.map((m) => m.id)).toEqual([
      'did:web:x:schools:a#key-1',
      'did:web:x:schools:a#key-2',
    ]);
    expect(doc.assertionMethod).toEqual(['did:web:x:schools:a#key-1', 'did:web:x:schools:a#key-2']);
  });
});

describe('offline document loader', () => {
  it('knows the public contexts and refuses anything else without fetching', async () => {
    const load = offlineLoader();
    await expect(load('https://www.w3.org/ns/credentials/v2')).resolves.toMatchObject({
      documentUrl: 'https://www.w3.org/ns/credentials/v2',
    });
    await expect(load('https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json')).resolves.toBeTruthy();
    await expect(load('https://evil.example/context.json')).rejects.toBeInstanceOf(UnknownDocumentError);
  });

  it('finds every context URL, nested ones included', () => {
    expect(contextUrls({ '@context': ['a', { x: 'y' }], b: { '@context': 'c' } })).toEqual(['a', 'c']);
  });
});

describe('status list bits', () => {
  it('encodes set positions and reads them back; positions roll over into the next list', async () => {
    const encoded = await encodeList([0, 5, LIST_SIZE - 1]);
    expect(encoded.startsWith('u')).toBe(true);
    expect(await listBit(encoded, 5)).toBe(true);
    expect(await listBit(encoded, 6)).toBe(false);
    expect(await listBit(encoded, LIST_SIZE - 1)).toBe(true);
    await expect(listBit('not-a-list', 1)).rejects.toThrow();
    expect(statusEntry('https://t', 's', 'revocation', LIST_SIZE + 3)).toEqual({
      listUrl: 'https://t/api/credentials/status/s/revocation/1',
      index: 3,
    });
  });
});

describe('Open Badges 3.0 mapping', () => {
  it('carries every EU element and passes the official JSON schema with the proof as an array', async () => {
    const { signed } = await issued();
    expect(validateOb3Schema(signed)).toEqual({ valid: true });
    expect(Array.isArray(signed.proof)).toBe(true);
    const display = displayOf(signed as unknown as Record<string, unknown>);
    expect(display).toMatchObject({
      title: template.title,
      documentType: 'module-certificate',
      issuer: { name: 'Rīgas Valsts tehnikums', countryCode: 'LV', region: 'Rīga' },
      learner: { name: 'Ēriks Žubīts' },
      issuedAt: '2026-01-15T10:00:00Z',
      ects: 3,
      hours: 80,
      eqfLevel: '4',
      lkiLevel: '4',
      assessmentType: 'exam',
      participationMode: 'blended',
      learningSetting: 'formal',
      qualityAssurance: template.qualityAssurance,
      prerequisites: template.prerequisites,
      identityVerification: 'onsite-id',
      grade: '9',
      gradingScheme: template.gradingScheme,
      stacksInto: template.stacksInto,
      furtherInformation: template.furtherInformation,
    });
    expect(display.learningOutcomes.map((o) => o.text)).toEqual(template.learningOutcomes.map((o) => o.text));
    expect(criteriaNarrative(template)).toContain('EKI līmenis: 4');
  });
});

describe('verification', () => {
  it('passes every check for a credential as issued', async () => {
    const { did, pair, signed } = await issued();
    const result = await verifyCredential(JSON.stringify(signed), environment(did, pair.publicKeyMultibase));
    expect(result.failed).toEqual([]);
    expect(result.verified).toBe(true);
    expect(result.checks.map((c) => c.id)).toEqual([
      'size',
      'json',
      'structure',
      'contexts',
      'schema',
      'issuer',
      'signature',
      'key',
      'validity',
      'revocation',
      'suspension',
    ]);
  });

  it('names the failed check for a tampered field, a wrong key, expiry and a revoked bit', async () => {
    const { did, pair, signed } = await issued({ validUntil: new Date('2026-01-20T00:00:00Z') });
    const env = environment(did, pair.publicKeyMultibase, { revocation: await encodeList([7]) });

    const tampered = structuredClone(signed) as any;
    tampered.credentialSubject.result[0].value = '10';
    const t = await verifyCredential(tampered, env);
    expect(t.verified).toBe(false);
    expect(t.failed).toContain('signature');

    const other = await generateKeyPair();
    const wrongKey = await verifyCredential(signed, environment(did, other.publicKeyMultibase));
    expect(wrongKey.failed).toContain('signature');

    const r = await verifyCredential(signed, env);
    expect(r.failed).toEqual(['validity', 'revocation']);
    expect(r.checks.find((c) => c.id === 'validity')?.message).toMatch(/Expired on 20 January 2026/);
  });

  it('reports bad input as failed checks and never throws', async () => {
    const { did, pair, signed } = await issued();
    const env = environment(did, pair.publicKeyMultibase);
    expect((await verifyCredential('{not json', env)).failed).toEqual(['json']);
    expect((await verifyCredential('[1,2]', env)).failed).toEqual(['json']);
    expect((await verifyCredential('x'.repeat(5 * 1024 * 1024), env)).failed).toEqual(['size']);
    const unknownContext = {
      ...signed,
      '@context': [...signed['@context'], 'https://evil.example/ctx.json'],
    };
    expect((await verifyCredential(unknownContext, env)).failed).toEqual(['contexts']);
    const { proof: _proof, ...unsigned } = signed;
    expect((await verifyCredential(unsigned, env)).failed).toContain('signature');
    const foreign = { ...signed, issuer: { ...signed.issuer, id: 'did:web:other.example:schools:x' } };
    expect((await verifyCredential(foreign, env)).failed).toEqual(['issuer']);
    const weird = {
      ...signed,
      proof: [{ type: 'DataIntegrityProof', cryptosuite: 'eddsa-rdfc-2022', verificationMethod: 42 }],
    };
    const w = await verifyCredential(weird, env);
    expect(w.verified).toBe(false);
    expect(w.failed).toContain('signature');
  });
});
