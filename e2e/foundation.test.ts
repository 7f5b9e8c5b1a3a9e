import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, type RunningTilts, startE2eTilts, watchConsole } from './support/tilts.ts';

const COORDINATOR = 'koordinators@demo.tilts.lv';
const PASSWORD = 'Tilts-demo-2026';
const SCHOOL = 'Rīgas Tehniskā koledža (demo)';

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

/** A fresh browser profile (no cookies, no stored language), as a different person's browser. */
async function newPage(options: { width?: number; height?: number } = {}): Promise<Page> {
  const context = await browser.newContext({
    viewport: { width: options.width ?? 1280, height: options.height ?? 800 },
    locale: 'lv-LV',
  });
  contexts.push(context);
  const page = await context.newPage();
  page.setDefaultTimeout(15_000);
  watchConsole(page, consoleErrors);
  return page;
}

async function signIn(page: Page, email: string, password: string) {
  await page.goto(`${tilts.url}/sign-in`);
  await page.getByLabel('E-pasts').fill(email);
  await page.getByLabel('Parole').fill(password);
  await page.getByRole('button', { name: 'Pierakstīties' }).click();
}

/** True when nothing on the page is wider than the window (no sideways scrolling on a phone). */
function fitsWidth(page: Page): Promise<{ page: number; window: number }> {
  // A string, because these tests type-check without the DOM library.
  return page.evaluate('({ page: document.documentElement.scrollWidth, window: window.innerWidth })');
}

describe('the foundation in a browser', () => {
  it('a coordinator signs in in Latvian, switches to English, keeps it, and invites a teacher who lands signed in', async () => {
    const page = await newPage();
    await page.goto(tilts.url);
    // Signed out, the app sends the visitor to sign in, in Latvian.
    await page.getByRole('heading', { name: 'Pierakstīties' }).waitFor();
    expect(new URL(page.url()).pathname).toBe('/sign-in');
    expect(await page.locator('html').getAttribute('lang')).toBe('lv');
    await page.getByText('Aizmirsāt paroli?').waitFor();

    await signIn(page, COORDINATOR, PASSWORD);
    await page.getByRole('heading', { name: 'Sveicināti, Māris!' }).waitFor();
    await page.getByText(`Koordinators, ${SCHOOL}`).waitFor();
    await page.getByRole('link', { name: 'Lietotāji' }).waitFor();

    await page.getByRole('button', { name: 'EN' }).click();
    await page.getByRole('heading', { name: 'Welcome, Māris!' }).waitFor();
    await page.getByText(`Coordinator at ${SCHOOL}`).waitFor();
    expect(await page.locator('html').getAttribute('lang')).toBe('en');

    await page.reload();
    await page.getByRole('heading', { name: 'Welcome, Māris!' }).waitFor();
    // Kept in the profile too, not only in this browser: without the browser's copy it is still English.
    await page.evaluate('window.localStorage.clear()');
    await page.reload();
    await page.getByRole('heading', { name: 'Welcome, Māris!' }).waitFor();
    expect(await page.getByRole('button', { name: 'EN' }).getAttribute('aria-pressed')).toBe('true');

    await page.getByRole('link', { name: 'Users' }).click();
    await page.getByRole('heading', { name: 'Users' }).waitFor();
    await page.getByRole('button', { name: 'Invite user' }).click();
    const dialog = page.getByRole('dialog', { name: 'Invite a user' });
    await dialog.getByLabel('E-mail').fill('Jauna.Skolotaja@demo.tilts.lv');
    // A coordinator is offered only the roles they may invite.
    const offered = await dialog.getByLabel('Role').locator('option').allTextContents();
    expect(offered).toEqual(['Teacher', 'Learner', 'Workplace supervisor']);
    await dialog.getByLabel('Role').selectOption({ label: 'Teacher' });
    await dialog.getByRole('button', { name: 'Send the invitation' }).click();
    await page.getByText('Invitation sent to jauna.skolotaja@demo.tilts.lv.').waitFor();

    await page.getByRole('link', { name: 'Outbox' }).click();
    const mail = page.getByRole('article', { name: `Invitation to join Tilts: ${SCHOOL}` });
    await mail.waitFor();
    await mail.getByText('jauna.skolotaja@demo.tilts.lv').waitFor();
    const href = await mail.getByRole('link').first().getAttribute('href');
    expect(href).toMatch(new RegExp(`^${tilts.url}/invitation\\?token=`));

    // The teacher opens the link in their own browser.
    const teacher = await newPage();
    await teacher.goto(href!);
    await teacher.getByRole('heading', { name: 'Uzaicinājums' }).waitFor();
    await teacher.getByText('jauna.skolotaja@demo.tilts.lv').waitFor();
    await teacher.getByRole('textbox', { name: 'Vārds', exact: true }).fill('Līva');
    await teacher.getByLabel('Uzvārds').fill('Ņikitina');
    await teacher.getByLabel('Parole (nav obligāta)').fill('Skolotajas-Parole-1');
    await teacher.getByLabel('Parole vēlreiz').fill('Skolotajas-Parole-1');
    await teacher.getByRole('button', { name: 'Pieņemt uzaicinājumu' }).click();

    await teacher.getByRole('heading', { name: 'Sveicināti, Līva!' }).waitFor();
    await teacher.getByText(`Pedagogs, ${SCHOOL}`).waitFor();
    expect(new URL(teacher.url()).pathname).toBe('/');
    // A teacher's menu has partners but no administration.
    await teacher.getByRole('link', { name: 'Partnerorganizācijas' }).first().waitFor();
    expect(await teacher.getByRole('link', { name: 'Lietotāji' }).count()).toBe(0);
    const me = await teacher.evaluate("fetch('/api/auth/me').then((r) => r.json())");
    expect(me).toMatchObject({ email: 'jauna.skolotaja@demo.tilts.lv', school: { role: 'teacher' } });

    // The password set there is the one that works from now on.
    const again = await newPage();
    await signIn(again, 'jauna.skolotaja@demo.tilts.lv', 'Skolotajas-Parole-1');
    await again.getByRole('heading', { name: 'Sveicināti, Līva!' }).waitFor();
  });

  it('fits a phone screen (390×844) without sideways scrolling, signed out and signed in', async () => {
    const page = await newPage({ width: 390, height: 844 });
    await page.goto(`${tilts.url}/sign-in`);
    await page.getByRole('heading', { name: 'Pierakstīties' }).waitFor();
    const signInPage = await fitsWidth(page);
    expect(signInPage.window).toBe(390);
    expect(signInPage.page).toBeLessThanOrEqual(signInPage.window);
    const button = await page.getByRole('button', { name: 'Pierakstīties' }).boundingBox();
    expect(button!.x).toBeGreaterThanOrEqual(0);
    expect(button!.x + button!.width).toBeLessThanOrEqual(390);

    await signIn(page, 'admin@demo.tilts.lv', PASSWORD);
    await page.getByRole('heading', { name: 'Sveicināti, Inese!' }).waitFor();
    const home = await fitsWidth(page);
    expect(home.page).toBeLessThanOrEqual(home.window);
    // The menu hides behind a button on a phone, and opens.
    await page.getByRole('button', { name: 'Atvērt izvēlni' }).click();
    await page.getByRole('link', { name: 'Lietotāji' }).waitFor();
  });
});
