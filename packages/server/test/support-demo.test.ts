import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestTilts, type TestTilts } from './support/harness.ts';

const PASSWORD = 'Tilts-demo-2026';
let t: TestTilts;

beforeAll(async () => {
  t = await createTestTilts({ TILTS_DEMO: 'true' });
});
afterAll(() => t?.close());

describe('the demo school’s support data', () => {
  it('the mentor finds the demo learner’s intake, introductions, an unread message, goals and a help request', async () => {
    const mentor = await t.signIn('pedagogs@demo.tilts.lv', PASSWORD);
    const unread = (await t.request('GET', '/api/messages/unread', { cookie: mentor })).json();
    expect(unread.total).toBe(1);
    const id = unread.placements[0].placementId;
    const intake = (await t.request('GET', `/api/placements/${id}/intake`, { cookie: mentor })).json();
    expect(intake.intakes[0]).toMatchObject({
      learner: { name: 'Jānis Liepiņš' },
      preferredChannels: ['messages', 'phone'],
    });
    const intros = (await t.request('GET', `/api/placements/${id}/introductions`, { cookie: mentor })).json();
    expect(intros.items.map((i: { authorRole: string }) => i.authorRole)).toEqual([
      'learner',
      'mentor',
      'supervisor',
    ]);
    const thread = (await t.request('GET', `/api/placements/${id}/messages`, { cookie: mentor })).json();
    expect(thread.messages).toHaveLength(4);
    const goals = (await t.request('GET', `/api/placements/${id}/self-mentoring`, { cookie: mentor })).json();
    const onPlacement = await t.deps.db
      .selectFrom('placement_units as pu')
      .innerJoin('learning_outcomes as o', 'o.unit_id', 'pu.unit_id')
      .select('o.id')
      .where('pu.placement_id', '=', id)
      .execute();
    expect(onPlacement.length).toBeGreaterThanOrEqual(3);
    expect(goals.outcomes.map((o: { id: string }) => o.id).sort()).toEqual(
      onPlacement.map((o) => o.id).sort(),
    );
    expect(goals.learners[0].goals).toHaveLength(3);
    expect(goals.learners[0].assessments).toHaveLength(3);
    const tickets = (await t.request('GET', '/api/help/tickets', { cookie: mentor })).json();
    expect(tickets.items).toEqual([
      expect.objectContaining({ status: 'answered', askerName: 'Jānis Liepiņš' }),
    ]);
  });

  it('the FAQ has entries for each audience in both languages, and a project forum an answered question', async () => {
    const coordinator = await t.signIn('koordinators@demo.tilts.lv', PASSWORD);
    for (const locale of ['lv', 'en']) {
      const items = (
        await t.request('GET', `/api/faq?locale=${locale}&pageSize=100`, { cookie: coordinator })
      ).json().items as { audience: string }[];
      expect(new Set(items.map((e) => e.audience))).toEqual(
        new Set(['learners', 'mentors', 'teachers', 'school']),
      );
    }
    const learner = await t.signIn('audzeknis@demo.tilts.lv', PASSWORD);
    const found = (await t.request('GET', '/api/faq?q=neapstiprina', { cookie: learner })).json();
    expect(found.items[0].question).toBe('Ko darīt, ja prakses vadītājs neapstiprina manu dienasgrāmatu?');
    const forums = (await t.request('GET', '/api/forum/projects', { cookie: learner })).json();
    expect(forums).toEqual([expect.objectContaining({ questions: 1, unanswered: 0 })]);
  });
});
