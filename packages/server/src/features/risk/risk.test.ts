import {
  defaultRiskThresholds,
  describeRisk,
  mergeRiskThresholds,
  type RiskThresholds,
  riskThresholdsInput,
} from '@tilts/shared';
import { describe, expect, it } from 'vitest';
import { compareRisk, type RiskFacts, scoreRisk, timeShare } from './risk.ts';

/** A learner halfway through a 100-day placement (day 50 of 100) who is doing everything right. */
function facts(overrides: Partial<RiskFacts> = {}): RiskFacts {
  return {
    today: '2026-02-19',
    startDate: '2026-01-01',
    endDate: '2026-04-10',
    lastDiaryDate: '2026-02-18',
    lastSignInDate: '2026-02-18',
    unconfirmed: 1,
    missedDeadlines: 0,
    tasksTotal: 10,
    tasksDone: 5,
    hoursDone: 200,
    plannedHours: 400,
    lastContactDate: '2026-02-16',
    commEveryDays: 7,
    firstAssessment: { achieved: 4, total: 5 },
    ...overrides,
  };
}

const score = (o: Partial<RiskFacts> = {}, t: RiskThresholds = defaultRiskThresholds) =>
  scoreRisk(facts(o), t);
const signals = (o: Partial<RiskFacts>, t?: RiskThresholds) =>
  score(o, t).reasons.map((r) => `${r.signal}:${r.level}:${r.value}`);

describe('timeShare', () => {
  it('is 0 on the first day, 1 after the last, and in between by days gone', () => {
    expect(timeShare('2026-01-01', '2026-04-10', '2026-01-01')).toBe(0);
    expect(timeShare('2026-01-01', '2026-04-10', '2025-12-01')).toBe(0);
    expect(timeShare('2026-01-01', '2026-04-10', '2026-02-19')).toBe(0.49);
    expect(timeShare('2026-01-01', '2026-04-10', '2026-04-11')).toBe(1);
    expect(timeShare('2026-01-01', '2026-04-10', '2026-09-01')).toBe(1);
  });
});

