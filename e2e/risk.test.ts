import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { rigaToday } from '../packages/server/src/features/mous/mous.repository.ts';
import { launchChromium, type RunningTilts, startE2eTilts, watchConsole } from './support/tilts.ts';

const PASSWORD = 'Tilts-demo-2026';
const LEARNER = 'audzeknis@demo.tilts.lv';
const MENTOR = 'pedagogs@demo.tilts.lv';

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

/** A phone-sized page, as a mentor on the move would have. */
async function newPage(): Promise<Page> {
  const context = await browser.newContext({
    viewport: { width: 390, height: 844 },
    isMobile: true,
    hasTouch: true,
    locale: 'lv-LV',
  });
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

/** The demo learner's internship in progress, with an empty diary: the state the test starts from. */
async function demoInternship() {
  const db = tilts.tilts.deps.db;
  const row = await db
    .selectFrom('placements as p')
    .innerJoin('placement_participants as pp', 'pp.placement_id', 'p.id')
    .innerJoin('users as u', 'u.id', 'pp.user_id')
    .select(['p.id'])
    .where('u.email', '=', LEARNER)
    .where('p.status', '=', 'in_progress')
    .executeTakeFirstOrThrow();
  await db.deleteFrom('diary_entries').where('placement_id', '=', row.id).execute();
  return row;
}

const row = (page: Page) =>
  page.getByRole('row').filter({ has: page.getByText('Jānis Liepiņš', { exact: true }) });

describe('learners at risk in a browser', () => {
  it('the mentor sees a learner red for no diary entry; the learner writes one; the reason is gone on reload', async () => {
    const internship = await demoInternship();
    const mentor = await newPage();
    await signIn(mentor, MENTOR);
    // the home page says how many need attention
    await mentor.getByRole('heading', { name: 'Audzēkņi, kam jāpievērš uzmanība' }).waitFor();
    await mentor.getByText(/Audzēkņi, kam jāpievērš uzmanība: \d+/).waitFor();
    await mentor.getByRole('link', { name: 'Visi riska audzēkņi' }).click();
    await mentor.getByRole('heading', { name: 'Riska audzēkņi' }).waitFor();
    await row(mentor).getByText('Sarkans').waitFor();
    await row(mentor)
      .getByText(/dienasgrāmatā vēl nav neviena ieraksta/i)
      .waitFor();

    // the learner writes today's entry through the diary's API, as their phone would
    const login = await fetch(`${tilts.url}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: tilts.url },
      body: JSON.stringify({ email: LEARNER, password: PASSWORD }),
    });
    expect(login.status).toBe(200);
    const cookie = String(login.headers.get('set-cookie')).split(';')[0]!;
    const written = await fetch(`${tilts.url}/api/placements/${internship.id}/diary`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: tilts.url, cookie },
      body: JSON.stringify({
        entryDate: rigaToday(new Date()),
        hours: 8,
        workDone: 'Ierīkoju biroja tīklu.',
      }),
    });
    expect(written.status).toBe(200);

    await mentor.reload();
    await row(mentor).waitFor();
    await expect
      .poll(async () => (await row(mentor).getByTestId('risk-reasons').textContent()) ?? '')
      .not.toMatch(/dienasgrāmat/i);

    // the click through opens the learner's placement
    await row(mentor).getByRole('link', { name: 'Jānis Liepiņš' }).click();
    await mentor.waitForURL(`**/placements/${internship.id}`);
  });

  it('the mentor views as the learner, read only, with the banner, and exits', async () => {
    const mentor = await newPage();
    await signIn(mentor, MENTOR);
    await mentor.goto(`${tilts.url}/at-risk`);
    await row(mentor).getByRole('button', { name: 'Skatīt kā Jānis Liepiņš' }).click();
    const banner = mentor.getByTestId('view-as-banner');
    await banner.getByText('Skatāties kā Jānis Liepiņš — tikai lasīšanai').waitFor();
    // exactly the learner's home page: their own progress, not the mentor's panels
    await mentor.getByRole('heading', { name: 'Sveicināti, Jānis!' }).waitFor();
    await mentor.getByRole('heading', { name: 'Mana virzība' }).waitFor();
    await expect(
      mentor.getByRole('heading', { name: 'Audzēkņi, kam jāpievērš uzmanība' }).count(),
    ).resolves.toBe(0);
    // the same after a reload: the view belongs to the session
    await mentor.reload();
    await banner.waitFor();
    await banner.getByRole('button', { name: 'Iziet' }).click();
    await mentor.getByRole('heading', { name: 'Riska audzēkņi' }).waitFor();
    await expect(banner.count()).resolves.toBe(0);

    const audit = await tilts.tilts.deps.db
      .selectFrom('audit_log')
      .select('action')
      .where('action', 'like', 'view_as.%')
      .orderBy('id')
      .execute();
    expect(audit.map((a) => a.action)).toEqual(['view_as.started', 'view_as.stopped']);
  });

  it('a coordinator changes a threshold: a red below amber is refused with what was typed kept, then saved', async () => {
    const page = await newPage();
    await signIn(page, 'koordinators@demo.tilts.lv');
    await page.goto(`${tilts.url}/admin/risk-thresholds`);
    await page.getByRole('heading', { name: 'Riska sliekšņi' }).waitFor();
    const diary = page.getByRole('group', { name: 'Dienas bez dienasgrāmatas ieraksta' });
    await diary.getByText('noklusējums: 8').waitFor();
    await diary.getByLabel('Sarkans no').fill('3');
    await page.getByRole('button', { name: 'Saglabāt sliekšņus' }).click();
    await diary.getByText('Sarkanajam slieksnim jābūt ne mazākam par dzelteno.').waitFor();
    await expect(diary.getByLabel('Sarkans no').inputValue()).resolves.toBe('3');
    await diary.getByLabel('Sarkans no').fill('12');
    await page.getByRole('button', { name: 'Saglabāt sliekšņus' }).click();
    await page.getByText('Sliekšņi saglabāti.').waitFor();
    const saved = await tilts.tilts.deps.db
      .selectFrom('school_placement_settings')
      .select('risk_thresholds')
      .executeTakeFirstOrThrow();
    expect(saved.risk_thresholds.diaryDays).toEqual({ amber: 5, red: 12 });
  });
});
