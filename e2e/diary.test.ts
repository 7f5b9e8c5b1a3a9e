import { formatIsoDate, weekStart } from '@tilts/shared';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, type RunningTilts, startE2eTilts, watchConsole } from './support/tilts.ts';

const PASSWORD = 'Tilts-demo-2026';
const LEARNER = 'audzeknis@demo.tilts.lv';
const ADMIN = 'admin@demo.tilts.lv';
const SUPERVISOR = 'prakses.vaditajs@demo.tilts.lv';
const phone = { width: 390, height: 844 };

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
  const errors = consoleErrors;
  consoleErrors = [];
  expect(errors, 'errors in the browser console').toEqual([]);
});

async function newPage(viewport = { width: 1280, height: 800 }): Promise<Page> {
  const context = await browser.newContext({ viewport, locale: 'lv-LV', timezoneId: 'Europe/Riga' });
  contexts.push(context);
  const page = await context.newPage();
  page.setDefaultTimeout(15_000);
  watchConsole(page, consoleErrors);
  return page;
}

async function signIn(page: Page, email: string) {
  await page.goto(`${tilts.url}/sign-in`);
  await page.getByLabel('E-pasts').fill(email);
  await page.getByLabel('Parole').fill(PASSWORD);
  await page.getByRole('button', { name: 'Pierakstīties' }).click();
  await page.getByRole('heading', { name: /^Sveicināti/ }).waitFor();
}

/** The demo learner's internship in progress. */
async function demoPlacementId(): Promise<string> {
  const row = await tilts.tilts.deps.db
    .selectFrom('placements as p')
    .innerJoin('placement_participants as pp', 'pp.placement_id', 'p.id')
    .innerJoin('users as u', 'u.id', 'pp.user_id')
    .select('p.id')
    .where('u.email', '=', LEARNER)
    .where('p.status', '=', 'in_progress')
    .executeTakeFirstOrThrow();
  return row.id;
}

const rigaToday = () =>
  new Intl.DateTimeFormat('en-CA', {
    timeZone: 'Europe/Riga',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  }).format(new Date());

async function fitsWidth(page: Page) {
  const width = (await page.evaluate(
    '({ page: document.documentElement.scrollWidth, window: window.innerWidth })',
  )) as { page: number; window: number };
  expect(width.page).toBeLessThanOrEqual(width.window);
}

describe('the diary on a phone', () => {
  it('the learner writes an entry (the draft survives a reload), the supervisor confirms the week from the outbox link, the learner sees it confirmed', async () => {
    const id = await demoPlacementId();
    const today = rigaToday();
    const todayLv = formatIsoDate(today, 'lv');

    const learner = await newPage(phone);
    await signIn(learner, LEARNER);
    // The home page shows hours against the plan, with the way to the diary.
    await learner.getByRole('heading', { name: 'Mana dienasgrāmata' }).waitFor();
    await learner.locator(`a[href="/placements/${id}?tab=diary"]`).click();
    await learner.getByRole('tab', { name: 'Dienasgrāmata', selected: true }).waitFor();
    await learner
      .getByTestId('diary-hours')
      .first()
      .getByText(/no plānotajām/)
      .waitFor();

    const form = learner.getByRole('form', { name: 'Jauns ieraksts' });
    await form.getByLabel('Stundas').fill('7,5');
    await form.getByLabel('Ko darīju').fill('Ierīkoju Wi-Fi piekļuves punktus otrajā stāvā.');
    await form
      .getByLabel('Ko iemācījos, kas bija grūti')
      .fill('Kanālu izvēle, lai tīkli netraucētu viens otram.');
    // The connection drops, the tab closes: the unsent entry is still on the device.
    await learner.waitForTimeout(300);
    await learner.reload();
    await learner.getByText('Jūsu nenosūtītais ieraksts atjaunots no šīs ierīces.').waitFor();
    expect(await form.getByLabel('Ko darīju').inputValue()).toBe(
      'Ierīkoju Wi-Fi piekļuves punktus otrajā stāvā.',
    );
    expect(await form.getByLabel('Datums').inputValue()).toBe(today);
    await form.getByRole('button', { name: 'Saglabāt ierakstu' }).click();
    await learner.getByText('Ieraksts saglabāts.').waitFor();
    const mine = learner.getByTestId('diary-entry').filter({ hasText: 'Ierīkoju Wi-Fi piekļuves punktus' });
    await mine.getByText('Gaida apstiprinājumu').waitFor();
    await mine.getByText(todayLv).waitFor();
    expect(await form.getByLabel('Ko darīju').inputValue()).toBe('');
    await fitsWidth(learner);

    await learner.getByRole('button', { name: 'Sūtīt prakses vadītājam apstiprināšanai' }).click();
    await learner.getByText(/Nosūtīts: prakses vadītājam lūgts apstiprināt/).waitFor();

    // The admin reads the outbox (no SMTP in the demo): the supervisor's e-mail with the link.
    const admin = await newPage();
    await signIn(admin, ADMIN);
    await admin.getByRole('navigation').getByRole('link', { name: 'E-pasta izsūtne' }).click();
    const mail = admin.getByRole('article').filter({ hasText: 'apstipriniet prakses dienasgrāmatu' }).first();
    await mail.waitFor();
    await mail.getByText(SUPERVISOR).waitFor();
    const href = await mail.getByRole('link').first().getAttribute('href');
    expect(href).toMatch(new RegExp(`^${tilts.url}/diary-review\\?token=`));

    // The supervisor opens it on their phone: no account, a card per entry, the week at once.
    const supervisor = await newPage(phone);
    await supervisor.goto(href!);
    await supervisor.getByRole('heading', { name: 'Dienasgrāmatas apstiprināšana' }).waitFor();
    const week = supervisor.getByRole('region', {
      name: `Nedēļa no ${formatIsoDate(weekStart(today), 'lv')}`,
    });
    await week.getByTestId('review-entry').filter({ hasText: 'Ierīkoju Wi-Fi piekļuves punktus' }).waitFor();
    await fitsWidth(supervisor);
    await week.getByRole('button', { name: 'Apstiprināt visu šo nedēļu' }).click();
    await supervisor
      .getByTestId('review-notice')
      .getByText(/^Apstiprināt(s|i) \d+ ieraks/)
      .waitFor();
    await supervisor
      .getByTestId('confirmed-entry')
      .filter({ hasText: todayLv })
      .getByText('Apstiprināts')
      .waitFor();

    // The learner sees it confirmed and locked.
    await learner.reload();
    const confirmed = learner
      .getByTestId('diary-entry')
      .filter({ hasText: 'Ierīkoju Wi-Fi piekļuves punktus' });
    await confirmed.getByText('Apstiprināts', { exact: true }).waitFor();
    expect(await confirmed.getByRole('button', { name: 'Labot' }).count()).toBe(0);
    // The saved entry left no draft behind.
    expect(await learner.getByText('Jūsu nenosūtītais ieraksts atjaunots no šīs ierīces.').count()).toBe(0);
    await confirmed.getByText('Ģirts Šņore', { exact: false }).waitFor();
  });
});
