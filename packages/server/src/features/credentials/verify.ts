import type {
  CheckId,
  CredentialDisplay,
  Locale,
  VerificationCheck,
  VerificationResult,
} from '@tilts/shared';
import { contextUrls, knownContexts, VC_V2 } from './contexts.ts';
import { slugOfOurDid } from './did.ts';
import { validateOb3Schema } from './ob3-schema.ts';
import { listBit, type StatusPurpose } from './status-list.ts';
import { checkProof, type ProofOutcome } from './verify-proof.ts';
import { checkMessage } from './verify-words.ts';

/** The largest credential Tilts reads; anything bigger fails the size check unread. */
export const MAX_CREDENTIAL_BYTES = 1024 * 1024;

export interface IssuerRecord {
  slug: string;
  name: string;
  didDocument: { id: string; verificationMethod: { id: string }[] };
  keys: { id: string; createdAt: Date; retiredAt: Date | null }[];
}

/** What verification needs from the outside: our own issuers and their status lists, nothing from the network. */
export interface VerifyEnvironment {
  publicUrl: string;
  locale: Locale;
  now?: Date;
  /** One of our schools as an issuer; `keyId` is the key the proof names (a cache must know it). */
  issuer(slug: string, keyId?: string): Promise<IssuerRecord | null>;
  /** The signed status list credentials of one of our schools for one block, as stored. */
  statusLists(slug: string, listNo: number): Promise<Partial<Record<StatusPurpose, object>>>;
  /** Checks the proof; in-thread by default, a worker pool where throughput matters. */
  checkProof?: (credential: object, issuerDid: string, didDocument: object) => Promise<ProofOutcome>;
}

// Clock skew the W3C library allows, kept for the key and validity checks too.
const SKEW_MS = 300_000;

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);
const asArray = (v: unknown): unknown[] => (v === undefined || v === null ? [] : Array.isArray(v) ? v : [v]);
const str = (v: unknown): string | null => (typeof v === 'string' ? v : null);
const idOf = (v: unknown): string | null => (typeof v === 'string' ? v : isObject(v) ? str(v.id) : null);

function sizeText(bytes: number): string {
  return bytes >= 1024 * 1024 ? `${(bytes / 1024 / 1024).toFixed(1)} MB` : `${Math.ceil(bytes / 1024)} KB`;
}

function dateText(iso: string, locale: Locale): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  return d.toLocaleDateString(locale === 'lv' ? 'lv-LV' : 'en-GB', { timeZone: 'UTC', dateStyle: 'long' });
}

class Checks {
  readonly list: VerificationCheck[] = [];
  readonly locale: Locale;
  constructor(locale: Locale) {
    this.locale = locale;
  }
  add(id: CheckId, status: VerificationCheck['status'], params: Record<string, string> = {}) {
    this.list.push({ id, status, message: checkMessage(this.locale, id, status, params) });
  }
  skipRest(ids: CheckId[]) {
    for (const id of ids) if (!this.list.some((c) => c.id === id)) this.add(id, 'skipped');
  }
  failed(id: CheckId) {
    return this.list.some((c) => c.id === id && c.status === 'failed');
  }
  result(credential: CredentialDisplay | null): VerificationResult {
    const failed = this.list.filter((c) => c.status === 'failed').map((c) => c.id);
    return { verified: failed.length === 0, failed, checks: this.list, credential };
  }
}

const ALL: CheckId[] = [
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
];

/**
 * Verifies a credential step by step and never throws on bad input: each problem is a failed check
 * with its name and words. Accepts the raw text (checked for size and JSON first) or parsed JSON.
 */
export async function verifyCredential(input: unknown, env: VerifyEnvironment): Promise<VerificationResult> {
  const checks = new Checks(env.locale);
  try {
    return await runChecks(input, env, checks);
  } catch (error) {
    // A check that itself broke is reported as the signature failing, never as a crash.
    checks.add('signature', 'failed', { reason: (error as Error).message || String(error) });
    checks.skipRest(ALL);
    return checks.result(null);
  }
}

