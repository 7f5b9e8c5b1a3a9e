import { z } from 'zod';
import {
  agreementKinds,
  agreementMissingItems,
  agreementParties,
  assessmentStages,
  assessmentStatuses,
  changeReasons,
  gradingScales,
  outcomePlaces,
  outcomeResults,
  versionStatuses,
} from '../agreements.ts';
import { activityTypes, placementKinds, placementModes, placementStatuses } from '../placements.ts';
import { email, isoDate } from './common.ts';
import { personalCode } from './people.ts';

const text = (max: number) => z.string().trim().max(max).default('');
const optionalEmail = z.union([z.literal(''), email]).default('');
const sha256 = z.string().regex(/^[0-9a-f]{64}$/);

const contact = z.object({ name: z.string(), position: z.string(), email: z.string(), phone: z.string() });

/**
 * Everything one version of an agreement says, frozen when it is saved: a signed version keeps these
 * words even when the catalogue, the school's address or the placement change later.
 */
export const agreementContent = z.object({
  kind: z.enum(agreementKinds),
  placementKind: z.enum(placementKinds),
  activityType: z.enum(activityTypes).nullable(),
  mode: z.enum(placementModes),
  school: z.object({
    name: z.string(),
    legalAddress: z.string(),
    registrationNumber: z.string(),
    country: z.string(),
    erasmusOid: z.string(),
  }),
  host: z
    .object({
      name: z.string(),
      legalAddress: z.string(),
      registrationNumber: z.string(),
      country: z.string(),
      city: z.string(),
    })
    .nullable(),
  learner: z.object({
    givenName: z.string(),
    familyName: z.string(),
    email: z.string(),
    dateOfBirth: z.string().nullable(),
  }),
  /** Only for a learner under 18 on the first day. */
  guardian: z.object({ name: z.string(), email: z.string(), phone: z.string() }).nullable(),
  /** Under 18 on the first day; null when the birth date is unknown. */
  minor: z.boolean().nullable(),
  qualification: z
    .object({
      code: z.string(),
      title: z.string(),
      titleEn: z.string(),
      eqfLevel: z.number().int(),
      lkiLevel: z.number().int(),
      programme: z.string(),
    })
    .nullable(),
  programme: z.object({ title: z.string(), hours: z.number().int() }).nullable(),
  project: z.object({ number: z.string(), title: z.string() }).nullable(),
  period: z.object({
    startDate: z.string(),
    endDate: z.string(),
    travelDays: z.number().int(),
    plannedHours: z.number().int().nullable(),
  }),
  units: z.array(
    z.object({
      id: z.string(),
      code: z.string(),
      title: z.string(),
      titleEn: z.string(),
      eqfLevel: z.number().int(),
      creditPoints: z.number(),
      /** The learning activities and tasks at the host for this unit. */
      activities: z.string(),
      outcomes: z.array(
        z.object({
          id: z.string(),
          kind: z.enum(['knowledge', 'skills', 'responsibility_autonomy']),
          text: z.string(),
          textEn: z.string(),
          criteria: z.string(),
          included: z.boolean(),
          place: z.enum(outcomePlaces),
        }),
      ),
    }),
  ),
  /** The internship programme's tasks (MK 481), due so many days after the first day. */
  tasks: z.array(z.object({ title: z.string(), description: z.string(), dueDay: z.number().int() })),
  schoolMentor: contact.nullable(),
  hostMentor: contact,
  schoolSignatory: z.object({ name: z.string(), position: z.string() }),
  hostSignatory: z.object({ name: z.string(), position: z.string(), email: z.string() }),
  responsibilities: z.object({ school: z.string(), host: z.string(), learner: z.string() }),
  insurance: z.string(),
  assessment: z.object({ method: z.string(), grading: z.enum(gradingScales) }),
  recognition: z.string(),
  mou: z.object({ title: z.string(), version: z.number().int(), validUntil: z.string() }).nullable(),
  communication: z
    .object({ channels: z.array(z.string()), everyDays: z.number().int().nullable(), who: z.string() })
    .nullable(),
  /** The group's shared learning programme (group mobility). */
  groupProgramme: z.string(),
  notes: z.string(),
});
export type AgreementContent = z.infer<typeof agreementContent>;

