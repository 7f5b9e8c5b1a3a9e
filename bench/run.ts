/**
 * `npm run bench`: on each database, generate the data, start Tilts and the bare baseline app in a
 * child process, and load both from a third process (autocannon) in the same run; then resident
 * memory of the server, and cold start of an empty embedded database to the first /readyz 200.
 * Prints a table per part; a missed goal says FAIL but the exit code is non-zero only on a crash.
 * See docs/benchmarks.md.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { cpus, loadavg, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import type { Role } from '@tilts/shared';
import pg from 'pg';
import { openDatabase } from '../packages/server/src/db/database.ts';
import { migrate } from '../packages/server/src/db/migrate.ts';
import { BENCH_PASSWORD, benchAccounts, generate, scaleFor } from './generate.ts';
import { type LoadResult, runLoad } from './load.ts';
import { type BenchContext, type Goal, scenarios, type Target } from './scenarios.ts';
import type { ServerReady } from './server.ts';

const root = join(import.meta.dirname, '..');

function envNumber(name: string, fallback: number, min = 1): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min)
    throw new Error(`${name} must be a whole number ≥ ${min}, not "${raw}"`);
  return value;
}

const options = {
  databases: (process.env.BENCH_DATABASES ?? 'pglite,postgres')
    .split(',')
    .map((d) => d.trim())
    .filter((d) => d !== '' && d !== 'none'),
  scale: scaleFor({
    users: envNumber('BENCH_SCALE_USERS', 50_000),
    schools: envNumber('BENCH_SCALE_SCHOOLS', 20),
    placements: envNumber('BENCH_SCALE_PLACEMENTS', 100_000, 0),
  }),
  seconds: envNumber('BENCH_DURATION', 10),
  warmupSeconds: envNumber('BENCH_WARMUP', 3),
  rounds: envNumber('BENCH_ROUNDS', 2),
  connections: envNumber('BENCH_CONNECTIONS', 32),
  coldRuns: envNumber('BENCH_COLD_RUNS', 3, 0),
  postgresUrl: process.env.BENCH_POSTGRES_URL ?? 'postgres://root@127.0.0.1:5432/',
};

const goals = { coldStartMs: 5000, rssMb: 300 };

const children = new Set<ChildProcess>();
const cleanups: (() => Promise<void>)[] = [];

const say = (line = '') => process.stdout.write(`${line}\n`);
const progress = (line: string) => process.stdout.write(`  · ${line}\n`);

// --- databases ---------------------------------------------------------------------------------

interface Prepared {
  name: 'pglite' | 'postgres';
  env: Record<string, string>;
  /** The database's own processes, whose CPU time a request also costs (none for PGlite). */
  databasePids(): Promise<number[]>;
  /** Removes the data folder or drops the database. */
  drop(): Promise<void>;
}

async function preparePglite(): Promise<Prepared> {
  const dir = mkdtempSync(join(tmpdir(), 'tilts-bench-'));
  return {
    name: 'pglite',
    env: { TILTS_DATA_DIR: dir },
    databasePids: async () => [],
    drop: async () => rmSync(dir, { recursive: true, force: true }),
  };
}

function adminUrl(url: string): string {
  const u = new URL(url);
  if (u.pathname === '/' || u.pathname === '') u.pathname = '/postgres';
  return u.toString();
}

/** A fresh database on the server, or null (with the reason printed) when it cannot be reached. */
async function preparePostgres(): Promise<Prepared | null> {
  const admin = new pg.Client({
    connectionString: adminUrl(options.postgresUrl),
    connectionTimeoutMillis: 3000,
  });
  try {
    await admin.connect();
  } catch (error) {
    say(`PostgreSQL at ${options.postgresUrl} is not reachable (${(error as Error).message}): skipped.`);
    return null;
  }
  const name = `tilts_bench_${randomBytes(5).toString('hex')}`;
  await admin.query(`create database ${name}`);
  const url = new URL(options.postgresUrl);
  url.pathname = `/${name}`;
  return {
    name: 'postgres',
    env: { DATABASE_URL: url.toString() },
    async databasePids() {
      const r = await admin.query<{ pid: number }>('select pid from pg_stat_activity where datname = $1', [
        name,
      ]);
      return r.rows.map((row) => row.pid);
    },
    async drop() {
      await admin.query(`drop database if exists ${name} with (force)`);
      await admin.end();
    },
  };
}

