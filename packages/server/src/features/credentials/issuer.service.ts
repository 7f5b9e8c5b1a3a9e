import type { IssuerView } from '@tilts/shared';
import { sql } from 'kysely';
import { type Actor, inSchool, type Trx } from '../../db/context.ts';
import type { Deps } from '../../deps.ts';
import { AppError } from '../../errors.ts';
import { type AuditActor, actorForAudit, recordAudit } from '../audit/audit.service.ts';
import { issuerRecordBySlug, keyContext } from './credentials.repository.ts';
import { didDocumentUrl, keyId, schoolDid } from './did.ts';
import { masterKey, seal } from './master-key.ts';
import { generateKeyPair } from './sign.ts';
import { forgetIssuer } from './verify.service.ts';

/** Makes the school's issuer row and first key if it has none yet; returns quietly when it does. */
export async function ensureIssuer(trx: Trx, deps: Deps, schoolId: string, who: AuditActor | null) {
  await trx
    .insertInto('credential_issuers')
    .values({ school_id: schoolId })
    .onConflict((oc) => oc.column('school_id').doNothing())
    .execute();
  const active = await trx
    .selectFrom('credential_keys')
    .select('id')
    .where('school_id', '=', schoolId)
    .where('retired_at', 'is', null)
    .executeTakeFirst();
  if (!active) await addKey(trx, deps, schoolId, who);
}

async function addKey(trx: Trx, deps: Deps, schoolId: string, who: AuditActor | null) {
  const master = masterKey(deps.config);
  if (!master) throw new AppError('signing_unavailable');
  // Serialises key changes of one school: two rotations at once cannot both make key N+1.
  await trx
    .selectFrom('credential_issuers')
    .select('school_id')
    .where('school_id', '=', schoolId)
    .forUpdate()
    .execute();
  const last = await trx
    .selectFrom('credential_keys')
    .select((eb) => eb.fn.max('key_no').as('n'))
    .where('school_id', '=', schoolId)
    .executeTakeFirst();
  const keyNo = Number(last?.n ?? 0) + 1;
  const pair = await generateKeyPair();
  await trx
    .insertInto('credential_keys')
    .values({
      school_id: schoolId,
      key_no: keyNo,
      public_key_multibase: pair.publicKeyMultibase,
      secret_key_sealed: seal(master, pair.secretKeyMultibase, keyContext(schoolId, keyNo)),
    })
    .execute();
  const school = await trx
    .selectFrom('schools')
    .select('slug')
    .where('id', '=', schoolId)
    .executeTakeFirstOrThrow();
  forgetIssuer(deps.db, school.slug);
  await recordAudit(trx, who ?? { schoolId }, {
    action: 'credential_key.created',
    entityType: 'credential_key',
    entityId: `key-${keyNo}`,
    after: { keyNo, publicKeyMultibase: pair.publicKeyMultibase },
  });
  return keyNo;
}

/** The school as an issuer: DID, profile additions and keys. Makes the first key on first look. */
export async function getIssuer(deps: Deps, actor: Actor): Promise<IssuerView> {
  const signingEnabled = masterKey(deps.config) !== null;
  return inSchool(deps.db, actor.schoolId, async (trx) => {
    if (signingEnabled) await ensureIssuer(trx, deps, actor.schoolId, actorForAudit(actor));
    const school = await trx
      .selectFrom('schools as s')
      .leftJoin('credential_issuers as i', 'i.school_id', 's.id')
      .select(['s.slug', 's.name', 's.country', 'i.region', 'i.website'])
      .where('s.id', '=', actor.schoolId)
      .executeTakeFirstOrThrow();
    const did = schoolDid(deps.config.PUBLIC_URL, school.slug);
    const keys = await trx
      .selectFrom('credential_keys as k')
      .select([
        'k.key_no',
        'k.public_key_multibase',
        'k.created_at',
        'k.retired_at',
        (eb) =>
          eb
            .selectFrom('credentials as c')
            .select((e) => e.fn.countAll<number>().as('n'))
            .whereRef('c.key_id', '=', 'k.id')
            .as('signed'),
      ])
      .where('k.school_id', '=', actor.schoolId)
      .orderBy('k.key_no', 'desc')
      .execute();
    return {
      did,
      didDocumentUrl: didDocumentUrl(deps.config.PUBLIC_URL, school.slug),
      schoolName: school.name,
      country: school.country,
      region: school.region ?? '',
      website: school.website ?? '',
      signingEnabled,
      keys: keys.map((k) => ({
        id: keyId(did, k.key_no),
        keyNo: k.key_no,
        publicKeyMultibase: k.public_key_multibase,
        createdAt: k.created_at.toISOString(),
        retiredAt: k.retired_at?.toISOString() ?? null,
        credentialsSigned: Number(k.signed ?? 0),
      })),
    };
  });
}

/** Saves what the issuer profile adds to the school's details: region and website. */
export async function updateIssuer(deps: Deps, actor: Actor, input: { region: string; website: string }) {
  await inSchool(deps.db, actor.schoolId, async (trx) => {
    const before = await trx
      .selectFrom('credential_issuers')
      .select(['region', 'website'])
      .where('school_id', '=', actor.schoolId)
      .executeTakeFirst();
    await trx
      .insertInto('credential_issuers')
      .values({ school_id: actor.schoolId, region: input.region, website: input.website })
      .onConflict((oc) =>
        oc
          .column('school_id')
          .doUpdateSet({ region: input.region, website: input.website, updated_at: sql`now()` }),
      )
      .execute();
    await recordAudit(trx, actorForAudit(actor), {
      action: 'credential_issuer.updated',
      entityType: 'school',
      entityId: actor.schoolId,
      before: before ?? null,
      after: input,
    });
  });
  return getIssuer(deps, actor);
}

/**
 * Retires the active key and makes the next one. The retired key stays in the DID document, so what
 * it signed still verifies; new credentials and status lists are signed with the new key.
 */
export async function rotateKey(deps: Deps, actor: Actor) {
  await inSchool(deps.db, actor.schoolId, async (trx) => {
    await ensureIssuer(trx, deps, actor.schoolId, actorForAudit(actor));
    const retired = await trx
      .updateTable('credential_keys')
      .set({ retired_at: new Date() })
      .where('school_id', '=', actor.schoolId)
      .where('retired_at', 'is', null)
      .returning('key_no')
      .executeTakeFirstOrThrow();
    // addKey forgets the cached issuer too; the retired key's end date must be seen at once.
    const keyNo = await addKey(trx, deps, actor.schoolId, actorForAudit(actor));
    await recordAudit(trx, actorForAudit(actor), {
      action: 'credential_key.rotated',
      entityType: 'credential_key',
      entityId: `key-${keyNo}`,
      before: { activeKey: retired.key_no },
      after: { activeKey: keyNo },
    });
  });
  return getIssuer(deps, actor);
}

/** The public DID document of one of our schools, or null (404) when it has no key yet. */
export async function publicDidDocument(deps: Deps, slug: string) {
  const record = await issuerRecordBySlug(deps.db, deps.config, slug);
  return record?.didDocument ?? null;
}