const contactInput = z.object({
  name: text(200),
  position: text(200),
  email: optionalEmail,
  phone: text(60),
});

/** What the school edits in a draft; the rest comes from the placement, the school, the host and the catalogue. */
export const agreementDraftInput = z
  .object({
    lockVersion: z.number().int().min(1),
    startDate: isoDate,
    endDate: isoDate,
    units: z
      .array(
        z.object({
          unitId: z.string().min(1).max(64),
          activities: text(4000),
          outcomes: z
            .array(
              z.object({
                outcomeId: z.string().min(1).max(64),
                included: z.boolean(),
                place: z.enum(outcomePlaces).default('workplace'),
              }),
            )
            .max(200),
        }),
      )
      .max(50),
    hostMentor: contactInput,
    hostSignatory: z.object({ name: text(200), position: text(200), email: optionalEmail }),
    schoolSignatory: z.object({ name: text(200), position: text(200) }),
    responsibilities: z.object({ school: text(6000), host: text(6000), learner: text(6000) }),
    insurance: text(1000),
    assessmentMethod: text(4000),
    grading: z.enum(gradingScales),
    /** How the school recognises the outcomes (from the MoU where there is one). */
    recognition: text(4000),
    notes: text(4000),
  })
  .superRefine((v, ctx) => {
    if (v.endDate < v.startDate) ctx.addIssue({ code: 'custom', path: ['endDate'], message: 'dates_order' });
  });
export type AgreementDraftInput = z.infer<typeof agreementDraftInput>;

export const changeProposalRequest = z
  .object({
    reason: z.enum(changeReasons),
    comment: text(2000),
  })
  .superRefine((v, ctx) => {
    if (v.reason === 'other' && !v.comment)
      ctx.addIssue({ code: 'custom', path: ['comment'], message: 'reason_required' });
  });
export type ChangeProposalRequest = z.infer<typeof changeProposalRequest>;

/** A signature in the app: the hash of the content the signer was shown. */
export const signRequest = z.object({
  contentHash: sha256,
  /** The school representative's position (the learner signs as the learner). */
  position: text(200),
  consent: z.literal(true),
});
export type SignRequest = z.infer<typeof signRequest>;

/** A signature through an e-mailed link: the signer names themselves. */
export const linkSignRequest = z.object({
  contentHash: sha256,
  name: z.string().trim().min(1).max(200),
  position: text(200),
  consent: z.literal(true),
});
export type LinkSignRequest = z.infer<typeof linkSignRequest>;

export const signatureView = z.object({
  party: z.enum(agreementParties),
  expectedName: z.string(),
  expectedEmail: z.string(),
  signedAt: z.string().nullable(),
  name: z.string().nullable(),
  position: z.string().nullable(),
  email: z.string().nullable(),
  method: z.enum(['in_app', 'email_link']).nullable(),
  hash: z.string().nullable(),
});
export type SignatureView = z.infer<typeof signatureView>;

export const versionSummary = z.object({
  version: z.number().int(),
  status: z.enum(versionStatuses),
  changeReason: z.enum(changeReasons).nullable(),
  changeComment: z.string(),
  createdAt: z.string(),
  sentAt: z.string().nullable(),
  signedAt: z.string().nullable(),
  contentHash: z.string(),
});

export const versionDetail = versionSummary.extend({
  lockVersion: z.number().int(),
  content: agreementContent,
  signatures: z.array(signatureView),
  missing: z.array(z.enum(agreementMissingItems)),
});
export type VersionDetail = z.infer<typeof versionDetail>;

export const agreementDetail = z.object({
  id: z.uuid(),
  placementId: z.uuid(),
  placementTitle: z.string(),
  placementStatus: z.enum(placementStatuses),
  learner: z.object({ id: z.uuid(), name: z.string(), email: z.string() }),
  kind: z.enum(agreementKinds),
  currentVersion: z.number().int(),
  signedVersion: z.number().int().nullable(),
  versions: z.array(versionSummary),
  /** The newest version, in full. */
  current: versionDetail,
  can: z.object({
    edit: z.boolean(),
    signAsSchool: z.boolean(),
    signAsLearner: z.boolean(),
    recognise: z.boolean(),
  }),
});
export type AgreementDetail = z.infer<typeof agreementDetail>;

