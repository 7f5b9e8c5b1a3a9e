/**
 * `npm run bench:diary`: writing a diary entry. On each database: generate 20,000 placements in
 * progress, each with its learner (signed in) and 100 diary entries (2,000,000), set-based; start
 * Tilts and the bare baseline app (bench/server.ts) on it; then load both from a separate process
 * (bench/diary-load.ts), every request writing a new entry: Tilts' POST /api/placements/:id/diary
 * (session, access, validation, the one-statement checked insert and the audit entry, in one
 * transaction) against the bare POST /bare/diary-entries (one INSERT). Goal: at least 40 % of the
 * bare route's requests per second. Prints both figures and the ratio. See docs/benchmarks.md.
 *
 *   BENCH_DATABASES=postgres,pglite  BENCH_POSTGRES_URL=postgres://root@127.0.0.1:5432/
 *   BENCH_PLACEMENTS=20000 BENCH_ENTRIES_PER_PLACEMENT=100 BENCH_DURATION=10 BENCH_ROUNDS=2 BENCH_CONNECTIONS=32
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { sql } from 'kysely';
import pg from 'pg';
import { openDatabase } from '../packages/server/src/db/database.ts';
import { migrate } from '../packages/server/src/db/migrate.ts';
import type { DiaryLoadJob, DiaryLoadResult } from './diary-load.ts';
import { benchId, generate, scaleFor } from './generate.ts';
import type { ServerReady } from './server.ts';

const root = join(import.meta.dirname, '..');
const num = (name: string, fallback: number) => {
  const raw = process.env[name];
  const value = raw === undefined || raw === '' ? fallback : Number(raw);
  if (!Number.isInteger(value) || value < 1)
    throw new Error(`${name} must be a whole number ≥ 1, not "${raw}"`);
  return value;
};
const options = {
  databases: (process.env.BENCH_DATABASES ?? 'postgres,pglite')
    .split(',')
    .map((d) => d.trim())
    .filter(Boolean),
  postgresUrl: process.env.BENCH_POSTGRES_URL ?? 'postgres://root@127.0.0.1:5432/',
  placements: num('BENCH_PLACEMENTS', 20_000),
  entriesPerPlacement: num('BENCH_ENTRIES_PER_PLACEMENT', 100),
  seconds: num('BENCH_DURATION', 10),
  warmupSeconds: num('BENCH_WARMUP', 3),
  rounds: num('BENCH_ROUNDS', 2),
  connections: num('BENCH_CONNECTIONS', 32),
};
const GOAL = 0.4;
const say = (line = '') => process.stdout.write(`${line}\n`);
const progress = (line: string) => process.stdout.write(`  · ${line}\n`);
const children = new Set<ChildProcess>();

// Every placement runs from 150 (+ up to 29) days ago to 60 days ahead; its generated entries take
// its first days, the load writes later ones: Tilts days 100–124, the bare route 125–149 (before today).
const TILTS_DAYS: [number, number] = [100, 125];
const BARE_DAYS: [number, number] = [125, 150];

interface Prepared {
  name: 'pglite' | 'postgres';
  env: Record<string, string>;
  drop(): Promise<void>;
}

async function prepare(name: string): Promise<Prepared | null> {
  if (name === 'pglite') {
    const dir = mkdtempSync(join(tmpdir(), 'tilts-bench-diary-'));
    return {
      name,
      env: { TILTS_DATA_DIR: dir },
      drop: async () => rmSync(dir, { recursive: true, force: true }),
    };
  }
  const adminUrl = new URL(options.postgresUrl);
  if (adminUrl.pathname === '/' || adminUrl.pathname === '') adminUrl.pathname = '/postgres';
  const admin = new pg.Client({ connectionString: adminUrl.toString(), connectionTimeoutMillis: 3000 });
  try {
    await admin.connect();
  } catch (error) {
    say(`PostgreSQL at ${options.postgresUrl} is not reachable (${(error as Error).message}): skipped.`);
    return null;
  }
  const db = `tilts_bench_diary_${randomBytes(4).toString('hex')}`;
  await admin.query(`create database ${db}`);
  const url = new URL(options.postgresUrl);
  url.pathname = `/${db}`;
  return {
    name: 'postgres',
    env: { DATABASE_URL: url.toString() },
    async drop() {
      await admin.query(`drop database if exists ${db} with (force)`);
      await admin.end();
    },
  };
}

/**
 * The diary's data on top of the generated schools and users: placements in progress (each with one
 * learner of its school and a session for them, cookie value `bench-diary:n`) and their entries.
 * Consecutive placements belong to different schools, as the requests of a deployment's schools
 * arrive mixed.
 */
