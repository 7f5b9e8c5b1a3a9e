import { addDays } from '@tilts/shared';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, type RunningTilts, startE2eTilts, watchConsole } from './support/tilts.ts';

let tilts: RunningTilts;
let browser: Browser;
const contexts: BrowserContext[] = [];
let consoleErrors: string[] = [];

beforeAll(async () => {
  tilts = await startE2eTilts();
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
  await tilts?.close();
});
afterEach(async () => {
  for (const context of contexts.splice(0)) await context.close();
  const errors = consoleErrors.filter((e) => !/status of 400/.test(e));
  consoleErrors = [];
  expect(errors, 'errors in the browser console').toEqual([]);
});

async function coordinatorPage(): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'lv-LV' });
  contexts.push(context);
  const page = await context.newPage();
  page.setDefaultTimeout(15_000);
  watchConsole(page, consoleErrors);
  await page.goto(`${tilts.url}/sign-in`);
  await page.getByLabel('E-pasts').fill('koordinators@demo.tilts.lv');
  await page.getByLabel('Parole').fill('Tilts-demo-2026');
  await page.getByRole('button', { name: 'Pierakstīties' }).click();
  await page.getByRole('heading', { name: 'Sveicināti, Māris!' }).waitFor();
  return page;
}

/** The input a label names (a picker's label also names its list of options). */
const field = (page: Page, label: string) => page.locator('input, textarea').and(page.getByLabel(label));

const lv = (iso: string) => `${iso.slice(8, 10)}.${iso.slice(5, 7)}.${iso.slice(0, 4)}`;

/** Types a date the way a Latvian user writes it and leaves the field. */
async function typeDate(page: Page, label: string, iso: string) {
  const input = field(page, label);
  await input.fill(lv(iso));
  await input.press('Tab');
}

describe('placements in a browser', () => {
  it('refuses a 9-day short-term mobility with the rule and its range, then creates a 14-day one', async () => {
    const page = await coordinatorPage();
    await page.getByRole('link', { name: 'Prakses un mobilitātes' }).click();
    await page.getByRole('link', { name: 'Jauna prakse vai mobilitāte' }).click();
    await page.getByRole('heading', { name: 'Jauna prakse vai mobilitāte' }).waitFor();

    await page.getByText('Erasmus+ mobilitāte', { exact: true }).click();
    await page.getByLabel('Erasmus+ aktivitāte').selectOption({ label: 'Īstermiņa audzēkņu mobilitāte' });
    const project = page.getByLabel('Erasmus+ projekts');
    await project.selectOption({ index: 1 });

    await field(page, 'Uzņēmējorganizācija').fill('Müller');
    await page.getByRole('option', { name: /Müller Maschinenbau GmbH/ }).click();
    await expect.poll(() => field(page, 'Pilsēta').inputValue()).toBe('Dresden');

    const start = addDays(new Date().toISOString().slice(0, 10), 60);
    await typeDate(page, 'Pirmā diena (bez ceļa dienām)', start);
    await typeDate(page, 'Pēdējā diena (bez ceļa dienām)', addDays(start, 8));
    await page.getByText('Ilgums: 9 dienas').waitFor();

    await field(page, 'Audzēkņi').fill('Kārlis');
    await page.getByRole('option', { name: /Kārlis Ozols/ }).click();
    await page.keyboard.press('Escape');

    await page.getByRole('button', { name: 'Saglabāt' }).click();
    await page
      .getByText('Īstermiņa audzēkņu mobilitāte: 10–89 dienas, ceļa dienas neskaitot (norādītas 9).')
      .waitFor();
    // Nothing typed is lost: the learner and the host are still there.
    expect(await field(page, 'Pilsēta').inputValue()).toBe('Dresden');
    await page.getByText('Kārlis Ozols').first().waitFor();

    await typeDate(page, 'Pēdējā diena (bez ceļa dienām)', addDays(start, 13));
    await page.getByText('Ilgums: 14 dienas').waitFor();
    await page.getByRole('button', { name: 'Saglabāt' }).click();

    await page.getByRole('heading', { name: 'Kārlis Ozols — Müller Maschinenbau GmbH' }).waitFor();
    await page.getByText('Pirms sākuma vēl trūkst').waitFor();
    expect(new URL(page.url()).pathname).toMatch(/^\/placements\/[0-9a-f-]{36}$/);
    const stored = await tilts.tilts.deps.db
      .selectFrom('placements')
      .select(['start_date', 'end_date', 'activity_type'])
      .where('title', '=', 'Kārlis Ozols — Müller Maschinenbau GmbH')
      .execute();
    expect(stored).toEqual([
      { start_date: start, end_date: addDays(start, 13), activity_type: 'short_term_learner' },
    ]);
  });
});