async function runChecks(
  input: unknown,
  env: VerifyEnvironment,
  checks: Checks,
): Promise<VerificationResult> {
  let document: unknown = input;
  if (typeof input === 'string' || Buffer.isBuffer(input)) {
    const bytes = typeof input === 'string' ? Buffer.byteLength(input) : input.length;
    if (bytes > MAX_CREDENTIAL_BYTES) {
      checks.add('size', 'failed', { size: sizeText(bytes), max: sizeText(MAX_CREDENTIAL_BYTES) });
      checks.skipRest(ALL);
      return checks.result(null);
    }
    checks.add('size', 'passed');
    try {
      document = JSON.parse(input.toString());
    } catch (error) {
      checks.add('json', 'failed', { reason: (error as Error).message });
      checks.skipRest(ALL);
      return checks.result(null);
    }
  } else {
    checks.add('size', 'passed');
  }
  if (!isObject(document)) {
    checks.add('json', 'failed', {
      reason: env.locale === 'lv' ? 'gaidīts JSON objekts {…}' : 'a JSON object {…} was expected',
    });
    checks.skipRest(ALL);
    return checks.result(null);
  }
  checks.add('json', 'passed');
  const credential = document;
  const display = displayOf(credential);

  const problem = structureProblem(credential, env.locale);
  if (problem) {
    checks.add('structure', 'failed', { reason: problem });
    checks.skipRest(ALL);
    return checks.result(display);
  }
  checks.add('structure', 'passed');

  const unknown = contextUrls(credential).find((url) => !knownContexts.has(url));
  if (unknown) {
    checks.add('contexts', 'failed', { url: unknown });
    checks.skipRest(ALL);
    return checks.result(display);
  }
  checks.add('contexts', 'passed');

  const schema = validateOb3Schema(credential);
  checks.add('schema', schema.valid ? 'passed' : 'failed', schema.valid ? {} : { reason: schema.error });

  const issuerDid = idOf(credential.issuer) ?? '';
  const slug = slugOfOurDid(env.publicUrl, issuerDid);
  const firstProof = asArray(credential.proof).find(isObject);
  const issuer = slug ? await env.issuer(slug, str(firstProof?.verificationMethod) ?? undefined) : null;
  if (!issuer) {
    checks.add('issuer', 'failed', { did: issuerDid });
    checks.skipRest(ALL);
    return checks.result(display);
  }
  checks.add('issuer', 'passed', { name: issuer.name, did: issuerDid });

  const proofs = asArray(credential.proof).filter(isObject);
  const proof = proofs[0];
  if (!proof) {
    checks.add('signature', 'failed', {
      reason: env.locale === 'lv' ? 'apliecinājumam nav paraksta (proof)' : 'the credential carries no proof',
    });
  } else {
    const reason = await signatureProblem(credential, proof, issuer, issuerDid, env);
    checks.add('signature', reason ? 'failed' : 'passed', reason ? { reason } : {});
    if (!reason) {
      const method = str(proof.verificationMethod) ?? '';
      const key = issuer.keys.find((k) => k.id === method);
      const created = new Date(str(proof.created) ?? '');
      const inForce =
        key &&
        !Number.isNaN(created.getTime()) &&
        created.getTime() >= key.createdAt.getTime() - SKEW_MS &&
        (!key.retiredAt || created.getTime() <= key.retiredAt.getTime() + SKEW_MS);
      const keyName = method.slice(method.indexOf('#') + 1);
      checks.add('key', inForce ? 'passed' : 'failed', { key: keyName, created: str(proof.created) ?? '?' });
    }
  }
  checks.skipRest(['key']);

  const now = env.now ?? new Date();
  const from = str(credential.validFrom);
  const until = str(credential.validUntil);
  if (from && new Date(from).getTime() - SKEW_MS > now.getTime()) {
    checks.add('validity', 'failed', { from: dateText(from, env.locale) });
  } else if (until && new Date(until).getTime() + SKEW_MS < now.getTime()) {
    checks.add('validity', 'failed', { until: dateText(until, env.locale) });
  } else {
    checks.add('validity', 'passed', until ? { until: dateText(until, env.locale) } : {});
  }

  await checkStatus(credential, issuer, issuerDid, env, checks);
  return checks.result(display);
}

