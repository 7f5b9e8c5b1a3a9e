import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  activityDuration,
  addDays,
  addMonths,
  canTransition,
  checkMobilityRule,
  daysInclusive,
  defaultMobilityRules,
  type MobilityRule,
  missingBeforeStart,
  placementStatuses,
  type RuleCheckInput,
} from './placements.ts';

// Any day between 2000 and 2099, as the app stores dates.
const isoDate = fc
  .date({ min: new Date('2000-01-01T00:00:00Z'), max: new Date('2099-12-31T00:00:00Z'), noInvalidDate: true })
  .map((d) => d.toISOString().slice(0, 10));

const ruleOf = (type: string): MobilityRule => {
  const found = defaultMobilityRules.find((r) => r.activityType === type);
  if (!found) throw new Error(type);
  return found;
};

function input(rule: MobilityRule, start: string, days: number): RuleCheckInput {
  return {
    activityType: rule.activityType,
    startDate: start,
    endDate: addDays(start, days - 1),
    learners: Array.from({ length: Math.max(rule.minLearners, 1) }, () => ({})),
    staff: rule.participants === 'staff' ? 1 : 0,
    accompanying: rule.needsAccompanyingStaff ? 1 : 0,
    preparesPlacementId: rule.needsLinkedMobility ? 'linked' : null,
    justification: rule.needsLinkedMobility ? 'Why' : '',
  };
}

describe('day counting', () => {
  it('counts both the first and the last day', () => {
    fc.assert(
      fc.property(isoDate, fc.integer({ min: 0, max: 2000 }), (start, n) => {
        expect(daysInclusive(start, addDays(start, n))).toBe(n + 1);
      }),
    );
  });

  it('adding and taking away the same days returns the same date, across leap years and clock changes', () => {
    fc.assert(
      fc.property(isoDate, fc.integer({ min: -5000, max: 5000 }), (date, n) => {
        expect(addDays(addDays(date, n), -n)).toBe(date);
      }),
    );
    expect(addDays('2028-02-28', 1)).toBe('2028-02-29');
    expect(addDays('2027-02-28', 1)).toBe('2027-03-01');
    expect(daysInclusive('2026-03-28', '2026-03-30')).toBe(3); // over the spring clock change in Rīga
  });

  it('takes interruption days off the duration', () => {
    fc.assert(
      fc.property(
        isoDate,
        fc.integer({ min: 1, max: 400 }),
        fc.integer({ min: 0, max: 30 }),
        (start, n, gap) => {
          expect(activityDuration(start, addDays(start, n - 1), gap)).toBe(n - gap);
        },
      ),
    );
  });

  it('adds months and stays inside the target month', () => {
    expect(addMonths('2026-01-31', 1)).toBe('2026-02-28');
    expect(addMonths('2028-01-31', 1)).toBe('2028-02-29');
    expect(addMonths('2025-06-15', 12)).toBe('2026-06-15');
    fc.assert(
      fc.property(isoDate, fc.integer({ min: 0, max: 36 }), (date, months) => {
        const result = addMonths(date, months);
        const [y, m] = date.split('-').map(Number) as [number, number];
        const index = y * 12 + m - 1 + months;
        expect(result.slice(0, 7)).toBe(
          `${Math.floor(index / 12)}-${String((index % 12) + 1).padStart(2, '0')}`,
        );
        expect(result >= date).toBe(true);
      }),
    );
  });
});

