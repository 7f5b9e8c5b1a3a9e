import type { Role } from '@tilts/shared';

/** One HTTP request the load tool repeats. */
export interface Target {
  method?: 'GET' | 'POST' | 'PATCH';
  path: string;
  headers?: Record<string, string>;
  body?: string;
}

/** What a scenario gets from the harness: the two servers, and people to sign in as. */
export interface BenchContext {
  /** http://127.0.0.1:port of Tilts. */
  tilts: string;
  /** http://127.0.0.1:port of the bare baseline app (bench/bare.ts). */
  bare: string;
  /** The e-mail of one generated user of each role in the first school (password BENCH_PASSWORD). */
  accounts: Record<Role, string>;
  /** Signs in through POST /api/auth/login; returns the Cookie header value. */
  signIn(email: string): Promise<string>;
  /** A request to Tilts that must answer 200; returns the parsed JSON. */
  getJson(path: string, cookie?: string): Promise<any>;
}

export interface Goal {
  /** The scenario's req/s must be at least this share of its baseline's. */
  minRatio: number;
  /** Its 99th-percentile latency must stay under this. */
  maxP99Ms: number;
}

export interface Scenario {
  name: string;
  baselineName: string;
  goal: Goal;
  /** Signs in, finds ids, and so on; returns the request under test and its baseline request. */
  prepare(ctx: BenchContext): Promise<{ target: Target; baseline: Target }>;
}

/** The foundation's goal: half the bare route's throughput, p99 under 50 ms at 32 connections. */
const foundationGoal: Goal = { minRatio: 0.5, maxP99Ms: 50 };

/** Every scenario `npm run bench` measures. A feature adds its own here; the harness stays as it is. */
export const scenarios: Scenario[] = [
  {
    name: 'GET /api/auth/me with a session',
    baselineName: 'bare GET /bare/users/:id (one primary-key select)',
    goal: foundationGoal,
    async prepare(ctx) {
      const cookie = await ctx.signIn(ctx.accounts.coordinator);
      const me = await ctx.getJson('/api/auth/me', cookie);
      return {
        target: { path: '/api/auth/me', headers: { cookie } },
        baseline: { path: `/bare/users/${me.id}` },
      };
    },
  },
];

/** Issue 3: the coordinator's placement list with a filter, a sort and a text search (p99 is stricter than the asked p95). */
scenarios.push({
  name: 'GET /api/placements (status + kind filter, sort by start, text search)',
  baselineName: 'bare GET /bare/users/:id (one primary-key select)',
  goal: { minRatio: 0.5, maxP99Ms: 100 },
  async prepare(ctx) {
    const cookie = await ctx.signIn(ctx.accounts.coordinator);
    const me = await ctx.getJson('/api/auth/me', cookie);
    const path =
      '/api/placements?status=in_progress&kind=internship&q=berz&sort=startDate&dir=desc&pageSize=25';
    const page = await ctx.getJson(path, cookie);
    if (page.items.length === 0) throw new Error('the placement list scenario found no placements to show');
    return { target: { path, headers: { cookie } }, baseline: { path: `/bare/users/${me.id}` } };
  },
});
