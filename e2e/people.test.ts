import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { strFromU8, unzipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { useBrowser } from './support/browser.ts';

const ADMIN = 'admin@demo.tilts.lv';
const LEARNER = 'audzeknis@demo.tilts.lv';
const fixtures = join(import.meta.dirname, '../packages/server/test/fixtures/people');

const session = useBrowser();
const { newPage, signIn } = session;

describe('people and personal data in a browser', () => {
  it('the admin imports learners from a Windows-1257 file: preview with problems, then confirmation', async () => {
    const page = await newPage();
    await signIn(page, ADMIN);
    await page.goto(`${session.tilts.url}/admin/users`);
    await page.getByRole('button', { name: 'Importēt audzēkņus' }).click();
    const dialog = page.getByRole('dialog', { name: 'Audzēkņu imports no CSV faila' });
    await dialog.getByLabel('CSV fails').setInputFiles(join(fixtures, 'learners-windows-1257.csv'));
    await dialog.getByRole('button', { name: 'Pārbaudīt failu' }).click();
    await dialog.getByText(/\(Windows-1257\)/).waitFor();
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
    await page.goto(`${session.tilts.url}/admin/school`);
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
            await session.tilts.tilts.deps.db
              .selectFrom('school_placement_settings')
              .select('retention_years')
              .executeTakeFirst()
          )?.retention_years,
      )
      .toBe(7);
  });

  it('the learner downloads their data on a phone', async () => {
    const page = await newPage({ width: 375, height: 740, acceptDownloads: true });
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