async function fillDiary(env: Record<string, string>) {
  const database = await openDatabase({ url: env.DATABASE_URL, dataDir: env.TILTS_DATA_DIR });
  const db = database.db;
  try {
    await migrate(db);
    await generate(db, scaleFor({ users: 50_000, placements: 0 }), (s) =>
      progress(`generated ${s.name}: ${s.rows} rows in ${s.ms} ms`),
    );
    const P = options.placements;
    let t0 = performance.now();
    await sql`
      create temporary table bench_learners as
      select user_id, school_id, row_number() over (order by rank_in_school, school_id) as rn
      from (
        select m.user_id, m.school_id, row_number() over (partition by m.school_id order by m.user_id) as rank_in_school
        from memberships m where m.role = 'learner'
      ) l`.execute(db);
    const { rows: count } = await sql<{ n: string }>`select count(*) as n from bench_learners`.execute(db);
    const learners = Number(count[0]!.n);
    if (learners < 1) throw new Error('no learners were generated');
    await sql`
      insert into placements (id, school_id, kind, title, destination_country, destination_city, supervisor_name,
        supervisor_email, start_date, end_date, planned_hours, comm_every_days, status, search_text)
      select ${benchId('diary-placement', sql`n`)}, l.school_id, 'internship', 'Prakse ' || n, 'LV', 'Rīga', 'Ilze Kalna',
        'supervisor' || (n % 997) || '@example.lv', current_date - 150 - (n % 30), current_date + 60, 400, 7,
        'in_progress', 'prakse ' || n
      from generate_series(1, ${P}::int) n
      join bench_learners l on l.rn = 1 + (n - 1) % ${learners}`.execute(db);
    await sql`
      insert into placement_participants (school_id, placement_id, user_id, role)
      select l.school_id, ${benchId('diary-placement', sql`n`)}, l.user_id, 'learner'
      from generate_series(1, ${P}::int) n
      join bench_learners l on l.rn = 1 + (n - 1) % ${learners}`.execute(db);
    await sql`
      insert into sessions (token_hash, user_id, school_id, created_at, last_seen_at, expires_at)
      select encode(sha256(convert_to('bench-diary:' || n, 'UTF8')), 'hex'), l.user_id, l.school_id, now(), now(),
        now() + interval '30 days'
      from generate_series(1, ${P}::int) n
      join bench_learners l on l.rn = 1 + (n - 1) % ${learners}`.execute(db);
    progress(
      `${P} placements in progress, their learners and sessions in ${Math.round(performance.now() - t0)} ms`,
    );
    t0 = performance.now();
    const E = options.entriesPerPlacement;
    // In slices of placements, so that one statement never holds millions of rows in memory.
    const slice = 2000;
    for (let from = 1; from <= P; from += slice) {
      const to = Math.min(P, from + slice - 1);
      await sql`
        insert into diary_entries (school_id, placement_id, learner_id, entry_date, hours, work_done, reflection,
          status, reviewed_by_name, created_at, updated_at)
        select l.school_id, ${benchId('diary-placement', sql`n`)}, l.user_id, current_date - 150 - (n % 30) + k,
          case when k % 5 = 0 then 6.5 else 8 end, 'Darbs dienā ' || k, case when k % 3 = 0 then 'Pārdomas' else '' end,
          case when k < ${E} - 10 then 'confirmed' when k % 7 = 0 then 'returned' else 'submitted' end,
          case when k < ${E} - 10 then 'Ilze Kalna' else '' end, now(), now()
        from generate_series(${from}::int, ${to}::int) n
        join bench_learners l on l.rn = 1 + (n - 1) % ${learners}
        cross join generate_series(0, ${E - 1}::int) k`.execute(db);
    }
    const { rows: entries } = await sql<{ n: string }>`select count(*) as n from diary_entries`.execute(db);
    progress(`${entries[0]!.n} diary entries in ${Math.round(performance.now() - t0)} ms`);
    await sql`vacuum analyze`.execute(db);
    const { rows: placements } = await sql<{
      n: number;
      id: string;
      learner_id: string;
      school_id: string;
      start: string;
    }>`
      select n, ${benchId('diary-placement', sql`n`)} as id, l.user_id as learner_id, l.school_id,
        to_char(current_date - 150 - (n % 30), 'YYYY-MM-DD') as start
      from generate_series(1, ${P}::int) n
      join bench_learners l on l.rn = 1 + (n - 1) % ${learners}
      order by n`.execute(db);
    return placements.map((p) => ({
      n: Number(p.n),
      id: p.id,
      learnerId: p.learner_id,
      schoolId: p.school_id,
      start: p.start,
    }));
  } finally {
    await database.close();
  }
}

