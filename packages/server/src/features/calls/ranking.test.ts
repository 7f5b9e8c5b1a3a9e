import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { rankCandidates } from './ranking.ts';

const criteria = [
  { key: 'preparation', label: '', weight: 2 },
  { key: 'social', label: '', weight: 1 },
  { key: 'individual', label: '', weight: 1 },
  { key: 'language', label: '', weight: 1 },
];
const at = (minute: number) => new Date(Date.UTC(2026, 2, 1, 9, minute));
const person = (id: string, scores: number[] | null, minute = 0) => ({
  id,
  name: id,
  submittedAt: at(minute),
  scores: scores
    ? { preparation: scores[0]!, social: scores[1]!, individual: scores[2]!, language: scores[3]! }
    : null,
});

describe('rankCandidates', () => {
  it('orders by the weighted average, best first, and leaves those not interviewed unranked at the end', () => {
    const ranked = rankCandidates(
      [
        person('Anna', [6, 6, 6, 6]),
        person('Kārlis', null),
        person('Līga', [9, 5, 5, 5]), // (18 + 15) / 5 = 6.6
        person('Ģirts', [4, 10, 10, 10]), // (8 + 30) / 5 = 7.6
      ],
      criteria,
    );
    expect(ranked.map((r) => [r.id, r.total, r.rank])).toEqual([
      ['Ģirts', 7.6, 1],
      ['Līga', 6.6, 2],
      ['Anna', 6, 3],
      ['Kārlis', null, null],
    ]);
  });

  it('breaks a tie by the heaviest criterion first and says so', () => {
    // Both sum to 35: Anna is stronger in prior preparation (weight 2).
    const ranked = rankCandidates(
      [person('Bērziņa', [7, 7, 7, 7], 0), person('Anna', [8, 5, 7, 7], 5)],
      criteria,
    );
    expect(ranked.map((r) => r.id)).toEqual(['Anna', 'Bērziņa']);
    expect(ranked[0]!.tiedWith).toEqual(['Bērziņa']);
    expect(ranked[0]!.tieBreak).toEqual({
      aheadOf: 'Bērziņa',
      by: 'criterion',
      criterion: 'preparation',
      mine: 8,
      theirs: 7,
    });
    expect(ranked[1]!.tieBreak).toBeNull();
  });

  it('breaks a full tie by who applied first', () => {
    const ranked = rankCandidates(
      [person('Late', [5, 5, 5, 5], 30), person('Early', [5, 5, 5, 5], 1)],
      criteria,
    );
    expect(ranked.map((r) => r.id)).toEqual(['Early', 'Late']);
    expect(ranked[0]!.tieBreak?.by).toBe('submitted_at');
  });

  it('ignores a criterion of weight 0 in the total', () => {
    const ranked = rankCandidates(
      [person('A', [10, 0, 0, 0])],
      criteria.map((c) => (c.key === 'preparation' ? c : { ...c, weight: 0 })),
    );
    expect(ranked[0]!.total).toBe(10);
  });

  it('ranks every interviewed candidate once, totals within 0–10 and never rising down the list', () => {
    const scores = fc.array(fc.integer({ min: 0, max: 10 }), { minLength: 4, maxLength: 4 });
    fc.assert(
      fc.property(fc.array(fc.option(scores, { nil: null }), { maxLength: 30 }), (list) => {
        const ranked = rankCandidates(
          list.map((s, i) => person(`p${i}`, s, i)),
          criteria,
        );
        expect(ranked).toHaveLength(list.length);
        const withTotal = ranked.filter((r) => r.total !== null);
        expect(withTotal.map((r) => r.rank)).toEqual(withTotal.map((_, i) => i + 1));
        for (let i = 1; i < withTotal.length; i++)
          expect(withTotal[i]!.total!).toBeLessThanOrEqual(withTotal[i - 1]!.total!);
        for (const r of withTotal) expect(r.total! >= 0 && r.total! <= 10).toBe(true);
      }),
    );
  });
});
