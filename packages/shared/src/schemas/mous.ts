import { z } from 'zod';
import type { Locale } from '../locale.ts';
import { locales } from '../locale.ts';
import { countryCode, email, isoDate, listQuery, page } from './common.ts';

/** The life of a memorandum of understanding (DOMAIN.md section 3, step 1). */
export const mouStatuses = ['draft', 'awaiting_signatures', 'active', 'expired', 'terminated'] as const;
export type MouStatus = (typeof mouStatuses)[number];

export const mouStatusNames: Record<Locale, Record<MouStatus, string>> = {
  lv: {
    draft: 'melnraksts',
    awaiting_signatures: 'gaida parakstus',
    active: 'spēkā',
    expired: 'beidzies derīgums',
    terminated: 'izbeigts',
  },
  en: {
    draft: 'draft',
    awaiting_signatures: 'awaiting signatures',
    active: 'active',
    expired: 'expired',
    terminated: 'terminated',
  },
};

/** What a memorandum needs before it can be sent for signature; the check names each one that is missing. */
export const mouParts = [
  'validFrom',
  'validUntil',
  'validUntilPassed',
  'objectives',
  'assessment',
  'partners',
  'signatoryEmail',
] as const;
export type MouPart = (typeof mouParts)[number];

/** The parts' names as a sentence lists them ("Missing: objectives, …"). */
export const mouPartNames: Record<Locale, Record<MouPart, string>> = {
  lv: {
    validFrom: 'derīguma sākums',
    validUntil: 'derīguma beigas',
    validUntilPassed: 'derīguma beigas nākotnē (norādītais datums jau pagājis)',
    objectives: 'mērķi',
    assessment: 'mācīšanās rezultātu novērtēšana',
    partners: 'vismaz viena partnerorganizācija',
    signatoryEmail: 'partnera parakstītāja e-pasts',
  },
  en: {
    validFrom: 'start of validity',
    validUntil: 'end of validity',
    validUntilPassed: 'an end of validity in the future (the date given has passed)',
    objectives: 'objectives',
    assessment: 'assessment of learning outcomes',
    partners: 'at least one partner organisation',
    signatoryEmail: 'the partner signatory’s e-mail',
  },
};

const line = (max: number) => z.string().trim().max(max);
const longText = line(20_000).default('');
/** An e-mail, or nothing yet (a draft may leave it open). */
const optionalEmail = z.union([z.literal(''), email]);
const days = z.number().int().min(1).max(3650).nullable().default(null);

/** The school's own party: its name, address and country come from the school's details. */
export const mouSchoolPartyInput = z.object({
  phone: line(50).default(''),
  website: line(300).default(''),
  contactName: line(200).default(''),
  contactPosition: line(200).default(''),
  signatoryName: line(200).default(''),
  signatoryPosition: line(200).default(''),
  signatoryEmail: optionalEmail.default(''),
});

/**
 * A partner's party. A field left out is copied from the partner register when the partner is
 * added, and kept as drafted after that; a field sent (even empty) is what the draft says.
 */
export const mouPartnerPartyInput = z.object({
  partnerId: z.uuid(),
  organisationName: z.string().trim().min(1).max(300).optional(),
  country: countryCode.optional(),
  address: line(500).optional(),
  phone: line(50).optional(),
  website: line(300).optional(),
  contactName: line(200).optional(),
  contactPosition: line(200).optional(),
  signatoryName: line(200).optional(),
  signatoryPosition: line(200).optional(),
  signatoryEmail: optionalEmail.optional(),
  /** The language of the signatory's e-mails and signing page; by default LV → lv, else en. */
  locale: z.enum(locales).optional(),
});
export type MouPartnerPartyInput = z.infer<typeof mouPartnerPartyInput>;

const draftFields = z.object({
  title: z.string().trim().min(1).max(300),
  objectives: longText,
  qualificationIds: z.array(z.uuid()).max(100).default([]),
  unitIds: z.array(z.uuid()).max(500).default([]),
  assessment: longText,
  documentation: longText,
  validation: longText,
  recognition: longText,
  responsibilities: longText,
  evaluation: longText,
  minDurationDays: days,
  maxDurationDays: days,
  validFrom: isoDate.nullable().default(null),
  validUntil: isoDate.nullable().default(null),
  school: mouSchoolPartyInput.default(mouSchoolPartyInput.parse({})),
  partners: z.array(mouPartnerPartyInput).max(30).default([]),
});

