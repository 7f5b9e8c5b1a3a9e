import { z } from 'zod';
import type { Locale } from '../locale.ts';
import { type OutcomeKind, outcomeKinds } from './catalogue.ts';
import { listQuery, page } from './common.ts';

// Enumerations of a micro-credential's EU elements. The codes go into the signed credential.
export const documentTypes = [
  'module_certificate',
  'professional_development',
  'qualification_part',
  'non_formal',
] as const;
export const assessmentTypes = [
  'exam',
  'practical',
  'project',
  'portfolio',
  'observation',
  'prior_learning',
  'other',
] as const;
export const participationModes = ['on_site', 'online', 'blended'] as const;
export const learningSettings = ['formal', 'non_formal'] as const;
export const identityVerifications = ['none', 'supervised', 'online_id', 'onsite_id'] as const;
export type DocumentType = (typeof documentTypes)[number];
export type AssessmentType = (typeof assessmentTypes)[number];
export type ParticipationMode = (typeof participationModes)[number];
export type LearningSetting = (typeof learningSettings)[number];
export type IdentityVerification = (typeof identityVerifications)[number];

/** Words for every code, in both languages: the PDF, the credential's narrative and the web all use them. */
export const credentialWords: Record<
  Locale,
  {
    documentType: Record<DocumentType, string>;
    assessmentType: Record<AssessmentType, string>;
    participationMode: Record<ParticipationMode, string>;
    learningSetting: Record<LearningSetting, string>;
    identityVerification: Record<IdentityVerification, string>;
    outcomeKind: Record<OutcomeKind, string>;
  }
> = {
  lv: {
    documentType: {
      module_certificate: 'Moduļa apliecība',
      professional_development: 'Profesionālās pilnveides apliecība',
      qualification_part: 'Apliecība par profesionālās kvalifikācijas daļas apguvi',
      non_formal: 'Neformālās izglītības apliecība',
    },
    assessmentType: {
      exam: 'Noslēguma pārbaudījums',
      practical: 'Praktisks uzdevums darba vidē',
      project: 'Projekts',
      portfolio: 'Portfolio',
      observation: 'Novērošana darba vietā',
      prior_learning: 'Iepriekš iegūtās izglītības atzīšana',
      other: 'Cits',
    },
    participationMode: { on_site: 'Klātienē', online: 'Tiešsaistē', blended: 'Jaukta forma' },
    learningSetting: { formal: 'Formālā izglītība', non_formal: 'Neformālā izglītība' },
    identityVerification: {
      none: 'Bez uzraudzības un identitātes pārbaudes',
      supervised: 'Uzraudzīts, bez identitātes pārbaudes',
      online_id: 'Uzraudzīts tiešsaistē ar identitātes pārbaudi',
      onsite_id: 'Klātienē ar identitātes pārbaudi',
    },
    outcomeKind: {
      knowledge: 'Zināšanas',
      skills: 'Prasmes',
      responsibility_autonomy: 'Atbildība un patstāvība',
    },
  },
  en: {
    documentType: {
      module_certificate: 'Module certificate',
      professional_development: 'Professional development certificate',
      qualification_part: 'Certificate of a part of a professional qualification',
      non_formal: 'Non-formal education certificate',
    },
    assessmentType: {
      exam: 'Final examination',
      practical: 'Practical task at the workplace',
      project: 'Project',
      portfolio: 'Portfolio',
      observation: 'Observation at the workplace',
      prior_learning: 'Recognition of prior learning',
      other: 'Other',
    },
    participationMode: { on_site: 'On site', online: 'Online', blended: 'Blended' },
    learningSetting: { formal: 'Formal education', non_formal: 'Non-formal education' },
    identityVerification: {
      none: 'Unsupervised, no identity verification',
      supervised: 'Supervised, no identity verification',
      online_id: 'Supervised online with identity verification',
      onsite_id: 'On site with identity verification',
    },
    outcomeKind: {
      knowledge: 'Knowledge',
      skills: 'Skills',
      responsibility_autonomy: 'Responsibility and autonomy',
    },
  },
};

const text = (max: number) => z.string().trim().max(max);

export const credentialOutcome = z.object({
  id: z.uuid().optional(),
  text: z.string().trim().min(3).max(500),
  kind: z.enum(outcomeKinds).nullable().default(null),
});
export type CredentialOutcome = z.infer<typeof credentialOutcome>;

