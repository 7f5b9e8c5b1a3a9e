import { z } from 'zod';
import type { Locale } from '../locale.ts';
import { countryCode, isoDate, listQuery, page } from './common.ts';

export const callStatuses = ['draft', 'open', 'closed', 'decided'] as const;
export type CallStatus = (typeof callStatuses)[number];

/** Status names for messages; the web app has its own in its translations. */
export const callStatusNames: Record<Locale, Record<CallStatus, string>> = {
  lv: { draft: 'melnraksts', open: 'atvērts', closed: 'slēgts', decided: 'izlemts' },
  en: { draft: 'draft', open: 'open', closed: 'closed', decided: 'decided' },
};

export const applicationStatuses = ['submitted', 'withdrawn', 'selected', 'reserve', 'not_selected'] as const;
export type ApplicationStatus = (typeof applicationStatuses)[number];

/** Common European Framework of Reference levels of a language. */
export const cefrLevels = ['A1', 'A2', 'B1', 'B2', 'C1', 'C2'] as const;
export type CefrLevel = (typeof cefrLevels)[number];

/**
 * What seed 003 says the sending school assesses in each candidate: prior preparation in the
 * qualification, social skills, individual qualities; and the language of the destination.
 */
export const namedCriteria = ['preparation', 'social', 'individual', 'language'] as const;
export type NamedCriterion = (typeof namedCriteria)[number];

export const isNamedCriterion = (key: string): key is NamedCriterion =>
  (namedCriteria as readonly string[]).includes(key);

/** A score on one criterion: a whole number from 0 to 10. */
export const scoreMin = 0;
export const scoreMax = 10;

const text = (max: number) => z.string().trim().max(max).default('');
const atLeastOne = (n: number) => n >= 1;

export const criterionInput = z.object({
  /** One of `namedCriteria`, or a short key the coordinator's own criterion gets. */
  key: z
    .string()
    .trim()
    .regex(/^[a-z][a-z0-9_]{0,39}$/, { message: 'invalid' }),
  /** Empty for the named criteria (the interface names them); required for one of the coordinator's own. */
  label: text(120),
  weight: z.coerce
    .number()
    .refine((n) => Number.isInteger(n) && n >= 0 && n <= 10, { message: 'weight_range' }),
});
export type CriterionInput = z.infer<typeof criterionInput>;

export const defaultCriteria: CriterionInput[] = namedCriteria.map((key) => ({ key, label: '', weight: 1 }));

export const callDestinationInput = z.object({
  /** An existing destination keeps its id, so applications that chose it stay attached. */
  id: z.uuid().optional(),
  country: countryCode,
  city: text(120),
  hostPartnerId: z.uuid().nullable().default(null),
  places: z.coerce
    .number()
    .int()
    .refine(atLeastOne, { message: 'places_min' })
    .refine((n) => n <= 1000),
});
export type CallDestinationInput = z.infer<typeof callDestinationInput>;

/** A call for applications as the coordinator types it. */
export const callInput = z
  .object({
    projectId: z.uuid(),
    title: z.string().trim().min(3).max(300),
    description: text(8000),
    /** Who may apply and how candidates are chosen, as applicants read it. */
    criteriaText: text(4000),
    places: z.coerce
      .number()
      .int()
      .refine(atLeastOne, { message: 'places_min' })
      .refine((n) => n <= 1000),
    opensOn: isoDate,
    deadline: isoDate,
    criteria: z.array(criterionInput).min(1).max(10).default(defaultCriteria),
    destinations: z.array(callDestinationInput).min(1).max(30),
  })
  .superRefine((v, ctx) => {
    if (v.deadline < v.opensOn)
      ctx.addIssue({ code: 'custom', path: ['deadline'], message: 'deadline_before_opening' });
    const keys = v.criteria.map((c) => c.key);
    if (new Set(keys).size !== keys.length)
      ctx.addIssue({ code: 'custom', path: ['criteria'], message: 'duplicate_criterion' });
    if (v.criteria.every((c) => c.weight === 0))
      ctx.addIssue({ code: 'custom', path: ['criteria'], message: 'weights_all_zero' });
    v.criteria.forEach((c, i) => {
      if (!isNamedCriterion(c.key) && !c.label)
        ctx.addIssue({ code: 'custom', path: ['criteria', i, 'label'], message: 'required' });
    });
  });