function spawnNode(
  script: string,
  args: string[],
  env: Record<string, string>,
  flags: string[] = [],
): ChildProcess {
  const settings = /^(DATABASE_URL|TILTS_\w+|PORT|HOST|PUBLIC_URL|SMTP_URL|LOG_LEVEL)$/;
  const inherited = Object.fromEntries(Object.entries(process.env).filter(([k]) => !settings.test(k)));
  const child = spawn(process.execPath, [...flags, join(root, script), ...args], {
    cwd: root,
    env: { ...inherited, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.add(child);
  child.on('exit', () => children.delete(child));
  return child;
}

function startServer(env: Record<string, string>): Promise<{ child: ChildProcess; ready: ServerReady }> {
  // The same Node.js flags as `npm start` gives the server.
  const child = spawnNode('bench/server.ts', [], { ...env, TILTS_JOBS: 'false' }, [
    '--max-semi-space-size=16',
  ]);
  let stderr = '';
  child.stderr?.on('data', (c) => {
    stderr += c;
  });
  return new Promise((resolve, reject) => {
    createInterface({ input: child.stdout! }).once('line', (line) =>
      resolve({ child, ready: JSON.parse(line) as ServerReady }),
    );
    child.once('exit', (code) => reject(new Error(`bench/server.ts exited with ${code}: ${stderr.trim()}`)));
  });
}

async function stop(child: ChildProcess) {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((r) => child.once('exit', () => r()));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
  await exited;
  clearTimeout(timer);
}

const jobDir = mkdtempSync(join(tmpdir(), 'tilts-diary-load-'));

function load(job: DiaryLoadJob): Promise<DiaryLoadResult> {
  const file = join(jobDir, `${job.mode}-${job.firstRequest}.json`);
  writeFileSync(file, JSON.stringify(job));
  const child = spawnNode('bench/diary-load.ts', [file], {});
  let out = '';
  let err = '';
  child.stdout?.on('data', (c) => {
    out += c;
  });
  child.stderr?.on('data', (c) => {
    err += c;
  });
  return new Promise((resolve, reject) => {
    child.once('exit', (code) => {
      const line = out.trim().split('\n').at(-1);
      if (code !== 0 || !line) reject(new Error(`diary-load exited with ${code}: ${err.trim()}`));
      else resolve(JSON.parse(line) as DiaryLoadResult);
    });
  });
}

interface Row {
  database: string;
  tilts: DiaryLoadResult[];
  bare: DiaryLoadResult[];
}

async function benchOne(prepared: Prepared): Promise<Row> {
  say();
  say(`${prepared.name}:`);
  const placements = await fillDiary(prepared.env);
  const { child, ready } = await startServer(prepared.env);
  try {
    const next = { tilts: 0, bare: 0 };
    const run = async (mode: 'tilts' | 'bare', seconds: number) => {
      const result = await load({
        url: `http://127.0.0.1:${mode === 'tilts' ? ready.tilts : ready.bare}`,
        mode,
        connections: options.connections,
        seconds,
        days: mode === 'tilts' ? TILTS_DAYS : BARE_DAYS,
        firstRequest: next[mode],
        placements,
      });
      next[mode] = result.nextRequest;
      return result;
    };
    progress('warming up');
    await run('bare', options.warmupSeconds);
    await run('tilts', options.warmupSeconds);
    const row: Row = { database: prepared.name, tilts: [], bare: [] };
    for (let round = 1; round <= options.rounds; round++) {
      // Alternating which goes first, so that a neighbour's load on a shared machine falls on both alike.
      const order: ('tilts' | 'bare')[] = round % 2 === 1 ? ['bare', 'tilts'] : ['tilts', 'bare'];
      for (const mode of order) row[mode].push(await run(mode, options.seconds));
      const t = row.tilts.at(-1)!;
      const b = row.bare.at(-1)!;
      progress(
        `round ${round}: Tilts ${Math.round(t.requestsPerSecond)} req/s (p99 ${t.p99Ms} ms, ${t.failures} failed), bare ${Math.round(b.requestsPerSecond)} req/s (${b.failures} failed)`,
      );
    }
    return row;
  } finally {
    await stop(child);
  }
}

const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;

say(
  `Diary benchmark: ${options.placements} placements in progress, ${options.placements * options.entriesPerPlacement} entries; ` +
    `${options.connections} connections, ${options.rounds} rounds of ${options.seconds} s; ` +
    `${cpus().length} cores, load ${loadavg()[0]!.toFixed(1)}`,
);
const rows: Row[] = [];
try {
  for (const name of options.databases) {
    const prepared = await prepare(name);
    if (!prepared) continue;
    try {
      rows.push(await benchOne(prepared));
    } finally {
      await prepared.drop();
    }
  }
} finally {
  for (const child of children) child.kill('SIGKILL');
  rmSync(jobDir, { recursive: true, force: true });
}

say();
say(
  '| database | POST /api/placements/:id/diary req/s | bare INSERT req/s | ratio | goal ≥ 40 % | Tilts p50 / p99 ms | failed |',
);
say('|---|---|---|---|---|---|---|');
for (const r of rows) {
  const t = mean(r.tilts.map((x) => x.requestsPerSecond));
  const b = mean(r.bare.map((x) => x.requestsPerSecond));
  const ratio = t / b;
  const failed = [...r.tilts, ...r.bare].reduce((a, x) => a + x.failures, 0);
  say(
    `| ${r.database} | ${Math.round(t)} | ${Math.round(b)} | ${(ratio * 100).toFixed(0)} % | ${ratio >= GOAL ? 'PASS' : 'FAIL'} | ${mean(r.tilts.map((x) => x.p50Ms)).toFixed(1)} / ${Math.max(...r.tilts.map((x) => x.p99Ms))} | ${failed} |`,
  );
}
