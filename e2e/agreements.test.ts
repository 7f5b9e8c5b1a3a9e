import { addDays } from '@tilts/shared';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { insertPlacement } from '../packages/server/src/demo/placements.ts';
import { launchChromium, type RunningTilts, startE2eTilts, watchConsole } from './support/tilts.ts';

const COORDINATOR = 'koordinators@demo.tilts.lv';
const LEARNER = 'audzeknis@demo.tilts.lv';
const PASSWORD = 'Tilts-demo-2026';
const SUPERVISOR = 'e2e.vaditaja@example.lv';
const SHOTS = process.env.TILTS_E2E_SHOTS;

let tilts: RunningTilts;
let browser: Browser;
const contexts: BrowserContext[] = [];
let consoleErrors: string[] = [];
let placementId: string;

beforeAll(async () => {
  tilts = await startE2eTilts();
  browser = await launchChromium();
  // A new internship of the demo learner, with the demo catalogue's units, not yet started.
  const db = tilts.tilts.deps.db;
  const school = await db
    .selectFrom('schools')
    .select('id')
    .where('slug', '=', 'demo')
    .executeTakeFirstOrThrow();
  const user = (email: string) =>
    db.selectFrom('users').select(['id']).where('email', '=', email).executeTakeFirstOrThrow();
  const learner = await user(LEARNER);
  const teacher = await user('pedagogs@demo.tilts.lv');
  const host = await db
    .selectFrom('partners')
    .select(['id', 'city'])
    .where('school_id', '=', school.id)
    .where('legal_name', 'like', '%Būvmeistars%')
    .executeTakeFirstOrThrow();
  const units = await db
    .selectFrom('units')
    .select('id')
    .where('school_id', '=', school.id)
    .orderBy('code')
    .execute();
  const today = new Date().toISOString().slice(0, 10);
  placementId = await insertPlacement(
    db,
    school.id,
    {
      kind: 'internship',
      title: 'Jānis Liepiņš — vasaras prakse',
      host_partner_id: host.id,
      destination_country: 'LV',
      destination_city: host.city,
      supervisor_name: 'Dace Ābele',
      supervisor_position: 'Tīkla administratore',
      supervisor_email: SUPERVISOR,
      mentor_id: teacher.id,
      start_date: addDays(today, 60),
      end_date: addDays(today, 100),
      insurance: 'Nav obligāta (MK noteikumi Nr. 481)',
      status: 'planned',
    },
    [{ userId: learner.id, role: 'learner', name: 'Jānis Liepiņš' }],
  );
  await db
    .insertInto('placement_units')
    .values(
      units.map((u, position) => ({
        school_id: school.id,
        placement_id: placementId,
        unit_id: u.id,
        position,
      })),
    )
    .execute();
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

async function newPage(): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'lv-LV' });
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
  await page.getByRole('heading', { name: /Sveicināti/ }).waitFor();
}

async function shot(page: Page, name: string) {
  if (SHOTS) await page.screenshot({ path: `${SHOTS}/${name}.png`, fullPage: true });
}

/** The newest signing link e-mailed to an address, as the outbox holds it. */
async function signingLink(to: string): Promise<string> {
  const m = await tilts.tilts.deps.db
    .selectFrom('mail_messages')
    .select('text_body')
    .where('to_address', '=', to)
    .orderBy('created_at', 'desc')
    .executeTakeFirstOrThrow();
  return m.text_body.match(/https?:\/\/\S+/)![0];
}

async function signInModal(page: Page, button: string) {
  await page.getByRole('button', { name: button }).click();
  const dialog = page.getByRole('dialog');
  await dialog.getByLabel('Esmu izlasījis līgumu un tam piekrītu.').check();
  await dialog.getByRole('button', { name: 'Parakstīt', exact: true }).click();
  await dialog.waitFor({ state: 'hidden' });
}

