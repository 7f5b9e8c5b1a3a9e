import { z } from 'zod';
import type { Locale } from './locale.ts';

/**
 * The signals of a learner at risk (issue 5, seeds 000 and 001), in the order their reasons are
 * listed when two have the same level.
 */
export const riskSignals = [
  'diaryDays',
  'missedDeadlines',
  'hoursBehindPct',
  'paceGapPct',
  'contactOverdueDays',
  'lowAssessmentPct',
  'unconfirmed',
  'signInDays',
] as const;
export type RiskSignal = (typeof riskSignals)[number];

export const riskLights = ['green', 'amber', 'red'] as const;
export type RiskLight = (typeof riskLights)[number];

/** When a signal turns amber and when red. */
export interface RiskThreshold {
  amber: number;
  red: number;
}
export type RiskThresholds = Record<RiskSignal, RiskThreshold>;

/**
 * Which way a signal is bad: most grow worse as they rise (amber at or above `amber`); the first
 * assessment is bad when the share of outcomes achieved falls below `amber`.
 */
export const riskDirection: Record<RiskSignal, 'above' | 'below'> = {
  diaryDays: 'above',
  signInDays: 'above',
  unconfirmed: 'above',
  missedDeadlines: 'above',
  hoursBehindPct: 'above',
  paceGapPct: 'above',
  contactOverdueDays: 'above',
  lowAssessmentPct: 'below',
};

/** What a school gets until it changes them (school_placement_settings.risk_thresholds). */
export const defaultRiskThresholds: RiskThresholds = {
  diaryDays: { amber: 5, red: 8 },
  signInDays: { amber: 7, red: 14 },
  unconfirmed: { amber: 5, red: 10 },
  missedDeadlines: { amber: 1, red: 3 },
  hoursBehindPct: { amber: 25, red: 50 },
  paceGapPct: { amber: 30, red: 50 },
  contactOverdueDays: { amber: 1, red: 7 },
  lowAssessmentPct: { amber: 60, red: 40 },
};

/** Percentages stay within 0–100; counts and days within a year. */
const riskMax: Record<RiskSignal, number> = {
  diaryDays: 365,
  signInDays: 365,
  unconfirmed: 365,
  missedDeadlines: 365,
  hoursBehindPct: 100,
  paceGapPct: 100,
  contactOverdueDays: 365,
  lowAssessmentPct: 100,
};

const thresholdValue = (max: number) =>
  z.coerce.number({ error: 'number' }).int({ error: 'integer' }).min(0).max(max);

/** A school's thresholds as an admin saves them: every signal, amber and red, in the right order. */
export const riskThresholdsInput = z
  .object(
    Object.fromEntries(
      riskSignals.map((s) => [
        s,
        z.object({ amber: thresholdValue(riskMax[s]), red: thresholdValue(riskMax[s]) }),
      ]),
    ) as Record<RiskSignal, z.ZodObject<{ amber: z.ZodNumber; red: z.ZodNumber }>>,
  )
  .superRefine((value, ctx) => {
    for (const s of riskSignals) {
      const t = value[s];
      const wrongOrder = riskDirection[s] === 'above' ? t.red < t.amber : t.red > t.amber;
      if (wrongOrder) {
        ctx.addIssue({
          code: 'custom',
          path: [s, 'red'],
          message: riskDirection[s] === 'above' ? 'risk_red_below_amber' : 'risk_red_above_amber',
        });
      }
    }
  });

/** The stored (possibly partial, possibly old) thresholds over the defaults: anything odd is ignored. */
export function mergeRiskThresholds(stored: unknown): RiskThresholds {
  const result = structuredClone(defaultRiskThresholds);
  if (!stored || typeof stored !== 'object') return result;
  for (const s of riskSignals) {
    const t = (stored as Record<string, unknown>)[s] as { amber?: unknown; red?: unknown } | undefined;
    if (!t || typeof t !== 'object') continue;
    if (typeof t.amber === 'number' && Number.isFinite(t.amber)) result[s].amber = t.amber;
    if (typeof t.red === 'number' && Number.isFinite(t.red)) result[s].red = t.red;
  }
  return result;
}

/**
 * One reason for a light: the signal, how bad, its value and, where the words need them, a second
 * and third figure (hours done and expected; tasks done and time gone; the contact plan's days).
 */
