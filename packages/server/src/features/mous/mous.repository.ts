import { createHash } from 'node:crypto';
import {
  type Locale,
  type MouDocument,
  type MouPart,
  type MouParty,
  type MouStatus,
  searchKey,
} from '@tilts/shared';
import type { Selectable } from 'kysely';
import type { Trx } from '../../db/context.ts';
import type { MouPartiesTable, MousTable } from '../../db/schema.ts';
import { AppError } from '../../errors.ts';
import { canonicalJson } from '../audit/chain.ts';

export type MouRow = Selectable<MousTable>;
export type PartyRow = Selectable<MouPartiesTable>;

/** What a link is for: signing one party's memorandum, or reading it once it is in force. */
export const SIGN_PURPOSE = 'mou.sign';
export const VIEW_PURPOSE = 'mou.view';
/** How long a signing link works. */
export const SIGN_LINK_DAYS = 30;

/** One memorandum of the current school (row-level security narrows it); another school's is 404. */
export async function loadMou(trx: Trx, schoolId: string, id: string, lock = false): Promise<MouRow> {
  let q = trx.selectFrom('mous').selectAll().where('id', '=', id).where('school_id', '=', schoolId);
  if (lock) q = q.forUpdate();
  const row = await q.executeTakeFirst();
  if (!row) throw new AppError('not_found');
  return row;
}

export async function loadParties(trx: Trx, mouId: string): Promise<PartyRow[]> {
  return trx.selectFrom('mou_parties').selectAll().where('mou_id', '=', mouId).orderBy('position').execute();
}

export function partnerParties(parties: PartyRow[]): PartyRow[] {
  return parties.filter((p) => p.partner_id !== null);
}

export function partyView(p: PartyRow): MouParty {
  return {
    id: p.id,
    position: p.position,
    isSchool: p.partner_id === null,
    partnerId: p.partner_id,
    organisationName: p.organisation_name,
    country: p.country,
    address: p.address,
    phone: p.phone,
    website: p.website,
    contactName: p.contact_name,
    contactPosition: p.contact_position,
    signatoryName: p.signatory_name,
    signatoryPosition: p.signatory_position,
    signatoryEmail: p.signatory_email,
    locale: p.locale,
    signature:
      p.signed_at && p.sign_method
        ? {
            name: p.signed_name ?? '',
            position: p.signed_position ?? '',
            email: p.signed_email ?? '',
            at: p.signed_at.toISOString(),
            method: p.sign_method,
            hash: p.signed_hash ?? '',
          }
        : null,
  };
}

export function documentView(m: MouRow, parties: PartyRow[]): MouDocument {
  return {
    id: m.id,
    seriesId: m.series_id,
    version: m.version,
    title: m.title,
    status: m.status,
    objectives: m.objectives,
    qualifications: m.qualifications,
    units: m.units,
    assessment: m.assessment,
    documentation: m.documentation,
    validation: m.validation,
    recognition: m.recognition,
    responsibilities: m.responsibilities,
    evaluation: m.evaluation,
    minDurationDays: m.min_duration_days,
    maxDurationDays: m.max_duration_days,
    validFrom: m.valid_from,
    validUntil: m.valid_until,
    contentHash: m.content_hash,
    parties: parties.map(partyView),
  };
}

/**
 * Everything a signature covers, in a fixed shape: the text, the catalogue as quoted, the validity,
 * and every party's details. Keys are sorted by `canonicalJson`, so the hash depends on content only.
 */
export function canonicalContent(m: MouRow, parties: PartyRow[]) {
  return {
    format: 'tilts.mou.v1',
    id: m.id,
    seriesId: m.series_id,
    version: m.version,
    title: m.title,
    objectives: m.objectives,
    qualifications: m.qualifications,
    units: m.units,
    assessment: m.assessment,
    documentation: m.documentation,
    validation: m.validation,
    recognition: m.recognition,
    responsibilities: m.responsibilities,
    evaluation: m.evaluation,
    minDurationDays: m.min_duration_days,
    maxDurationDays: m.max_duration_days,
    validFrom: m.valid_from,
    validUntil: m.valid_until,
    parties: parties.map((p) => ({
      position: p.position,
      partnerId: p.partner_id,
      organisationName: p.organisation_name,
      country: p.country,
      address: p.address,
      phone: p.phone,
      website: p.website,
      contactName: p.contact_name,
      contactPosition: p.contact_position,
      signatoryName: p.signatory_name,
      signatoryPosition: p.signatory_position,
      signatoryEmail: p.signatory_email,
    })),
  };
}

/** SHA-256 (hex) of the canonical JSON of the content and the parties' details. */
export function contentHash(m: MouRow, parties: PartyRow[]): string {
  return createHash('sha256')
    .update(canonicalJson(canonicalContent(m, parties)))
    .digest('hex');
}

export interface MissingItem {
  part: MouPart;
  party?: string;
  /** Where the form shows it: a field of the draft request. */
  field: string;
}

/** What still stops a draft from being sent for signature, in the order the form shows it. */
export function missingParts(m: MouRow, parties: PartyRow[], today: string): MissingItem[] {
  const missing: MissingItem[] = [];
  if (!m.objectives.trim()) missing.push({ part: 'objectives', field: 'objectives' });
  if (!m.assessment.trim()) missing.push({ part: 'assessment', field: 'assessment' });
  if (!m.valid_from) missing.push({ part: 'validFrom', field: 'validFrom' });
  if (!m.valid_until) missing.push({ part: 'validUntil', field: 'validUntil' });
  else if (m.valid_until < today) missing.push({ part: 'validUntilPassed', field: 'validUntil' });
  const partners = partnerParties(parties);
  if (partners.length === 0) missing.push({ part: 'partners', field: 'partners' });
  partners.forEach((p, i) => {
    if (!p.signatory_email.trim()) {
      missing.push({
        part: 'signatoryEmail',
        party: p.organisation_name,
        field: `partners.${i}.signatoryEmail`,
      });
    }
  });
  return missing;
}

/** The text the list's search looks in: the title and every party's name. */
export function searchTextOf(title: string, names: string[]): string {
  return searchKey([title, ...names].join(' '));
}

/** Today's date in Riga: the day a school's memoranda start and end by. */
export function rigaToday(now: Date): string {
  return new Intl.DateTimeFormat('en-CA', {
    timeZone: 'Europe/Riga',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  }).format(now);
}

/** A moment as the reader writes it, on Riga's clock: lv 23.11.2026 14:05, en 23/11/2026 14:05. */
export function rigaDateTime(at: Date | string, locale: Locale): string {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('en-GB', {
      timeZone: 'Europe/Riga',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
    })
      .formatToParts(typeof at === 'string' ? new Date(at) : at)
      .map((p) => [p.type, p.value]),
  );
  const date =
    locale === 'lv'
      ? `${parts.day}.${parts.month}.${parts.year}`
      : `${parts.day}/${parts.month}/${parts.year}`;
  return `${date} ${parts.hour}:${parts.minute}`;
}

/** A refusal about the memorandum's state, naming the state in the reader's words. */
export function wrongStatus(status: MouStatus, key = 'mou_wrong_status'): AppError {
  return new AppError('conflict', { fields: { status: { key, params: { mouStatus: status } } } });
}
