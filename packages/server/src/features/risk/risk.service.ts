import {
  defaultRiskThresholds,
  describeRisk,
  type Locale,
  type MyRiskResponse,
  mergeRiskThresholds,
  type RiskAudience,
  type RiskItem,
  type RiskListQuery,
  type RiskPage,
  type RiskReason,
  type RiskThresholds,
  searchKey,
} from '@tilts/shared';
import type { Kysely } from 'kysely';
import { type Actor, inSchool, type Trx } from '../../db/context.ts';
import type { DB } from '../../db/schema.ts';
import type { Deps } from '../../deps.ts';
import { AppError } from '../../errors.ts';
import { actorForAudit, recordAudit } from '../audit/audit.service.ts';
import { rigaToday } from '../mous/mous.repository.ts';
import {
  activeLearnerFacts,
  type RiskRow,
  type RiskScope,
  saveThresholds,
  storedThresholds,
} from './risk.repository.ts';
import { byLatvianName, type RiskResult, riskRank, scoreRisk } from './risk.ts';

/** One learner on one active placement, scored. */
export interface LearnerRisk extends RiskResult {
  placementId: string;
  placementTitle: string;
  learnerId: string;
  learnerName: string;
  mentorId: string | null;
  mentorName: string | null;
  startDate: string;
  endDate: string;
  hoursDone: number;
  plannedHours: number | null;
  tasksDone: number;
  tasksTotal: number;
}

const asDate = (v: Date | string | null) => (v === null ? null : v instanceof Date ? v : new Date(v));

const rigaFormat = new Intl.DateTimeFormat('en-CA', {
  timeZone: 'Europe/Riga',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
});
// Formatting is the costly part of scoring a school: the day of a sign-in, by the hour it falls in.
const rigaDays = new Map<number, string>();
function rigaDay(at: Date): string {
  const hour = Math.floor(at.getTime() / 3_600_000);
  let day = rigaDays.get(hour);
  if (day === undefined) {
    day = rigaFormat.format(at);
    if (rigaDays.size > 100_000) rigaDays.clear();
    rigaDays.set(hour, day);
  }
  return day;
}

function scoreRow(row: RiskRow, today: string, thresholds: RiskThresholds): LearnerRisk {
  const signIn = asDate(row.last_sign_in_at);
  const facts = {
    today,
    startDate: row.start_date,
    endDate: row.end_date,
    lastDiaryDate: row.last_diary_date,
    lastSignInDate: signIn ? rigaDay(signIn) : null,
    unconfirmed: Number(row.unconfirmed ?? 0),
    missedDeadlines: Number(row.missed ?? 0),
    tasksTotal: Number(row.tasks_total ?? 0),
    tasksDone: Number(row.tasks_done ?? 0),
    hoursDone: Number(row.diary_hours ?? 0),
    plannedHours: row.planned_hours,
    lastContactDate: row.last_contact_date,
    commEveryDays: row.comm_every_days,
    firstAssessment:
      row.assessed_total === null
        ? null
        : { achieved: Number(row.assessed_achieved ?? 0), total: Number(row.assessed_total) },
  };
  return {
    ...scoreRisk(facts, thresholds),
    placementId: row.placement_id,
    placementTitle: row.placement_title,
    learnerId: row.learner_id,
    learnerName: `${row.given_name} ${row.family_name}`,
    mentorId: row.mentor_id,
    mentorName: row.mentor_name,
    startDate: row.start_date,
    endDate: row.end_date,
    hoursDone: facts.hoursDone,
    plannedHours: facts.plannedHours,
    tasksDone: facts.tasksDone,
    tasksTotal: facts.tasksTotal,
  };
}

/** Scores every learner in scope inside the caller's school transaction, riskiest first. */
export async function scoreScope(trx: Trx, schoolId: string, scope: RiskScope, now: Date) {
  const today = rigaToday(now);
  const [rows, stored] = await Promise.all([
    activeLearnerFacts(trx, scope, today),
    storedThresholds(trx, schoolId),
  ]);
  const thresholds = mergeRiskThresholds(stored);
  // the rank once per learner, not once per comparison: a school sorts 20,000
  const ranked = rows.map((r) => {
    const scored = scoreRow(r, today, thresholds);
    return { scored, rank: riskRank(scored) };
  });
  ranked.sort((a, b) => b.rank - a.rank || byLatvianName(a.scored.learnerName, b.scored.learnerName));
  return ranked.map((r) => r.scored);
}

/**
 * Every learner on every active placement of the school with their light and reasons, riskiest
 * first: the school-wide at-risk computation (the dashboard's "learners at risk" calls it too).
 */
