import type { Locale } from './locale.ts';
import type { PlacementKind } from './placements.ts';

/**
 * The document a placement's learner signs (DOMAIN.md section 3, step 3): the Erasmus+ learning
 * agreement, the tripartite internship agreement (MK 481), or the DVB learning contract with its
 * individual plan (MK 484).
 */
export const agreementKinds = ['learning_agreement', 'internship_agreement', 'learning_contract'] as const;
export type AgreementKind = (typeof agreementKinds)[number];

export function agreementKindOf(kind: PlacementKind): AgreementKind {
  if (kind === 'erasmus') return 'learning_agreement';
  if (kind === 'dvb') return 'learning_contract';
  return 'internship_agreement';
}

/** Who signs: the sending school, the learner, the host, and a parent or guardian of a minor. */
export const agreementParties = ['school', 'learner', 'host', 'guardian'] as const;
export type AgreementParty = (typeof agreementParties)[number];

export const versionStatuses = ['draft', 'awaiting_signatures', 'signed', 'superseded', 'withdrawn'] as const;
export type VersionStatus = (typeof versionStatuses)[number];

/** Why a signed (or partly signed) agreement changes: the reasons of the EWP learning agreement, and ours. */
export const changeReasons = [
  'outcome_not_available',
  'outcome_added',
  'language',
  'timetable',
  'period_extended',
  'period_shortened',
  'mentor_changed',
  'other',
] as const;
export type ChangeReason = (typeof changeReasons)[number];

export const gradingScales = ['scale_10', 'pass_fail'] as const;
export type GradingScale = (typeof gradingScales)[number];

/** Where a DVB learner learns an outcome (the individual plan). */
export const outcomePlaces = ['workplace', 'school'] as const;
export type OutcomePlace = (typeof outcomePlaces)[number];

export const assessmentStages = ['mid_term', 'final'] as const;
export type AssessmentStage = (typeof assessmentStages)[number];

export const outcomeResults = ['achieved', 'partly', 'not_achieved'] as const;
export type OutcomeResult = (typeof outcomeResults)[number];

export const assessmentStatuses = ['open', 'submitted', 'validated'] as const;
export type AssessmentStatus = (typeof assessmentStatuses)[number];

/** The documents after a placement, each a PDF in Latvian or English. */
export const placementDocuments = [
  'transcript',
  'europass',
  'attendance',
  'accompanying',
  'group_programme',
] as const;
export type PlacementDocument = (typeof placementDocuments)[number];

/** True when someone born on `dateOfBirth` is under 18 on `onDate` (both YYYY-MM-DD). */
export function isMinorOn(dateOfBirth: string, onDate: string): boolean {
  const [by, bm, bd] = dateOfBirth.split('-').map(Number) as [number, number, number];
  const [y, m, d] = onDate.split('-').map(Number) as [number, number, number];
  let age = y - by;
  if (m < bm || (m === bm && d < bd)) age--;
  return age < 18;
}

/** A grade as the agreement's scale writes it: '1'…'10', or 'pass' / 'fail'. */
export function isValidGrade(grade: string, scale: GradingScale): boolean {
  if (scale === 'pass_fail') return grade === 'pass' || grade === 'fail';
  return /^(10|[1-9])$/.test(grade);
}

/** What the check looks at: the parts of an agreement's content that must be filled before signing. */
export interface AgreementCheckInput {
  kind: AgreementKind;
  school: { name: string; legalAddress: string };
  host: { name: string; legalAddress: string } | null;
  learner: { givenName: string; familyName: string; dateOfBirth: string | null };
  guardian: { name: string; email: string } | null;
  /** The learner is under 18 on the first day (null when the birth date is unknown). */
  minor: boolean | null;
  qualification: { eqfLevel: number } | null;
  programme: { title: string } | null;
  period: { startDate: string; endDate: string };
  units: {
    activities: string;
    outcomes: { included: boolean; place: OutcomePlace }[];
  }[];
  schoolMentor: { name: string } | null;
  hostMentor: { name: string };
  hostSignatory: { name: string; email: string };
  responsibilities: { school: string; host: string; learner: string };
  insurance: string;
  assessment: { method: string };
}

