import type { CallCriterion, TieBreak } from '@tilts/shared';

export interface Candidate {
  id: string;
  name: string;
  /** Scores by criterion key; null before the interview. */
  scores: Record<string, number> | null;
  submittedAt: Date;
}

export interface Ranked {
  id: string;
  /** Weighted average 0–10, rounded to two decimals; null before the interview. */
  total: number | null;
  rank: number | null;
  tiedWith: string[];
  tieBreak: TieBreak | null;
}

/**
 * The weighted sum of the scores. Scores and weights are whole numbers, so two candidates tie exactly
 * when their sums are equal; the rounded average is only for showing.
 */
function weightedSum(scores: Record<string, number>, criteria: readonly CallCriterion[]): number {
  return criteria.reduce((sum, c) => sum + (scores[c.key] ?? 0) * c.weight, 0);
}

/**
 * Ranks interviewed candidates by weighted total, best first. A tie on the total is broken by the
 * criteria in order of weight (the call's order among equal weights), then by who applied first, then
 * by name; each candidate ahead of a tied one says how. Candidates not yet interviewed follow, unranked,
 * in the order they applied.
 */
export function rankCandidates(
  candidates: readonly Candidate[],
  criteria: readonly CallCriterion[],
): Ranked[] {
  const weightSum = criteria.reduce((s, c) => s + c.weight, 0);
  const byWeight = criteria
    .map((c, i) => ({ c, i }))
    .filter(({ c }) => c.weight > 0)
    .sort((a, b) => b.c.weight - a.c.weight || a.i - b.i)
    .map(({ c }) => c);

  const scored = candidates
    .filter((c) => c.scores !== null)
    .map((c) => ({ ...c, sum: weightedSum(c.scores!, criteria) }));
  const unscored = candidates
    .filter((c) => c.scores === null)
    .sort((a, b) => a.submittedAt.getTime() - b.submittedAt.getTime() || a.name.localeCompare(b.name));

  type Scored = (typeof scored)[number];
  const breakTie = (a: Scored, b: Scored): Omit<TieBreak, 'aheadOf'> & { order: number } => {
    for (const c of byWeight) {
      const x = a.scores![c.key] ?? 0;
      const y = b.scores![c.key] ?? 0;
      if (x !== y) return { order: y - x, by: 'criterion', criterion: c.key, mine: x, theirs: y };
    }
    const t = a.submittedAt.getTime() - b.submittedAt.getTime();
    if (t !== 0) return { order: t, by: 'submitted_at', criterion: null, mine: null, theirs: null };
    return { order: a.name.localeCompare(b.name), by: 'name', criterion: null, mine: null, theirs: null };
  };

  scored.sort((a, b) => b.sum - a.sum || breakTie(a, b).order);

  const result: Ranked[] = scored.map((c, i) => {
    const tiedWith = scored.filter((o) => o !== c && o.sum === c.sum).map((o) => o.name);
    const next = scored[i + 1];
    let tieBreak: TieBreak | null = null;
    if (next && next.sum === c.sum) {
      const { order: _order, ...how } = breakTie(c, next);
      tieBreak = { aheadOf: next.name, ...how };
    }
    return {
      id: c.id,
      total: weightSum > 0 ? Math.round((c.sum / weightSum) * 100) / 100 : 0,
      rank: i + 1,
      tiedWith,
      tieBreak,
    };
  });
  for (const c of unscored) result.push({ id: c.id, total: null, rank: null, tiedWith: [], tieBreak: null });
  return result;
}
