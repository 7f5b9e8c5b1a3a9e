/**
 * `npm run bench:risk`: learners at risk (issue 5) over 20,000 active placements and 2,000,000
 * diary entries. On each database (BENCH_DATABASES, default "pglite,postgres"):
 *
 * 1. generates one school set-based (generate_series): 20,000 learners each on an in-progress
 *    placement, 100 diary entries each, 5 tasks, 3 contacts, an assessment for every fourth; 100
 *    teachers, the first of whom mentors 200 of the placements;
 * 2. times `schoolRisk` (the school-wide computation) in this process: goal under 5 s;
 * 3. starts Tilts and the bare baseline app (bench/server.ts) in a child process, signs the mentor
 *    in, and measures `GET /api/risk/learners` (the mentor's screen, 200 learners) against the bare
 *    one-row route in the same run: sequential requests for p50/p95 (goal p95 under 150 ms), then
 *    autocannon from a third process for requests per second.
 *
 * BENCH_PLACEMENTS (20000), BENCH_DIARY_PER_PLACEMENT (100), BENCH_REQUESTS (200), BENCH_DURATION
 * (5 s), BENCH_CONNECTIONS (4), BENCH_POSTGRES_URL (postgres://root@127.0.0.1:5432/).
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { type Kysely, sql } from 'kysely';
import pg from 'pg';
import { openDatabase } from '../packages/server/src/db/database.ts';
import { migrate } from '../packages/server/src/db/migrate.ts';
import type { DB } from '../packages/server/src/db/schema.ts';
import { createSchool, createUser } from '../packages/server/src/demo/factories.ts';
import { rigaToday } from '../packages/server/src/features/mous/mous.repository.ts';
import { schoolRisk } from '../packages/server/src/features/risk/risk.service.ts';
import { benchId } from './generate.ts';
import { runLoad } from './load.ts';
import type { ServerReady } from './server.ts';

const root = join(import.meta.dirname, '..');
const num = (name: string, fallback: number) => {
  const v = Number(process.env[name] ?? fallback);
  if (!Number.isInteger(v) || v < 1) throw new Error(`${name} must be a whole number ≥ 1`);
  return v;
};
const options = {
  databases: (process.env.BENCH_DATABASES ?? 'pglite,postgres').split(',').map((s) => s.trim()),
  placements: num('BENCH_PLACEMENTS', 20_000),
  diaryPerPlacement: num('BENCH_DIARY_PER_PLACEMENT', 100),
  mentorLearners: 200,
  teachers: 100,
  requests: num('BENCH_REQUESTS', 200),
  seconds: num('BENCH_DURATION', 5),
  connections: num('BENCH_CONNECTIONS', 4),
  postgresUrl: process.env.BENCH_POSTGRES_URL ?? 'postgres://root@127.0.0.1:5432/',
};
const PASSWORD = 'Bench-risk-2026';
const MENTOR = 'mentor@risk.bench.tilts.lv';
const goals = { screenP95Ms: 150, schoolMs: 5000 };

const say = (line = '') => process.stdout.write(`${line}\n`);
const ms = (v: number) => `${v.toFixed(1)} ms`;

// --- data ----------------------------------------------------------------------------------------

async function step(name: string, work: () => Promise<unknown>) {
  const started = performance.now();
  await work();
  say(`  · ${name.padEnd(28)} ${Math.round(performance.now() - started)} ms`);
}

/** One school with every record the at-risk signals read, written set-based. */
async function generate(db: Kysely<DB>, today: string): Promise<string> {
  const school = await createSchool(db, { name: 'Riska tehnikums', slug: 'bench-risk' });
  const s = school.id;
  const P = options.placements;
  await step('mentor and teachers', async () => {
    await createUser(db, {
      email: MENTOR,
      givenName: 'Gunta',
      familyName: 'Ozoliņa',
      password: PASSWORD,
      schoolId: s,
      role: 'teacher',
    });
    await sql`insert into users (id, email, given_name, family_name)
      select ${benchId('teacher', sql`n`)}, 'teacher' || n || '@risk.bench.tilts.lv', 'Skolotājs', 'Nr. ' || n
      from generate_series(1, ${sql.lit(options.teachers - 1)}) n`.execute(db);
    await sql`insert into memberships (school_id, user_id, role)
      select ${s}, ${benchId('teacher', sql`n`)}, 'teacher' from generate_series(1, ${sql.lit(options.teachers - 1)}) n`.execute(
      db,
    );
  });
  const mentor = await db
    .selectFrom('users')
    .select('id')
    .where('email', '=', MENTOR)
    .executeTakeFirstOrThrow();
  await step(`learners (${P})`, async () => {
    await sql`insert into users (id, email, given_name, family_name, last_sign_in_at)
      select ${benchId('learner', sql`n`)}, 'learner' || n || '@risk.bench.tilts.lv',
        (array['Anna','Kārlis','Elīza','Ģirts','Līga','Mārtiņš'])[1 + n % 6],
        (array['Bērziņa','Ozols','Kalniņa','Zariņš','Ķirse'])[1 + n % 5] || ' ' || n,
        now() - make_interval(days => n % 20)
      from generate_series(1, ${sql.lit(P)}) n`.execute(db);
    await sql`insert into memberships (school_id, user_id, role)
      select ${s}, ${benchId('learner', sql`n`)}, 'learner' from generate_series(1, ${sql.lit(P)}) n`.execute(
      db,
    );
  });
  // Placement n started 100 + n % 12 days ago and runs 150 days: its learner's last diary day is
  // n % 12 days before yesterday, so the cohort has every light.
  const start = sql`(${today}::date - 100 - n % 12)`;
  await step(`placements (${P})`, async () => {
    await sql`insert into placements (id, school_id, kind, title, destination_country, mentor_id, start_date,
        end_date, status, planned_hours, comm_every_days, search_text)
      select ${benchId('placement', sql`n`)}, ${s}, 'internship', 'Prakse Nr. ' || n, 'LV',
        case when n <= ${sql.lit(options.mentorLearners)} then ${mentor.id}::uuid
          else ${benchId('teacher', sql`1 + n % ${sql.lit(options.teachers - 1)}`)} end,
        ${start}, ${start} + 150, 'in_progress',
        case when n % 2 = 0 then 960 end, case when n % 3 = 0 then 14 end, 'prakse nr ' || n
      from generate_series(1, ${sql.lit(P)}) n`.execute(db);
    await sql`insert into placement_participants (school_id, placement_id, user_id, role)
      select ${s}, ${benchId('placement', sql`n`)}, ${benchId('learner', sql`n`)}, 'learner'
      from generate_series(1, ${sql.lit(P)}) n`.execute(db);
  });
  const D = options.diaryPerPlacement;
  await step(`diary entries (${P * D})`, async () => {
    const chunk = 2000;
    for (let from = 1; from <= P; from += chunk) {
      const to = Math.min(P, from + chunk - 1);
      await sql`insert into diary_entries (school_id, placement_id, learner_id, entry_date, hours, work_done, status)
        select ${s}, ${benchId('placement', sql`n`)}, ${benchId('learner', sql`n`)},
          ${today}::date - 1 - n % 12 - (${sql.lit(D)} - 1 - d), 6 + d % 3, 'Darbs uzņēmumā',
          case when d >= ${sql.lit(D)} - 1 - n % 15 then 'submitted' else 'confirmed' end
        from generate_series(${sql.lit(from)}, ${sql.lit(to)}) n, generate_series(0, ${sql.lit(D - 1)}) d`.execute(
        db,
      );
    }
  });
  await step(`tasks (${P * 5})`, async () => {
    await sql`insert into placement_tasks (id, school_id, placement_id, title, due_date, position)
      select ${benchId('task', sql`n * 10 + k`)}, ${s}, ${benchId('placement', sql`n`)}, 'Uzdevums ' || k,
        ${start} + 25 * k, k
      from generate_series(1, ${sql.lit(P)}) n, generate_series(1, 5) k`.execute(db);
    await sql`insert into task_progress (school_id, task_id, placement_id, learner_id, due_date, done_at)
      select ${s}, ${benchId('task', sql`n * 10 + k`)}, ${benchId('placement', sql`n`)}, ${benchId('learner', sql`n`)},
        ${start} + 25 * k,
        case when k <= 4 - n % 4 then (${start} + 25 * k - 1)::timestamptz end
      from generate_series(1, ${sql.lit(P)}) n, generate_series(1, 5) k`.execute(db);
  });
  await step(`contacts (${P * 3})`, async () => {
    await sql`insert into placement_contacts (school_id, placement_id, contact_date, channel, planned)
      select ${s}, ${benchId('placement', sql`n`)}, ${start} + 30 * k + n % 20, 'phone', k = 4
      from generate_series(1, ${sql.lit(P)}) n, generate_series(1, 4) k`.execute(db);
  });
  const A = Math.floor(P / 4);
  await step(`assessments (${A})`, async () => {
    const n4 = sql`n * 4`;
    await sql`insert into agreements (id, school_id, placement_id, participant_id, learner_id, kind, signed_version)
      select ${benchId('agreement', sql`n`)}, ${s}, ${benchId('placement', n4)}, pp.id, pp.user_id,
        'internship_agreement', 1
      from generate_series(1, ${sql.lit(A)}) n
      join placement_participants pp on pp.placement_id = ${benchId('placement', n4)}`.execute(db);
    await sql`insert into agreement_versions (id, school_id, agreement_id, version, status, content, content_hash, signed_at)
      select ${benchId('version', sql`n`)}, ${s}, ${benchId('agreement', sql`n`)}, 1, 'signed', '{}', repeat('0', 64), now()
      from generate_series(1, ${sql.lit(A)}) n`.execute(db);
    await sql`insert into assessments (id, school_id, agreement_id, version_id, stage, status, submitted_at)
      select ${benchId('assessment', sql`n`)}, ${s}, ${benchId('agreement', sql`n`)}, ${benchId('version', sql`n`)},
        'mid_term', 'submitted', now() - interval '10 days'
      from generate_series(1, ${sql.lit(A)}) n`.execute(db);
    await sql`insert into assessment_outcomes (school_id, assessment_id, outcome_id, result)
      select ${s}, ${benchId('assessment', sql`n`)}, 'o' || k, case when k <= n % 5 then 'achieved' else 'partly' end
      from generate_series(1, ${sql.lit(A)}) n, generate_series(1, 4) k`.execute(db);
  });
  await step('vacuum analyze', () => sql`vacuum analyze`.execute(db));
  return s;
}