export const agreementListItem = z.object({
  id: z.uuid(),
  learner: z.object({ id: z.uuid(), name: z.string() }),
  kind: z.enum(agreementKinds),
  currentVersion: z.number().int(),
  status: z.enum(versionStatuses),
  signedVersion: z.number().int().nullable(),
  missing: z.array(z.enum(agreementMissingItems)),
  signaturesDone: z.number().int(),
  signaturesNeeded: z.number().int(),
  recognised: z.boolean(),
});

export const placementAgreements = z.object({
  placementId: z.uuid(),
  placementStatus: z.enum(placementStatuses),
  agreements: z.array(agreementListItem),
  /** Learners of the placement who have no agreement yet. */
  withoutAgreement: z.array(z.object({ id: z.uuid(), name: z.string() })),
  groupProgramme: z.string(),
  canManage: z.boolean(),
});
export type PlacementAgreements = z.infer<typeof placementAgreements>;

export const generateAgreementsRequest = z.object({
  groupProgramme: z.string().trim().max(20_000).optional(),
});
export const groupProgrammeRequest = z.object({ text: z.string().trim().max(20_000) });

export const sendAllResponse = z.object({
  sent: z.number().int(),
  notReady: z.array(
    z.object({
      agreementId: z.uuid(),
      learner: z.string(),
      missing: z.array(z.enum(agreementMissingItems)),
    }),
  ),
});

/** What a person opening an e-mailed signing link sees. */
export const signingLinkView = z.object({
  party: z.enum(agreementParties),
  expectedName: z.string(),
  email: z.string(),
  version: z.number().int(),
  kind: z.enum(agreementKinds),
  contentHash: z.string(),
  content: agreementContent,
  signatures: z.array(signatureView),
  alreadySigned: z.boolean(),
});
export type SigningLinkView = z.infer<typeof signingLinkView>;

/** The public check of a PDF or a hash against the signed versions. */
export const agreementCheckResult = z.object({
  /** What the check read: a hash from the file or the one typed. */
  hash: z.string().nullable(),
  outcome: z.enum(['signed', 'not_fully_signed', 'no_match', 'not_pdf', 'no_hash']),
  /** The uploaded file is byte for byte one Tilts produced. */
  fileMatches: z.boolean().nullable(),
  match: z
    .object({
      version: z.number().int(),
      kind: z.enum(agreementKinds),
      learner: z.string(),
      host: z.string(),
      school: z.string(),
      startDate: z.string(),
      endDate: z.string(),
      signedAt: z.string().nullable(),
      /** A newer version every party signed replaces this one. */
      replacedBy: z.number().int().nullable(),
      signatures: z.array(
        z.object({
          party: z.enum(agreementParties),
          name: z.string(),
          position: z.string(),
          signedAt: z.string(),
        }),
      ),
    })
    .nullable(),
});
export type AgreementCheckResult = z.infer<typeof agreementCheckResult>;

export const assessmentLinkRequest = z.object({ stage: z.enum(assessmentStages) });
export const reopenRequest = z.object({ reason: z.string().trim().min(1).max(1000) });
export const validateRequest = z.object({ comment: text(2000) });

export const outcomeAssessmentInput = z.object({
  outcomeId: z.string().min(1).max(64),
  result: z.enum(outcomeResults).nullable().default(null),
  grade: text(10),
  comment: text(2000),
});

/** The supervisor's evaluation of one learner: saved as it goes, and locked once submitted. */
export const assessmentInput = z.object({
  outcomes: z.array(outcomeAssessmentInput).max(300),
  characterisation: text(10_000),
  submit: z.boolean().default(false),
});
export type AssessmentInput = z.infer<typeof assessmentInput>;