async function postgresVersion(): Promise<string | null> {
  const c = new pg.Client({ connectionString: adminUrl(options.postgresUrl), connectionTimeoutMillis: 3000 });
  try {
    await c.connect();
    const r = await c.query<{ v: string }>("select current_setting('server_version') as v");
    return r.rows[0]?.v ?? null;
  } catch {
    return null;
  } finally {
    await c.end().catch(() => {});
  }
}

// --- processes ---------------------------------------------------------------------------------

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const address = s.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      s.close(() => resolve(port));
    });
  });
}

/** The Node.js flags that `npm start` gives the server: the benchmark runs it the same way. */
function serverNodeFlags(): string[] {
  const scripts = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')).scripts ?? {};
  const match = /\bnode((?: +--\S+)*) +packages\/server\/src\/main\.ts/.exec(scripts.start ?? '');
  return match?.[1]?.trim().split(/ +/).filter(Boolean) ?? [];
}

const nodeFlags = serverNodeFlags();

// Tilts' own settings from the caller's shell (a DATABASE_URL, say) must not reach the servers.
const tiltsSettings = /^(DATABASE_URL|DATABASE_POOL_SIZE|TILTS_\w+|PORT|HOST|PUBLIC_URL|SMTP_URL|LOG_LEVEL)$/;
const inherited = Object.fromEntries(Object.entries(process.env).filter(([key]) => !tiltsSettings.test(key)));

function spawnNode(script: string, env: Record<string, string>): ChildProcess {
  const child = spawn(process.execPath, [...nodeFlags, join(root, script)], {
    cwd: root,
    env: { ...inherited, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.add(child);
  child.on('exit', () => children.delete(child));
  return child;
}

async function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
  await exited;
  clearTimeout(timer);
}

/** Starts bench/server.ts and waits for its line with the ports. */
function startServer(env: Record<string, string>): Promise<{ child: ChildProcess; ready: ServerReady }> {
  const child = spawnNode('bench/server.ts', env);
  let stderr = '';
  child.stderr?.on('data', (chunk) => {
    stderr += chunk;
  });
  return new Promise((resolve, reject) => {
    const lines = createInterface({ input: child.stdout! });
    lines.once('line', (line) => resolve({ child, ready: JSON.parse(line) as ServerReady }));
    child.once('exit', (code) => reject(new Error(`bench/server.ts exited with ${code}: ${stderr.trim()}`)));
  });
}

/**
 * CPU time (user + system) a process has used so far, in ms (Linux /proc, 100 ticks a second).
 * Unlike wall-clock time it hardly changes when other work shares the machine.
 */
function cpuMsOf(pid: number): number {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ').at(-1)!.split(' ');
    return (Number(fields[11]) + Number(fields[12])) * 10;
  } catch {
    return Number.NaN;
  }
}

/** Resident memory of a process now and at its peak, in MB (Linux /proc). */
function memoryOf(pid: number): { rssMb: number; peakMb: number } | null {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const kb = (key: string) =>
      Number(status.match(new RegExp(`^${key}:\\s+(\\d+) kB`, 'm'))?.[1] ?? Number.NaN);
    return { rssMb: kb('VmRSS') / 1024, peakMb: kb('VmHWM') / 1024 };
  } catch {
    return null;
  }
}

// --- HTTP helpers ------------------------------------------------------------------------------

