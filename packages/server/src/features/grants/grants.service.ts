import {
  type ActivityType,
  activityDuration,
  exampleGrantRules,
  type GrantRuleSet,
  type GrantRuleSetInput,
  type GrantRules,
  type PlacementGrant,
} from '@tilts/shared';
import { type Selectable, sql } from 'kysely';
import { type Actor, inSchool, type Trx } from '../../db/context.ts';
import type { GrantRuleSetsTable } from '../../db/schema.ts';
import type { Deps } from '../../deps.ts';
import { AppError } from '../../errors.ts';
import { actorForAudit, recordAudit } from '../audit/audit.service.ts';
import { visiblePlacements } from '../placements/placements.repository.ts';
import { findCity, greatCircleKm, suggestCities } from './cities.ts';
import { computeGrant, type GrantProblem, type GrantResult, type GrantRole } from './grant.ts';

function view(r: Selectable<GrantRuleSetsTable>): GrantRuleSet {
  return {
    id: r.id,
    callYear: r.call_year,
    validFrom: r.valid_from,
    validTo: r.valid_to,
    isExample: r.is_example,
    rules: r.rules as GrantRules,
    lockVersion: r.lock_version,
    updatedAt: r.updated_at.toISOString(),
  };
}

/** The school's grant rule sets, newest call year first. */
export async function listRuleSets(deps: Deps, actor: Actor): Promise<GrantRuleSet[]> {
  return inSchool(deps.db, actor.schoolId, async (trx) =>
    (
      await trx
        .selectFrom('grant_rule_sets')
        .selectAll()
        .orderBy('call_year', 'desc')
        .orderBy('valid_from')
        .execute()
    ).map(view),
  );
}

/** A call year's rule set prefilled with the example rates, for an admin to check and save. */
export function exampleRuleSet(callYear: number): GrantRuleSetInput {
  return {
    callYear,
    validFrom: `${callYear}-06-01`,
    validTo: `${callYear + 2}-12-31`,
    isExample: true,
    rules: exampleGrantRules,
  };
}

/** Two rule sets of one call year may not both price the same start date. */
async function assertNoOverlap(trx: Trx, input: GrantRuleSetInput, exceptId?: string) {
  let q = trx
    .selectFrom('grant_rule_sets')
    .select(['valid_from', 'valid_to'])
    .where('call_year', '=', input.callYear)
    .where('valid_from', '<=', input.validTo)
    .where('valid_to', '>=', input.validFrom);
  if (exceptId) q = q.where('id', '!=', exceptId);
  const other = await q.forUpdate().executeTakeFirst();
  if (other) {
    throw new AppError('conflict', {
      fields: {
        validFrom: {
          key: 'rules_overlap',
          params: { start: other.valid_from, end: other.valid_to, year: input.callYear },
        },
      },
    });
  }
}