/** Everything an agreement can still lack before it may be sent for signature. */
export const agreementMissingItems = [
  'school_address',
  'host',
  'host_address',
  'birth_date',
  'guardian',
  'qualification',
  'programme',
  'outcomes',
  'activities',
  'individual_plan',
  'school_mentor',
  'host_mentor',
  'host_signatory',
  'responsibilities',
  'insurance',
  'assessment_method',
] as const;
export type AgreementMissingItem = (typeof agreementMissingItems)[number];

/**
 * The check of DOMAIN.md section 3, step 3 (seed 003): what an agreement still lacks before it can
 * go out for signature. Pure; an empty list means it may be sent.
 */
export function agreementMissing(c: AgreementCheckInput): AgreementMissingItem[] {
  const missing: AgreementMissingItem[] = [];
  const filled = (s: string | undefined | null) => Boolean(s?.trim());
  if (!filled(c.school.legalAddress)) missing.push('school_address');
  if (!c.host || !filled(c.host.name)) missing.push('host');
  else if (!filled(c.host.legalAddress)) missing.push('host_address');
  if (!c.learner.dateOfBirth || c.minor === null) missing.push('birth_date');
  else if (c.minor && (!c.guardian || !filled(c.guardian.name) || !filled(c.guardian.email)))
    missing.push('guardian');
  if (c.kind !== 'internship_agreement' && !c.qualification) missing.push('qualification');
  const included = c.units.flatMap((u) => u.outcomes.filter((o) => o.included));
  // An internship may follow its programme (MK 481) instead of listing units.
  if (c.kind === 'internship_agreement') {
    if (!c.programme && included.length === 0) missing.push('programme');
  } else if (included.length === 0) missing.push('outcomes');
  if (
    c.kind === 'learning_agreement' &&
    c.units.some((u) => u.outcomes.some((o) => o.included) && !filled(u.activities))
  ) {
    missing.push('activities');
  }
  if (c.kind === 'learning_contract' && included.length > 0 && !included.some((o) => o.place === 'workplace'))
    missing.push('individual_plan');
  if (!c.schoolMentor || !filled(c.schoolMentor.name)) missing.push('school_mentor');
  if (!filled(c.hostMentor.name)) missing.push('host_mentor');
  if (!filled(c.hostSignatory.name) || !filled(c.hostSignatory.email)) missing.push('host_signatory');
  const r = c.responsibilities;
  if (!filled(r.school) || !filled(r.host) || !filled(r.learner)) missing.push('responsibilities');
  if (!filled(c.insurance)) missing.push('insurance');
  if (!filled(c.assessment.method)) missing.push('assessment_method');
  return missing;
}

/** The parties whose signatures make a version final. */
export function requiredParties(minor: boolean): AgreementParty[] {
  return minor ? ['school', 'learner', 'host', 'guardian'] : ['school', 'learner', 'host'];
}

/** One leaf of an agreement's content, for comparing two versions side by side. */
export interface ContentLeaf {
  /** Stable across versions: array items with an `id` are keyed by it, not by position. */
  key: string;
  /** What a reader sees: the field names, with an item's code or number instead of its id. */
  label: string[];
  value: string;
}

function itemLabel(item: Record<string, unknown>, index: number): string {
  for (const field of ['code', 'title', 'text', 'name']) {
    const v = item[field];
    if (typeof v === 'string' && v.trim()) return v.length > 60 ? `${v.slice(0, 57)}…` : v;
  }
  return String(index + 1);
}

function leafValue(v: unknown): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'boolean') return v ? 'true' : 'false';
  return String(v);
}