function contextFor(ready: ServerReady, accounts: Record<Role, string>): BenchContext {
  const tilts = `http://127.0.0.1:${ready.tilts}`;
  return {
    tilts,
    bare: `http://127.0.0.1:${ready.bare}`,
    accounts,
    async signIn(email) {
      const res = await fetch(`${tilts}/api/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', origin: tilts },
        body: JSON.stringify({ email, password: BENCH_PASSWORD }),
      });
      if (res.status !== 200)
        throw new Error(`sign-in of ${email} answered ${res.status}: ${await res.text()}`);
      const cookie = res.headers.getSetCookie().find((c) => c.startsWith('tilts_session='));
      if (!cookie) throw new Error('sign-in set no session cookie');
      return cookie.split(';')[0]!;
    },
    async getJson(path, cookie) {
      const res = await fetch(`${tilts}${path}`, { headers: cookie ? { cookie } : {} });
      if (res.status !== 200) throw new Error(`GET ${path} answered ${res.status}: ${await res.text()}`);
      return res.json();
    },
  };
}

/** One request before the load: a target that does not answer 2xx would measure error pages. */
async function assertAnswers(baseUrl: string, target: Target) {
  const res = await fetch(`${baseUrl}${target.path}`, {
    method: target.method ?? 'GET',
    headers: {
      ...target.headers,
      ...(target.body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    body: target.body,
  });
  if (res.status < 200 || res.status > 299) {
    throw new Error(`${target.method ?? 'GET'} ${target.path} answered ${res.status}: ${await res.text()}`);
  }
}

// --- the parts ---------------------------------------------------------------------------------

interface Measured {
  requestsPerSecond: number;
  p50Ms: number;
  p99Ms: number;
  failures: number;
  /** CPU time per request, in µs: the server process and, on a PostgreSQL server, its backends. */
  cpuUsPerRequest: number;
}

type Round = LoadResult & { cpuMs: number };

/** Rounds combined: the mean req/s and p50, the worst p99, CPU time over all requests. */
function combine(rounds: Round[]): Measured {
  const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
  const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);
  return {
    requestsPerSecond: mean(rounds.map((r) => r.requestsPerSecond)),
    p50Ms: mean(rounds.map((r) => r.p50Ms)),
    p99Ms: Math.max(...rounds.map((r) => r.p99Ms)),
    failures: sum(rounds.map((r) => r.failures)),
    cpuUsPerRequest: (sum(rounds.map((r) => r.cpuMs)) * 1000) / sum(rounds.map((r) => r.total)),
  };
}

interface ScenarioRow {
  database: string;
  scenario: string;
  baselineName: string;
  goal: Goal;
  target: Measured;
  baseline: Measured;
}

interface DatabaseReport {
  database: string;
  generateMs: number;
  rows: ScenarioRow[];
  memory: { rssMb: number; peakMb: number } | null;
}

async function benchDatabase(prepared: Prepared): Promise<DatabaseReport> {
  say();
  say(`${prepared.name}:`);
  const database = await openDatabase({
    url: prepared.env.DATABASE_URL,
    dataDir: prepared.env.TILTS_DATA_DIR,
  });
  let accounts: Record<Role, string>;
  let generateMs: number;
  try {
    await migrate(database.db);
    const result = await generate(database.db, options.scale, (s) =>
      progress(`generated ${s.name}: ${s.rows} rows in ${s.ms} ms`),
    );
    generateMs = result.ms;
    accounts = await benchAccounts(database.db);
  } finally {
    await database.close();
  }

  const { child, ready } = await startServer(prepared.env);
  const rows: ScenarioRow[] = [];
  try {
    progress(`Tilts on port ${ready.tilts}, bare baseline on ${ready.bare} (process ${child.pid})`);
    const ctx = contextFor(ready, accounts);
    const load = { connections: options.connections };
    for (const scenario of scenarios) {
      const { target, baseline } = await scenario.prepare(ctx);
      await assertAnswers(ctx.tilts, target);
      await assertAnswers(ctx.bare, baseline);
      progress(`${scenario.name}: warming up`);
      await runLoad(ctx.bare, baseline, { ...load, seconds: options.warmupSeconds });
      await runLoad(ctx.tilts, target, { ...load, seconds: options.warmupSeconds });
      const cpuNow = async () => {
        const pids = [child.pid!, ...(await prepared.databasePids())];
        return new Map(pids.map((pid) => [pid, cpuMsOf(pid)]));
      };
      const measure = async (baseUrl: string, request: Target): Promise<Round> => {
        const before = await cpuNow();
        const result = await runLoad(baseUrl, request, { ...load, seconds: options.seconds });
        let cpuMs = 0;
        // A database process that ended during the run takes its CPU time with it: rare, and small.
        for (const [pid, ms] of await cpuNow()) if (Number.isFinite(ms)) cpuMs += ms - (before.get(pid) ?? 0);
        return { ...result, cpuMs };
      };
      const targetRuns: Round[] = [];
      const baselineRuns: Round[] = [];
      for (let round = 1; round <= options.rounds; round++) {
        // Alternating, the baseline first in odd rounds and last in even ones, so that a
        // neighbour's load on this shared machine falls on both alike.
        let b: Round;
        let t: Round;
        if (round % 2 === 1) {
          b = await measure(ctx.bare, baseline);
          t = await measure(ctx.tilts, target);
        } else {
          t = await measure(ctx.tilts, target);
          b = await measure(ctx.bare, baseline);
        }
        baselineRuns.push(b);
        targetRuns.push(t);
        progress(
          `${scenario.name}: round ${round}: ${Math.round(t.requestsPerSecond)} req/s (baseline ${Math.round(b.requestsPerSecond)}), p99 ${t.p99Ms} ms`,
        );
      }
      rows.push({
        database: prepared.name,
        scenario: scenario.name,
        baselineName: scenario.baselineName,
        goal: scenario.goal,
        target: combine(targetRuns),
        baseline: combine(baselineRuns),
      });
    }
    return { database: prepared.name, generateMs, rows, memory: memoryOf(child.pid!) };
  } finally {
    await stop(child);
  }
}

interface ColdStart {
  demo: boolean;
  runsMs: number[];
  cpuMs: number[];
  rssMb: number[];
}

/** Time from spawning main.ts on an empty embedded database to its first /readyz 200. */
async function coldStartOnce(demo: boolean): Promise<{ ms: number; cpuMs: number; rssMb: number }> {
  const dir = mkdtempSync(join(tmpdir(), 'tilts-cold-'));
  const port = await freePort();
  const started = performance.now();
  const child = spawnNode('packages/server/src/main.ts', {
    TILTS_DATA_DIR: dir,
    PORT: String(port),
    HOST: '127.0.0.1',
    TILTS_DEMO: String(demo),
    LOG_LEVEL: 'silent',
  });
  let stderr = '';
  child.stderr?.on('data', (chunk) => {
    stderr += chunk;
  });
  child.stdout?.resume();
  try {
    while (performance.now() - started < 60_000) {
      if (child.exitCode !== null) throw new Error(`main.ts exited with ${child.exitCode}: ${stderr.trim()}`);
      try {
        const res = await fetch(`http://127.0.0.1:${port}/readyz`, { signal: AbortSignal.timeout(1000) });
        if (res.status === 200) {
          const ms = performance.now() - started;
          return { ms, cpuMs: cpuMsOf(child.pid!), rssMb: memoryOf(child.pid!)?.rssMb ?? Number.NaN };
        }
      } catch {
        // Not listening yet.
      }
      await new Promise((r) => setTimeout(r, 10));
    }
    throw new Error('main.ts was not ready within 60 s');
  } finally {
    await stop(child);
    rmSync(dir, { recursive: true, force: true });
  }
}

