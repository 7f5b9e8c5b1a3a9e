import type { Locale } from './locale.ts';

/** The kinds of placement (DOMAIN.md section 2). */
export const placementKinds = ['internship', 'dvb', 'virtual_internship', 'erasmus'] as const;
export type PlacementKind = (typeof placementKinds)[number];

/** Erasmus+ activity types in vocational education (seed 002). */
export const activityTypes = [
  'skills_competition',
  'group_mobility',
  'short_term_learner',
  'long_term_learner',
  'job_shadowing',
  'teaching_assignment',
  'courses_training',
  'invited_experts',
  'hosting_teachers',
  'preparatory_visit',
] as const;
export type ActivityType = (typeof activityTypes)[number];

export const placementModes = ['on_site', 'virtual', 'blended'] as const;
export type PlacementMode = (typeof placementModes)[number];

/** Why a learner goes (seed 003). */
export const placementPurposes = [
  'programme_module',
  'specialised_course',
  'innovation',
  'long_term_foundation',
] as const;
export type PlacementPurpose = (typeof placementPurposes)[number];

export const placementStatuses = [
  'draft',
  'planned',
  'ready',
  'in_progress',
  'completed',
  'recognised',
  'closed',
  'cancelled',
  'interrupted',
] as const;
export type PlacementStatus = (typeof placementStatuses)[number];

/** Where each status may go next. Cancelling and interrupting need a reason. */
export const placementTransitions: Record<PlacementStatus, readonly PlacementStatus[]> = {
  draft: ['planned', 'cancelled'],
  planned: ['draft', 'ready', 'cancelled'],
  ready: ['planned', 'in_progress', 'cancelled'],
  in_progress: ['completed', 'interrupted'],
  completed: ['recognised', 'closed'],
  recognised: ['closed'],
  closed: [],
  cancelled: [],
  interrupted: ['in_progress', 'closed'],
};
export const statusesNeedingReason: readonly PlacementStatus[] = ['cancelled', 'interrupted'];
/** Statuses whose details may still be edited. */
export const editableStatuses: readonly PlacementStatus[] = ['draft', 'planned', 'ready'];
/** A placement that has not started and is not given up: what "missing before start" looks at. */
export const notStartedStatuses: readonly PlacementStatus[] = ['draft', 'planned', 'ready'];

export function canTransition(from: PlacementStatus, to: PlacementStatus): boolean {
  return placementTransitions[from].includes(to);
}

/** One activity's rule of one call year, as stored in mobility_rules. */
export interface MobilityRule {
  activityType: ActivityType;
  participants: 'learners' | 'staff' | 'hosted';
  minDays: number | null;
  maxDays: number | null;
  minLearners: number;
  needsAccompanyingStaff: boolean;
  /** Months after graduation a recent graduate may still start; null: not open to recent graduates. */
  graduateMonths: number | null;
  needsLinkedMobility: boolean;
}

/**
 * The rules of DOMAIN.md section 2 (seed 002; the 12 months for recent graduates from the Programme
 * Guide). A new school starts with these for each call year; an admin edits them as the guide changes.
 */
export const defaultMobilityRules: readonly MobilityRule[] = [
  rule('skills_competition', 'learners', 1, 10),
  { ...rule('group_mobility', 'learners', 2, 30), minLearners: 2, needsAccompanyingStaff: true },
  { ...rule('short_term_learner', 'learners', 10, 89), graduateMonths: 12 },
  { ...rule('long_term_learner', 'learners', 90, 365), graduateMonths: 12 },
  rule('job_shadowing', 'staff', 2, 60),
  rule('teaching_assignment', 'staff', 2, 365),
  rule('courses_training', 'staff', 2, 30),
  rule('invited_experts', 'hosted', 2, 60),
  rule('hosting_teachers', 'hosted', 10, 365),
  { ...rule('preparatory_visit', 'staff', null, null), needsLinkedMobility: true },
];

function rule(
  activityType: ActivityType,
  participants: MobilityRule['participants'],
  minDays: number | null,
  maxDays: number | null,
): MobilityRule {
  return {
    activityType,
    participants,
    minDays,
    maxDays,
    minLearners: participants === 'learners' ? 1 : 0,
    needsAccompanyingStaff: false,
    graduateMonths: null,
    needsLinkedMobility: false,
  };
}

