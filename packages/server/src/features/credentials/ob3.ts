import { createHash, randomBytes } from 'node:crypto';
import {
  type AssessmentType,
  credentialWords,
  type DocumentType,
  type IdentityVerification,
  type LearningSetting,
  type Locale,
  type OutcomeKind,
  type ParticipationMode,
} from '@tilts/shared';
import { MICRO_CREDENTIAL_CONTEXT, OB_V3, VC_V2 } from './contexts.ts';

/** The awarding body: the school's own details. */
export interface IssuerProfile {
  did: string;
  name: string;
  url: string;
  countryCode: string;
  region: string;
  registrationNumber: string;
  legalAddress: string;
}

/** A template as the mapping needs it. */
export interface TemplateData {
  id: string;
  title: string;
  description: string;
  language: Locale;
  documentType: DocumentType;
  learningOutcomes: { id: string; text: string; kind: OutcomeKind | null }[];
  ects: number | null;
  hours: number;
  eqfLevel: number | null;
  lkiLevel: number | null;
  assessmentType: AssessmentType;
  assessmentDescription: string;
  participationMode: ParticipationMode;
  learningSetting: LearningSetting;
  qualityAssurance: string;
  prerequisites: string;
  identityVerification: IdentityVerification | null;
  gradingScheme: string;
  stacksInto: string;
  furtherInformation: string;
  validMonths: number | null;
  parts: { id: string; title: string }[];
}

export interface LearnerData {
  id: string;
  givenName: string;
  familyName: string;
  email: string;
}

export interface StatusEntry {
  listUrl: string;
  index: number;
}

export interface AwardData {
  credentialId: string;
  issuedAt: Date;
  validUntil: Date | null;
  grade: string | null;
  evidence: { name: string; narrative: string; url: string }[];
  /** The learner's own credentials a stacked credential is made of. */
  partCredentials: { id: string; title: string }[];
  status: StatusEntry;
}

const EQF_URL = (level: number) => `http://data.europa.eu/snb/eqf/${level}`;
/** Latvian document type and enumerations travel as codes; words are in the narrative. */
const code = (value: string) => value.replace(/_/g, '-');

export function addMonths(date: Date, months: number): Date {
  const d = new Date(date);
  d.setUTCMonth(d.getUTCMonth() + months);
  return d;
}

/** Seconds precision, as verifiers compare dates in that form. */
export const isoSeconds = (d: Date) => `${d.toISOString().slice(0, 19)}Z`;

/** A salted SHA-256 of the learner's e-mail, the way Open Badges identifies a recipient privately. */
export function hashedEmail(emailAddress: string, salt: string): string {
  return `sha256$${createHash('sha256')
    .update(emailAddress.toLowerCase() + salt)
    .digest('hex')}`;
}