describe('scoreRisk', () => {
  it('is green with no reasons for a learner on track', () => {
    expect(score()).toEqual({ light: 'green', reasons: [] });
  });

  it('is green for a placement that has not started, whatever is missing', () => {
    expect(score({ today: '2025-12-20', lastDiaryDate: null, lastSignInDate: null })).toEqual({
      light: 'green',
      reasons: [],
    });
  });

  it('counts days without a diary entry: amber from 5, red from 8', () => {
    expect(signals({ lastDiaryDate: '2026-02-15' })).toEqual([]);
    expect(signals({ lastDiaryDate: '2026-02-14' })).toEqual(['diaryDays:amber:5']);
    expect(signals({ lastDiaryDate: '2026-02-10' })).toEqual(['diaryDays:red:9']);
    expect(score({ lastDiaryDate: '2026-02-10' }).light).toBe('red');
  });

  it('counts from the start when there is no entry at all, and says so', () => {
    const r = score({ lastDiaryDate: null, today: '2026-01-07', tasksDone: 0 });
    expect(r.reasons).toEqual([
      { signal: 'diaryDays', level: 'amber', value: 6, done: null, of: null, flag: true },
    ]);
    expect(score({ lastDiaryDate: null, today: '2026-01-03', tasksDone: 0 }).light).toBe('green');
  });

  it('stops counting diary days at the end of a placement that has ended', () => {
    const r = score({
      today: '2026-05-30',
      lastDiaryDate: '2026-04-09',
      lastSignInDate: '2026-05-29',
      tasksDone: 10,
      hoursDone: 400,
      lastContactDate: '2026-04-08',
    });
    expect(r.reasons).toEqual([]);
  });

  it('counts days since the last sign-in, and a learner who never signed in', () => {
    expect(signals({ lastSignInDate: '2026-02-12' })).toEqual(['signInDays:amber:7']);
    expect(signals({ lastSignInDate: '2026-02-01' })).toEqual(['signInDays:red:18']);
    const never = score({ lastSignInDate: null }).reasons[0]!;
    expect(never).toMatchObject({ signal: 'signInDays', level: 'red', value: 49, flag: true });
  });

  it('counts unconfirmed entries and missed deadlines', () => {
    expect(signals({ unconfirmed: 5 })).toEqual(['unconfirmed:amber:5']);
    expect(signals({ unconfirmed: 12 })).toEqual(['unconfirmed:red:12']);
    expect(signals({ missedDeadlines: 1 })).toEqual(['missedDeadlines:amber:1']);
    expect(signals({ missedDeadlines: 2 })).toEqual(['missedDeadlines:amber:2']);
    expect(signals({ missedDeadlines: 3 })).toEqual(['missedDeadlines:red:3']);
  });

  it('measures hours behind the plan for the share of the period gone', () => {
    // 49% of 400 h = 196 expected by now
    expect(signals({ hoursDone: 150 })).toEqual([]);
    expect(signals({ hoursDone: 140 })).toEqual(['hoursBehindPct:amber:29']);
    expect(score({ hoursDone: 90 }).reasons[0]).toEqual({
      signal: 'hoursBehindPct',
      level: 'red',
      value: 54,
      done: 90,
      of: 196,
      flag: false,
    });
    expect(signals({ hoursDone: 0, plannedHours: null })).toEqual([]);
  });

  it('says nothing of hours until a day of work is expected', () => {
    expect(signals({ today: '2026-01-02', hoursDone: 0, lastDiaryDate: null, tasksDone: 0 })).toEqual([]);
  });

  it('flags a learner who starts the tasks too late (too slow)', () => {
    const r = score({
      tasksDone: 1,
      today: '2026-03-20',
      lastDiaryDate: '2026-03-19',
      lastSignInDate: '2026-03-19',
      lastContactDate: '2026-03-18',
      hoursDone: 300,
    });
    expect(r.reasons.map((x) => [x.signal, x.level, x.value, x.done, x.of, x.flag])).toEqual([
      ['paceGapPct', 'red', 68, 10, 78, false],
    ]);
  });

  it('flags a learner who does it all in the first week (too fast)', () => {
    const r = score({
      today: '2026-01-08',
      tasksDone: 10,
      lastDiaryDate: '2026-01-07',
      lastContactDate: '2026-01-05',
      hoursDone: 60,
    });
    expect(r.reasons).toEqual([
      { signal: 'paceGapPct', level: 'red', value: 93, done: 100, of: 7, flag: true },
    ]);
    expect(describeRisk(r.reasons, 'en')).toBe(
      'tasks far ahead of time: 100% done with only 7% of the time gone',
    );
  });

  it('is amber for a moderate pace gap, and ignores pace without tasks', () => {
    expect(signals({ tasksDone: 9 })).toEqual(['paceGapPct:amber:41']);
    expect(signals({ tasksTotal: 0, tasksDone: 0 })).toEqual([]);
  });

  it('flags a contact overdue against the plan, from the start when there was none', () => {
    expect(signals({ lastContactDate: '2026-02-12' })).toEqual([]);
    expect(signals({ lastContactDate: '2026-02-11' })).toEqual(['contactOverdueDays:amber:1']);
    expect(signals({ lastContactDate: '2026-02-01' })).toEqual(['contactOverdueDays:red:11']);
    expect(score({ lastContactDate: '2026-02-01' }).reasons[0]?.of).toBe(7);
    expect(
      signals({
        lastContactDate: null,
        today: '2026-01-09',
        lastDiaryDate: '2026-01-08',
        hoursDone: 40,
        tasksDone: 1,
      }),
    ).toEqual(['contactOverdueDays:amber:1']);
    expect(signals({ lastContactDate: null, commEveryDays: null })).toEqual([]);
  });

  it('flags a low first assessment by the share of outcomes achieved', () => {
    expect(signals({ firstAssessment: { achieved: 3, total: 5 } })).toEqual([]);
    expect(signals({ firstAssessment: { achieved: 1, total: 2 } })).toEqual(['lowAssessmentPct:amber:50']);
    expect(signals({ firstAssessment: { achieved: 1, total: 4 } })).toEqual(['lowAssessmentPct:red:25']);
    expect(signals({ firstAssessment: { achieved: 0, total: 0 } })).toEqual([]);
    expect(signals({ firstAssessment: null })).toEqual([]);
  });

  it('lists red reasons before amber ones, and is red when any reason is', () => {
    const r = score({ lastDiaryDate: '2026-02-10', missedDeadlines: 2, unconfirmed: 11 });
    expect(r.light).toBe('red');
    expect(r.reasons.map((x) => `${x.signal}:${x.level}`)).toEqual([
      'diaryDays:red',
      'unconfirmed:red',
      'missedDeadlines:amber',
    ]);
    expect(
      describeRisk(
        r.reasons.filter((x) => x.signal !== 'unconfirmed'),
        'en',
      ),
    ).toBe('no diary entry for 9 days; 2 deadlines missed');
    expect(
      describeRisk(
        r.reasons.filter((x) => x.signal !== 'unconfirmed'),
        'lv',
      ),
    ).toBe('9 dienas nav dienasgrāmatas ieraksta; nokavēti 2 termiņi');
  });

  it('follows thresholds the school changed', () => {
    const strict = mergeRiskThresholds({ diaryDays: { amber: 2, red: 3 }, missedDeadlines: { red: 1 } });
    expect(signals({ lastDiaryDate: '2026-02-16' }, strict)).toEqual(['diaryDays:red:3']);
    expect(signals({ missedDeadlines: 1 }, strict)).toEqual(['missedDeadlines:red:1']);
    const lax = mergeRiskThresholds({ diaryDays: { amber: 30, red: 60 } });
    expect(signals({ lastDiaryDate: '2026-02-10' }, lax)).toEqual([]);
  });
});

