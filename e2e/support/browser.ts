import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, expect } from 'vitest';
import { launchChromium, type RunningTilts, startE2eTilts, watchConsole } from './tilts.ts';

/** The demo accounts' password. */
export const DEMO_PASSWORD = 'Tilts-demo-2026';

/**
 * One Tilts on a fresh embedded database with the demo school and one Chromium for a test file, a
 * fresh browser context per page, and a test fails on any error in the browser console.
 */
export function useBrowser() {
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

  return {
    get tilts(): RunningTilts {
      return tilts;
    },
    /** A page in a new context, desktop-sized unless told, in Latvian. */
    async newPage(
      options: { width?: number; height?: number; acceptDownloads?: boolean } = {},
    ): Promise<Page> {
      const context = await browser.newContext({
        viewport: { width: options.width ?? 1280, height: options.height ?? 800 },
        locale: 'lv-LV',
        acceptDownloads: options.acceptDownloads ?? false,
      });
      contexts.push(context);
      const page = await context.newPage();
      page.setDefaultTimeout(15_000);
      watchConsole(page, consoleErrors);
      return page;
    },
    /** Takes one expected error out of the console's (a refusal the test provoked); false if none matched. */
    takeConsoleError(pattern: RegExp): boolean {
      const i = consoleErrors.findIndex((e) => pattern.test(e));
      if (i >= 0) consoleErrors.splice(i, 1);
      return i >= 0;
    },
    /** Signs in through the form and waits for the home page. */
    async signIn(page: Page, email: string, password = DEMO_PASSWORD) {
      await page.goto(`${tilts.url}/sign-in`);
      await page.getByLabel('E-pasts').fill(email);
      await page.getByLabel('Parole').fill(password);
      await page.getByRole('button', { name: 'Pierakstīties' }).click();
      await page.getByRole('heading', { name: /^Sveicināti/ }).waitFor();
    },
  };
}