const DAY = 86_400_000;

/** Days since 1970-01-01 of a 'YYYY-MM-DD' date (UTC, so no daylight-saving day is 23 hours). */
export function dayNumber(date: string): number {
  return Math.floor(Date.parse(`${date}T00:00:00Z`) / DAY);
}

export function addDays(date: string, days: number): string {
  return new Date((dayNumber(date) + days) * DAY).toISOString().slice(0, 10);
}

/** Calendar days from start to end, both counted: 1 for a one-day activity. */
export function daysInclusive(start: string, end: string): number {
  return dayNumber(end) - dayNumber(start) + 1;
}

/**
 * The duration the rules count: the activity's days, start and end included, without interruptions.
 * Travel days are not in the activity's dates, so they never count.
 */
export function activityDuration(start: string, end: string, interruptionDays = 0): number {
  return daysInclusive(start, end) - interruptionDays;
}

/** Adds calendar months to a date, clamped to the month's last day (31 January + 1 month = 28/29 February). */
export function addMonths(date: string, months: number): string {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  const index = y * 12 + (m - 1) + months;
  const year = Math.floor(index / 12);
  const month = (index % 12) + 1;
  const last = new Date(Date.UTC(year, month, 0)).getUTCDate();
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(Math.min(d, last)).padStart(2, '0')}`;
}

/** What the rule check needs to know about a placement. */
export interface RuleCheckInput {
  activityType: ActivityType;
  startDate: string;
  endDate: string;
  interruptionDays?: number;
  learners: { graduationDate?: string | null }[];
  staff: number;
  accompanying: number;
  preparesPlacementId?: string | null;
  justification?: string;
}

/** A broken rule: the field it is about, a message key, and the numbers the message needs. */
export interface RuleViolation {
  field: string;
  key: string;
  params: Record<string, string | number>;
}

/** Checks a mobility against its activity's rule. Pure; an empty list means it complies. */
export function checkMobilityRule(input: RuleCheckInput, r: MobilityRule): RuleViolation[] {
  const problems: RuleViolation[] = [];
  const days = activityDuration(input.startDate, input.endDate, input.interruptionDays ?? 0);
  const tooShort = r.minDays !== null && days < r.minDays;
  const tooLong = r.maxDays !== null && days > r.maxDays;
  if (tooShort || tooLong) {
    problems.push({
      field: 'endDate',
      key: 'rule_duration',
      params: {
        activity: input.activityType,
        days,
        min: r.minDays ?? 1,
        max: r.maxDays ?? '∞',
      },
    });
  }
  if (r.participants === 'learners' && input.learners.length < r.minLearners) {
    problems.push({
      field: 'learnerIds',
      key: 'rule_min_learners',
      params: { activity: input.activityType, min: r.minLearners, count: input.learners.length },
    });
  }
  if (r.needsAccompanyingStaff && input.accompanying < 1) {
    problems.push({
      field: 'accompanyingIds',
      key: 'rule_accompanying',
      params: { activity: input.activityType },
    });
  }
  if (r.participants === 'staff' && input.staff < 1) {
    problems.push({ field: 'staffIds', key: 'rule_needs_staff', params: { activity: input.activityType } });
  }
  for (const learner of input.learners) {
    if (!learner.graduationDate) continue;
    if (r.graduateMonths === null) {
      problems.push({
        field: 'learnerIds',
        key: 'rule_graduates_not_eligible',
        params: { activity: input.activityType },
      });
      break;
    }
    const latest = addMonths(learner.graduationDate, r.graduateMonths);
    if (input.startDate > latest || input.startDate < learner.graduationDate) {
      problems.push({
        field: 'startDate',
        key: 'rule_graduate_window',
        params: { months: r.graduateMonths, graduation: learner.graduationDate, latest },
      });
      break;
    }
  }
  if (r.needsLinkedMobility) {
    if (!input.preparesPlacementId) {
      problems.push({ field: 'preparesPlacementId', key: 'rule_linked_mobility', params: {} });
    }
    if (!input.justification?.trim()) {
      problems.push({ field: 'justification', key: 'rule_justification', params: {} });
    }
  }
  return problems;
}

/** What a placement still lacks before it can start. */
export const readinessItems = ['participants', 'supervisor', 'insurance', 'mou', 'mentor'] as const;
export type ReadinessItem = (typeof readinessItems)[number];

export interface ReadinessInput {
  kind: PlacementKind;
  activityType: ActivityType | null;
  learners: number;
  staff: number;
  supervisorName: string;
  insurance: string;
  mentorId: string | null;
  /** The host is in another country than the school. */
  hostAbroad: boolean;
  /** An active memorandum with the host covers the placement's dates. */
  hasActiveMou: boolean;
}

/** The items still missing; a placement moves to "ready" only when none are. */
export function missingBeforeStart(p: ReadinessInput): ReadinessItem[] {
  const missing: ReadinessItem[] = [];
  if (p.learners + p.staff === 0) missing.push('participants');
  const hosted = p.activityType === 'invited_experts' || p.activityType === 'hosting_teachers';
  if (!hosted && p.activityType !== 'preparatory_visit' && !p.supervisorName.trim())
    missing.push('supervisor');
  if (!p.insurance.trim()) missing.push('insurance');
  if (p.kind === 'erasmus' && p.hostAbroad && !hosted && !p.hasActiveMou) missing.push('mou');
  if (!p.mentorId && p.learners > 0) missing.push('mentor');
  return missing;
}

/** Names of the activity types, for messages the server words and for the web. */
export const activityTypeNames: Record<Locale, Record<ActivityType, string>> = {
  lv: {
    skills_competition: 'Dalība prasmju konkursā ārvalstīs',
    group_mobility: 'PIA apguvēju grupu mobilitāte',
    short_term_learner: 'Īstermiņa audzēkņu mobilitāte',
    long_term_learner: 'Ilgtermiņa audzēkņu mobilitāte (ErasmusPro)',
    job_shadowing: 'Ēnošana darbā',
    teaching_assignment: 'Nodarbību vadīšana',
    courses_training: 'Kursi un mācības',
    invited_experts: 'Ekspertu uzņemšana',
    hosting_teachers: 'Skolotāju uzņemšana praksē',
    preparatory_visit: 'Sagatavošanās vizīte',
  },
  en: {
    skills_competition: 'Skills competition abroad',
    group_mobility: 'Group mobility of VET learners',
    short_term_learner: 'Short-term learner mobility',
    long_term_learner: 'Long-term learner mobility (ErasmusPro)',
    job_shadowing: 'Job shadowing',
    teaching_assignment: 'Teaching or training assignment',
    courses_training: 'Courses and training',
    invited_experts: 'Invited experts',
    hosting_teachers: 'Hosting teachers and educators in training',
    preparatory_visit: 'Preparatory visit',
  },
};

export const placementStatusNames: Record<Locale, Record<PlacementStatus, string>> = {
  lv: {
    draft: 'melnraksts',
    planned: 'plānota',
    ready: 'gatava sākt',
    in_progress: 'notiek',
    completed: 'pabeigta',
    recognised: 'atzīta',
    closed: 'slēgta',
    cancelled: 'atcelta',
    interrupted: 'pārtraukta',
  },
  en: {
    draft: 'draft',
    planned: 'planned',
    ready: 'ready to start',
    in_progress: 'in progress',
    completed: 'completed',
    recognised: 'recognised',
    closed: 'closed',
    cancelled: 'cancelled',
    interrupted: 'interrupted',
  },
};

export const readinessItemNames: Record<Locale, Record<ReadinessItem, string>> = {
  lv: {
    participants: 'dalībnieki',
    supervisor: 'prakses vadītājs uzņēmumā',
    insurance: 'apdrošināšana',
    mou: 'spēkā esošs saprašanās memorands ar uzņēmēju',
    mentor: 'skolas mentors',
  },
  en: {
    participants: 'participants',
    supervisor: 'workplace supervisor',
    insurance: 'insurance',
    mou: 'an active memorandum of understanding with the host',
    mentor: 'school mentor',
  },
};