export type CallInput = z.infer<typeof callInput>;

export const callUpdate = z.object({ lockVersion: z.number().int().min(1), call: callInput });
export type CallUpdate = z.infer<typeof callUpdate>;

export const callStatusChange = z.object({ to: z.enum(['open', 'closed']) });

export const callCriterion = z.object({ key: z.string(), label: z.string(), weight: z.number() });
export type CallCriterion = z.infer<typeof callCriterion>;

export const callDestination = z.object({
  id: z.uuid(),
  country: z.string(),
  city: z.string(),
  hostPartnerId: z.uuid().nullable(),
  hostName: z.string().nullable(),
  places: z.number().int(),
});
export type CallDestination = z.infer<typeof callDestination>;

export const callCounts = z.object({
  applications: z.number().int(),
  withdrawn: z.number().int(),
  interviewed: z.number().int(),
  selected: z.number().int(),
  reserve: z.number().int(),
  notSelected: z.number().int(),
});

export const callDetail = z.object({
  id: z.uuid(),
  lockVersion: z.number().int(),
  projectId: z.uuid(),
  projectLabel: z.string(),
  title: z.string(),
  description: z.string(),
  criteriaText: z.string(),
  places: z.number().int(),
  opensOn: z.string(),
  deadline: z.string(),
  status: z.enum(callStatuses),
  /** Open, and today is between the opening day and the deadline (inclusive). */
  acceptingApplications: z.boolean(),
  criteria: z.array(callCriterion),
  destinations: z.array(callDestination),
  /** Staff only; null for a learner. */
  counts: callCounts.nullable(),
  /** A learner's own application to this call. */
  myApplicationId: z.uuid().nullable(),
  /** For a learner: under 18 by the school's records (a guardian must agree); null when unknown. */
  minorOnRecord: z.boolean().nullable(),
  /** The signed-in person may edit, open, close, select and decide (coordinator or admin). */
  canManage: z.boolean(),
  decidedAt: z.string().nullable(),
});
export type CallDetail = z.infer<typeof callDetail>;

export const callSummary = z.object({
  id: z.uuid(),
  title: z.string(),
  projectLabel: z.string(),
  status: z.enum(callStatuses),
  opensOn: z.string(),
  deadline: z.string(),
  places: z.number().int(),
  acceptingApplications: z.boolean(),
  destinations: z.array(z.string()),
  /** Staff only. */
  applications: z.number().int().nullable(),
  /** A learner's own application's id, if any. */
  myApplicationId: z.uuid().nullable(),
});
export type CallSummary = z.infer<typeof callSummary>;

export const callSortable = ['title', 'deadline', 'opensOn', 'status', 'places', 'applications'] as const;
export const callListQuery = listQuery(callSortable).extend({
  status: z.enum(callStatuses).optional(),
  projectId: z.uuid().optional(),
});
export type CallListQuery = z.infer<typeof callListQuery>;
export const callPage = page(callSummary);

/** What the call form offers: host partners and the school's staff (interviewers, accompanying teachers). */
export const callFormOptions = z.object({
  partners: z.array(z.object({ id: z.uuid(), label: z.string(), country: z.string(), city: z.string() })),
  staff: z.array(z.object({ id: z.uuid(), label: z.string() })),
});

// ── Applications ────────────────────────────────────────────────────────────────────────────────

const cefrLevel = z
  .string()
  .trim()
  .toUpperCase()
  .refine((v) => (cefrLevels as readonly string[]).includes(v), { message: 'cefr_level' })
  .transform((v) => v as CefrLevel);

export const languageInput = z.object({
  language: z.string().trim().min(2).max(60),
  level: cefrLevel,
});

