import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { strFromU8, unzipSync } from 'fflate';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, type RunningTilts, startE2eTilts, watchConsole } from './support/tilts.ts';

const PASSWORD = 'Tilts-demo-2026';
const ADMIN = 'admin@demo.tilts.lv';
const LEARNER = 'audzeknis@demo.tilts.lv';
const fixtures = join(import.meta.dirname, '../packages/server/test/fixtures/people');

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

async function newPage(options: { width?: number; height?: number } = {}): Promise<Page> {
  const context = await browser.newContext({
    viewport: { width: options.width ?? 1280, height: options.height ?? 800 },
    locale: 'lv-LV',
    acceptDownloads: true,
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

describe('people and personal data in a browser', () => {
  it('the admin imports learners from a Windows-1257 file: preview with problems, then confirmation', async () => {
    const page = await newPage();
    await signIn(page, ADMIN);
    await page.goto(`${tilts.url}/admin/users`);
    await page.getByRole('button', { name: 'Importēt audzēkņus' }).click();
    const dialog = page.getByRole('dialog', { name: 'Audzēkņu imports no CSV faila' });
    await dialog.getByLabel('CSV fails').setInputFiles(join(fixtures, 'learners-windows-1257.csv'));
    await dialog.getByRole('button', { name: 'Pārbaudīt failu' }).click();
    await dialog.getByText('windows-1257', { exact: false }).waitFor();
    await dialog.getByText('Personas koda kontrolcipars nesakrīt', { exact: false }).waitFor();
    // The preview shows the Latvian letters as written and no personal code in full.
    await dialog.getByText('Ēdelmane').first().waitFor();
    expect(await dialog.textContent()).not.toContain('140908-21230');
    await dialog.getByRole('button', { name: 'Apstiprināt importu (3)' }).click();
    await dialog.getByText('Gatavs. Pievienoti: 3', { exact: false }).waitFor();
    await dialog.getByRole('button', { name: 'Aizvērt' }).first().click();
    await page.getByLabel('Meklēt lietotājus').fill('Ēdelmane');
    await page.getByRole('cell', { name: 'una.edelmane@skola.example.lv' }).waitFor();
  });

  it('the admin sets how long personal data is kept', async () => {
    const page = await newPage();
    await signIn(page, ADMIN);
    await page.goto(`${tilts.url}/admin/school`);
    await page.getByRole('heading', { name: 'Personas datu glabāšana' }).waitFor();
    const years = page.getByLabel('Gadi pēc pēdējās prakses');
    await years.fill('7');
    await page
      .getByRole('region', { name: 'Personas datu glabāšana' })
      .getByRole('button', { name: 'Saglabāt' })
      .click();
    await page.getByText('Robeža: prakses, kas beidzās pirms', { exact: false }).waitFor();
    await expect
      .poll(
        async () =>
          (
            await tilts.tilts.deps.db
              .selectFrom('school_placement_settings')
              .select('retention_years')
              .executeTakeFirst()
          )?.retention_years,
      )
      .toBe(7);
  });

  it('the learner downloads their data on a phone', async () => {
    const page = await newPage({ width: 375, height: 740 });
    await signIn(page, LEARNER);
    await page.getByRole('heading', { name: 'Mani dati' }).waitFor();
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('link', { name: 'Lejupielādēt manus datus (zip)' }).click(),
    ]);
    const bytes = await readFile((await download.path())!);
    const zip = unzipSync(new Uint8Array(bytes));
    const data = JSON.parse(strFromU8(zip['tilts-data.json']!));
    expect(data.account.email).toBe(LEARNER);
    expect(data.profile).toMatchObject({ groupName: 'DT-22', nationalId: '323691-93794' });
    expect(Object.keys(zip).some((n) => n.startsWith('documents/agreements/'))).toBe(true);
  });
});
