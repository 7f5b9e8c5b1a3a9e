import { roles } from '@tilts/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { App, RouteEntry } from '../src/app.ts';
import { agreementAccess } from './access/agreements.ts';
import { callAccess } from './access/calls.ts';
import { credentialAccess } from './access/credentials.ts';
import { dashboardAccess } from './access/dashboards.ts';
import { diaryAccess } from './access/diary.ts';
import { foundationRows } from './access/foundation.ts';
import { grantAccess } from './access/grants.ts';
import { mouAccess } from './access/mous.ts';
import { personalAccess } from './access/personal.ts';
import { placementAccess } from './access/placements.ts';
import { planAccess } from './access/plan.ts';
import { registersAccess } from './access/registers.ts';
import { riskAccess } from './access/risk.ts';
import { supportAccess } from './access/support.ts';
import type { AccessModule, AccessRow } from './access/types.ts';
import { createTestTilts, createWorld, type TestTilts, type World } from './support/harness.ts';

// Every feature adds its module here; a route without a row fails the first test below.
const modules: AccessModule[] = [
  { rows: foundationRows },
  placementAccess,
  mouAccess,
  grantAccess,
  registersAccess,
  callAccess,
  supportAccess,
  agreementAccess,
  credentialAccess,
  planAccess,
  personalAccess,
  dashboardAccess,
  riskAccess,
  diaryAccess,
];
const rows: AccessRow[] = modules.flatMap((m) => m.rows);

type Who = 'nobody' | (typeof roles)[number] | 'otherSchoolAdmin';
const everyone: Who[] = ['nobody', ...roles, 'otherSchoolAdmin'];

let t: TestTilts;
let world: World;
const cookies = new Map<Who, string>();

beforeAll(async () => {
  // No built web app: its files would add one route per file to the list.
  t = await createTestTilts({ WEB_DIST: '/nonexistent/tilts-web' });
  world = await createWorld(t);
  for (const m of modules) await m.setup?.(t, world);
});
afterAll(() => t?.close());

function emailOf(who: Who): string | undefined {
  if (who === 'nobody') return undefined;
  return who === 'otherSchoolAdmin' ? world.otherAdmin.email : world.users[who].email;
}

/** A working session for the caller; signs in again if the previous row ended it (sign-out). */
async function cookieOf(who: Who): Promise<string | undefined> {
  const email = emailOf(who);
  if (!email) return undefined;
  const known = cookies.get(who);
  if (known && (await t.request('GET', '/api/auth/me', { cookie: known })).status === 200) return known;
  const fresh = await t.signIn(email);
  cookies.set(who, fresh);
  return fresh;
}

type Expected = 'allowed' | 401 | 403 | 'hidden';

function expected(row: AccessRow, who: Who): Expected {
  if (row.allowed === 'public') return 'allowed';
  if (who === 'nobody') return 401;
  const role = who === 'otherSchoolAdmin' ? 'admin' : who;
  if (row.allowed !== 'session' && !row.allowed.includes(role)) return 403;
  return who === 'otherSchoolAdmin' && row.schoolARecord ? 'hidden' : 'allowed';
}

function meets(status: number, want: Expected): boolean {
  if (want === 'allowed') return status !== 401 && status !== 403 && status < 500;
  if (want === 'hidden') return status === 403 || status === 404;
  return status === want;
}

/** What only school A's pages may show: its id and its people's addresses and ids. */
function schoolAMarkers(): string[] {
  return [world.schoolA.id, '@a.test', ...Object.values(world.users).map((u) => u.id)];
}

/** The routes the app registered, as buildApp lists them. */
const routeList = () => (t.app as App & { routeList: RouteEntry[] }).routeList;

const key = (r: { method: string; url: string }) => `${r.method} ${r.url}`;