/** A learner's application as the form sends it; destinations in the order the learner prefers them. */
export const applicationInput = z
  .object({
    motivation: z.string().trim().min(20).max(4000),
    languages: z.array(languageInput).min(1).max(10),
    destinations: z.array(z.uuid()).min(1).max(30),
    /** Under 18: a parent or guardian must agree too. */
    isMinor: z.boolean().default(false),
    guardianConsent: z.boolean().default(false),
    dataConsent: z.boolean().refine((v) => v, { message: 'consent_required' }),
    photoConsent: z.boolean().default(false),
  })
  .superRefine((v, ctx) => {
    if (new Set(v.destinations).size !== v.destinations.length)
      ctx.addIssue({ code: 'custom', path: ['destinations'], message: 'duplicate_destination' });
    const names = v.languages.map((l) => l.language.toLowerCase());
    if (new Set(names).size !== names.length)
      ctx.addIssue({ code: 'custom', path: ['languages'], message: 'duplicate_language' });
    if (v.isMinor && !v.guardianConsent)
      ctx.addIssue({ code: 'custom', path: ['guardianConsent'], message: 'guardian_consent_required' });
  });
export type ApplicationInput = z.infer<typeof applicationInput>;

export const applicationLanguage = z.object({ language: z.string(), level: z.enum(cefrLevels) });

export const applicationInterview = z.object({
  date: z.string(),
  interviewerId: z.uuid().nullable(),
  interviewerName: z.string().nullable(),
  scores: z.record(z.string(), z.number()),
  notes: z.string(),
  updatedAt: z.string(),
});

/** One application as its page shows it. A learner sees the outcome only once the call is decided. */
export const applicationDetail = z.object({
  id: z.uuid(),
  callId: z.uuid(),
  callTitle: z.string(),
  callStatus: z.enum(callStatuses),
  deadline: z.string(),
  learnerId: z.uuid(),
  learnerName: z.string(),
  learnerEmail: z.string(),
  motivation: z.string(),
  languages: z.array(applicationLanguage),
  /** Preferred destinations, most wanted first. */
  destinations: z.array(callDestination),
  isMinor: z.boolean(),
  guardianConsent: z.boolean(),
  dataConsent: z.boolean(),
  photoConsent: z.boolean(),
  status: z.enum(applicationStatuses),
  reservePosition: z.number().int().nullable(),
  assignedDestination: callDestination.nullable(),
  submittedAt: z.string(),
  /** The learner may still change or withdraw it (the call takes applications). */
  editable: z.boolean(),
  /** Staff only. */
  interview: applicationInterview.nullable(),
  criteria: z.array(callCriterion),
});
export type ApplicationDetail = z.infer<typeof applicationDetail>;

/** A learner's own application in their list, with the outcome once the call is decided. */
export const myApplication = z.object({
  id: z.uuid(),
  callId: z.uuid(),
  callTitle: z.string(),
  callStatus: z.enum(callStatuses),
  deadline: z.string(),
  status: z.enum(applicationStatuses),
  reservePosition: z.number().int().nullable(),
  destination: z.string().nullable(),
  submittedAt: z.string(),
  editable: z.boolean(),
  placement: z
    .object({ id: z.uuid(), title: z.string(), startDate: z.string(), endDate: z.string() })
    .nullable(),
});
export type MyApplication = z.infer<typeof myApplication>;
export const myApplicationList = z.array(myApplication);

// ── Interviews, ranking, selection ──────────────────────────────────────────────────────────────

const score = z.number().refine((n) => Number.isInteger(n) && n >= scoreMin && n <= scoreMax, {
  message: 'score_range',
});

export const interviewInput = z.object({
  date: isoDate,
  /** Who interviewed; the person recording it when empty. */
  interviewerId: z.uuid().nullable().default(null),
  /** A score for every criterion of the call, by its key. */
  scores: z.record(z.string(), score),
  notes: text(4000),
});
export type InterviewInput = z.infer<typeof interviewInput>;

/** How a tie on the weighted total was broken between this candidate and the next one. */
export const tieBreak = z.object({
  /** The candidate ranked right after, with the same total. */
  aheadOf: z.string(),
  by: z.enum(['criterion', 'submitted_at', 'name']),
  criterion: z.string().nullable(),
  mine: z.number().nullable(),
  theirs: z.number().nullable(),
});
export type TieBreak = z.infer<typeof tieBreak>;

