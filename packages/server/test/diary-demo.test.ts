import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestTilts, type TestTilts } from './support/harness.ts';

const PASSWORD = 'Tilts-demo-2026';
let t: TestTilts;

beforeAll(async () => {
  t = await createTestTilts({ TILTS_DEMO: 'true' });
});
afterAll(() => t?.close());

describe('the demo school’s diary', () => {
  it('the demo learner sees their diary with hours, confirmed, waiting and returned entries; the mentor sees the contacts', async () => {
    const learner = await t.signIn('audzeknis@demo.tilts.lv', PASSWORD);
    const mine = (await t.request('GET', '/api/diary/mine', { cookie: learner })).json();
    const running = mine.items.find((p: { hours: { entries: number } }) => p.hours.entries > 0);
    expect(running).toBeDefined();
    expect(running.hours.done).toBeGreaterThan(0);
    const diary = (
      await t.request('GET', `/api/placements/${running.placementId}/diary`, { cookie: learner })
    ).json();
    const statuses = new Set(diary.entries.map((e: { status: string }) => e.status));
    expect(statuses).toEqual(new Set(['confirmed', 'submitted', 'returned']));
    const mentor = await t.signIn('pedagogs@demo.tilts.lv', PASSWORD);
    const contacts = await t.request('GET', `/api/placements/${running.placementId}/contacts`, {
      cookie: mentor,
    });
    expect(contacts.status).toBe(200);
    expect(contacts.json().items.length).toBeGreaterThanOrEqual(2);
  });
});