export const riskReason = z.object({
  signal: z.enum(riskSignals),
  level: z.enum(['amber', 'red']),
  value: z.number(),
  /** hours done (hours), share of tasks done (pace) */
  done: z.number().nullable(),
  /** hours expected by now (hours), share of time gone (pace), every N days (contact) */
  of: z.number().nullable(),
  /** diary or sign-in: never so far; pace: too fast rather than too slow */
  flag: z.boolean(),
});
export type RiskReason = z.infer<typeof riskReason>;

/** Who reads the reason: staff about a learner, or the learner about themselves. */
export type RiskAudience = 'staff' | 'learner';

/** Latvian: 1, 21, 31… take the singular; 11 and the rest the plural. */
const lvOne = (n: number) => n % 10 === 1 && n % 100 !== 11;
const lv = (n: number, one: string, many: string) => `${n} ${lvOne(n) ? one : many}`;
const en = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

type Phrase = (r: RiskReason) => string;

const phrases: Record<RiskAudience, Record<Locale, Record<RiskSignal, Phrase>>> = {
  staff: {
    lv: {
      diaryDays: (r) =>
        r.flag
          ? `dienasgrāmatā vēl nav neviena ieraksta (${lv(r.value, 'diena', 'dienas')} kopš sākuma)`
          : `${lv(r.value, 'dienu', 'dienas')} nav dienasgrāmatas ieraksta`,
      signInDays: (r) =>
        r.flag
          ? `vēl nav neviena pieslēgšanās (${lv(r.value, 'diena', 'dienas')} kopš sākuma)`
          : `pēdējā pieslēgšanās pirms ${lv(r.value, 'dienas', 'dienām')}`,
      unconfirmed: (r) =>
        lvOne(r.value) ? `${r.value} ieraksts nav apstiprināts` : `${r.value} ieraksti nav apstiprināti`,
      missedDeadlines: (r) =>
        lvOne(r.value) ? `nokavēts ${r.value} termiņš` : `nokavēti ${r.value} termiņi`,
      hoursBehindPct: (r) => `stundas atpaliek no plāna par ${r.value}% (${r.done} no ${r.of} h)`,
      paceGapPct: (r) =>
        r.flag
          ? `uzdevumi krietni apsteidz laiku: izpildīti ${r.done}%, pagājuši tikai ${r.of}% laika`
          : `uzdevumi atpaliek: izpildīti ${r.done}%, pagājuši ${r.of}% laika`,
      contactOverdueDays: (r) =>
        `kontakts nokavēts par ${lv(r.value, 'dienu', 'dienām')} (plānā ik pēc ${lv(r.of ?? 0, 'dienas', 'dienām')})`,
      lowAssessmentPct: (r) => `pirmajā vērtējumā sasniegti tikai ${r.value}% rezultātu`,
    },
    en: {
      diaryDays: (r) =>
        r.flag
          ? `no diary entry yet (${en(r.value, 'day', 'days')} since the start)`
          : `no diary entry for ${en(r.value, 'day', 'days')}`,
      signInDays: (r) =>
        r.flag
          ? `never signed in (${en(r.value, 'day', 'days')} since the start)`
          : `last signed in ${en(r.value, 'day', 'days')} ago`,
      unconfirmed: (r) => `${en(r.value, 'diary entry', 'diary entries')} not confirmed`,
      missedDeadlines: (r) => `${en(r.value, 'deadline', 'deadlines')} missed`,
      hoursBehindPct: (r) => `hours ${r.value}% behind plan (${r.done} of ${r.of} h)`,
      paceGapPct: (r) =>
        r.flag
          ? `tasks far ahead of time: ${r.done}% done with only ${r.of}% of the time gone`
          : `tasks behind: ${r.done}% done, ${r.of}% of the time gone`,
      contactOverdueDays: (r) =>
        `contact overdue by ${en(r.value, 'day', 'days')} (plan: every ${en(r.of ?? 0, 'day', 'days')})`,
      lowAssessmentPct: (r) => `first assessment: only ${r.value}% of outcomes achieved`,
    },
  },
  learner: {
    lv: {
      diaryDays: (r) =>
        r.flag
          ? 'jūsu dienasgrāmatā vēl nav neviena ieraksta'
          : `jūsu dienasgrāmatā ${lv(r.value, 'dienu', 'dienas')} nav ieraksta`,
      signInDays: (r) =>
        r.flag
          ? 'jūs vēl ne reizi neesat pieslēdzies Tiltam'
          : `jūs pēdējo reizi pieslēdzāties pirms ${lv(r.value, 'dienas', 'dienām')}`,
      unconfirmed: (r) =>
        `prakses vadītājs vēl nav apstiprinājis ${lv(r.value, 'jūsu ierakstu', 'jūsu ierakstus')}`,
      missedDeadlines: (r) => `jūs nokavējāt ${lv(r.value, 'termiņu', 'termiņus')}`,
      hoursBehindPct: (r) => `jūsu stundas atpaliek no plāna par ${r.value}% (${r.done} no ${r.of} h)`,
      paceGapPct: (r) =>
        r.flag
          ? `jūs uzdevumus pildāt ļoti ātri: izpildīti ${r.done}%, pagājuši tikai ${r.of}% laika — sadaliet darbu pa visu praksi`
          : `jūs atpaliekat ar uzdevumiem: izpildīti ${r.done}%, pagājuši ${r.of}% laika`,
      contactOverdueDays: (r) =>
        `saziņa ar mentoru nokavēta par ${lv(r.value, 'dienu', 'dienām')} (plānā ik pēc ${lv(r.of ?? 0, 'dienas', 'dienām')})`,
      lowAssessmentPct: (r) => `jūsu pirmajā vērtējumā sasniegti ${r.value}% rezultātu`,
    },
    en: {
      diaryDays: (r) =>
        r.flag
          ? 'you have not written in your diary yet'
          : `you have not written in your diary for ${en(r.value, 'day', 'days')}`,
      signInDays: (r) =>
        r.flag ? 'you have never signed in' : `you last signed in ${en(r.value, 'day', 'days')} ago`,
      unconfirmed: (r) =>
        `your supervisor has not yet confirmed ${en(r.value, 'of your entries', 'of your entries')}`,
      missedDeadlines: (r) => `you missed ${en(r.value, 'deadline', 'deadlines')}`,
      hoursBehindPct: (r) => `your hours are ${r.value}% behind plan (${r.done} of ${r.of} h)`,
      paceGapPct: (r) =>
        r.flag
          ? `you are going very fast: ${r.done}% of tasks done with only ${r.of}% of the time gone; spread your work over the placement`
          : `you are behind with your tasks: ${r.done}% done, ${r.of}% of the time gone`,
      contactOverdueDays: (r) =>
        `contact with your mentor is ${en(r.value, 'day', 'days')} overdue (plan: every ${en(r.of ?? 0, 'day', 'days')})`,
      lowAssessmentPct: (r) => `your first assessment: ${r.value}% of outcomes achieved`,
    },
  },
};

