import { type Role, roles } from '@tilts/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RouteEntry } from '../src/app.ts';
import { mouAccess } from './access/mous.ts';
import { createTestTilts, createWorld, type TestTilts } from './support/harness.ts';

// The memoranda's rows of the access table, checked role by role. (The table-driven test of the
// whole app reads the same file.)

let t: TestTilts;
const cookies = {} as Record<Role, string>;

beforeAll(async () => {
  t = await createTestTilts();
  await createWorld(t);
  for (const role of roles) cookies[role] = await t.signIn(`${role}@a.test`);
});
afterAll(() => t?.close());

describe('memoranda access table', () => {
  it('has a row for every memorandum route the app registers', () => {
    // buildApp returns the app with its route list; Tilts types it as the plain app.
    const { routeList } = t.app as typeof t.app & { routeList: RouteEntry[] };
    const registered = routeList
      .filter((r) => r.url.startsWith('/api/mous') || r.url.startsWith('/api/mou-signing'))
      .map((r) => `${r.method} ${r.url}`)
      .sort();
    const listed = mouAccess
      .map((row) => {
        const path = row.url
          .split('?')[0]!
          .replace(/\/[0-9a-f-]{36}\/parties\/[0-9a-f-]{36}/, '/:id/parties/:partyId')
          .replace(/\/[0-9a-f-]{36}/, '/:id');
        return `${row.method} ${path}`;
      })
      .sort();
    expect(listed).toEqual(registered);
  });

  for (const row of mouAccess) {
    it(`${row.method} ${row.url.split('?')[0]}`, async () => {
      const call = (cookie?: string) =>
        t.request(row.method, row.url, { ...(row.body === undefined ? {} : { body: row.body }), cookie });
      const anonymous = await call();
      if (row.allowed === 'public') {
        expect([401, 403]).not.toContain(anonymous.status);
        return;
      }
      expect(anonymous.status).toBe(401);
      for (const role of roles) {
        const res = await call(cookies[role]);
        const allowed = row.allowed === 'session' || row.allowed.includes(role);
        if (allowed) expect([401, 403], `${role}: ${res.body}`).not.toContain(res.status);
        else expect(res.status, role).toBe(403);
      }
    });
  }
});