export function schoolRisk(db: Kysely<DB>, schoolId: string, now: Date): Promise<LearnerRisk[]> {
  return inSchool(db, schoolId, (trx) => scoreScope(trx, schoolId, { kind: 'school' }, now));
}

function toItem(r: LearnerRisk, locale: Locale, audience: RiskAudience): RiskItem {
  return {
    placementId: r.placementId,
    placementTitle: r.placementTitle,
    learnerId: r.learnerId,
    learnerName: r.learnerName,
    mentorName: r.mentorName,
    startDate: r.startDate,
    endDate: r.endDate,
    light: r.light,
    reasons: r.reasons as RiskReason[],
    summary: describeRisk(r.reasons, locale, audience),
  };
}

const byColumn: Record<string, (a: LearnerRisk, b: LearnerRisk) => number> = {
  learner: (a, b) => byLatvianName(a.learnerName, b.learnerName),
  placement: (a, b) => byLatvianName(a.placementTitle, b.placementTitle),
  start: (a, b) => a.startDate.localeCompare(b.startDate),
};

/**
 * The mentor's at-risk screen: a teacher sees the learners of the placements they mentor or travel
 * with; a coordinator or admin their own the same way, or the whole school. Riskiest first unless
 * sorted otherwise; searched by learner, placement or mentor; filtered by light.
 */
export async function listAtRisk(
  deps: Deps,
  actor: Actor,
  query: RiskListQuery,
  all = false,
): Promise<RiskPage> {
  const wholeSchool = query.scope === 'school' && (actor.role === 'admin' || actor.role === 'coordinator');
  const scope: RiskScope = wholeSchool ? { kind: 'school' } : { kind: 'staff', userId: actor.userId };
  const scored = await inSchool(deps.db, actor.schoolId, (trx) =>
    scoreScope(trx, actor.schoolId, scope, deps.now()),
  );
  const counts = { red: 0, amber: 0, green: 0 };
  for (const r of scored) counts[r.light] += 1;
  const needle = query.q ? searchKey(query.q) : '';
  let rows = scored.filter(
    (r) =>
      (!query.light || (query.light === 'attention' ? r.light !== 'green' : r.light === query.light)) &&
      (!needle || searchKey(`${r.learnerName} ${r.placementTitle} ${r.mentorName ?? ''}`).includes(needle)),
  );
  const sort = query.sort && query.sort !== 'risk' ? byColumn[query.sort] : undefined;
  if (sort) rows = [...rows].sort(sort);
  if (query.dir === 'desc') rows = [...rows].reverse();
  const total = rows.length;
  const pageRows = all ? rows : rows.slice((query.page - 1) * query.pageSize, query.page * query.pageSize);
  return {
    items: pageRows.map((r) => toItem(r, actor.locale, 'staff')),
    total,
    page: query.page,
    pageSize: query.pageSize,
    counts,
  };
}

/** The learner's own light on each of their active placements, in words for them. */
export async function myRisk(deps: Deps, actor: Actor): Promise<MyRiskResponse> {
  if (actor.role !== 'learner') throw new AppError('forbidden');
  const scored = await inSchool(deps.db, actor.schoolId, (trx) =>
    scoreScope(trx, actor.schoolId, { kind: 'learner', userId: actor.userId }, deps.now()),
  );
  return {
    items: scored.map((r) => ({
      ...toItem(r, actor.locale, 'learner'),
      hoursDone: r.hoursDone,
      plannedHours: r.plannedHours,
      tasksDone: r.tasksDone,
      tasksTotal: r.tasksTotal,
    })),
  };
}

/** The school's thresholds in force, and the defaults next to them. */
export async function getThresholds(deps: Deps, actor: Actor) {
  const stored = await inSchool(deps.db, actor.schoolId, (trx) => storedThresholds(trx, actor.schoolId));
  return { thresholds: mergeRiskThresholds(stored), defaults: defaultRiskThresholds };
}

/** Saves every signal's amber and red (already validated by the shared schema); audited. */
export async function updateThresholds(deps: Deps, actor: Actor, input: RiskThresholds) {
  return inSchool(deps.db, actor.schoolId, async (trx) => {
    const before = mergeRiskThresholds(await storedThresholds(trx, actor.schoolId));
    await saveThresholds(trx, actor.schoolId, input, deps.now());
    await recordAudit(trx, actorForAudit(actor), {
      action: 'risk_thresholds.updated',
      entityType: 'school',
      entityId: actor.schoolId,
      before,
      after: input,
    });
    return { thresholds: mergeRiskThresholds(input), defaults: defaultRiskThresholds };
  });
}