/** The criteria narrative: every EU element in words, for wallets that show only the text. */
export function criteriaNarrative(t: TemplateData): string {
  const w = credentialWords[t.language];
  const lv = t.language === 'lv';
  const lines: string[] = [];
  lines.push(lv ? '**Sasniegtie mācīšanās rezultāti**' : '**Learning outcomes achieved**', '');
  for (const o of t.learningOutcomes) lines.push(`- ${o.text}${o.kind ? ` (${w.outcomeKind[o.kind]})` : ''}`);
  lines.push('');
  const workload = [
    t.ects !== null ? `${t.ects} ECTS` : null,
    `${t.hours} ${lv ? 'stundas' : 'hours'}`,
  ].filter(Boolean);
  lines.push(`${lv ? 'Darba slodze' : 'Workload'}: ${workload.join(', ')}`);
  if (t.eqfLevel) lines.push(`${lv ? 'EKI līmenis' : 'EQF level'}: ${t.eqfLevel}`);
  if (t.lkiLevel) lines.push(`${lv ? 'LKI līmenis' : 'LQF (LKI) level'}: ${t.lkiLevel}`);
  lines.push(
    `${lv ? 'Novērtējuma veids' : 'Type of assessment'}: ${w.assessmentType[t.assessmentType]}${
      t.assessmentDescription ? ` — ${t.assessmentDescription}` : ''
    }`,
  );
  lines.push(
    `${lv ? 'Līdzdalības veids' : 'Form of participation'}: ${w.participationMode[t.participationMode]}, ${w.learningSetting[t.learningSetting].toLowerCase()}`,
  );
  lines.push(`${lv ? 'Kvalitātes nodrošināšana' : 'Quality assurance'}: ${t.qualityAssurance}`);
  if (t.prerequisites) lines.push(`${lv ? 'Iestāšanās nosacījumi' : 'Prerequisites'}: ${t.prerequisites}`);
  if (t.identityVerification) {
    lines.push(
      `${lv ? 'Identitātes pārbaude novērtēšanas laikā' : 'Identity verification during assessment'}: ${w.identityVerification[t.identityVerification]}`,
    );
  }
  if (t.gradingScheme) lines.push(`${lv ? 'Vērtēšanas sistēma' : 'Grading scheme'}: ${t.gradingScheme}`);
  if (t.parts.length > 0) {
    lines.push(`${lv ? 'Sastāv no' : 'Made of'}: ${t.parts.map((p) => p.title).join('; ')}`);
  }
  if (t.stacksInto) lines.push(`${lv ? 'Savienojamība' : 'Stacks into'}: ${t.stacksInto}`);
  if (t.furtherInformation)
    lines.push(`${lv ? 'Papildu informācija' : 'Further information'}: ${t.furtherInformation}`);
  return lines.join('\n');
}

/**
 * The unsigned Open Badges 3.0 AchievementCredential (VC 2.0) carrying every element of the
 * template: the mapping of DOMAIN.md section 5. Extension elements use the inline context.
 */