async function coldStarts(): Promise<ColdStart[]> {
  if (options.coldRuns === 0) return [];
  say();
  say('cold start (embedded database, empty data folder):');
  const results: ColdStart[] = [];
  for (const demo of [false, true]) {
    const runsMs: number[] = [];
    const cpuMs: number[] = [];
    const rssMb: number[] = [];
    for (let i = 0; i < options.coldRuns; i++) {
      const r = await coldStartOnce(demo);
      runsMs.push(r.ms);
      cpuMs.push(r.cpuMs);
      rssMb.push(r.rssMb);
      progress(`TILTS_DEMO=${demo}: ready in ${Math.round(r.ms)} ms (${Math.round(r.cpuMs)} ms of CPU time)`);
    }
    results.push({ demo, runsMs, cpuMs, rssMb });
  }
  return results;
}

// --- the report --------------------------------------------------------------------------------

function table(header: string[], body: string[][]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...body.map((r) => r[i]!.length)));
  const line = (cells: string[]) => `| ${cells.map((c, i) => c.padEnd(widths[i]!)).join(' | ')} |`;
  return [line(header), `| ${widths.map((w) => '-'.repeat(w)).join(' | ')} |`, ...body.map(line)].join('\n');
}

const int = (n: number) => String(Math.round(n));
const loadText = () =>
  loadavg()
    .map((n) => n.toFixed(2))
    .join(', ');
const ms = (n: number) => (n < 10 ? n.toFixed(1) : int(n));
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