/** What an admin fills in for a credential template: every EU mandatory element, then the optional ones. */
export const templateInput = z.object({
  title: z.string().trim().min(2).max(200),
  description: text(2000).default(''),
  language: z.enum(['lv', 'en']).default('lv'),
  documentType: z.enum(documentTypes),
  learningOutcomes: z.array(credentialOutcome).min(1).max(50),
  unitId: z.uuid().nullable().default(null),
  ects: z.number().min(0).max(180).multipleOf(0.1).nullable().default(null),
  hours: z.number().int().min(1).max(10_000),
  eqfLevel: z.number().int().min(1).max(8).nullable().default(null),
  lkiLevel: z.number().int().min(1).max(8).nullable().default(null),
  assessmentType: z.enum(assessmentTypes),
  assessmentDescription: text(1000).default(''),
  participationMode: z.enum(participationModes),
  learningSetting: z.enum(learningSettings),
  qualityAssurance: z.string().trim().min(3).max(1000),
  prerequisites: text(1000).default(''),
  identityVerification: z.enum(identityVerifications).nullable().default(null),
  gradingScheme: text(500).default(''),
  stacksInto: text(500).default(''),
  furtherInformation: text(1000).default(''),
  validMonths: z.number().int().min(1).max(600).nullable().default(null),
  partIds: z.array(z.uuid()).max(20).default([]),
});
export type TemplateInput = z.infer<typeof templateInput>;
export type TemplateFormValues = z.input<typeof templateInput>;