describe('access table', () => {
  it('has exactly one row for every route the app registers', () => {
    const registered = routeList().map(key).sort();
    const table = rows.map(key).sort();
    expect(new Set(table).size, 'a route is in the table twice').toBe(table.length);
    expect(
      registered.filter((r) => !table.includes(r)),
      'routes without a row in test/access/',
    ).toEqual([]);
    expect(
      table.filter((r) => !registered.includes(r)),
      'rows for routes that do not exist',
    ).toEqual([]);
  });

  it('agrees with the rule each route declares', () => {
    const declared = new Map(routeList().map((r) => [key(r), r.access]));
    for (const row of rows) {
      const access = declared.get(key(row));
      // The API documentation is outside the access hook, open like a public route.
      if (row.url.startsWith('/api/docs')) continue;
      expect(access, key(row)).toEqual(
        row.allowed === 'public' || row.allowed === 'session' ? row.allowed : [...row.allowed],
      );
    }
  });

  it.each(rows.map((row) => [key(row), row] as const))('%s', async (_name, row) => {
    if (/[:*]/.test(row.url) && !row.path) throw new Error(`${key(row)}: give the row a path to call`);
    const url = row.path ? row.path(world) : row.url;
    const problems: string[] = [];
    for (const who of everyone) {
      const body = typeof row.body === 'function' ? row.body(world) : row.body;
      const res = await t.request(row.method, url, {
        cookie: await cookieOf(who),
        ...(body === undefined ? {} : { body }),
        ...(row.headers ? { headers: row.headers } : {}),
      });
      const want = expected(row, who);
      if (!meets(res.status, want)) {
        problems.push(`${who}: ${res.status}, expected ${want} (${res.body.slice(0, 120)})`);
      }
      if (who === 'nobody' || who === 'otherSchoolAdmin') {
        const leaked = schoolAMarkers().filter((m) => res.body.includes(m));
        if (leaked.length) problems.push(`${who} saw school A's data: ${leaked.join(', ')}`);
      }
      if (res.status === 401 || res.status === 403) {
        const error = res.json().error;
        if (!error?.code || !error?.message) problems.push(`${who}: ${res.status} without the error shape`);
      }
    }
    expect(problems).toEqual([]);
  });
});

describe('what a coordinator may do with people', () => {
  it('invites teachers, learners and supervisors but not admins or coordinators', async () => {
    const cookie = await t.signIn(world.users.coordinator.email);
    for (const role of ['teacher', 'learner', 'supervisor']) {
      const res = await t.request('POST', '/api/admin/invitations', {
        cookie,
        body: { email: `koord-${role}@a.test`, role },
      });
      expect(res.status, role).toBe(200);
    }
    for (const role of ['admin', 'coordinator']) {
      const res = await t.request('POST', '/api/admin/invitations', {
        cookie,
        body: { email: `koord-${role}@a.test`, role },
        headers: { 'accept-language': 'en' },
      });
      expect(res.status, role).toBe(403);
      expect(res.json().error.fields).toEqual({ role: 'You cannot invite a user with this role.' });
    }
  });

  it('reads only the e-mail their own actions sent, while the admin reads all of the school', async () => {
    const admin = await t.signIn(world.users.admin.email);
    await t.request('POST', '/api/admin/invitations', {
      cookie: admin,
      body: { email: 'admina-uzaicinats@a.test', role: 'teacher' },
    });
    await t.request('POST', '/api/auth/password-reset/request', {
      body: { email: world.users.teacher.email },
    });
    const coordinator = await t.signIn(world.users.coordinator.email);
    const mine = await t.request('GET', '/api/admin/outbox?pageSize=100', { cookie: coordinator });
    expect(mine.status).toBe(200);
    const items: { to: string; subject: string }[] = mine.json().items;
    // The access table above had the coordinator invite once too. Its rows also had the coordinator
    // write messages, answers and tickets that e-mail others: theirs to read, so only invitations count here.
    const invited = items.filter((m) => /^(Uzaicinājums|Invitation)/.test(m.subject)).map((m) => m.to);
    expect(invited.sort()).toEqual([
      'koord-learner@a.test',
      'koord-supervisor@a.test',
      'koord-teacher@a.test',
      'uzaicinats@table.test',
    ]);
    expect(items.filter((m) => /paroles maiņa|reset your password/.test(m.subject))).toEqual([]);
    const all = await t.request('GET', '/api/admin/outbox?pageSize=100', { cookie: admin });
    const allTo = all.json().items.map((m: { to: string }) => m.to);
    expect(allTo).toEqual(
      expect.arrayContaining(['admina-uzaicinats@a.test', 'koord-teacher@a.test', world.users.teacher.email]),
    );
  });
});
