import type { Role } from '@tilts/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RouteEntry } from '../src/app.ts';
import { credentialAccessRows } from './access/credentials.ts';
import { TEST_MASTER_KEY } from './support/credentials.ts';
import { createTestTilts, createWorld, type TestTilts } from './support/harness.ts';

let t: TestTilts;
const cookies = {} as Record<Role, string>;
const roles: Role[] = ['admin', 'coordinator', 'teacher', 'learner', 'supervisor'];

beforeAll(async () => {
  t = await createTestTilts({ TILTS_MASTER_KEY: TEST_MASTER_KEY });
  await createWorld(t);
  for (const role of roles) cookies[role] = await t.signIn(`${role}@a.test`);
});
afterAll(() => t?.close());

describe('who may call the credential routes', () => {
  it('every credential route the app registers has a row, and every row a route', () => {
    const registered = (t.app as typeof t.app & { routeList: RouteEntry[] }).routeList
      .filter(
        (r) =>
          r.url.includes('credential') ||
          r.url.startsWith('/api/my/') ||
          r.url === '/api/verify' ||
          r.url.startsWith('/api/shared') ||
          r.url.startsWith('/schools/'),
      )
      .map((r) => `${r.method} ${r.url}`)
      .sort();
    const rows = credentialAccessRows.map((r) => `${r.method} ${r.url}`);
    expect(registered.length).toBe(credentialAccessRows.length);
    for (const route of registered) {
      const [method, pattern] = route.split(' ') as [string, string];
      const matcher = new RegExp(
        `^${pattern.replace(/:[A-Za-z]+/g, '[^/?]+').replace(/\./g, '\\.')}(\\?.*)?$`,
      );
      expect(
        rows.some((row) => row.startsWith(`${method} `) && matcher.test(row.slice(method.length + 1))),
        route,
      ).toBe(true);
    }
  });

  for (const row of credentialAccessRows) {
    it(`${row.method} ${row.url}: ${Array.isArray(row.allowed) ? row.allowed.join(', ') : row.allowed}`, async () => {
      const call = (cookie?: string) =>
        t.request(row.method, row.url, {
          ...(cookie ? { cookie } : {}),
          ...(row.body === undefined ? {} : { body: row.body }),
        });
      const anonymous = await call();
      if (row.allowed === 'public') expect([401, 403]).not.toContain(anonymous.status);
      else expect(anonymous.status).toBe(401);
      for (const role of roles) {
        const res = await call(cookies[role]);
        const allowed = row.allowed === 'public' || row.allowed === 'session' || row.allowed.includes(role);
        if (allowed) expect([401, 403], `${role}: ${res.status} ${res.body}`).not.toContain(res.status);
        else expect(res.status, role).toBe(403);
      }
    });
  }
});