export const rankedApplication = z.object({
  id: z.uuid(),
  learnerId: z.uuid(),
  learnerName: z.string(),
  learnerEmail: z.string(),
  status: z.enum(applicationStatuses),
  reserveRank: z.number().int().nullable(),
  destinationId: z.uuid().nullable(),
  preferences: z.array(z.uuid()),
  languages: z.array(applicationLanguage),
  submittedAt: z.string(),
  scores: z.record(z.string(), z.number()).nullable(),
  /** Weighted average of the scores, 0–10, two decimals; null before the interview. */
  total: z.number().nullable(),
  /** 1 for the best; null before the interview. */
  rank: z.number().int().nullable(),
  /** Others with exactly the same total. */
  tiedWith: z.array(z.string()),
  tieBreak: tieBreak.nullable(),
});
export type RankedApplication = z.infer<typeof rankedApplication>;

export const callRanking = z.object({
  places: z.number().int(),
  status: z.enum(callStatuses),
  criteria: z.array(callCriterion),
  destinations: z.array(callDestination),
  items: z.array(rankedApplication),
});
export type CallRanking = z.infer<typeof callRanking>;

export const applicationSortable = ['rank', 'name', 'submittedAt', 'total', 'status'] as const;
export const applicationListQuery = listQuery(applicationSortable).extend({
  status: z.enum(applicationStatuses).optional(),
});
export type ApplicationListQuery = z.infer<typeof applicationListQuery>;
/** A page of applicants, with the call's criteria to head the score columns. */
export const applicationPage = page(rankedApplication).extend({ criteria: z.array(callCriterion) });

/**
 * The coordinator's selection: who goes (each with a destination), the reserve list in order, who is
 * not selected. Applications left out stay undecided.
 */
export const selectionInput = z.object({
  selected: z.array(z.object({ applicationId: z.uuid(), destinationId: z.uuid() })).max(1000),
  reserve: z.array(z.uuid()).max(1000),
  notSelected: z.array(z.uuid()).max(1000),
});
export type SelectionInput = z.infer<typeof selectionInput>;

// ── Teams ───────────────────────────────────────────────────────────────────────────────────────

export const teamInput = z.object({
  destinationId: z.uuid(),
  /** The host; the destination's own host when empty. */
  hostPartnerId: z.uuid().nullable().default(null),
  name: text(200),
  members: z.array(z.uuid()).min(1).max(100),
});
export type TeamInput = z.infer<typeof teamInput>;

export const callTeam = z.object({
  id: z.uuid(),
  name: z.string(),
  destination: callDestination,
  hostPartnerId: z.uuid().nullable(),
  hostName: z.string().nullable(),
  members: z.array(
    z.object({
      applicationId: z.uuid(),
      learnerId: z.uuid(),
      learnerName: z.string(),
      placementId: z.uuid().nullable(),
    }),
  ),
});
export type CallTeam = z.infer<typeof callTeam>;
export const callTeamList = z.array(callTeam);

export const teamPlacementModes = ['group', 'individual'] as const;

/**
 * Placements made from a team: one group mobility for the whole team with the accompanying staff the
 * coordinator picks, or one learner mobility per member. The Erasmus+ rules of the project's call year apply.
 */
export const teamPlacementsInput = z
  .object({
    mode: z.enum(teamPlacementModes),
    /** For one placement per learner. */
    activityType: z.enum(['short_term_learner', 'long_term_learner']).default('short_term_learner'),
    startDate: isoDate,
    endDate: isoDate,
    travelDays: z.coerce.number().int().min(0).max(10).default(0),
    accompanying: z.array(z.uuid()).max(20).default([]),
    mentorId: z.uuid().nullable().default(null),
  })
  .superRefine((v, ctx) => {
    if (v.endDate < v.startDate) ctx.addIssue({ code: 'custom', path: ['endDate'], message: 'dates_order' });
  });
export type TeamPlacementsInput = z.infer<typeof teamPlacementsInput>;

export const teamPlacementsResult = z.object({
  placements: z.array(z.object({ id: z.uuid(), title: z.string() })),
});
