// npx node bench/reports.ts: the issue 7 figures of docs/benchmarks.md.
//   1. The coordinator's dashboard (every chart, unfiltered and filtered to a year) over one school's
//      100,000 placements: p50 and p95 of sequential requests through the app, next to a bare
//      Fastify route doing one primary-key select on the same database in the same run.
//   2. The Beneficiary Module participant report of one Erasmus+ project with 50,000 participants,
//      as CSV and as XLSX through the app's routes (checks, grants and all), next to the time the
//      database alone takes to read those 50,000 placements.
// Runs on the embedded database; DATABASE_URL=postgres://… runs it on a PostgreSQL server (an empty
// database). BENCH_PLACEMENTS and BENCH_PARTICIPANTS change the scale.
import { performance } from 'node:perf_hooks';
import { exampleGrantRules } from '@tilts/shared';
import Fastify from 'fastify';
import { sql } from 'kysely';
import { createMobilityRules, createProject } from '../packages/server/src/demo/factories.ts';
import { startTilts } from '../packages/server/src/server.ts';
import { BENCH_PASSWORD, benchAccounts, benchId, generate, scaleFor } from './generate.ts';

const PLACEMENTS = Number(process.env.BENCH_PLACEMENTS ?? 100_000);
const PARTICIPANTS = Number(process.env.BENCH_PARTICIPANTS ?? 50_000);
const REQUESTS = Number(process.env.BENCH_REQUESTS ?? 40);

const pct = (samples: number[], p: number) => {
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((sorted.length * p) / 100))]!;
};
const ms = (n: number) => `${n.toFixed(n < 10 ? 1 : 0)} ms`;
const log = (line: string) => process.stderr.write(`${line}\n`);