/** One reason in words ("no diary entry for 9 days"). */
export function describeRiskReason(reason: RiskReason, locale: Locale, audience: RiskAudience = 'staff') {
  return phrases[audience][locale][reason.signal](reason);
}

/** All of a light's reasons in one line ("no diary entry for 9 days; 2 deadlines missed"). */
export function describeRisk(reasons: RiskReason[], locale: Locale, audience: RiskAudience = 'staff') {
  if (!reasons.length) return onTrack[audience][locale];
  return reasons.map((r) => describeRiskReason(r, locale, audience)).join('; ');
}

const onTrack: Record<RiskAudience, Record<Locale, string>> = {
  staff: { lv: 'viss pēc plāna', en: 'on track' },
  learner: { lv: 'jums viss rit pēc plāna', en: 'you are on track' },
};

/** The names of the signals, for the thresholds page and the CSV header. */
export const riskSignalNames: Record<Locale, Record<RiskSignal, string>> = {
  lv: {
    diaryDays: 'Dienas bez dienasgrāmatas ieraksta',
    signInDays: 'Dienas kopš pēdējās pieslēgšanās',
    unconfirmed: 'Neapstiprināti dienasgrāmatas ieraksti',
    missedDeadlines: 'Nokavēti termiņi',
    hoursBehindPct: 'Stundu atpalicība no plāna, %',
    paceGapPct: 'Uzdevumu tempa novirze no laika, procentpunkti',
    contactOverdueDays: 'Dienas, par cik nokavēts kontakts',
    lowAssessmentPct: 'Pirmajā vērtējumā sasniegtie rezultāti, % (mazāk ir sliktāk)',
  },
  en: {
    diaryDays: 'Days without a diary entry',
    signInDays: 'Days since the last sign-in',
    unconfirmed: 'Unconfirmed diary entries',
    missedDeadlines: 'Missed deadlines',
    hoursBehindPct: 'Hours behind plan, %',
    paceGapPct: 'Task pace away from time gone, percentage points',
    contactOverdueDays: 'Days a contact is overdue',
    lowAssessmentPct: 'Outcomes achieved in the first assessment, % (lower is worse)',
  },
};