function report(databases: DatabaseReport[], cold: ColdStart[]) {
  say();
  say('## Results');
  say();
  const rows = databases.flatMap((d) => d.rows);
  say(
    table(
      [
        'database',
        'scenario',
        'req/s',
        'p50 ms',
        'p99 ms',
        'baseline req/s',
        'baseline p99 ms',
        'ratio',
        'goal',
        'result',
        'CPU µs/req (baseline)',
      ],
      rows.map((r) => {
        const ratio = r.target.requestsPerSecond / r.baseline.requestsPerSecond;
        const failures = r.target.failures + r.baseline.failures;
        const pass = ratio >= r.goal.minRatio && r.target.p99Ms < r.goal.maxP99Ms && failures === 0;
        return [
          r.database,
          r.scenario,
          int(r.target.requestsPerSecond),
          ms(r.target.p50Ms),
          ms(r.target.p99Ms),
          int(r.baseline.requestsPerSecond),
          ms(r.baseline.p99Ms),
          `${Math.round(ratio * 100)}%`,
          `≥ ${r.goal.minRatio * 100}%, p99 < ${r.goal.maxP99Ms} ms`,
          pass ? 'PASS' : failures > 0 ? `FAIL (${failures} failed requests)` : 'FAIL',
          `${int(r.target.cpuUsPerRequest)} (${int(r.baseline.cpuUsPerRequest)})`,
        ];
      }),
    ),
  );
  for (const s of scenarios) say(`Baseline of "${s.name}": ${s.baselineName}.`);
  say();
  say(
    table(
      ['database', 'resident memory after the load', 'peak', 'goal', 'result'],
      databases.map((d) => [
        d.database,
        d.memory ? `${int(d.memory.rssMb)} MB` : 'unknown',
        d.memory ? `${int(d.memory.peakMb)} MB` : 'unknown',
        `< ${goals.rssMb} MB`,
        d.memory && d.memory.rssMb < goals.rssMb ? 'PASS' : 'FAIL',
      ]),
    ),
  );
  if (cold.length > 0) {
    say();
    say(
      table(
        [
          'cold start to first /readyz 200',
          'median',
          'runs',
          'CPU time (median)',
          'memory when ready',
          'goal',
          'result',
        ],
        cold.map((c) => [
          `empty embedded database, TILTS_DEMO=${c.demo}`,
          `${int(median(c.runsMs))} ms`,
          c.runsMs.map(int).join(', '),
          `${int(median(c.cpuMs))} ms`,
          `${int(median(c.rssMb))} MB`,
          `< ${goals.coldStartMs} ms`,
          median(c.runsMs) < goals.coldStartMs ? 'PASS' : 'FAIL',
        ]),
      ),
    );
  }
  say();
  say(`Load average at the end: ${loadText()} (other work on the machine disturbs the figures).`);
  say(
    `Generated data: ${databases.map((d) => `${d.database} in ${(d.generateMs / 1000).toFixed(1)} s`).join(', ')}.`,
  );
}

async function main() {
  const pgVersion = options.databases.includes('postgres') ? await postgresVersion() : null;
  const cpu = cpus();
  say('# Tilts benchmark');
  say();
  say(`date: ${new Date().toISOString()}`);
  say(`machine: ${cpu.length} × ${cpu[0]?.model ?? 'unknown CPU'}, ${Math.round(totalmem() / 2 ** 30)} GB`);
  say(`load average at the start: ${loadText()}`);
  say(`Node.js ${process.version}${pgVersion ? `, PostgreSQL server ${pgVersion}` : ''}`);
  say(`server processes: node ${[...nodeFlags, '…'].join(' ')} (the flags of \`npm start\`)`);
  say(
    `scale: ${options.scale.schools} schools, ${options.scale.users} users, ${options.scale.sessions} sessions; ` +
      `load: ${options.connections} connections, ${options.rounds} × ${options.seconds} s per route (after ${options.warmupSeconds} s warm-up), alternating with the baseline`,
  );
  const reports: DatabaseReport[] = [];
  for (const name of options.databases) {
    if (name !== 'pglite' && name !== 'postgres')
      throw new Error(`BENCH_DATABASES: unknown database "${name}"`);
    const prepared = name === 'pglite' ? await preparePglite() : await preparePostgres();
    if (!prepared) continue;
    cleanups.push(prepared.drop);
    try {
      reports.push(await benchDatabase(prepared));
    } finally {
      cleanups.pop();
      await prepared.drop();
    }
  }
  const cold = await coldStarts();
  report(reports, cold);
}

async function cleanUp() {
  await Promise.all([...children].map(stop));
  for (const drop of cleanups) await drop().catch(() => {});
}

process.on('SIGINT', async () => {
  await cleanUp();
  process.exit(130);
});

try {
  await main();
} catch (error) {
  process.stderr.write(`\nThe benchmark crashed: ${(error as Error).stack ?? String(error)}\n`);
  await cleanUp();
  process.exit(1);
}