// --- measuring ------------------------------------------------------------------------------------

function percentile(sorted: number[], p: number) {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

async function sequential(url: string, headers: Record<string, string>, n: number) {
  const times: number[] = [];
  for (let i = 0; i < n; i++) {
    const started = performance.now();
    const res = await fetch(url, { headers });
    await res.arrayBuffer();
    if (!res.ok) throw new Error(`${url}: ${res.status}`);
    times.push(performance.now() - started);
  }
  times.sort((a, b) => a - b);
  return { p50: percentile(times, 50), p95: percentile(times, 95), max: times.at(-1)! };
}

function startServer(env: Record<string, string>): Promise<{ child: ChildProcess; ready: ServerReady }> {
  const child = spawn(process.execPath, [join(root, 'bench/server.ts')], {
    cwd: root,
    env: { ...process.env, TILTS_JOBS: 'false', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr?.on('data', (c) => {
    stderr += c;
  });
  return new Promise((resolve, reject) => {
    createInterface({ input: child.stdout! }).once('line', (line) =>
      resolve({ child, ready: JSON.parse(line) as ServerReady }),
    );
    child.once('exit', (code) => reject(new Error(`bench/server.ts exited with ${code}: ${stderr}`)));
  });
}

async function stop(child: ChildProcess) {
  if (child.exitCode !== null) return;
  const exited = new Promise<void>((r) => child.once('exit', () => r()));
  child.kill('SIGTERM');
  await exited;
}

async function runOn(kind: string) {
  let env: Record<string, string>;
  let drop: () => Promise<void>;
  if (kind === 'pglite') {
    const dir = mkdtempSync(join(tmpdir(), 'tilts-bench-risk-'));
    env = { TILTS_DATA_DIR: dir };
    drop = async () => rmSync(dir, { recursive: true, force: true });
  } else {
    const admin = new pg.Client({ connectionString: new URL('/postgres', options.postgresUrl).toString() });
    try {
      await admin.connect();
    } catch (error) {
      say(`PostgreSQL at ${options.postgresUrl} is not reachable (${(error as Error).message}): skipped.`);
      return;
    }
    const name = `tilts_bench_risk_${randomBytes(4).toString('hex')}`;
    await admin.query(`create database ${name}`);
    const url = new URL(`/${name}`, options.postgresUrl).toString();
    env = { DATABASE_URL: url };
    drop = async () => {
      await admin.query(`drop database if exists ${name} with (force)`);
      await admin.end();
    };
  }
  say(
    `\n## ${kind}: ${options.placements} active placements, ${options.placements * options.diaryPerPlacement} diary entries`,
  );
  try {
    const now = new Date();
    const today = rigaToday(now);
    const database = await openDatabase({ url: env.DATABASE_URL, dataDir: env.TILTS_DATA_DIR });
    const school: { id: string; runs: number[]; lights: Record<string, number> } = {
      id: '',
      runs: [],
      lights: {},
    };
    try {
      await migrate(database.db);
      const started = performance.now();
      school.id = await generate(database.db, today);
      say(`  generated in ${Math.round((performance.now() - started) / 1000)} s`);
      for (let i = 0; i < 3; i++) {
        const t0 = performance.now();
        const all = await schoolRisk(database.db, school.id, now);
        school.runs.push(performance.now() - t0);
        if (i === 0) for (const r of all) school.lights[r.light] = (school.lights[r.light] ?? 0) + 1;
      }
    } finally {
      await database.close();
    }

    const { child, ready } = await startServer(env);
    try {
      const base = `http://127.0.0.1:${ready.tilts}`;
      const login = await fetch(`${base}/api/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', origin: base },
        body: JSON.stringify({ email: MENTOR, password: PASSWORD }),
      });
      if (!login.ok) throw new Error(`sign-in failed: ${login.status}`);
      const cookie = String(login.headers.get('set-cookie')).split(';')[0]!;
      const screen = `${base}/api/risk/learners?pageSize=25`;
      const check = await (await fetch(screen, { headers: { cookie } })).json();
      const mentor = await fetch(`${base}/api/auth/me`, { headers: { cookie } }).then((r) => r.json());
      const bare = `http://127.0.0.1:${ready.bare}/bare/users/${mentor.id}`;
      // warm up both, then alternate so that both see the same machine
      await sequential(screen, { cookie }, 20);
      await sequential(bare, {}, 20);
      const half = Math.ceil(options.requests / 2);
      const s1 = await sequential(screen, { cookie }, half);
      const b1 = await sequential(bare, {}, half);
      const s2 = await sequential(screen, { cookie }, half);
      const b2 = await sequential(bare, {}, half);
      const screenLoad = await runLoad(
        base,
        { path: '/api/risk/learners?pageSize=25', headers: { cookie } },
        options,
      );
      const bareLoad = await runLoad(
        `http://127.0.0.1:${ready.bare}`,
        { path: `/bare/users/${mentor.id}` },
        options,
      );
      const median = [...school.runs].sort((a, b) => a - b)[1]!;
      say(
        `  load average ${loadavg()[0]!.toFixed(1)}; mentor's screen: ${check.total} learners (counts ${JSON.stringify(check.counts)})`,
      );
      say('');
      say('| measure | Tilts | bare baseline | goal |');
      say('| --- | --- | --- | --- |');
      say(
        `| mentor's at-risk screen (200 learners), sequential p50 | ${ms(Math.max(s1.p50, s2.p50))} | ${ms(Math.max(b1.p50, b2.p50))} | |`,
      );
      const p95 = Math.max(s1.p95, s2.p95);
      say(
        `| mentor's at-risk screen, sequential p95 | ${ms(p95)} | ${ms(Math.max(b1.p95, b2.p95))} | < ${goals.screenP95Ms} ms ${p95 < goals.screenP95Ms ? 'ok' : 'FAIL'} |`,
      );
      say(
        `| ${options.connections} connections, requests/s | ${screenLoad.requestsPerSecond.toFixed(0)} | ${bareLoad.requestsPerSecond.toFixed(0)} | |`,
      );
      say(`| ${options.connections} connections, p99 | ${ms(screenLoad.p99Ms)} | ${ms(bareLoad.p99Ms)} | |`);
      say(
        `| school-wide schoolRisk (${options.placements} learners), runs | ${school.runs.map((r) => `${Math.round(r)}`).join(' / ')} ms | | < ${goals.schoolMs} ms ${median < goals.schoolMs ? 'ok' : 'FAIL'} |`,
      );
      say(
        `  school-wide lights: ${JSON.stringify(school.lights)}; failures under load: ${screenLoad.failures + bareLoad.failures}`,
      );
    } finally {
      await stop(child);
    }
  } finally {
    // BENCH_KEEP=1 leaves the data to explain or profile against (its place is printed).
    if (process.env.BENCH_KEEP) say(`  kept: ${JSON.stringify(env)}`);
    else await drop();
  }
}

for (const kind of options.databases) await runOn(kind);