function draftRules(value: z.infer<typeof draftFields>, ctx: z.RefinementCtx) {
  if (value.minDurationDays && value.maxDurationDays && value.maxDurationDays < value.minDurationDays) {
    ctx.addIssue({ code: 'custom', message: 'mou_duration_order', path: ['maxDurationDays'] });
  }
  if (value.validFrom && value.validUntil && value.validUntil < value.validFrom) {
    ctx.addIssue({ code: 'custom', message: 'dates_order', path: ['validUntil'] });
  }
  const seen = new Set<string>();
  value.partners.forEach((party, i) => {
    if (seen.has(party.partnerId)) {
      ctx.addIssue({ code: 'custom', message: 'mou_partner_twice', path: ['partners', i, 'partnerId'] });
    }
    seen.add(party.partnerId);
  });
}

/** A new draft: only the title is needed; the rest can be filled in before sending. */
export const mouDraftRequest = draftFields.superRefine(draftRules);
export type MouDraftRequest = z.input<typeof mouDraftRequest>;

/** A save of a draft names the version it started from (optimistic locking). */
export const mouUpdateRequest = draftFields
  .extend({ lockVersion: z.number().int().min(1) })
  .superRefine(draftRules);
export type MouUpdateRequest = z.input<typeof mouUpdateRequest>;

export const mouLockRequest = z.object({ lockVersion: z.number().int().min(1) });

export const mouTerminateRequest = z.object({
  lockVersion: z.number().int().min(1),
  // A custom issue, so the message says what is needed (a too_small would say "required").
  reason: z
    .string()
    .trim()
    .max(2000)
    .refine((v) => v.length > 0, { message: 'reason_required' }),
});
export type MouTerminateRequest = z.infer<typeof mouTerminateRequest>;

const signatureFields = {
  /** The content hash the signer was shown: a signature against changed content is refused. */
  contentHash: z.string().regex(/^[0-9a-f]{64}$/, { message: 'invalid' }),
  name: z.string().trim().min(1).max(200),
  position: line(200).default(''),
  consent: z.boolean().refine((v) => v, { message: 'mou_consent_required' }),
};
/** The school's representative signs in the app. */
export const mouSignRequest = z.object(signatureFields);
export type MouSignRequest = z.input<typeof mouSignRequest>;
/** A partner's representative signs through the e-mailed link. */
export const mouLinkSignRequest = z.object({ token: z.string().min(20).max(200), ...signatureFields });
export type MouLinkSignRequest = z.input<typeof mouLinkSignRequest>;

export const mouPdfQuery = z.object({ lang: z.enum(locales).optional() });
export const mouLinkQuery = z.object({ token: z.string().min(1).max(200) });
export const mouLinkPdfQuery = mouLinkQuery.extend({ lang: z.enum(locales).optional() });

export const mouListQuery = listQuery([
  'title',
  'status',
  'validFrom',
  'validUntil',
  'updatedAt',
] as const).extend({
  status: z.enum(mouStatuses).optional(),
  partnerId: z.uuid().optional(),
});
export type MouListQuery = z.infer<typeof mouListQuery>;

export const mouSummary = z.object({
  id: z.uuid(),
  seriesId: z.uuid(),
  version: z.number().int(),
  title: z.string(),
  status: z.enum(mouStatuses),
  validFrom: z.string().nullable(),
  validUntil: z.string().nullable(),
  partners: z.array(z.string()),
  signed: z.number().int(),
  parties: z.number().int(),
  updatedAt: z.string(),
});
export type MouSummary = z.infer<typeof mouSummary>;
export const mouPage = page(mouSummary);

export const mouEndingQuery = z.object({ days: z.coerce.number().int().min(1).max(365).default(60) });
export const mouEnding = z.object({
  items: z.array(
    z.object({
      id: z.uuid(),
      title: z.string(),
      version: z.number().int(),
      validUntil: z.string(),
      daysLeft: z.number().int(),
      partners: z.array(z.string()),
    }),
  ),
});
export type MouEnding = z.infer<typeof mouEnding>;

export const mouCatalogueEntry = z.object({
  id: z.string(),
  code: z.string(),
  title: z.string(),
  titleEn: z.string(),
  eqfLevel: z.number().int(),
  qualificationId: z.string().optional(),
  creditPoints: z.string().optional(),
});
export type MouCatalogueEntry = z.infer<typeof mouCatalogueEntry>;

