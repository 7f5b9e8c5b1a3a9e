import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { rigaToday } from '../packages/server/src/features/mous/mous.repository.ts';
import { addDays } from '../packages/shared/src/placements.ts';
import { launchChromium, type RunningTilts, startE2eTilts, watchConsole } from './support/tilts.ts';

let running: RunningTilts;
let browser: Browser;

beforeAll(async () => {
  running = await startE2eTilts();
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
  await running?.close();
});

/** The link in the newest e-mail to an address, as the partner would click it. */
async function linkFromOutbox(to: string): Promise<string> {
  const message = await running.tilts.deps.db
    .selectFrom('mail_messages')
    .select('text_body')
    .where('to_address', '=', to)
    .orderBy('created_at', 'desc')
    .executeTakeFirstOrThrow();
  return message.text_body.match(/https?:\/\/\S+/)![0];
}

it('a coordinator registers a partner, drafts an MoU, the partner signs through the e-mailed link', async () => {
  const db = running.tilts.deps.db;
  const school = await db
    .selectFrom('schools')
    .select('id')
    .where('slug', '=', 'demo')
    .executeTakeFirstOrThrow();
  // The partner register's own screens arrive on another branch; until then the partner is
  // registered the way they will store it.
  const partner = await db
    .insertInto('partners')
    .values({
      school_id: school.id,
      kind: 'company',
      legal_name: 'SIA „Ūdens Ķēde”',
      registration_number: '40003999999',
      country: 'LV',
      city: 'Jelgava',
      legal_address: 'Lielā iela 1, Jelgava',
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  await db
    .insertInto('partner_contacts')
    .values({
      school_id: school.id,
      partner_id: partner.id,
      name: 'Ērika Šņepste',
      position: 'valdes priekšsēdētāja',
      email: 'erika@udens-kede.example',
      is_primary: true,
    })
    .execute();

  const errors: string[] = [];
  const coordinator = await browser.newPage({ locale: 'lv-LV' });
  watchConsole(coordinator, errors);
  await coordinator.goto(`${running.url}/sign-in`);
  await coordinator.getByLabel('E-pasts').fill('koordinators@demo.tilts.lv');
  await coordinator.getByLabel('Parole').fill('Tilts-demo-2026');
  await coordinator.getByRole('button', { name: 'Pierakstīties' }).click();

  // The home page shows the demo memorandum that ends within 60 days.
  const panel = coordinator.getByRole('region', { name: 'Memorandi, kas beidzas 60 dienu laikā' });
  await expect.poll(() => panel.textContent()).toContain('Tallinna Tööstushariduskeskus');

  await coordinator.getByRole('link', { name: 'Saprašanās memorandi' }).first().click();
  await coordinator.getByRole('link', { name: 'Jauns memorands' }).click();
  await coordinator.getByLabel(/^Nosaukums/).fill('Sadarbība ūdenssaimniecības praksēs');
  await coordinator.getByLabel('Mērķi').fill('Audzēkņu prakses ar atzītiem mācīšanās rezultātiem.');
  await coordinator.getByLabel('Pievienot partneri').selectOption({ label: 'SIA „Ūdens Ķēde” (LV)' });
  await coordinator.getByRole('button', { name: 'Pievienot', exact: true }).click();
  await expect
    .poll(() => coordinator.getByLabel('Parakstītāja e-pasts').last().inputValue())
    .toBe('erika@udens-kede.example');
  await coordinator.getByLabel(/^Novērtēšana/).fill('Novērtē prakses vadītājs uzņēmumā.');
  const today = rigaToday(new Date());
  await coordinator.getByLabel('Spēkā no').fill(today);
  await coordinator.getByLabel('Spēkā līdz').fill(addDays(today, 730));
  await coordinator.getByRole('button', { name: 'Saglabāt melnrakstu' }).click();

  await coordinator.getByRole('heading', { name: 'Sadarbība ūdenssaimniecības praksēs' }).waitFor();
  await coordinator.getByRole('button', { name: 'Nosūtīt parakstīšanai' }).click();
  await coordinator.getByRole('dialog').getByRole('button', { name: 'Nosūtīt parakstīšanai' }).click();
  await coordinator.getByText('Gaida parakstus').first().waitFor();

  await coordinator.getByRole('button', { name: 'Parakstīt skolas vārdā' }).click();
  const dialog = coordinator.getByRole('dialog');
  await dialog.getByLabel(/Memoranda saturs man ir zināms/).check();
  await dialog.getByRole('button', { name: 'Parakstīt' }).click();
  await coordinator.getByText('Parakstīja Māris Kalniņš').waitFor();

  // The partner opens the e-mailed link in a browser with no session.
  const link = await linkFromOutbox('erika@udens-kede.example');
  expect(new URL(link).pathname).toBe('/mou-sign');
  const partnerContext = await browser.newContext({ locale: 'lv-LV' });
  const partnerPage = await partnerContext.newPage();
  watchConsole(partnerPage, errors);
  await partnerPage.goto(link);
  await partnerPage.getByRole('heading', { name: 'Sadarbība ūdenssaimniecības praksēs' }).waitFor();
  expect(await partnerPage.getByLabel('Jūsu vārds, uzvārds').inputValue()).toBe('Ērika Šņepste');
  await partnerPage.getByRole('button', { name: 'Parakstīt' }).click();
  // Without the consent box the signature is refused, and says why.
  await partnerPage.getByText('Lai parakstītu, atzīmējiet').waitFor();
  await partnerPage.getByLabel(/Memoranda saturs man ir zināms/).check();
  await partnerPage.getByRole('button', { name: 'Parakstīt' }).click();
  await partnerPage.getByText('memorands ir stājies spēkā').waitFor();
  await partnerContext.close();

  await coordinator.reload();
  await coordinator.getByText('Spēkā', { exact: true }).first().waitFor();
  await coordinator.getByText('Parakstīja Ērika Šņepste, valdes priekšsēdētāja').waitFor();
  const mou = await db
    .selectFrom('mous')
    .select(['status', 'content_hash'])
    .where('title', '=', 'Sadarbība ūdenssaimniecības praksēs')
    .executeTakeFirstOrThrow();
  expect(mou.status).toBe('active');
  expect(errors).toEqual([]);
  await coordinator.close();
});

it('a stale save of a draft is refused and the form keeps what was typed', async () => {
  const db = running.tilts.deps.db;
  const draft = await db
    .selectFrom('mous')
    .select(['id'])
    .where('title', '=', 'Prakses vietas mašīnbūvē Drēzdenē')
    .executeTakeFirstOrThrow();
  const errors: string[] = [];
  const page = await browser.newPage({ locale: 'lv-LV', viewport: { width: 390, height: 844 } });
  watchConsole(page, errors);
  await page.goto(`${running.url}/sign-in`);
  await page.getByLabel('E-pasts').fill('koordinators@demo.tilts.lv');
  await page.getByLabel('Parole').fill('Tilts-demo-2026');
  await page.getByRole('button', { name: 'Pierakstīties' }).click();
  await page.getByRole('heading', { name: /Sveicināti/ }).waitFor();
  await page.goto(`${running.url}/mous/${draft.id}/edit`);
  const objectives = page.getByLabel(/^Mērķi/);
  await objectives.fill('Mans jaunais mērķu teksts ar garumzīmēm: ā č ē ģ ī ķ ļ ņ š ū ž.');
  // Someone else saves the same draft meanwhile.
  await db
    .updateTable('mous')
    .set((eb) => ({ lock_version: eb('lock_version', '+', 1) }))
    .where('id', '=', draft.id)
    .execute();
  await page.getByRole('button', { name: 'Saglabāt melnrakstu' }).click();
  await page.getByText(/Kamēr rediģējāt, kāds cits šos datus jau mainīja/).waitFor();
  expect(await objectives.inputValue()).toBe(
    'Mans jaunais mērķu teksts ar garumzīmēm: ā č ē ģ ī ķ ļ ņ š ū ž.',
  );
  expect(new URL(page.url()).pathname).toBe(`/mous/${draft.id}/edit`);
  // The refusal is a 409 the browser logs; nothing else may go wrong.
  expect(errors.filter((e) => !/status of 409/.test(e))).toEqual([]);
  await page.close();
});