describe('Erasmus+ duration rules', () => {
  const withBounds = defaultMobilityRules.filter((r) => r.minDays !== null && r.maxDays !== null);

  it('accepts exactly the durations between the minimum and the maximum, for every activity', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...withBounds),
        isoDate,
        fc.integer({ min: 1, max: 500 }),
        (rule, start, days) => {
          const problems = checkMobilityRule(input(rule, start, days), rule);
          const outside = days < rule.minDays! || days > rule.maxDays!;
          expect(problems.some((p) => p.key === 'rule_duration')).toBe(outside);
        },
      ),
    );
  });

  it('holds at each boundary: min and max pass, one day less or more fails', () => {
    for (const rule of withBounds) {
      const start = '2026-05-04';
      const at = (days: number) => checkMobilityRule(input(rule, start, days), rule).map((p) => p.key);
      expect(at(rule.minDays!), `${rule.activityType} at min`).not.toContain('rule_duration');
      expect(at(rule.maxDays!), `${rule.activityType} at max`).not.toContain('rule_duration');
      if (rule.minDays! > 1)
        expect(at(rule.minDays! - 1), `${rule.activityType} below`).toContain('rule_duration');
      expect(at(rule.maxDays! + 1), `${rule.activityType} above`).toContain('rule_duration');
    }
  });

  it('refuses a 9-day short-term learner mobility with the range it allows, and takes 14 days', () => {
    const rule = ruleOf('short_term_learner');
    const nine = checkMobilityRule(input(rule, '2026-04-06', 9), rule);
    expect(nine).toEqual([
      {
        field: 'endDate',
        key: 'rule_duration',
        params: { activity: 'short_term_learner', days: 9, min: 10, max: 89 },
      },
    ]);
    expect(checkMobilityRule(input(rule, '2026-04-06', 14), rule)).toEqual([]);
  });

  it('needs two learners and accompanying staff for a group mobility', () => {
    const rule = ruleOf('group_mobility');
    const problems = checkMobilityRule(
      { ...input(rule, '2026-04-06', 10), learners: [{}], accompanying: 0 },
      rule,
    );
    expect(problems.map((p) => p.key).sort()).toEqual(['rule_accompanying', 'rule_min_learners']);
  });

  it('lets a recent graduate start up to 12 months after graduation, not a day later', () => {
    const rule = ruleOf('short_term_learner');
    fc.assert(
      fc.property(isoDate, fc.integer({ min: 0, max: 800 }), (graduation, after) => {
        const start = addDays(graduation, after);
        const problems = checkMobilityRule(
          { ...input(rule, start, 20), learners: [{ graduationDate: graduation }] },
          rule,
        );
        const late = start > addMonths(graduation, 12);
        expect(problems.some((p) => p.key === 'rule_graduate_window')).toBe(late);
      }),
    );
  });

  it('does not take recent graduates where the rule has no window (group mobility)', () => {
    const rule = ruleOf('group_mobility');
    const problems = checkMobilityRule(
      { ...input(rule, '2026-04-06', 10), learners: [{ graduationDate: '2026-01-01' }, {}] },
      rule,
    );
    expect(problems.map((p) => p.key)).toEqual(['rule_graduates_not_eligible']);
  });

  it('never lets a preparatory visit stand alone or unexplained', () => {
    const rule = ruleOf('preparatory_visit');
    const alone = checkMobilityRule(
      { ...input(rule, '2026-04-06', 3), preparesPlacementId: null, justification: ' ' },
      rule,
    );
    expect(alone.map((p) => p.field).sort()).toEqual(['justification', 'preparesPlacementId']);
  });
});

describe('status transitions', () => {
  it('never leaves a closed or cancelled placement, and never skips from draft to in progress', () => {
    for (const to of placementStatuses) {
      expect(canTransition('closed', to)).toBe(false);
      expect(canTransition('cancelled', to)).toBe(false);
    }
    expect(canTransition('draft', 'in_progress')).toBe(false);
    expect(canTransition('ready', 'in_progress')).toBe(true);
    expect(canTransition('in_progress', 'interrupted')).toBe(true);
  });
});

describe('missing before the start', () => {
  const base = {
    kind: 'erasmus' as const,
    activityType: 'short_term_learner' as const,
    learners: 1,
    staff: 0,
    supervisorName: 'Hans Müller',
    insurance: 'BTA polise 123',
    mentorId: 'm',
    hostAbroad: true,
    hasActiveMou: true,
  };
  it('lists each missing item and nothing when all is there', () => {
    expect(missingBeforeStart(base)).toEqual([]);
    expect(missingBeforeStart({ ...base, hasActiveMou: false, supervisorName: '', insurance: '' })).toEqual([
      'supervisor',
      'insurance',
      'mou',
    ]);
    expect(
      missingBeforeStart({
        ...base,
        kind: 'internship',
        activityType: null,
        hostAbroad: false,
        hasActiveMou: false,
      }),
    ).toEqual([]);
  });
});