export function buildAchievementCredential(
  issuer: IssuerProfile,
  template: TemplateData,
  learner: LearnerData,
  award: AwardData,
) {
  const lv = template.language === 'lv';
  const salt = randomBytes(8).toString('hex');
  const alignment: object[] = template.learningOutcomes.map((o) => ({
    type: ['Alignment'],
    targetType: 'ceasn:Competency',
    targetName: o.text,
    targetUrl: `urn:uuid:${o.id}`,
    ...(o.kind ? { targetDescription: credentialWords.en.outcomeKind[o.kind] } : {}),
  }));
  if (template.eqfLevel) {
    alignment.push({
      type: ['Alignment'],
      targetType: 'ext:EQFLevel',
      targetName: `EQF level ${template.eqfLevel}`,
      targetCode: String(template.eqfLevel),
      targetFramework: 'European Qualifications Framework',
      targetUrl: EQF_URL(template.eqfLevel),
    });
  }
  if (template.lkiLevel) {
    alignment.push({
      type: ['Alignment'],
      targetType: 'ext:LKILevel',
      targetName: `LKI ${template.lkiLevel}. līmenis`,
      targetCode: String(template.lkiLevel),
      targetFramework: 'Latvijas kvalifikāciju ietvars (LKI)',
      targetUrl: `urn:lv:lki:level:${template.lkiLevel}`,
    });
  }

  const resultDescriptionId = `urn:uuid:${template.id}#grade`;
  const achievement: Record<string, unknown> = {
    id: `urn:uuid:${template.id}`,
    type: ['Achievement'],
    achievementType: 'MicroCredential',
    name: template.title,
    description: template.description || template.title,
    criteria: { narrative: criteriaNarrative(template) },
    alignment,
    inLanguage: template.language,
    ...(template.ects !== null ? { creditsAvailable: template.ects } : {}),
    ...(template.gradingScheme || award.grade
      ? {
          resultDescription: [
            {
              id: resultDescriptionId,
              type: ['ResultDescription'],
              name: lv ? 'Vērtējums' : 'Grade',
              resultType: 'Result',
            },
          ],
        }
      : {}),
    documentType: code(template.documentType),
    workloadHours: template.hours,
    assessmentType: code(template.assessmentType),
    ...(template.assessmentDescription ? { assessmentDescription: template.assessmentDescription } : {}),
    participationMode: code(template.participationMode),
    learningSetting: code(template.learningSetting),
    qualityAssurance: template.qualityAssurance,
    ...(template.prerequisites ? { prerequisites: template.prerequisites } : {}),
    ...(template.identityVerification ? { identityVerification: code(template.identityVerification) } : {}),
    ...(template.gradingScheme ? { gradingScheme: template.gradingScheme } : {}),
    ...(template.stacksInto ? { stacksInto: template.stacksInto } : {}),
    ...(template.furtherInformation ? { furtherInformation: template.furtherInformation } : {}),
    ...(template.parts.length > 0 ? { hasPart: template.parts.map((p) => `urn:uuid:${p.id}`) } : {}),
  };

  const evidence = [
    ...award.partCredentials.map((p) => ({
      id: `urn:uuid:${p.id}`,
      type: ['Evidence'],
      name: p.title,
      description: lv ? 'Daļa, no kuras sastāv šis apliecinājums' : 'A part this credential is made of',
    })),
    ...award.evidence.map((e) => ({
      ...(e.url ? { id: e.url } : {}),
      type: ['Evidence'],
      name: e.name,
      ...(e.narrative ? { narrative: e.narrative } : {}),
    })),
  ];

  const issued = isoSeconds(award.issuedAt);
  return {
    '@context': [VC_V2, OB_V3, MICRO_CREDENTIAL_CONTEXT],
    id: `urn:uuid:${award.credentialId}`,
    type: ['VerifiableCredential', 'AchievementCredential'],
    name: template.title,
    description: template.description || template.title,
    issuer: {
      id: issuer.did,
      type: ['Profile'],
      name: issuer.name,
      ...(issuer.url ? { url: issuer.url } : {}),
      address: {
        type: ['Address'],
        addressCountryCode: issuer.countryCode,
        ...(issuer.region ? { addressRegion: issuer.region } : {}),
        ...(issuer.legalAddress ? { streetAddress: issuer.legalAddress } : {}),
      },
      ...(issuer.registrationNumber
        ? {
            otherIdentifier: [
              {
                type: 'IdentifierEntry',
                identifier: issuer.registrationNumber,
                identifierType: 'ext:LVRegistrationNumber',
              },
            ],
          }
        : {}),
    },
    validFrom: issued,
    awardedDate: issued,
    ...(award.validUntil ? { validUntil: isoSeconds(award.validUntil) } : {}),
    credentialSubject: {
      id: `urn:uuid:${learner.id}`,
      type: ['AchievementSubject'],
      identifier: [
        {
          type: 'IdentityObject',
          identityType: 'name',
          hashed: false,
          identityHash: `${learner.givenName} ${learner.familyName}`.trim(),
        },
        {
          type: 'IdentityObject',
          identityType: 'emailAddress',
          hashed: true,
          identityHash: hashedEmail(learner.email, salt),
          salt,
        },
      ],
      achievement,
      ...(template.ects !== null ? { creditsEarned: template.ects } : {}),
      ...(award.grade
        ? { result: [{ type: ['Result'], resultDescription: resultDescriptionId, value: award.grade }] }
        : {}),
    },
    ...(evidence.length > 0 ? { evidence } : {}),
    credentialStatus: {
      id: `${award.status.listUrl}#${award.status.index}`,
      type: 'BitstringStatusListEntry',
      statusPurpose: 'revocation',
      statusListIndex: String(award.status.index),
      statusListCredential: award.status.listUrl,
    },
  };
}

export type AchievementCredential = ReturnType<typeof buildAchievementCredential>;