describe('thresholds', () => {
  it('merges what a school stored over the defaults and ignores anything odd', () => {
    const t = mergeRiskThresholds({
      diaryDays: { amber: 3 },
      unknown: 1,
      signInDays: 'x',
      unconfirmed: { red: 'a' },
    });
    expect(t.diaryDays).toEqual({ amber: 3, red: 8 });
    expect(t.signInDays).toEqual(defaultRiskThresholds.signInDays);
    expect(t.unconfirmed).toEqual(defaultRiskThresholds.unconfirmed);
    expect(mergeRiskThresholds(null)).toEqual(defaultRiskThresholds);
  });

  it('accepts the defaults and refuses red on the wrong side of amber', () => {
    expect(riskThresholdsInput.safeParse(defaultRiskThresholds).success).toBe(true);
    const bad = riskThresholdsInput.safeParse({
      ...defaultRiskThresholds,
      diaryDays: { amber: 9, red: 3 },
      lowAssessmentPct: { amber: 40, red: 60 },
    });
    expect(bad.success).toBe(false);
    expect(bad.error?.issues.map((i) => `${i.path.join('.')}:${i.message}`)).toEqual([
      'diaryDays.red:risk_red_below_amber',
      'lowAssessmentPct.red:risk_red_above_amber',
    ]);
    expect(
      riskThresholdsInput.safeParse({ ...defaultRiskThresholds, hoursBehindPct: { amber: 20, red: 120 } })
        .success,
    ).toBe(false);
  });
});

describe('describeRisk', () => {
  it('speaks to the learner about themselves', () => {
    const r = score({ lastDiaryDate: '2026-02-10', missedDeadlines: 1 });
    expect(describeRisk(r.reasons, 'en', 'learner')).toBe(
      'you have not written in your diary for 9 days; you missed 1 deadline',
    );
    expect(describeRisk(r.reasons, 'lv', 'learner')).toBe(
      'jūsu dienasgrāmatā 9 dienas nav ieraksta; jūs nokavējāt 1 termiņu',
    );
    expect(describeRisk([], 'en', 'learner')).toBe('you are on track');
  });

  it('uses the Latvian singular for 1, 21 and 31 but not 11', () => {
    const reason = (value: number) => ({
      signal: 'diaryDays' as const,
      level: 'red' as const,
      value,
      done: null,
      of: null,
      flag: false,
    });
    expect(describeRisk([reason(21)], 'lv')).toBe('21 dienu nav dienasgrāmatas ieraksta');
    expect(describeRisk([reason(11)], 'lv')).toBe('11 dienas nav dienasgrāmatas ieraksta');
    expect(describeRisk([reason(1)], 'en')).toBe('no diary entry for 1 day');
  });
});

describe('compareRisk', () => {
  it('puts red first, then more red reasons, then amber, then green by name', () => {
    const row = (name: string, o: Partial<RiskFacts>) => ({ learnerName: name, ...score(o) });
    const rows = [
      row('Zane', {}),
      row('Anna', {}),
      row('Ilze', { missedDeadlines: 1 }),
      row('Kārlis', { lastDiaryDate: '2026-02-01' }),
      row('Jānis', { lastDiaryDate: '2026-02-01', missedDeadlines: 4 }),
    ];
    expect(rows.sort(compareRisk).map((r) => r.learnerName)).toEqual([
      'Jānis',
      'Kārlis',
      'Ilze',
      'Anna',
      'Zane',
    ]);
  });
});
