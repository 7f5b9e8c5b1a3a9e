import { roles } from '@tilts/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RouteEntry } from '../src/app.ts';
import { registersAccess } from './access/registers.ts';
import { createTestTilts, createWorld, type TestTilts } from './support/harness.ts';

let t: TestTilts;
const cookies: Record<string, string> = {};

beforeAll(async () => {
  t = await createTestTilts();
  await createWorld(t);
  for (const role of roles) cookies[role] = await t.signIn(`${role}@a.test`);
});
afterAll(() => t?.close());

describe('who may call the register routes', () => {
  it('every register route the app has is in the table', () => {
    const prefixes = ['/api/partners', '/api/catalogue', '/api/rules', '/api/imports'];
    const routes = (t.app as typeof t.app & { routeList: RouteEntry[] }).routeList
      .filter((r) => prefixes.some((p) => r.url.startsWith(p)))
      .map((r) => `${r.method} ${r.url}`);
    const table = new Set(
      registersAccess.map((r) => {
        const path = r.url
          .split('?')[0]!
          .replace(/[0-9a-f-]{36}/, ':id')
          .replace(/\/2099$/, '/:year');
        return `${r.method} ${path.replace('/imports/partners', '/imports/:kind')}`;
      }),
    );
    expect(routes.filter((r) => !table.has(r))).toEqual([]);
  });

  for (const row of registersAccess) {
    it(`${row.method} ${row.url}`, async () => {
      const options = (cookie?: string) => ({
        cookie,
        body: row.body,
        headers: typeof row.body === 'string' ? { 'content-type': 'text/csv' } : undefined,
      });
      const anonymous = await t.request(row.method, row.url, options());
      expect(anonymous.status).toBe(row.allowed === 'public' ? anonymous.status : 401);
      for (const role of roles) {
        const res = await t.request(row.method, row.url, options(cookies[role]));
        const allowed = row.allowed === 'public' || row.allowed === 'session' || row.allowed.includes(role);
        if (allowed) expect([401, 403], `${role}: ${res.body}`).not.toContain(res.status);
        else expect(res.status, role).toBe(403);
      }
    });
  }
});