const tilts = await startTilts(
  {
    ...(process.env.DATABASE_URL
      ? { DATABASE_URL: process.env.DATABASE_URL }
      : { TILTS_DATA_DIR: 'memory://' }),
    TILTS_DEMO: 'false',
    TILTS_JOBS: 'false',
    LOG_LEVEL: 'silent',
    PUBLIC_URL: 'http://tilts.bench',
  },
  { logger: false },
);
try {
  const db = tilts.deps.db;
  const started = performance.now();
  await generate(
    db,
    scaleFor({ schools: 1, users: 20_000, sessions: 100, partnersPerSchool: 50, placements: PLACEMENTS }),
    (s) => log(`generated ${s.name}: ${s.rows} rows in ${Math.round(s.ms)} ms`),
  );
  const school = await db
    .selectFrom('schools')
    .select('id')
    .where('slug', '=', 'bench-0001')
    .executeTakeFirstOrThrow();
  await db
    .updateTable('schools')
    .set({ city: 'Rīga', erasmus_oid: 'E10000001' })
    .where('id', '=', school.id)
    .execute();
  await createMobilityRules(db, school.id, [2025]);
  await db
    .insertInto('grant_rule_sets')
    .values({
      school_id: school.id,
      call_year: 2025,
      valid_from: '2025-06-01',
      valid_to: '2027-12-31',
      rules: JSON.stringify(exampleGrantRules),
    })
    .execute();
  const project = await createProject(db, {
    schoolId: school.id,
    callYear: 2025,
    startDate: '2025-09-01',
    endDate: '2027-08-31',
  });
  // The project's hosts have an OID and sit in cities the dataset knows, so every row prices.
  await sql`update partners set erasmus_oid = 'E' || lpad((row_number)::text, 8, '0'), country = 'DE', city = 'Dresden'
    from (select id as pid, row_number() over () from partners where school_id = ${school.id}) x where id = x.pid`.execute(
    db,
  );
  const learner = sql`(5 + 10 * ((n / 7) % 1990) + 3 + n % 7)`;
  await sql`
    insert into placements (id, school_id, kind, activity_type, title, project_id, host_partner_id, destination_country,
      destination_city, supervisor_name, supervisor_email, start_date, end_date, status, travel_days, green_travel)
    select ${benchId('report-placement', sql`n`)}, ${school.id}, 'erasmus', 'short_term_learner', 'Mobilitāte ' || n,
      ${project.id}, ${benchId('partner', sql`1 + n % 50`)}, 'DE', 'Dresden', 'Ilze Kalna', 'ilze@example.lv',
      date '2025-10-01' + (n % 300), date '2025-10-01' + (n % 300) + 20 + n % 40, 'completed', 2, n % 4 = 0
    from generate_series(1, ${PARTICIPANTS}::int) n
  `.execute(db);
  await sql`
    insert into placement_participants (school_id, placement_id, user_id, role, fewer_opportunities)
    select ${school.id}, ${benchId('report-placement', sql`n`)}, ${benchId('user', learner)}, 'learner', n % 9 = 0
    from generate_series(1, ${PARTICIPANTS}::int) n
  `.execute(db);
  await sql`analyze`.execute(db);
  log(`data ready in ${Math.round((performance.now() - started) / 1000)} s`);

  const accounts = await benchAccounts(db);
  const login = await tilts.app.inject({
    method: 'POST',
    url: '/api/auth/login',
    headers: { origin: 'http://tilts.bench' },
    payload: { email: accounts.coordinator, password: BENCH_PASSWORD },
  });
  const cookie = String(login.headers['set-cookie']).split(';')[0]!;
  const me = (await tilts.app.inject({ method: 'GET', url: '/api/auth/me', headers: { cookie } })).json();

  // The baseline: a bare Fastify route doing one primary-key select on the same database.
  const bare = Fastify({ logger: false });
  bare.get('/bare/users/:id', async (request) =>
    db
      .selectFrom('users')
      .select(['id', 'email', 'given_name'])
      .where('id', '=', (request.params as { id: string }).id)
      .executeTakeFirst(),
  );
  await bare.ready();

  async function sample(inject: () => Promise<{ statusCode: number }>) {
    for (let i = 0; i < 3; i++) await inject(); // warm-up
    const times: number[] = [];
    for (let i = 0; i < REQUESTS; i++) {
      const t0 = performance.now();
      const res = await inject();
      times.push(performance.now() - t0);
      if (res.statusCode !== 200) throw new Error(`answered ${res.statusCode}`);
    }
    return { p50: pct(times, 50), p95: pct(times, 95) };
  }
  const baseline = await sample(() => bare.inject({ method: 'GET', url: `/bare/users/${me.id}` }));
  const dashboard = (url: string) =>
    sample(() => tilts.app.inject({ method: 'GET', url, headers: { cookie } }));
  const whole = await dashboard('/api/dashboard');
  const year = await dashboard('/api/dashboard?from=2025-01-01&to=2025-12-31');
  const counted = (
    await tilts.app.inject({ method: 'GET', url: '/api/dashboard', headers: { cookie } })
  ).json();

  const t0 = performance.now();
  const raw = await db.selectFrom('placements').selectAll().where('project_id', '=', project.id).execute();
  const readMs = performance.now() - t0;
  const timed = async (url: string) => {
    const s = performance.now();
    const res = await tilts.app.inject({ method: 'GET', url, headers: { cookie } });
    if (res.statusCode !== 200) throw new Error(`${url} answered ${res.statusCode}`);
    return { ms: performance.now() - s, bytes: res.rawPayload.length, body: res.body };
  };
  // as the coordinator does it: check the rows, then download
  const check = await timed(`/api/projects/${project.id}/report`);
  const csv = await timed(`/api/projects/${project.id}/report.csv`);
  const xlsx = await timed(`/api/projects/${project.id}/report.xlsx`);
  const lines = csv.body.trim().split('\r\n').length - 1;

  const database = process.env.DATABASE_URL ? 'PostgreSQL server' : 'PGlite (embedded)';
  console.log(`\n## Reports and dashboards (${database}, ${new Date().toISOString().slice(0, 10)})\n`);
  console.log(
    `${counted.placements} placements and ${counted.learners} learners in the school; ${REQUESTS} sequential requests each after 3 warm-up ones.\n`,
  );
  console.log('| measure | p50 | p95 | baseline p95 (bare select) | goal |');
  console.log('|---|---|---|---|---|');
  console.log(
    `| GET /api/dashboard, every chart, all placements | ${ms(whole.p50)} | ${ms(whole.p95)} | ${ms(baseline.p95)} | p95 < 300 ms: ${whole.p95 < 300 ? 'PASS' : 'FAIL'} |`,
  );
  console.log(
    `| GET /api/dashboard, one year | ${ms(year.p50)} | ${ms(year.p95)} | ${ms(baseline.p95)} | p95 < 300 ms: ${year.p95 < 300 ? 'PASS' : 'FAIL'} |`,
  );
  console.log('\n| export of one project | rows | time | size | baseline: reading its placements | goal |');
  console.log('|---|---|---|---|---|---|');
  console.log(
    `| participant report CSV | ${lines} | ${ms(csv.ms)} | ${(csv.bytes / 1e6).toFixed(1)} MB | ${ms(readMs)} (${raw.length} rows) | < 10 s: ${csv.ms < 10_000 ? 'PASS' : 'FAIL'} |`,
  );
  console.log(
    `| participant report XLSX | ${lines} | ${ms(xlsx.ms)} | ${(xlsx.bytes / 1e6).toFixed(1)} MB | ${ms(readMs)} | < 10 s: ${xlsx.ms < 10_000 ? 'PASS' : 'FAIL'} |`,
  );
  console.log(
    `| the report's check (every row) | ${lines} | ${ms(check.ms)} | | | < 10 s: ${check.ms < 10_000 ? 'PASS' : 'FAIL'} |`,
  );
  await bare.close();
} finally {
  await tilts.close();
}
