import { type ActivityType, activityDuration, type GrantRules } from '@tilts/shared';

export type GrantRole = 'learner' | 'staff' | 'accompanying';

export interface GrantParticipant {
  participantId: string;
  name: string;
  role: GrantRole;
  fewerOpportunities: boolean;
}

/** What the grant of one mobility depends on. */
export interface GrantInput {
  activityType: ActivityType | null;
  startDate: string;
  endDate: string;
  interruptionDays: number;
  /** Travel days the coordinator planned; only the rules' funded days are paid. */
  travelDays: number;
  greenTravel: boolean;
  destinationCountry: string;
  /** Great-circle km between the sending and the receiving city; null when a city is unknown. */
  distanceKm: number | null;
  participants: GrantParticipant[];
}

export interface GrantLine {
  participantId: string;
  name: string;
  role: GrantRole;
  distanceKm: number | null;
  distanceBand: string | null;
  travel: number;
  fundedDays: number;
  fullRateDays: number;
  reducedDays: number;
  dailyRate: number;
  individualSupport: number;
  inclusionSupport: number;
  courseFees: number;
  total: number;
}

export interface GrantProblem {
  key: string;
  params: Record<string, string | number>;
}

export interface GrantResult {
  computed: boolean;
  problems: GrantProblem[];
  countryGroup: number | null;
  lines: GrantLine[];
  total: number;
}

const cents = (n: number) => Math.round(n * 100) / 100;

/** The travel band a distance falls in (whole kilometres), or null under the first band (no travel grant). */
export function travelBand(rules: GrantRules, km: number) {
  const whole = Math.round(km);
  return rules.travelBands.find((b) => whole >= b.minKm && (b.maxKm === null || whole <= b.maxKm)) ?? null;
}

export function bandLabel(band: { minKm: number; maxKm: number | null }): string {
  return band.maxKm === null ? `${band.minKm}+` : `${band.minKm}–${band.maxKm}`;
}

/**
 * Prices one mobility per participant: travel by distance band (the green rate with green travel),
 * individual support for the activity's days plus the funded travel days — the full daily rate for
 * the first days, the reduced share after —, inclusion support for a participant with fewer
 * opportunities (not an accompanying person), and course fees for courses, capped.
 */
export function computeGrant(input: GrantInput, rules: GrantRules): GrantResult {
  const problems: GrantProblem[] = [];
  const group = rules.countryGroups[input.destinationCountry] ?? null;
  if (group === null)
    problems.push({ key: 'no_country_group', params: { country: input.destinationCountry } });
  if (input.distanceKm === null) problems.push({ key: 'distance_unknown', params: {} });
  if (problems.length > 0) return { computed: false, problems, countryGroup: group, lines: [], total: 0 };

  const km = input.distanceKm!;
  const band = travelBand(rules, km);
  const travel = band ? (input.greenTravel && band.green !== null ? band.green : band.standard) : 0;
  const days = activityDuration(input.startDate, input.endDate, input.interruptionDays);
  const allowedTravelDays = input.greenTravel ? rules.travelDays.green : rules.travelDays.standard;
  const fundedDays = days + Math.min(input.travelDays, allowedTravelDays);
  const full = Math.min(fundedDays, rules.fullRateDays);
  const reduced = fundedDays - full;

  const lines = input.participants.map((p): GrantLine => {
    const rate = rules.dailyRates[String(group) as '1' | '2' | '3'][p.role];
    const support = cents(full * rate + reduced * rate * rules.reducedShare[p.role]);
    const inclusion = p.fewerOpportunities && p.role !== 'accompanying' ? rules.inclusionSupport : 0;
    const courseFees =
      input.activityType === 'courses_training' && p.role === 'staff'
        ? cents(Math.min(days * rules.courseFeePerDay, rules.courseFeeCap))
        : 0;
    return {
      participantId: p.participantId,
      name: p.name,
      role: p.role,
      distanceKm: Math.round(km),
      distanceBand: band ? bandLabel(band) : null,
      travel,
      fundedDays,
      fullRateDays: full,
      reducedDays: reduced,
      dailyRate: rate,
      individualSupport: support,
      inclusionSupport: inclusion,
      courseFees,
      total: cents(travel + support + inclusion + courseFees),
    };
  });
  return {
    computed: true,
    problems,
    countryGroup: group,
    lines,
    total: cents(lines.reduce((sum, l) => sum + l.total, 0)),
  };
}