/** Flattens content into its leaves in reading order. Pure. */
export function flattenContent(value: unknown, key = '', label: string[] = []): ContentLeaf[] {
  if (Array.isArray(value)) {
    if (value.length === 0) return [{ key, label, value: '' }];
    return value.flatMap((item, i) => {
      const isObj = item !== null && typeof item === 'object' && !Array.isArray(item);
      const id =
        isObj && typeof (item as { id?: unknown }).id === 'string' ? (item as { id: string }).id : null;
      const seg = id ? `[${id}]` : `[${i}]`;
      const lab = isObj ? itemLabel(item as Record<string, unknown>, i) : String(i + 1);
      return flattenContent(item, `${key}${seg}`, [...label, lab]);
    });
  }
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>);
    if (entries.length === 0) return [{ key, label, value: '' }];
    return entries.flatMap(([k, v]) => flattenContent(v, key ? `${key}.${k}` : k, [...label, k]));
  }
  return [{ key, label, value: leafValue(value) }];
}

export interface ContentDiffRow {
  key: string;
  label: string[];
  /** Null where the field is not in that version at all (an outcome added or removed). */
  before: string | null;
  after: string | null;
  changed: boolean;
}

/**
 * Two versions side by side: every field of either, in the newer one's order (fields only the older
 * one has follow where they stood), each marked changed or not. Pure.
 */
export function diffContent(before: unknown, after: unknown): ContentDiffRow[] {
  const a = flattenContent(before);
  const b = flattenContent(after);
  const aByKey = new Map(a.map((l) => [l.key, l]));
  const bKeys = new Set(b.map((l) => l.key));
  // Leaves only the older version has, attached to the nearest shared leaf before them ('' = the start).
  const removedAfter = new Map<string, ContentLeaf[]>();
  let anchor = '';
  for (const l of a) {
    if (bKeys.has(l.key)) anchor = l.key;
    else removedAfter.set(anchor, [...(removedAfter.get(anchor) ?? []), l]);
  }
  const removed = (k: string): ContentDiffRow[] =>
    (removedAfter.get(k) ?? []).map((l) => ({
      key: l.key,
      label: l.label,
      before: l.value,
      after: null,
      changed: true,
    }));
  const rows: ContentDiffRow[] = removed('');
  for (const l of b) {
    const old = aByKey.get(l.key);
    rows.push({
      key: l.key,
      label: l.label,
      before: old ? old.value : null,
      after: l.value,
      changed: !old || old.value !== l.value,
    });
    if (old) rows.push(...removed(l.key));
  }
  return rows;
}

export const agreementKindNames: Record<Locale, Record<AgreementKind, string>> = {
  lv: {
    learning_agreement: 'Mācību līgums',
    internship_agreement: 'Trīspusējs prakses līgums',
    learning_contract: 'Mācību līgums darba vidē balstītām mācībām',
  },
  en: {
    learning_agreement: 'Learning agreement',
    internship_agreement: 'Tripartite internship agreement',
    learning_contract: 'Work-based learning contract',
  },
};

export const agreementPartyNames: Record<Locale, Record<AgreementParty, string>> = {
  lv: {
    school: 'nosūtošā izglītības iestāde',
    learner: 'audzēknis',
    host: 'uzņemošā puse',
    guardian: 'vecāks vai aizbildnis',
  },
  en: {
    school: 'sending school',
    learner: 'learner',
    host: 'host',
    guardian: 'parent or guardian',
  },
};

export const versionStatusNames: Record<Locale, Record<VersionStatus, string>> = {
  lv: {
    draft: 'melnraksts',
    awaiting_signatures: 'gaida parakstus',
    signed: 'parakstīta',
    superseded: 'aizstāta',
    withdrawn: 'atsaukta',
  },
  en: {
    draft: 'draft',
    awaiting_signatures: 'awaiting signatures',
    signed: 'signed',
    superseded: 'superseded',
    withdrawn: 'withdrawn',
  },
};

