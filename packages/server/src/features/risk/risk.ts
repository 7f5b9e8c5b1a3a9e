import {
  dayNumber,
  type RiskLight,
  type RiskReason,
  type RiskSignal,
  type RiskThresholds,
  riskDirection,
  riskSignals,
} from '@tilts/shared';

/** What is known of one learner on one active placement, as the at-risk queries gather it. */
export interface RiskFacts {
  /** Today in Riga, YYYY-MM-DD. */
  today: string;
  startDate: string;
  endDate: string;
  /** The newest diary entry's date, or null when there is none. */
  lastDiaryDate: string | null;
  /** The day (Riga) of the learner's last sign-in, or null when they never signed in. */
  lastSignInDate: string | null;
  /** Diary entries not (yet) confirmed by the supervisor: submitted or returned. */
  unconfirmed: number;
  /** Tasks whose deadline (with any extension) is before today and that are not done. */
  missedDeadlines: number;
  tasksTotal: number;
  tasksDone: number;
  /** Hours of submitted and confirmed diary entries. */
  hoursDone: number;
  plannedHours: number | null;
  /** The newest contact that took place (not a planned one), or null. */
  lastContactDate: string | null;
  commEveryDays: number | null;
  /** The placement's earliest submitted or validated assessment of this learner. */
  firstAssessment: { achieved: number; total: number } | null;
}

export interface RiskResult {
  light: RiskLight;
  /** Red reasons first, then amber; within a level in the order of `riskSignals`. */
  reasons: RiskReason[];
}

/** Below this many hours expected by now, hours behind plan says nothing yet. */
const MIN_EXPECTED_HOURS = 8;

const pct = (part: number, whole: number) => Math.round((part * 100) / whole);

/** How far through its days the placement is: 0 on the first day, 1 from the day after the end. */
export function timeShare(startDate: string, endDate: string, today: string): number {
  const total = dayNumber(endDate) - dayNumber(startDate) + 1;
  const gone = dayNumber(today) - dayNumber(startDate);
  return Math.min(1, Math.max(0, gone / total));
}

function levelOf(signal: RiskSignal, value: number, thresholds: RiskThresholds): 'amber' | 'red' | null {
  const t = thresholds[signal];
  if (riskDirection[signal] === 'above') {
    if (value >= t.red) return 'red';
    if (value >= t.amber) return 'amber';
    return null;
  }
  if (value < t.red) return 'red';
  if (value < t.amber) return 'amber';
  return null;
}

/**
 * The traffic light of one learner on one placement and its reasons: pure, so the rules are tested
 * without a database and the same on every screen. Days are counted up to today, or up to the end
 * of a placement that has ended but is not yet closed (no diary is expected after it).
 */
export function scoreRisk(facts: RiskFacts, thresholds: RiskThresholds): RiskResult {
  const today = dayNumber(facts.today);
  const start = dayNumber(facts.startDate);
  const until = Math.min(today, dayNumber(facts.endDate));
  const share = timeShare(facts.startDate, facts.endDate, facts.today);
  const reasons: RiskReason[] = [];
  const add = (signal: RiskSignal, value: number, extra: Partial<RiskReason> = {}) => {
    const level = levelOf(signal, value, thresholds);
    if (level) reasons.push({ signal, level, value, done: null, of: null, flag: false, ...extra });
  };

  if (today < start) return { light: 'green', reasons: [] };

  const diarySince = facts.lastDiaryDate ? dayNumber(facts.lastDiaryDate) : start;
  add('diaryDays', Math.max(0, until - diarySince), { flag: !facts.lastDiaryDate });

  const signInSince = facts.lastSignInDate ? Math.max(dayNumber(facts.lastSignInDate), 0) : start;
  add('signInDays', Math.max(0, today - signInSince), { flag: !facts.lastSignInDate });

  add('unconfirmed', facts.unconfirmed);
  add('missedDeadlines', facts.missedDeadlines);

  if (facts.plannedHours && facts.plannedHours > 0) {
    const expected = Math.round(facts.plannedHours * share);
    if (expected >= MIN_EXPECTED_HOURS && facts.hoursDone < expected) {
      add('hoursBehindPct', pct(expected - facts.hoursDone, expected), {
        done: Math.round(facts.hoursDone * 10) / 10,
        of: expected,
      });
    }
  }

  // Seed 001: the learner who does it all in the first week is as much a worry as the one who
  // starts in the last; the gap between tasks done and time gone catches both.
  if (facts.tasksTotal > 0) {
    const done = pct(facts.tasksDone, facts.tasksTotal);
    const gone = Math.round(share * 100);
    add('paceGapPct', Math.abs(done - gone), { done, of: gone, flag: done > gone });
  }

  if (facts.commEveryDays && facts.commEveryDays > 0) {
    const since = facts.lastContactDate ? Math.min(dayNumber(facts.lastContactDate), until) : start;
    const overdue = until - since - facts.commEveryDays;
    if (overdue > 0) add('contactOverdueDays', overdue, { of: facts.commEveryDays });
  }

  if (facts.firstAssessment && facts.firstAssessment.total > 0) {
    add('lowAssessmentPct', pct(facts.firstAssessment.achieved, facts.firstAssessment.total));
  }

  const order = (r: RiskReason) => (r.level === 'red' ? 0 : 100) + riskSignals.indexOf(r.signal);
  reasons.sort((a, b) => order(a) - order(b));
  const light: RiskLight = reasons.some((r) => r.level === 'red')
    ? 'red'
    : reasons.length
      ? 'amber'
      : 'green';
  return { light, reasons };
}

const lightRank: Record<RiskLight, number> = { red: 2, amber: 1, green: 0 };
/** One collator for every comparison: building one per call costs more than the comparison. */
export const byLatvianName = new Intl.Collator('lv').compare;

/** A number that orders results riskiest first: the light, then how many red and amber reasons. */
export function riskRank(r: RiskResult): number {
  let red = 0;
  let amber = 0;
  for (const x of r.reasons) {
    if (x.level === 'red') red++;
    else amber++;
  }
  return lightRank[r.light] * 10_000 + red * 100 + amber;
}

/** Riskiest first: the light, then how many red and amber reasons, then the name. */
export function compareRisk(
  a: RiskResult & { learnerName: string },
  b: RiskResult & { learnerName: string },
): number {
  return riskRank(b) - riskRank(a) || byLatvianName(a.learnerName, b.learnerName);
}
