import type { ChartBar, DashboardFilter } from '@tilts/shared';
import { type RawBuilder, sql } from 'kysely';
import type { Trx } from '../../db/context.ts';

/** The placements a dashboard counts, as a SQL condition on `p`: they overlap the period and belong to the project or programme. */
function placementCondition(f: DashboardFilter): RawBuilder<boolean> {
  const parts: RawBuilder<unknown>[] = [sql`true`];
  if (f.from) parts.push(sql`p.end_date >= ${f.from}::date`);
  if (f.to) parts.push(sql`p.start_date <= ${f.to}::date`);
  if (f.projectId) parts.push(sql`p.project_id = ${f.projectId}::uuid`);
  if (f.programmeId) parts.push(sql`p.programme_id = ${f.programmeId}::uuid`);
  return sql<boolean>`(${sql.join(parts, sql` and `)})`;
}

interface GroupRow {
  dimension: 'status' | 'kind' | 'country' | 'month';
  key: string;
  count: string | number;
}

export interface PlacementCounts {
  placements: number;
  status: ChartBar[];
  kind: ChartBar[];
  country: ChartBar[];
  month: ChartBar[];
}

/**
 * Placements by status, kind, destination country and month of the start, in one pass over the
 * placements (GROUPING SETS), so the four charts cost one scan however many placements there are.
 */
export async function placementCounts(trx: Trx, f: DashboardFilter): Promise<PlacementCounts> {
  const { rows } = await sql<GroupRow>`
    select case when grouping(p.status) = 0 then 'status'
                when grouping(p.kind) = 0 then 'kind'
                when grouping(p.destination_country) = 0 then 'country'
                else 'month' end as dimension,
           coalesce(p.status, p.kind, p.destination_country, to_char(date_trunc('month', p.start_date), 'YYYY-MM')) as key,
           count(*) as count
    from placements p
    where ${placementCondition(f)}
    group by grouping sets ((p.status), (p.kind), (p.destination_country), (date_trunc('month', p.start_date)))
  `.execute(trx);
  const out: PlacementCounts = { placements: 0, status: [], kind: [], country: [], month: [] };
  for (const r of rows) {
    const bar = { key: r.key, count: Number(r.count) };
    out[r.dimension].push(bar);
    if (r.dimension === 'status') out.placements += bar.count;
  }
  for (const d of ['status', 'kind', 'country'] as const)
    out[d].sort((a, b) => b.count - a.count || a.key.localeCompare(b.key));
  out.month.sort((a, b) => a.key.localeCompare(b.key));
  return out;
}

export interface LearnerCounts {
  learners: number;
  host: ChartBar[];
  finished: number;
  recognised: number;
}

/** Learners (distinct) of the placements, the hosts with most learners, and how many learners of finished placements had their learning recognised. */
export async function learnerCounts(trx: Trx, f: DashboardFilter, hosts = 15): Promise<LearnerCounts> {
  const { rows } = await sql<{
    learners: string | number;
    finished: string | number;
    recognised: string | number;
    hosts: { key: string; label: string; count: number }[] | null;
  }>`
    with lp as (
      select pp.user_id, p.id as placement_id, p.host_partner_id, p.status
      from placements p
      join placement_participants pp on pp.placement_id = p.id and pp.role = 'learner'
      where ${placementCondition(f)}
    ),
    per_host as (
      select lp.host_partner_id, count(distinct lp.user_id) as n
      from lp where lp.host_partner_id is not null
      group by lp.host_partner_id
      order by n desc, lp.host_partner_id
      limit ${hosts}
    )
    select
      (select count(distinct user_id) from lp) as learners,
      (select count(*) from lp where status in ('completed', 'recognised', 'closed')) as finished,
      (select count(*) from lp
        where status in ('completed', 'recognised', 'closed')
          and exists (select 1 from recognitions r where r.placement_id = lp.placement_id and r.learner_id = lp.user_id)
      ) as recognised,
      (select json_agg(json_build_object('key', h.host_partner_id, 'label', pa.legal_name, 'count', h.n) order by h.n desc, pa.legal_name)
         from per_host h join partners pa on pa.id = h.host_partner_id) as hosts
  `.execute(trx);
  const r = rows[0];
  return {
    learners: Number(r?.learners ?? 0),
    finished: Number(r?.finished ?? 0),
    recognised: Number(r?.recognised ?? 0),
    host: (r?.hosts ?? []).map((h) => ({ key: h.key, label: h.label, count: Number(h.count) })),
  };
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
      sql`c.source = 'placement' and exists (select 1 from placements p where p.id = c.source_id and ${placementCondition({ projectId: f.projectId, programmeId: f.programmeId })})`,
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