describe('a learning agreement in a browser', () => {
  it('is drafted, signed by the learner, the supervisor through the outbox link and the school; a change makes version 2 that needs all signatures again, and version 1 still opens', async () => {
    const coordinator = await newPage();
    await signIn(coordinator, COORDINATOR);
    await coordinator.goto(`${tilts.url}/placements/${placementId}?tab=agreement`);
    await coordinator.getByRole('button', { name: 'Sagatavot mācību līgumu' }).click();
    await coordinator.getByRole('heading', { name: 'Trīspusējs prakses līgums: Jānis Liepiņš' }).waitFor();
    await coordinator.getByText('Nekā netrūkst: līgumu var nosūtīt parakstīšanai.').waitFor();
    await coordinator.getByText('Datortīklu ierīkošana un uzturēšana', { exact: false }).first().waitFor();
    await shot(coordinator, '1-draft');

    await coordinator.getByRole('button', { name: 'Labot melnrakstu' }).click();
    await coordinator
      .getByLabel('Mācību aktivitātes un uzdevumi uzņēmējā')
      .first()
      .fill('Biroja tīkla ierīkošana kopā ar mentori');
    await coordinator.getByRole('button', { name: 'Saglabāt melnrakstu' }).click();
    await coordinator.getByText('Biroja tīkla ierīkošana kopā ar mentori').waitFor();
    await coordinator.getByRole('button', { name: 'Nosūtīt parakstīšanai' }).click();
    await coordinator.getByText('gaida parakstus').first().waitFor();

    const learner = await newPage();
    await signIn(learner, LEARNER);
    await learner.goto(`${tilts.url}/placements/${placementId}?tab=agreement`);
    await learner.getByText('Vajadzīgs jūsu paraksts').waitFor();
    await signInModal(learner, 'Parakstīt kā audzēknim');
    await learner.getByText('Parakstīts.').waitFor();

    const supervisor = await newPage();
    await supervisor.goto(await signingLink(SUPERVISOR));
    await supervisor.getByRole('heading', { name: 'Trīspusējs prakses līgums: Jānis Liepiņš' }).waitFor();
    await supervisor.getByText('Biroja tīkla ierīkošana kopā ar mentori').waitFor();
    await supervisor.getByLabel('Amats').fill('Tīkla administratore');
    await supervisor.getByLabel('Esmu izlasījis līgumu un tam piekrītu.').check();
    await supervisor.getByRole('button', { name: 'Parakstīt', exact: true }).click();
    await supervisor.getByText('Paldies: parakstīts').waitFor();
    await shot(supervisor, '2-supervisor-signed');

    await coordinator.reload();
    await signInModal(coordinator, 'Parakstīt skolas vārdā');
    await coordinator.getByText(/Visas puses parakstīja/).waitFor();
    await coordinator.getByText('parakstīta', { exact: true }).first().waitFor();

    // A change after signing: version 2, signed by nobody yet.
    await coordinator.getByRole('button', { name: 'Ierosināt izmaiņas' }).click();
    const dialog = coordinator.getByRole('dialog');
    await dialog.getByLabel('Iemesls').click();
    await coordinator.getByRole('option', { name: 'Mobilitātes periods pagarināts' }).click();
    await dialog.getByLabel('Komentārs').fill('Uzņēmējs piedāvā vēl nedēļu');
    await dialog.getByRole('button', { name: 'Izveidot jauno versiju' }).click();
    await coordinator.getByLabel('Citi nosacījumi').fill('Darba laiks 8.00–16.30');
    await coordinator.getByRole('button', { name: 'Saglabāt melnrakstu' }).click();
    await coordinator.getByText('Izmaiņu priekšlikums').waitFor();
    await coordinator.getByRole('button', { name: 'Nosūtīt parakstīšanai' }).click();
    await coordinator.getByText('2. versija', { exact: true }).first().waitFor();
    await coordinator.getByText('Spēkā ir 1. versija, līdz šo parakstīs visas puses.').waitFor();
    // Every party signs again: no signature yet on version 2.
    expect(await coordinator.getByText('gaida', { exact: true }).count()).toBe(3);
    await coordinator.getByRole('cell', { name: 'Darba laiks 8.00–16.30' }).waitFor();
    await shot(coordinator, '3-version-2');

    // Version 1 still opens, as it was signed.
    await coordinator.getByRole('combobox', { name: 'Rādīt versiju' }).click();
    await coordinator.getByRole('option', { name: '1. versija (parakstīta)' }).click();
    await coordinator
      .getByText('Jūs lasāt 1. versiju (parakstīta), agrāku versiju. Tā vairs nemainās.')
      .waitFor();
    expect(await coordinator.getByText('parakstīts', { exact: true }).count()).toBe(3);
    await shot(coordinator, '4-version-1');
  });
});
