import type { CredentialState, TemplateView } from '@tilts/shared';
import type { Kysely, Selectable } from 'kysely';
import type { Config } from '../../config.ts';
import type { Trx } from '../../db/context.ts';
import type { CredentialTemplatesTable, DB } from '../../db/schema.ts';
import { AppError } from '../../errors.ts';
import { didDocument, keyId, schoolDid } from './did.ts';
import { masterKey, unseal } from './master-key.ts';
import type { IssuerProfile, TemplateData } from './ob3.ts';
import type { SigningKey } from './sign.ts';
import type { StatusPurpose } from './status-list.ts';
import type { IssuerRecord } from './verify.ts';

type Db = Kysely<DB> | Trx;
type TemplateRow = Selectable<CredentialTemplatesTable>;

export function templateData(row: TemplateRow, parts: { id: string; title: string }[]): TemplateData {
  return {
    id: row.id,
    title: row.title,
    description: row.description,
    language: row.language,
    documentType: row.document_type as TemplateData['documentType'],
    learningOutcomes: row.learning_outcomes as TemplateData['learningOutcomes'],
    ects: row.ects === null ? null : Number(row.ects),
    hours: row.hours,
    eqfLevel: row.eqf_level,
    lkiLevel: row.lki_level,
    assessmentType: row.assessment_type as TemplateData['assessmentType'],
    assessmentDescription: row.assessment_description,
    participationMode: row.participation_mode as TemplateData['participationMode'],
    learningSetting: row.learning_setting as TemplateData['learningSetting'],
    qualityAssurance: row.quality_assurance,
    prerequisites: row.prerequisites,
    identityVerification: row.identity_verification as TemplateData['identityVerification'],
    gradingScheme: row.grading_scheme,
    stacksInto: row.stacks_into,
    furtherInformation: row.further_information,
    validMonths: row.valid_months,
    parts,
  };
}

export function templateView(
  row: TemplateRow,
  parts: { id: string; title: string }[],
  issuedCount: number,
): TemplateView {
  const data = templateData(row, parts);
  const { parts: _parts, ...rest } = data;
  return {
    ...rest,
    unitId: row.unit_id,
    partIds: parts.map((p) => p.id),
    parts,
    archived: row.archived_at !== null,
    issuedCount,
    createdAt: row.created_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
  };
}

export async function templateParts(db: Db, templateId: string) {
  return db
    .selectFrom('credential_template_parts as p')
    .innerJoin('credential_templates as t', 't.id', 'p.part_id')
    .select(['t.id', 't.title'])
    .where('p.template_id', '=', templateId)
    .orderBy('t.title')
    .execute();
}

/** A template of the school with its parts; 404 for another school's or an unknown one. */
export async function loadTemplate(db: Db, schoolId: string, templateId: string) {
  const row = await db
    .selectFrom('credential_templates')
    .selectAll()
    .where('id', '=', templateId)
    .where('school_id', '=', schoolId)
    .executeTakeFirst();
  if (!row) throw new AppError('not_found');
  return { row, data: templateData(row, await templateParts(db, templateId)) };
}

/** The school's details as its issuer profile (awarding body, country, region), and its slug. */
export async function loadIssuerProfile(db: Db, config: Config, schoolId: string) {
  const school = await db
    .selectFrom('schools as s')
    .leftJoin('credential_issuers as i', 'i.school_id', 's.id')
    .select([
      's.slug',
      's.name',
      's.country',
      's.registration_number',
      's.legal_address',
      'i.region',
      'i.website',
    ])
    .where('s.id', '=', schoolId)
    .executeTakeFirstOrThrow();
  const profile: IssuerProfile = {
    did: schoolDid(config.PUBLIC_URL, school.slug),
    name: school.name,
    url: school.website || config.PUBLIC_URL,
    countryCode: school.country,
    region: school.region ?? '',
    registrationNumber: school.registration_number,
    legalAddress: school.legal_address,
  };
  return { slug: school.slug, profile };
}

/** The school's active signing key, unsealed; 503 when this installation has no master key. */
export async function activeSigningKey(
  db: Db,
  config: Config,
  schoolId: string,
  did: string,
): Promise<SigningKey & { rowId: string }> {
  const master = masterKey(config);
  if (!master) throw new AppError('signing_unavailable');
  const key = await db
    .selectFrom('credential_keys')
    .select(['id', 'key_no', 'public_key_multibase', 'secret_key_sealed'])
    .where('school_id', '=', schoolId)
    .where('retired_at', 'is', null)
    .executeTakeFirst();
  if (!key) throw new AppError('signing_unavailable', { detail: 'no active key' });
  return {
    rowId: key.id,
    id: keyId(did, key.key_no),
    controller: did,
    publicKeyMultibase: key.public_key_multibase,
    secretKeyMultibase: unseal(master, key.secret_key_sealed, keyContext(schoolId, key.key_no)),
  };
}

/** What a sealed key is bound to: it cannot be moved to another school or number. */
export const keyContext = (schoolId: string, keyNo: number) => `tilts:credential-key:${schoolId}:${keyNo}`;

/** One of our schools as an issuer, by slug: what verification needs. Runs outside any school. */
export async function issuerRecordBySlug(
  db: Kysely<DB>,
  config: Config,
  slug: string,
): Promise<IssuerRecord | null> {
  const rows = await db
    .selectFrom('schools as s')
    .innerJoin('credential_keys as k', 'k.school_id', 's.id')
    .select(['s.name', 'k.key_no', 'k.public_key_multibase', 'k.created_at', 'k.retired_at'])
    .where('s.slug', '=', slug)
    .execute();
  if (rows.length === 0) return null;
  const did = schoolDid(config.PUBLIC_URL, slug);
  return {
    slug,
    name: rows[0]!.name,
    didDocument: didDocument(
      did,
      rows.map((r) => ({ keyNo: r.key_no, publicKeyMultibase: r.public_key_multibase })),
    ),
    keys: rows.map((r) => ({ id: keyId(did, r.key_no), createdAt: r.created_at, retiredAt: r.retired_at })),
  };
}

/** Both status list documents (revocation, suspension) of one block, in one query. */
export async function statusListDocuments(db: Kysely<DB>, slug: string, listNo: number) {
  const rows = await db
    .selectFrom('credential_status_lists as l')
    .innerJoin('schools as s', 's.id', 'l.school_id')
    .select(['l.purpose', 'l.document'])
    .where('s.slug', '=', slug)
    .where('l.list_no', '=', listNo)
    .execute();
  return Object.fromEntries(rows.map((r) => [r.purpose, r.document])) as Partial<
    Record<StatusPurpose, string>
  >;
}

export async function statusListDocument(
  db: Kysely<DB>,
  slug: string,
  purpose: StatusPurpose,
  listNo: number,
) {
  const row = await db
    .selectFrom('credential_status_lists as l')
    .innerJoin('schools as s', 's.id', 'l.school_id')
    .select('l.document')
    .where('s.slug', '=', slug)
    .where('l.purpose', '=', purpose)
    .where('l.list_no', '=', listNo)
    .executeTakeFirst();
  return row?.document ?? null;
}

/** A credential's state as a person reads it: revoked over suspended over expired over active. */
export function credentialState(
  row: { revoked_at: Date | null; suspended_at: Date | null; valid_until: Date | null },
  now = new Date(),
): CredentialState {
  if (row.revoked_at) return 'revoked';
  if (row.suspended_at) return 'suspended';
  if (row.valid_until && row.valid_until.getTime() < now.getTime()) return 'expired';
  return 'active';
}
