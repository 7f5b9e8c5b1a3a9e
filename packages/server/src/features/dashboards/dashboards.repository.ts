import type { ChartBar, DashboardFilter } from '@tilts/shared';
import { type RawBuilder, sql } from 'kysely';
import type { Trx } from '../../db/context.ts';

/**
 * The rows of the counts (migration 0016) a dashboard adds up, as a SQL condition on `c`: of the
 * project or programme, and in the period counted in whole months (a placement is in it when any of
 * its months is).
 */
function countsCondition(f: DashboardFilter): RawBuilder<boolean> {
  const parts: RawBuilder<unknown>[] = [sql`true`];
  if (f.from) parts.push(sql`c.end_month >= date_trunc('month', ${f.from}::date)::date`);
  if (f.to) parts.push(sql`c.start_month <= date_trunc('month', ${f.to}::date)::date`);
  if (f.projectId) parts.push(sql`c.project_id = ${f.projectId}::uuid`);
  if (f.programmeId) parts.push(sql`c.programme_id = ${f.programmeId}::uuid`);
  return sql<boolean>`(${sql.join(parts, sql` and `)})`;
}

interface GroupRow {
  dimension: 'status' | 'kind' | 'country' | 'month' | 'total';
  key: string | null;
  placements: string | number;
  learners: string | number;
  finished: string | number;
  recognised: string | number;
}

export interface PlacementCounts {
  placements: number;
  learners: number;
  finished: number;
  recognised: number;
  status: ChartBar[];
  kind: ChartBar[];
  country: ChartBar[];
  month: ChartBar[];
}

/**
 * Placements by status, kind, destination country and starting month, and the totals, from the
 * counts the triggers keep, in one statement (GROUPING SETS).
 */
export async function placementCounts(trx: Trx, f: DashboardFilter): Promise<PlacementCounts> {
  const { rows } = await sql<GroupRow>`
    select case when grouping(c.status) = 0 then 'status'
                when grouping(c.kind) = 0 then 'kind'
                when grouping(c.country) = 0 then 'country'
                when grouping(c.start_month) = 0 then 'month'
                else 'total' end as dimension,
           coalesce(c.status, c.kind, c.country, to_char(c.start_month, 'YYYY-MM')) as key,
           sum(c.placements) as placements,
           sum(c.learners) as learners,
           sum(c.learners) filter (where c.status in ('completed', 'recognised', 'closed')) as finished,
           sum(c.recognised) as recognised
    from placement_counts c
    where ${countsCondition(f)}
    group by grouping sets ((c.status), (c.kind), (c.country), (c.start_month), ())
  `.execute(trx);
  const out: PlacementCounts = {
    placements: 0,
    learners: 0,
    finished: 0,
    recognised: 0,
    status: [],
    kind: [],
    country: [],
    month: [],
  };
  for (const r of rows) {
    if (r.dimension === 'total') {
      out.placements = Number(r.placements ?? 0);
      out.learners = Number(r.learners ?? 0);
      out.finished = Number(r.finished ?? 0);
      out.recognised = Number(r.recognised ?? 0);
      continue;
    }
    const count = Number(r.placements);
    if (count > 0 && r.key !== null) out[r.dimension].push({ key: r.key, count });
  }
  for (const d of ['status', 'kind', 'country'] as const) {
    out[d].sort((a, b) => b.count - a.count || a.key.localeCompare(b.key));
  }
  out.month.sort((a, b) => a.key.localeCompare(b.key));
  return out;
}

/** The hosts with most learners (a learner on two placements with one host counts twice). */
export async function hostCounts(trx: Trx, f: DashboardFilter, hosts = 15): Promise<ChartBar[]> {
  const { rows } = await sql<{ key: string; label: string; count: string | number }>`
    select h.host_partner_id as key, pa.legal_name as label, h.n as count
    from (
      select c.host_partner_id, sum(c.learners) as n
      from host_counts c
      where ${countsCondition(f)}
      group by c.host_partner_id
      having sum(c.learners) > 0
      order by n desc, c.host_partner_id
      limit ${hosts}
    ) h
    join partners pa on pa.id = h.host_partner_id
    order by h.n desc, pa.legal_name
  `.execute(trx);
  return rows.map((r) => ({ key: r.key, label: r.label, count: Number(r.count) }));
}

/**
 * Credentials issued per month in the period. With a project or programme, only those issued from
 * its placements count; otherwise every credential the school issued.
 */
export async function credentialCounts(
  trx: Trx,
  f: DashboardFilter,
): Promise<{ month: ChartBar[]; revoked: number }> {
  const parts: RawBuilder<unknown>[] = [sql`true`];
  if (f.from) parts.push(sql`c.issued_at >= ${f.from}::date`);
  if (f.to) parts.push(sql`c.issued_at < ${f.to}::date + 1`);
  if (f.projectId || f.programmeId)
    parts.push(
      sql`c.source = 'placement' and exists (select 1 from placements p where p.id = c.source_id
        and ${f.projectId ? sql`p.project_id = ${f.projectId}::uuid` : sql`true`}
        and ${f.programmeId ? sql`p.programme_id = ${f.programmeId}::uuid` : sql`true`})`,
    );
  const { rows } = await sql<{ key: string; count: string | number; revoked: string | number }>`
    select to_char(date_trunc('month', c.issued_at at time zone 'Europe/Riga'), 'YYYY-MM') as key,
           count(*) as count, count(c.revoked_at) as revoked
    from credentials c
    where ${sql.join(parts, sql` and `)}
    group by 1 order by 1
  `.execute(trx);
  return {
    month: rows.map((r) => ({ key: r.key, count: Number(r.count) })),
    revoked: rows.reduce((n, r) => n + Number(r.revoked), 0),
  };
}