/** Adds a call year's rates (refused if its period overlaps another set of the same call year). */
export async function createRuleSet(
  deps: Deps,
  actor: Actor,
  input: GrantRuleSetInput,
): Promise<GrantRuleSet> {
  return inSchool(deps.db, actor.schoolId, async (trx) => {
    await assertNoOverlap(trx, input);
    const row = await trx
      .insertInto('grant_rule_sets')
      .values({
        school_id: actor.schoolId,
        call_year: input.callYear,
        valid_from: input.validFrom,
        valid_to: input.validTo,
        is_example: input.isExample,
        rules: JSON.stringify(input.rules),
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    await recordAudit(trx, actorForAudit(actor), {
      action: 'grant_rules.created',
      entityType: 'grant_rule_set',
      entityId: row.id,
      after: input,
    });
    return view(row);
  });
}

/** Changes a rule set made from `lockVersion`; the placements it prices follow at once. */
export async function updateRuleSet(
  deps: Deps,
  actor: Actor,
  id: string,
  lockVersion: number,
  input: GrantRuleSetInput,
): Promise<GrantRuleSet> {
  return inSchool(deps.db, actor.schoolId, async (trx) => {
    const before = await trx
      .selectFrom('grant_rule_sets')
      .selectAll()
      .where('id', '=', id)
      .forUpdate()
      .executeTakeFirst();
    if (!before) throw new AppError('not_found');
    if (before.lock_version !== lockVersion)
      throw new AppError('conflict', { fields: { lockVersion: 'stale_version' } });
    await assertNoOverlap(trx, input, id);
    const row = await trx
      .updateTable('grant_rule_sets')
      .set({
        call_year: input.callYear,
        valid_from: input.validFrom,
        valid_to: input.validTo,
        is_example: input.isExample,
        rules: JSON.stringify(input.rules),
        lock_version: lockVersion + 1,
        updated_at: deps.now(),
      })
      .where('id', '=', id)
      .returningAll()
      .executeTakeFirstOrThrow();
    await recordAudit(trx, actorForAudit(actor), {
      action: 'grant_rules.updated',
      entityType: 'grant_rule_set',
      entityId: id,
      before: view(before),
      after: input,
    });
    return view(row);
  });
}

interface PlacementForGrant {
  id: string;
  title: string;
  project_id: string | null;
  activity_type: string | null;
  start_date: string;
  end_date: string;
  interruption_days: number;
  travel_days: number;
  green_travel: boolean;
  destination_country: string;
  destination_city: string;
  destination_lat: number | null;
  destination_lon: number | null;
  host_partner_id: string | null;
  status: string;
}

interface Priced {
  placement: PlacementForGrant;
  participants: {
    id: string;
    user_id: string;
    name: string;
    role: GrantRole;
    fewer_opportunities: boolean;
    graduation_date: string | null;
  }[];
  result: GrantResult;
  ruleSet: GrantRuleSet | null;
  from: { city: string; country: string };
}

/**
 * Prices many placements of one school at once: a few queries in all, the city table read once,
 * each city looked up once. What the home, the project totals and the report share.
 */
async function price(trx: Trx, placements: PlacementForGrant[]): Promise<Priced[]> {
  if (placements.length === 0) return [];
  const school = await trx.selectFrom('schools').select(['city', 'country']).executeTakeFirstOrThrow();
  const projectIds = [
    ...new Set(placements.map((p) => p.project_id).filter((id): id is string => id !== null)),
  ];
  const [projects, ruleSets, participants] = await Promise.all([
    projectIds.length
      ? trx.selectFrom('projects').select(['id', 'call_year']).where('id', 'in', projectIds).execute()
      : [],
    trx.selectFrom('grant_rule_sets').selectAll().execute(),
    trx
      .selectFrom('placement_participants as pp')
      .innerJoin('users as u', 'u.id', 'pp.user_id')
      .select([
        'pp.id',
        'pp.placement_id',
        'pp.user_id',
        'pp.role',
        'pp.fewer_opportunities',
        'pp.graduation_date',
        'u.given_name',
        'u.family_name',
      ])
      // one array parameter, however many placements (a project may have tens of thousands)
      .where(sql<boolean>`pp.placement_id = any(${placements.map((p) => p.id)}::uuid[])`)
      .orderBy('pp.role')
      .orderBy('u.family_name')
      .execute(),
  ]);
  const callYear = new Map(projects.map((p) => [p.id, p.call_year]));
  const sets = ruleSets.map(view);
  const origin = school.city ? findCity(school.city, school.country) : null;
  const places = new Map<string, { lat: number; lon: number } | null>();
  const place = (p: PlacementForGrant) => {
    if (p.destination_lat !== null && p.destination_lon !== null)
      return { lat: p.destination_lat, lon: p.destination_lon };
    const key = `${p.destination_country}|${p.destination_city}`;
    if (!places.has(key))
      places.set(key, p.destination_city ? findCity(p.destination_city, p.destination_country) : null);
    return places.get(key)!;
  };
  const byPlacement = Map.groupBy(participants, (x) => x.placement_id);
  return placements.map((p) => {
    const people = (byPlacement.get(p.id) ?? []).map((x) => ({
      id: x.id,
      user_id: x.user_id,
      name: `${x.given_name} ${x.family_name}`,
      role: x.role,
      fewer_opportunities: x.fewer_opportunities,
      graduation_date: x.graduation_date,
    }));
    const from = { city: school.city, country: school.country };
    const year = p.project_id ? callYear.get(p.project_id) : undefined;
    const ruleSet =
      year === undefined
        ? null
        : (sets.find(
            (s) => s.callYear === year && s.validFrom <= p.start_date && s.validTo >= p.start_date,
          ) ?? null);
    const problems: GrantProblem[] = [];
    if (year === undefined) problems.push({ key: 'not_erasmus', params: {} });
    else if (!ruleSet) problems.push({ key: 'no_grant_rules', params: { year, date: p.start_date } });
    if (!origin) problems.push({ key: 'school_city_unknown', params: { city: school.city } });
    const destination = place(p);
    if (!destination)
      problems.push({
        key: 'city_not_found',
        params: { city: p.destination_city, country: p.destination_country },
      });
    if (problems.length || !ruleSet) {
      return {
        placement: p,
        participants: people,
        ruleSet,
        from,
        result: { computed: false, problems, countryGroup: null, lines: [], total: 0 },
      };
    }
    const result = computeGrant(
      {
        activityType: p.activity_type as ActivityType | null,
        startDate: p.start_date,
        endDate: p.end_date,
        interruptionDays: p.interruption_days,
        travelDays: p.travel_days,
        greenTravel: p.green_travel,
        destinationCountry: p.destination_country,
        distanceKm: greatCircleKm(origin!, destination!),
        participants: people.map((x) => ({
          participantId: x.id,
          name: x.name,
          role: x.role,
          fewerOpportunities: x.fewer_opportunities,
        })),
      },
      ruleSet.rules,
    );
    return { placement: p, participants: people, ruleSet, from, result };
  });
}

const grantColumns = [
  'p.id',
  'p.title',
  'p.project_id',
  'p.activity_type',
  'p.start_date',
  'p.end_date',
  'p.interruption_days',
  'p.travel_days',
  'p.green_travel',
  'p.destination_country',
  'p.destination_city',
  'p.destination_lat',
  'p.destination_lon',
  'p.host_partner_id',
  'p.status',
] as const;

/** A placement's grant with its breakdown, worked out from today's data (so it follows every change). */
export async function placementGrant(deps: Deps, actor: Actor, placementId: string): Promise<PlacementGrant> {
  return inSchool(deps.db, actor.schoolId, async (trx) => {
    const p = await visiblePlacements(trx, actor)
      .select(grantColumns)
      .where('p.id', '=', placementId)
      .executeTakeFirst();
    if (!p) throw new AppError('not_found');
    const [priced] = await price(trx, [p]);
    const r = priced!;
    const needsPlace = r.result.problems.some((x) => x.key === 'city_not_found');
    return {
      computed: r.result.computed,
      problems: r.result.problems,
      isExample: r.ruleSet?.isExample ?? false,
      ruleSetId: r.ruleSet?.id ?? null,
      from: r.from,
      to: {
        city: p.destination_city,
        country: p.destination_country,
        lat: p.destination_lat,
        lon: p.destination_lon,
      },
      countryGroup: r.result.countryGroup,
      lines: r.result.lines,
      total: r.result.total,
      suggestions: needsPlace ? suggestCities(p.destination_city.slice(0, 3), p.destination_country, 8) : [],
    };
  });
}

/**
 * Sets where a placement goes when the city table does not know the place: a city chosen from the
 * suggestions (its coordinates come with it) or typed coordinates. Allowed in any status: it only
 * prices the grant.
 */
export async function setDestination(
  deps: Deps,
  actor: Actor,
  placementId: string,
  input: { city: string; lat: number | null; lon: number | null },
) {
  return inSchool(deps.db, actor.schoolId, async (trx) => {
    const before = await trx
      .selectFrom('placements')
      .select(['destination_city', 'destination_lat', 'destination_lon'])
      .where('id', '=', placementId)
      .forUpdate()
      .executeTakeFirst();
    if (!before) throw new AppError('not_found');
    await trx
      .updateTable('placements')
      .set({
        destination_city: input.city,
        destination_lat: input.lat,
        destination_lon: input.lon,
        updated_at: deps.now(),
      })
      .where('id', '=', placementId)
      .execute();
    await recordAudit(trx, actorForAudit(actor), {
      action: 'placement.destination_set',
      entityType: 'placement',
      entityId: placementId,
      before,
      after: input,
    });
  });
}

const reportStatuses = [
  'planned',
  'ready',
  'in_progress',
  'completed',
  'recognised',
  'closed',
  'interrupted',
] as const;

async function projectPlacements(trx: Trx, projectId: string) {
  const project = await trx.selectFrom('projects').selectAll().where('id', '=', projectId).executeTakeFirst();
  if (!project) throw new AppError('not_found');
  const placements = await trx
    .selectFrom('placements as p')
    .select(grantColumns)
    .where('p.project_id', '=', projectId)
    .where('p.status', 'in', reportStatuses)
    .orderBy('p.start_date')
    .orderBy('p.id')
    .execute();
  return { project, priced: await price(trx, placements) };
}

/** A project's grants against its budget: the total, per activity, and the mobilities that cannot be priced yet. */
export async function projectGrants(deps: Deps, actor: Actor, projectId: string) {
  return inSchool(deps.db, actor.schoolId, async (trx) => {
    const { project, priced } = await projectPlacements(trx, projectId);
    const byActivity = new Map<string, { participants: number; total: number }>();
    let total = 0;
    for (const p of priced) {
      const key = p.placement.activity_type ?? 'other';
      const entry = byActivity.get(key) ?? { participants: 0, total: 0 };
      entry.participants += p.participants.length;
      entry.total += p.result.total;
      byActivity.set(key, entry);
      total += p.result.total;
    }
    const budget = Number(project.budget_eur);
    return {
      budget,
      total: Math.round(total * 100) / 100,
      remaining: Math.round((budget - total) * 100) / 100,
      isExample: priced.some((p) => p.ruleSet?.isExample),
      byActivity: [...byActivity].map(([activity, v]) => ({
        activity,
        participants: v.participants,
        total: Math.round(v.total * 100) / 100,
      })),
      unpriced: priced
        .filter((p) => !p.result.computed)
        .map((p) => ({ id: p.placement.id, title: p.placement.title, problems: p.result.problems })),
    };
  });
}

export const reportHeader = [
  'activity_type',
  'participant_type',
  'participant',
  'sending_organisation',
  'sending_oid',
  'sending_country',
  'sending_city',
  'receiving_organisation',
  'receiving_oid',
  'receiving_country',
  'receiving_city',
  'distance_km',
  'distance_band',
  'green_travel',
  'start_date',
  'end_date',
  'duration_days',
  'travel_days',
  'interruption_days',
  'fewer_opportunities',
  'recent_graduate',
  'travel_eur',
  'individual_support_eur',
  'inclusion_support_eur',
  'course_fees_eur',
  'total_eur',
];

export interface ReportProblem {
  row: number;
  placementId: string;
  participant: string;
  key: string;
  params: Record<string, string | number>;
}

/**
 * The project's participants in the shape of the Beneficiary Module report, one row per participant
 * (accompanying persons apart), and every problem found on the way: a report with problems can be
 * looked at, but the coordinator sees each one before sending it on.
 */
export async function participantReport(deps: Deps, actor: Actor, projectId: string) {
  return inSchool(deps.db, actor.schoolId, async (trx) => {
    const { priced } = await projectPlacements(trx, projectId);
    const school = await trx
      .selectFrom('schools')
      .select(['name', 'erasmus_oid', 'country', 'city'])
      .executeTakeFirstOrThrow();
    const hostIds = [
      ...new Set(priced.map((p) => p.placement.host_partner_id).filter((id): id is string => id !== null)),
    ];
    const hosts = hostIds.length
      ? await trx
          .selectFrom('partners')
          .select(['id', 'legal_name', 'erasmus_oid'])
          .where('id', 'in', hostIds)
          .execute()
      : [];
    const host = new Map(hosts.map((h) => [h.id, h]));
    const rows: unknown[][] = [];
    const problems: ReportProblem[] = [];
    if (!school.erasmus_oid)
      problems.push({ row: 0, placementId: '', participant: '', key: 'school_oid_missing', params: {} });
    for (const p of priced) {
      const pl = p.placement;
      const h = pl.host_partner_id ? host.get(pl.host_partner_id) : undefined;
      const duration = activityDuration(pl.start_date, pl.end_date, pl.interruption_days);
      if (p.participants.length === 0) {
        problems.push({
          row: 0,
          placementId: pl.id,
          participant: pl.title,
          key: 'no_participants',
          params: {},
        });
      }
      for (const person of p.participants) {
        const line = p.result.lines.find((l) => l.participantId === person.id);
        const rowNumber = rows.length + 1;
        for (const problem of p.result.problems)
          problems.push({ row: rowNumber, placementId: pl.id, participant: person.name, ...problem });
        if (!h)
          problems.push({
            row: rowNumber,
            placementId: pl.id,
            participant: person.name,
            key: 'no_receiving_organisation',
            params: {},
          });
        else if (!h.erasmus_oid && pl.destination_country !== school.country) {
          problems.push({
            row: rowNumber,
            placementId: pl.id,
            participant: person.name,
            key: 'receiving_oid_missing',
            params: { name: h.legal_name },
          });
        }
        rows.push([
          pl.activity_type,
          person.role === 'accompanying' ? 'accompanying_person' : 'participant',
          person.name,
          school.name,
          school.erasmus_oid,
          school.country,
          school.city,
          h?.legal_name ?? '',
          h?.erasmus_oid ?? '',
          pl.destination_country,
          pl.destination_city,
          line?.distanceKm ?? '',
          line?.distanceBand ?? '',
          pl.green_travel,
          pl.start_date,
          pl.end_date,
          duration,
          pl.travel_days,
          pl.interruption_days,
          person.fewer_opportunities,
          person.role === 'learner' && person.graduation_date !== null,
          line?.travel ?? '',
          line?.individualSupport ?? '',
          line?.inclusionSupport ?? '',
          line?.courseFees ?? '',
          line?.total ?? '',
        ]);
      }
    }
    return { rows, problems };
  });
}
