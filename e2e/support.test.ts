import { describe, expect, it } from 'vitest';
import { useBrowser } from './support/browser.ts';

const LEARNER = 'audzeknis@demo.tilts.lv';
const MENTOR = 'pedagogs@demo.tilts.lv';
const ADMIN = 'admin@demo.tilts.lv';
const SUPERVISOR = 'prakses.vaditajs@demo.tilts.lv';

const session = useBrowser();
const { newPage, signIn } = session;

/** The demo learner's internship in progress. */
async function demoPlacementId(): Promise<string> {
  const row = await session.tilts.tilts.deps.db
    .selectFrom('placements as p')
    .innerJoin('placement_participants as pp', 'pp.placement_id', 'p.id')
    .innerJoin('users as u', 'u.id', 'pp.user_id')
    .select('p.id')
    .where('u.email', '=', LEARNER)
    .where('p.status', '=', 'in_progress')
    .executeTakeFirstOrThrow();
  return row.id;
}

describe('support in a browser', () => {
  it('the learner writes in the placement thread, the supervisor replies through the e-mailed link, the mentor reads the reply', async () => {
    const id = await demoPlacementId();
    const learner = await newPage();
    await signIn(learner, LEARNER);
    await learner.goto(`${session.tilts.url}/placements/${id}`);
    // Introductions come first on the placement.
    await learner.getByRole('heading', { name: 'Iepazīšanās' }).waitFor();
    await learner.getByText('Sveicināti! Esmu Ģirts, IT nodaļas vadītājs.', { exact: false }).waitFor();
    await learner.getByRole('tab', { name: 'Saraksts' }).click();
    await learner.getByLabel('Jūsu ziņa').fill('Labdien! Rīt ierašos 9.00, vilciens kavējas. <b>Paldies</b>');
    await learner.getByRole('button', { name: 'Sūtīt' }).click();
    await learner.getByText('Nosūtīts. Pārējie saņems e-pastu.').waitFor();
    // Shown as typed: the markup is text, not bold.
    await learner.getByText('Labdien! Rīt ierašos 9.00, vilciens kavējas. <b>Paldies</b>').waitFor();

    // The school's admin reads the outbox (no SMTP in the demo) and finds the supervisor's e-mail.
    const admin = await newPage();
    await signIn(admin, ADMIN);
    await admin.getByRole('navigation').getByRole('link', { name: 'E-pasta izsūtne' }).click();
    const mail = admin.getByRole('article').filter({ hasText: SUPERVISOR }).first();
    await mail.waitFor();
    await mail.getByText('> Labdien! Rīt ierašos 9.00', { exact: false }).waitFor();
    const href = await mail.getByRole('link').first().getAttribute('href');
    expect(href).toMatch(new RegExp(`^${session.tilts.url}/thread\\?token=`));

    // The supervisor opens the link in their own browser: no account, no sign-in.
    const supervisor = await newPage({ width: 390, height: 844 });
    await supervisor.goto(href!);
    await supervisor.getByRole('heading', { name: 'Prakses saraksts' }).waitFor();
    await supervisor.getByText('Labdien! Rīt ierašos 9.00, vilciens kavējas.', { exact: false }).waitFor();
    await supervisor.getByLabel('Jūsu ziņa').fill('Labi, gaidīsim. Ieeja no pagalma puses.');
    await supervisor.getByRole('button', { name: 'Sūtīt' }).click();
    await supervisor.getByText('Nosūtīts. Pārējie saņems e-pastu.').waitFor();
    await supervisor.getByText('Labi, gaidīsim. Ieeja no pagalma puses.').waitFor();
    const width = (await supervisor.evaluate(
      '({ page: document.documentElement.scrollWidth, window: window.innerWidth })',
    )) as { page: number; window: number };
    expect(width.page).toBeLessThanOrEqual(width.window);

    // The mentor sees the unread count, opens the thread and reads the reply.
    const mentor = await newPage();
    await signIn(mentor, MENTOR);
    await mentor.goto(`${session.tilts.url}/placements/${id}?tab=messages`);
    const reply = mentor
      .getByTestId('thread-message')
      .filter({ hasText: 'Labi, gaidīsim. Ieeja no pagalma puses.' });
    await reply.waitFor();
    await reply.getByText('Ģirts Šņore').waitFor();
    await reply.getByText('Prakses vadītājs uzņēmumā').waitFor();
    await reply.getByText('jauna').waitFor();
  });

  it('finds a FAQ entry searched without diacritics, and counts the vote', async () => {
    const learner = await newPage();
    await signIn(learner, LEARNER);
    await learner.getByRole('link', { name: 'BUJ' }).click();
    await learner.getByRole('heading', { name: 'Biežāk uzdotie jautājumi' }).waitFor();
    await learner.getByLabel('Meklēt jautājumos').fill('slimibu');
    // Other entries go once the search (after a short pause in typing) has run; this one stays.
    await learner.getByRole('button', { name: /apdrošināšanu/ }).waitFor({ state: 'detached' });
    const entry = learner.getByRole('button', { name: /Kā ziņot par slimību prakses laikā\?/ });
    await entry.waitFor();
    expect(await learner.getByRole('button', { name: /neapstiprina/ }).count()).toBe(0);
    await entry.click();
    await learner.getByText('Tās pašas dienas rītā piezvaniet', { exact: false }).waitFor();
    await learner.getByRole('button', { name: 'Jā', exact: true }).click();
    await learner.getByText('Paldies par atbildi.').waitFor();
    await learner.getByText('1 noderēja · 0 nenoderēja').waitFor();
  });

  it('the learner asks their mentor for help from the header button', async () => {
    const learner = await newPage();
    await signIn(learner, LEARNER);
    await learner.getByRole('button', { name: 'Vajag palīdzību' }).click();
    const dialog = learner.getByRole('dialog', { name: 'Vajag palīdzību?' });
    await dialog.getByRole('radio', { name: 'Man vajag savu mentoru' }).check();
    await dialog.getByLabel('Īsumā').fill('Neesmu saņēmis uzdevumu');
    await dialog.getByLabel('Kas notika, ko jau mēģinājāt?').fill('Dienasgrāmatā neredzu nedēļas uzdevumu.');
    await dialog.getByRole('button', { name: 'Sūtīt pieprasījumu' }).click();
    await learner.getByRole('heading', { name: 'Neesmu saņēmis uzdevumu' }).waitFor();
    await learner.getByText('Kam: Gunta Ozoliņa', { exact: false }).waitFor();
  });
});