export const changeReasonNames: Record<Locale, Record<ChangeReason, string>> = {
  lv: {
    outcome_not_available: 'Mācīšanās rezultāts uzņēmējā nav pieejams',
    outcome_added: 'Pievienots mācīšanās rezultāts (aizstāj izņemto)',
    language: 'Mācības notiek citā valodā, nekā norādīts',
    timetable: 'Laika grafika nesakritība',
    period_extended: 'Mobilitātes periods pagarināts',
    period_shortened: 'Mobilitātes periods saīsināts',
    mentor_changed: 'Mainījies mentors vai kontaktpersona',
    other: 'Cits iemesls',
  },
  en: {
    outcome_not_available: 'Learning outcome not available at the host',
    outcome_added: 'Learning outcome added (substituting a removed one)',
    language: 'Learning takes place in another language than stated',
    timetable: 'Timetable conflict',
    period_extended: 'Mobility period extended',
    period_shortened: 'Mobility period shortened',
    mentor_changed: 'Mentor or contact person changed',
    other: 'Other reason',
  },
};

export const agreementMissingNames: Record<Locale, Record<AgreementMissingItem, string>> = {
  lv: {
    school_address: 'nosūtošās skolas juridiskā adrese',
    host: 'uzņemošā puse',
    host_address: 'uzņemošās puses juridiskā adrese',
    birth_date: 'dzimšanas datums nav zināms: vai audzēknis ir nepilngadīgs?',
    guardian: 'nepilngadīgam audzēknim vajag vecāka vai aizbildņa vārdu un e-pastu',
    qualification: 'apgūstamā kvalifikācija (EKI un LKI līmenis)',
    programme: 'prakses programma vai mācīšanās rezultātu vienības',
    outcomes: 'sasniedzamie mācīšanās rezultāti',
    activities: 'mācību aktivitātes un uzdevumi uzņēmējā katrai vienībai',
    individual_plan: 'individuālais plāns: kuri rezultāti apgūstami darba vietā',
    school_mentor: 'skolas mentors vai kontaktpersona',
    host_mentor: 'uzņēmēja mentors vai kontaktpersona',
    host_signatory: 'uzņēmēja pārstāvis, kurš paraksta (vārds un e-pasts)',
    responsibilities: 'katras puses atbildība un pienākumi',
    insurance: 'audzēkņa apdrošināšana',
    assessment_method: 'vērtēšanas kārtība',
  },
  en: {
    school_address: 'the sending school’s legal address',
    host: 'the host',
    host_address: 'the host’s legal address',
    birth_date: 'birth date unknown: is the learner a minor?',
    guardian: 'a minor needs a parent or guardian’s name and e-mail',
    qualification: 'the qualification being learned (EQF and LKI level)',
    programme: 'the internship programme or units of learning outcomes',
    outcomes: 'the learning outcomes to achieve',
    activities: 'the learning activities and tasks at the host for each unit',
    individual_plan: 'the individual plan: which outcomes are learned at the workplace',
    school_mentor: 'the school’s mentor or contact person',
    host_mentor: 'the host’s mentor or contact person',
    host_signatory: 'the host’s representative who signs (name and e-mail)',
    responsibilities: 'the responsibilities and duties of each party',
    insurance: 'the learner’s insurance',
    assessment_method: 'how the outcomes are assessed',
  },
};

export const assessmentStageNames: Record<Locale, Record<AssessmentStage, string>> = {
  lv: { mid_term: 'starpvērtējums', final: 'noslēguma vērtējums' },
  en: { mid_term: 'mid-term evaluation', final: 'final evaluation' },
};

export const outcomeResultNames: Record<Locale, Record<OutcomeResult, string>> = {
  lv: { achieved: 'sasniegts', partly: 'daļēji sasniegts', not_achieved: 'nav sasniegts' },
  en: { achieved: 'achieved', partly: 'partly achieved', not_achieved: 'not achieved' },
};