export const mouSignature = z.object({
  name: z.string(),
  position: z.string(),
  email: z.string(),
  at: z.string(),
  method: z.enum(['in_app', 'email_link']),
  hash: z.string(),
});
export type MouSignature = z.infer<typeof mouSignature>;

export const mouParty = z.object({
  id: z.uuid(),
  position: z.number().int(),
  isSchool: z.boolean(),
  partnerId: z.uuid().nullable(),
  organisationName: z.string(),
  country: z.string(),
  address: z.string(),
  phone: z.string(),
  website: z.string(),
  contactName: z.string(),
  contactPosition: z.string(),
  signatoryName: z.string(),
  signatoryPosition: z.string(),
  signatoryEmail: z.string(),
  locale: z.enum(locales),
  signature: mouSignature.nullable(),
});
export type MouParty = z.infer<typeof mouParty>;

/** The memorandum as its parties read it: what the PDF and the signing page show. */
export const mouDocument = z.object({
  id: z.uuid(),
  seriesId: z.uuid(),
  version: z.number().int(),
  title: z.string(),
  status: z.enum(mouStatuses),
  objectives: z.string(),
  qualifications: z.array(mouCatalogueEntry),
  units: z.array(mouCatalogueEntry),
  assessment: z.string(),
  documentation: z.string(),
  validation: z.string(),
  recognition: z.string(),
  responsibilities: z.string(),
  evaluation: z.string(),
  minDurationDays: z.number().int().nullable(),
  maxDurationDays: z.number().int().nullable(),
  validFrom: z.string().nullable(),
  validUntil: z.string().nullable(),
  contentHash: z.string().nullable(),
  parties: z.array(mouParty),
});
export type MouDocument = z.infer<typeof mouDocument>;

export const mouTimelineEntry = z.object({
  id: z.string(),
  at: z.string(),
  action: z.string(),
  actorEmail: z.string().nullable(),
  after: z.unknown(),
});
export type MouTimelineEntry = z.infer<typeof mouTimelineEntry>;

/** What the school's staff see: the document, where it stands, and what can be done next. */
export const mouDetail = mouDocument.extend({
  qualificationIds: z.array(z.uuid()),
  unitIds: z.array(z.uuid()),
  lockVersion: z.number().int(),
  sentAt: z.string().nullable(),
  activatedAt: z.string().nullable(),
  endedAt: z.string().nullable(),
  endReason: z.string(),
  replacedBy: z.object({ id: z.uuid(), version: z.number().int() }).nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
  /** Empty when it may be sent for signature. */
  missing: z.array(z.object({ part: z.enum(mouParts), party: z.string().optional() })),
  /** Every version of this memorandum, oldest first. */
  versions: z.array(z.object({ id: z.uuid(), version: z.number().int(), status: z.enum(mouStatuses) })),
  /** Open signing links per party id: when the e-mail went and until when the link works. */
  links: z.record(z.string(), z.object({ sentAt: z.string(), expiresAt: z.string() })),
  timeline: z.array(mouTimelineEntry),
});
export type MouDetail = z.infer<typeof mouDetail>;

/** What the holder of an e-mailed link sees: their memorandum, and whether they may sign it now. */
export const mouLinkView = z.object({
  document: mouDocument,
  partyId: z.uuid(),
  schoolName: z.string(),
  canSign: z.boolean(),
  locale: z.enum(locales),
});
export type MouLinkView = z.infer<typeof mouLinkView>;

/** The pickers of the draft form: the partner register and the catalogue, read-only. */
export const mouOptions = z.object({
  partners: z.array(
    z.object({
      id: z.uuid(),
      legalName: z.string(),
      country: z.string(),
      city: z.string(),
      address: z.string(),
      website: z.string(),
      phone: z.string(),
      contactName: z.string(),
      contactPosition: z.string(),
      contactEmail: z.string(),
    }),
  ),
  qualifications: z.array(mouCatalogueEntry),
  units: z.array(mouCatalogueEntry),
  school: z.object({ name: z.string(), country: z.string(), address: z.string() }),
});
export type MouOptions = z.infer<typeof mouOptions>;

export const mouCreated = z.object({ id: z.uuid() });