export const templateView = templateInput.extend({
  id: z.uuid(),
  learningOutcomes: z.array(credentialOutcome.extend({ id: z.uuid() })),
  parts: z.array(z.object({ id: z.uuid(), title: z.string() })),
  archived: z.boolean(),
  issuedCount: z.number().int(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type TemplateView = z.infer<typeof templateView>;

export const templateListQuery = listQuery(['title', 'createdAt'] as const).extend({
  archived: z.enum(['true', 'false']).optional(),
});
export const templateSummary = z.object({
  id: z.uuid(),
  title: z.string(),
  documentType: z.enum(documentTypes),
  ects: z.number().nullable(),
  hours: z.number().int(),
  eqfLevel: z.number().int().nullable(),
  archived: z.boolean(),
  issuedCount: z.number().int(),
  createdAt: z.string(),
});
export const templatePage = page(templateSummary);
export const archiveTemplateRequest = z.object({ archived: z.boolean() });

// The school as an issuer.
export const issuerSettingsInput = z.object({
  region: text(100).default(''),
  website: z.union([z.literal(''), z.url()]).default(''),
});
export const issuerView = z.object({
  did: z.string(),
  didDocumentUrl: z.string(),
  schoolName: z.string(),
  country: z.string(),
  region: z.string(),
  website: z.string(),
  signingEnabled: z.boolean(),
  keys: z.array(
    z.object({
      id: z.string(),
      keyNo: z.number().int(),
      publicKeyMultibase: z.string(),
      createdAt: z.string(),
      retiredAt: z.string().nullable(),
      credentialsSigned: z.number().int(),
    }),
  ),
});
export type IssuerView = z.infer<typeof issuerView>;

// Issuing.
export const evidenceInput = z.object({
  name: z.string().trim().min(1).max(200),
  narrative: text(2000).default(''),
  url: z.union([z.literal(''), z.url()]).default(''),
});
export const issueRequest = z.object({
  templateId: z.uuid(),
  learnerId: z.uuid(),
  grade: text(50).default(''),
  evidence: z.array(evidenceInput).max(10).default([]),
});
export type IssueRequest = z.infer<typeof issueRequest>;

export const credentialStates = ['active', 'suspended', 'revoked', 'expired'] as const;
export type CredentialState = (typeof credentialStates)[number];

export const credentialListQuery = listQuery(['issuedAt', 'learner', 'title'] as const).extend({
  state: z.enum(credentialStates).optional(),
  templateId: z.uuid().optional(),
  batchId: z.uuid().optional(),
});
export const credentialSummary = z.object({
  id: z.uuid(),
  title: z.string(),
  learnerId: z.uuid(),
  learnerName: z.string(),
  learnerEmail: z.string(),
  grade: z.string().nullable(),
  issuedAt: z.string(),
  validUntil: z.string().nullable(),
  state: z.enum(credentialStates),
  revokedReason: z.string().nullable(),
  suspendedReason: z.string().nullable(),
});
export const credentialPage = page(credentialSummary);
export type CredentialSummary = z.infer<typeof credentialSummary>;

export const credentialStatusRequest = z.object({
  action: z.enum(['revoke', 'suspend', 'reinstate']),
  reason: z.string().trim().min(3).max(500),
});
export type CredentialStatusRequest = z.infer<typeof credentialStatusRequest>;

// The learner's own credentials and what they share.
export const shareView = z.object({
  id: z.uuid(),
  url: z.string(),
  purpose: z.enum(['link', 'pdf', 'linkedin']),
  label: z.string(),
  createdAt: z.string(),
  expiresAt: z.string().nullable(),
  revokedAt: z.string().nullable(),
  views: z.number().int(),
});
export type ShareView = z.infer<typeof shareView>;
export const createShareRequest = z.object({
  label: text(100).default(''),
  expiresOn: z.iso.date().nullable().default(null),
});
export const myCredential = z.object({
  id: z.uuid(),
  title: z.string(),
  schoolName: z.string(),
  issuedAt: z.string(),
  validUntil: z.string().nullable(),
  state: z.enum(credentialStates),
  grade: z.string().nullable(),
  shares: z.array(shareView),
});
export type MyCredential = z.infer<typeof myCredential>;
export const myCredentialList = z.object({ items: z.array(myCredential) });
export const linkedInLink = z.object({ url: z.string(), shareUrl: z.string() });

// Verification: every check has a name, a state and words for the person reading.
export const checkIds = [
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
] as const;
export type CheckId = (typeof checkIds)[number];
export const verificationCheck = z.object({
  id: z.enum(checkIds),
  status: z.enum(['passed', 'failed', 'skipped', 'warning']),
  message: z.string(),
});
export type VerificationCheck = z.infer<typeof verificationCheck>;

/** The EU elements as found in a credential (any issuer's), for the verification page. */
export const credentialDisplay = z.object({
  id: z.string().nullable(),
  title: z.string().nullable(),
  description: z.string().nullable(),
  documentType: z.string().nullable(),
  issuer: z.object({
    id: z.string().nullable(),
    name: z.string().nullable(),
    url: z.string().nullable(),
    countryCode: z.string().nullable(),
    region: z.string().nullable(),
  }),
  learner: z.object({ id: z.string().nullable(), name: z.string().nullable() }),
  issuedAt: z.string().nullable(),
  validUntil: z.string().nullable(),
  learningOutcomes: z.array(z.object({ text: z.string(), kind: z.string().nullable() })),
  ects: z.number().nullable(),
  hours: z.number().nullable(),
  eqfLevel: z.string().nullable(),
  lkiLevel: z.string().nullable(),
  assessmentType: z.string().nullable(),
  assessmentDescription: z.string().nullable(),
  participationMode: z.string().nullable(),
  learningSetting: z.string().nullable(),
  qualityAssurance: z.string().nullable(),
  prerequisites: z.string().nullable(),
  identityVerification: z.string().nullable(),
  grade: z.string().nullable(),
  gradingScheme: z.string().nullable(),
  stacksInto: z.string().nullable(),
  parts: z.array(z.object({ id: z.string().nullable(), name: z.string().nullable() })),
  furtherInformation: z.string().nullable(),
});
export type CredentialDisplay = z.infer<typeof credentialDisplay>;

export const verificationResult = z.object({
  verified: z.boolean(),
  failed: z.array(z.enum(checkIds)),
  checks: z.array(verificationCheck),
  credential: credentialDisplay.nullable(),
});
export type VerificationResult = z.infer<typeof verificationResult>;

export const sharedCredential = z.object({
  verification: verificationResult,
  document: z.unknown(),
  expiresAt: z.string().nullable(),
});

// Batch issue from a CSV: e-mail or name, optional grade.
export const batchRowProblem = z.enum([
  'email_invalid',
  'name_missing',
  'learner_unknown',
  'learner_ambiguous',
  'duplicate',
  'grade_too_long',
  'parts_missing',
]);
export type BatchRowProblem = z.infer<typeof batchRowProblem>;
export const batchPreviewRow = z.object({
  rowNo: z.number().int(),
  email: z.string(),
  givenName: z.string(),
  familyName: z.string(),
  grade: z.string(),
  learnerId: z.uuid().nullable(),
  action: z.enum(['match', 'create', 'skip']),
  problems: z.array(batchRowProblem),
});
export const batchPreview = z.object({
  encoding: z.enum(['utf-8', 'windows-1257']),
  rows: z.array(batchPreviewRow),
  ready: z.number().int(),
  withProblems: z.number().int(),
});
export type BatchPreview = z.infer<typeof batchPreview>;
export const batchQuery = z.object({
  templateId: z.uuid(),
  createMissing: z.enum(['true', 'false']).default('false'),
});
export const batchView = z.object({
  id: z.uuid(),
  templateId: z.uuid(),
  templateTitle: z.string(),
  status: z.enum(['queued', 'running', 'done', 'failed']),
  total: z.number().int(),
  done: z.number().int(),
  failed: z.number().int(),
  error: z.string().nullable(),
  createdAt: z.string(),
  finishedAt: z.string().nullable(),
});
export type BatchView = z.infer<typeof batchView>;
export const batchList = z.object({ items: z.array(batchView) });

/** A learner a coordinator can issue to: for the single-issue form's picker. */
export const learnerOption = z.object({ id: z.uuid(), name: z.string(), email: z.string() });
export const learnerOptions = z.object({ items: z.array(learnerOption) });

/** Units of the catalogue with their outcomes: a template's outcomes can be filled from one. */
export const unitOutcomeList = z.object({
  items: z.array(
    z.object({
      id: z.uuid(),
      code: z.string(),
      title: z.string(),
      qualification: z.string(),
      eqfLevel: z.number().int(),
      lkiLevel: z.number().int(),
      creditPoints: z.number(),
      outcomes: z.array(z.object({ text: z.string(), kind: z.enum(outcomeKinds) })),
    }),
  ),
});
export type UnitOutcomeList = z.infer<typeof unitOutcomeList>;
