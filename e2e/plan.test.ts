import { describe, expect, it } from 'vitest';
import { useBrowser } from './support/browser.ts';

const LEARNER = 'audzeknis@demo.tilts.lv';
const MENTOR = 'pedagogs@demo.tilts.lv';

const session = useBrowser();
const { newPage, signIn } = session;

describe('the plan in a browser', () => {
  it('on a phone the learner sees days left, opens the reminder from the bell and marks the task done', async () => {
    const page = await newPage({ width: 390, height: 844 });
    await signIn(page, LEARNER);
    const panel = page.getByTestId('my-tasks');
    await panel.getByText('Nedēļas pārskats: tīkla mezglu saraksts').waitFor();
    await panel.getByText('palikušas 2 dienas').waitFor();
    await page.getByRole('button', { name: 'Paziņojumi: 1 nelasīti' }).click();
    await page.getByText(/Uzdevums „Nedēļas pārskats: tīkla mezglu saraksts” .*: palikušas 2 dienas/).click();
    await page.getByRole('tab', { name: 'Plāns', selected: true }).waitFor();
    await page.getByRole('button', { name: 'Paziņojumi', exact: true }).waitFor();
    const task = page.getByTestId('plan-task').filter({ hasText: 'Nedēļas pārskats' });
    await task.getByRole('button', { name: 'Atzīmēt kā izpildītu' }).click();
    await task.getByText('Izpildīts', { exact: true }).waitFor();
    await task.getByRole('button', { name: 'Tomēr nav izpildīts' }).waitFor();
  });

  it('the mentor is told why an extension is refused, keeps what was typed, and grants it with a reason', async () => {
    const page = await newPage();
    await signIn(page, MENTOR);
    // The mentor's home: the learners' open tasks due soon, and the missed one the bell told them of.
    const upcoming = page.getByTestId('upcoming-deadlines');
    // (The learner marked the weekly overview done in the test above.)
    await upcoming.getByText('Jānis Liepiņš: Uzņēmuma IT infrastruktūras apraksts').waitFor();
    await upcoming.getByText('Mārtiņš Jansons: Iepazīšanās video viesnīcas komandai').waitFor();
    await page.getByTestId('notification-bell').click();
    await page.getByRole('link', { name: 'Visi paziņojumi' }).click();
    await page.getByRole('heading', { name: 'Paziņojumi' }).waitFor();
    await page
      .locator('#main')
      .getByText(/^Termiņš uzdevumam „Iepazīšanās video viesnīcas komandai”/)
      .waitFor();
    const row = await session.tilts.tilts.deps.db
      .selectFrom('placements as p')
      .innerJoin('placement_participants as pp', 'pp.placement_id', 'p.id')
      .innerJoin('users as u', 'u.id', 'pp.user_id')
      .select('p.id')
      .where('u.email', '=', LEARNER)
      .where('p.status', '=', 'in_progress')
      .executeTakeFirstOrThrow();
    await page.goto(`${session.tilts.url}/placements/${row.id}?tab=plan`);
    const task = page.getByTestId('plan-task').filter({ hasText: 'Tīkla ierīkošana birojā' });
    await task.getByRole('button', { name: 'Pagarināt' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel('Jaunais termiņš').fill('01.01.2020');
    await dialog.getByLabel('Jaunais termiņš').press('Tab');
    await dialog.getByRole('button', { name: 'Piešķirt pagarinājumu' }).click();
    await dialog.getByText('Norādiet pagarinājuma iemeslu', { exact: false }).waitFor();
    await dialog
      .getByText('Jaunajam termiņam jābūt vēlākam par pašreizējo termiņu', { exact: false })
      .waitFor();
    // The refusal is the server's answer (400), which the browser logs: expected here, once.
    expect(session.takeConsoleError(/status of 400/)).toBe(true);
    expect(await dialog.getByLabel('Jaunais termiņš').inputValue()).toBe('01.01.2020');
    await dialog.getByLabel('Iemesls').fill('Uzņēmumā vēl nav piegādāts komutators.');
    const later = new Date(Date.now() + 20 * 86_400_000);
    const typed = `${String(later.getDate()).padStart(2, '0')}.${String(later.getMonth() + 1).padStart(2, '0')}.${later.getFullYear()}`;
    await dialog.getByLabel('Jaunais termiņš').fill(typed);
    await dialog.getByLabel('Jaunais termiņš').press('Tab');
    await dialog.getByRole('button', { name: 'Piešķirt pagarinājumu' }).click();
    await page.getByText('Pagarinājums piešķirts; audzēknim paziņots.').waitFor();
    await task
      .getByText(/Pagarināts no .* līdz .*, piešķīra Gunta Ozoliņa: Uzņēmumā vēl nav piegādāts komutators\./)
      .waitFor();
  });

  it('the learner makes a calendar address that serves an iCal feed', async () => {
    const page = await newPage({ width: 390, height: 844 });
    await signIn(page, LEARNER);
    await page.goto(`${session.tilts.url}/my/calendar`);
    await page.getByRole('button', { name: 'Izveidot manu kalendāra adresi' }).click();
    const url = await page.getByTestId('calendar-url').inputValue();
    expect(url).toMatch(/\/calendar\/[\w-]{43}\.ics$/);
    const res = await fetch(url.replace(/^https?:\/\/[^/]+/, session.tilts.url));
    expect(res.headers.get('content-type')).toBe('text/calendar; charset=utf-8');
    const text = (await res.text()).replace(/\r\n /g, '');
    expect(text).toContain('SUMMARY:Termiņš: Nedēļas pārskats: tīkla mezglu saraksts');
  });
});