export const assessmentView = z.object({
  agreementId: z.uuid(),
  stage: z.enum(assessmentStages),
  status: z.enum(assessmentStatuses),
  version: z.number().int(),
  grading: z.enum(gradingScales),
  characterisation: z.string(),
  assessorName: z.string(),
  submittedAt: z.string().nullable(),
  validatedAt: z.string().nullable(),
  validatedBy: z.string().nullable(),
  validationComment: z.string(),
  outcomes: z.array(
    z.object({
      outcomeId: z.string(),
      result: z.enum(outcomeResults).nullable(),
      grade: z.string(),
      comment: z.string(),
    }),
  ),
});
export type AssessmentView = z.infer<typeof assessmentView>;

export const agreementAssessments = z.object({
  agreementId: z.uuid(),
  signedVersion: z.number().int().nullable(),
  /** The agreed outcomes (of the newest signed version), the ones assessed. */
  units: agreementContent.shape.units,
  grading: z.enum(gradingScales),
  stages: z.array(assessmentView),
  recognition: z
    .object({
      decidedAt: z.string(),
      decidedBy: z.string(),
      grade: z.string(),
      comment: z.string(),
      units: z.array(
        z.object({
          unitId: z.string(),
          code: z.string(),
          title: z.string(),
          creditPoints: z.number(),
          recognised: z.boolean(),
          grade: z.string(),
        }),
      ),
    })
    .nullable(),
  can: z.object({ sendLinks: z.boolean(), validate: z.boolean(), recognise: z.boolean() }),
});
export type AgreementAssessments = z.infer<typeof agreementAssessments>;

/** What the supervisor's assessment link opens: every learner of the placement with a signed agreement. */
export const assessmentLinkView = z.object({
  stage: z.enum(assessmentStages),
  placementTitle: z.string(),
  hostName: z.string(),
  startDate: z.string(),
  endDate: z.string(),
  assessorName: z.string(),
  learners: z.array(
    z.object({
      agreementId: z.uuid(),
      learner: z.string(),
      version: z.number().int(),
      grading: z.enum(gradingScales),
      units: agreementContent.shape.units,
      assessment: assessmentView.nullable(),
    }),
  ),
});
export type AssessmentLinkView = z.infer<typeof assessmentLinkView>;

export const recognitionRequest = z.object({
  units: z
    .array(
      z.object({
        unitId: z.string().min(1).max(64),
        recognised: z.boolean(),
        creditPoints: z.coerce.number().min(0).max(1000),
        grade: text(10),
      }),
    )
    .max(50),
  grade: text(10),
  comment: text(4000),
});
export type RecognitionRequest = z.infer<typeof recognitionRequest>;

export const learnerProfile = z.object({
  userId: z.uuid(),
  name: z.string(),
  /** Null for a reader who may not see it (a teacher); `personalData` says which. */
  dateOfBirth: z.string().nullable(),
  /** The personal code for the school's managers and the learner; masked ("●●●●●●-●●●05") for others. */
  nationalId: z.string().nullable(),
  /** Whether the birth date and the full personal code are shown to this reader. */
  personalData: z.enum(['shown', 'masked']),
  /** Under 18 today by the birth date on file; null when none is. Shown to all who read the profile. */
  minor: z.boolean().nullable(),
  groupName: z.string(),
  guardianName: z.string(),
  guardianEmail: z.string(),
  guardianPhone: z.string(),
  canEdit: z.boolean(),
});
export type LearnerProfile = z.infer<typeof learnerProfile>;

export const learnerProfileInput = z.object({
  dateOfBirth: isoDate.nullable().default(null),
  /** Left out: the personal code on file stays; null or "" removes it. */
  nationalId: z.preprocess((v) => (v === '' ? null : v), personalCode.nullable()).optional(),
  groupName: text(60).optional(),
  guardianName: text(200),
  guardianEmail: optionalEmail,
  guardianPhone: text(60),
});
export type LearnerProfileInput = z.infer<typeof learnerProfileInput>;

export const documentQuery = z.object({
  lang: z.enum(['lv', 'en']).default('lv'),
  userId: z.uuid().optional(),
});
export const pdfQuery = z.object({ lang: z.enum(['lv', 'en']).default('lv') });
export const checkQuery = z.object({ hash: z.string().trim().toLowerCase().max(200) });