function structureProblem(c: Json, locale: Locale): string | null {
  const lv = locale === 'lv';
  const contexts = asArray(c['@context']);
  if (contexts[0] !== VC_V2)
    return lv ? `pirmajam kontekstam jābūt ${VC_V2}` : `the first context must be ${VC_V2}`;
  const types = asArray(c.type);
  if (!types.includes('VerifiableCredential'))
    return lv ? 'type nesatur VerifiableCredential' : 'type does not include VerifiableCredential';
  if (!types.includes('AchievementCredential') && !types.includes('OpenBadgeCredential')) {
    return lv ? 'type nesatur AchievementCredential' : 'type does not include AchievementCredential';
  }
  if (!idOf(c.issuer)) return lv ? 'nav izdevēja (issuer)' : 'there is no issuer';
  if (!isObject(c.credentialSubject)) return lv ? 'nav credentialSubject' : 'there is no credentialSubject';
  if (!isObject(c.credentialSubject.achievement))
    return lv ? 'nav sasnieguma (achievement)' : 'there is no achievement';
  return null;
}

async function signatureProblem(
  credential: Json,
  proof: Json,
  issuer: IssuerRecord,
  issuerDid: string,
  env: VerifyEnvironment,
): Promise<string | null> {
  const lv = env.locale === 'lv';
  if (proof.cryptosuite !== 'eddsa-rdfc-2022' || proof.type !== 'DataIntegrityProof') {
    return lv
      ? `paraksta veids ${String(proof.cryptosuite ?? proof.type)} netiek atbalstīts (gaidīts eddsa-rdfc-2022)`
      : `the proof type ${String(proof.cryptosuite ?? proof.type)} is not supported (eddsa-rdfc-2022 expected)`;
  }
  const method = str(proof.verificationMethod) ?? '';
  if (!method.startsWith(`${issuerDid}#`)) {
    return lv ? 'parakstījusi nav izdevēja atslēga' : "the proof was not made with the issuer's key";
  }
  if (!issuer.keys.some((k) => k.id === method)) {
    return lv ? `izdevējam nav atslēgas ${method}` : `the issuer has no key ${method}`;
  }
  const outcome = await (env.checkProof ?? checkProof)(credential, issuerDid, issuer.didDocument);
  if (outcome.verified) return null;
  if (outcome.unknownUrl)
    return lv ? `nezināms dokuments ${outcome.unknownUrl}` : `unknown document ${outcome.unknownUrl}`;
  if (/Invalid signature/i.test(outcome.message)) {
    return lv
      ? 'dokuments ir mainīts pēc parakstīšanas vai parakstīts ar citu atslēgu'
      : 'the document was changed after signing or signed with another key';
  }
  return outcome.message;
}

async function checkStatus(
  credential: Json,
  issuer: IssuerRecord,
  issuerDid: string,
  env: VerifyEnvironment,
  checks: Checks,
) {
  const lv = env.locale === 'lv';
  const entries = asArray(credential.credentialStatus).filter(isObject);
  const entry = entries.find((e) => e.statusPurpose === 'revocation') ?? entries[0];
  if (!entry) {
    checks.add('revocation', 'skipped');
    checks.add('suspension', 'skipped');
    return;
  }
  const listUrl = str(entry.statusListCredential) ?? '';
  const index = Number(str(entry.statusListIndex) ?? Number.NaN);
  const prefix = `${env.publicUrl}/api/credentials/status/${encodeURIComponent(issuer.slug)}/revocation/`;
  const listNo = listUrl.startsWith(prefix) ? Number(listUrl.slice(prefix.length)) : Number.NaN;
  if (entry.type !== 'BitstringStatusListEntry' || !Number.isInteger(listNo) || !Number.isInteger(index)) {
    const reason = lv
      ? `statusa saraksts ${listUrl || '?'} nav šī izdevēja Bitstring Status List`
      : `the status list ${listUrl || '?'} is not this issuer's Bitstring Status List`;
    checks.add('revocation', 'failed', { reason });
    checks.add('suspension', 'skipped');
    return;
  }
  const lists = await env.statusLists(issuer.slug, listNo);
  for (const purpose of ['revocation', 'suspension'] as const) {
    const list = (lists[purpose] ?? null) as Json | null;
    const subject = list && isObject(list.credentialSubject) ? list.credentialSubject : null;
    if (!list || !subject || list.issuer !== issuerDid || typeof subject.encodedList !== 'string') {
      checks.add(purpose, 'failed', {
        reason: lv ? 'izdevēja statusa saraksts nav atrodams' : "the issuer's status list cannot be found",
      });
      continue;
    }
    try {
      const set = await listBit(subject.encodedList, index);
      checks.add(purpose, set ? 'failed' : 'passed');
    } catch (error) {
      checks.add(purpose, 'failed', { reason: (error as Error).message });
    }
  }
}

/** The EU elements as they are in the credential, read leniently from any issuer's document. */
export function displayOf(c: Json): CredentialDisplay {
  const issuer = isObject(c.issuer) ? c.issuer : {};
  const address = isObject(issuer.address) ? issuer.address : {};
  const subject = isObject(c.credentialSubject) ? c.credentialSubject : {};
  const achievement = isObject(subject.achievement) ? subject.achievement : {};
  const alignments = asArray(achievement.alignment).filter(isObject);
  const identifiers = asArray(subject.identifier).filter(isObject);
  const name = identifiers.find((i) => i.identityType === 'name' && i.hashed === false);
  const results = asArray(subject.result).filter(isObject);
  const number = (v: unknown) => (typeof v === 'number' ? v : typeof v === 'string' && v ? Number(v) : null);
  const level = (type: string) => str(alignments.find((a) => a.targetType === type)?.targetCode);
  const outcomes = alignments
    .filter((a) => a.targetType === 'ceasn:Competency' || a.targetType === 'CFItem')
    .map((a) => ({ text: str(a.targetName) ?? '', kind: str(a.targetDescription) }));
  const parts = asArray(c.evidence)
    .filter(isObject)
    .filter((e) => str(e.id)?.startsWith('urn:uuid:'))
    .map((e) => ({ id: str(e.id), name: str(e.name) }));
  return {
    id: str(c.id),
    title: str(achievement.name) ?? str(c.name),
    description: str(achievement.description) ?? str(c.description),
    documentType: str(achievement.documentType),
    issuer: {
      id: idOf(c.issuer),
      name: str(issuer.name),
      url: str(issuer.url),
      countryCode: str(address.addressCountryCode),
      region: str(address.addressRegion),
    },
    learner: { id: str(subject.id), name: str(name?.identityHash) },
    issuedAt: str(c.awardedDate) ?? str(c.validFrom),
    validUntil: str(c.validUntil),
    learningOutcomes: outcomes,
    ects: number(subject.creditsEarned ?? achievement.creditsAvailable),
    hours: number(achievement.workloadHours),
    eqfLevel: level('ext:EQFLevel'),
    lkiLevel: level('ext:LKILevel'),
    assessmentType: str(achievement.assessmentType),
    assessmentDescription: str(achievement.assessmentDescription),
    participationMode: str(achievement.participationMode),
    learningSetting: str(achievement.learningSetting),
    qualityAssurance: str(achievement.qualityAssurance),
    prerequisites: str(achievement.prerequisites),
    identityVerification: str(achievement.identityVerification),
    grade: str(results[0]?.value),
    gradingScheme: str(achievement.gradingScheme),
    stacksInto: str(achievement.stacksInto),
    parts,
    furtherInformation: str(achievement.furtherInformation),
  };
}
