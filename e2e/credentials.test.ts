import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, type RunningTilts, startE2eTilts, watchConsole } from './support/tilts.ts';

let running: RunningTilts;
let browser: Browser;
let learnerCookie: string;
let credentialJson: string;
const shots = process.env.TILTS_SCREENSHOTS;

async function signIn(email: string): Promise<string> {
  const res = await fetch(`${running.url}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', origin: running.url },
    body: JSON.stringify({ email, password: 'Tilts-demo-2026' }),
  });
  return (res.headers.get('set-cookie') ?? '').split(';')[0]!;
}

async function call(cookie: string, method: string, path: string, body?: unknown) {
  const res = await fetch(`${running.url}${path}`, {
    method,
    headers: { 'content-type': 'application/json', origin: running.url, cookie },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${text}`);
  return text;
}

beforeAll(async () => {
  running = await startE2eTilts();
  browser = await launchChromium();
  const admin = await signIn('admin@demo.tilts.lv');
  learnerCookie = await signIn('audzeknis@demo.tilts.lv');
  const learner = JSON.parse(await call(learnerCookie, 'GET', '/api/auth/me'));
  const template = JSON.parse(
    await call(admin, 'POST', '/api/credentials/templates', {
      title: 'Darba drošība būvlaukumā',
      documentType: 'professional_development',
      learningOutcomes: [{ text: 'Novērtē darba vides riskus būvlaukumā', kind: 'skills' }],
      ects: 1.5,
      hours: 40,
      eqfLevel: 4,
      assessmentType: 'practical',
      participationMode: 'on_site',
      learningSetting: 'non_formal',
      qualityAssurance: 'Skolas iekšējā kvalitātes sistēma',
    }),
  );
  const { id } = JSON.parse(
    await call(admin, 'POST', '/api/credentials', {
      templateId: template.id,
      learnerId: learner.id,
      grade: '9',
    }),
  );
  credentialJson = await call(learnerCookie, 'GET', `/api/my/credentials/${id}/credential.json`);
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await running?.close();
});

describe('micro-credentials in the browser', () => {
  it('a learner shares a credential and anyone opening the link sees it verified, in Latvian', async () => {
    const context = await browser.newContext({ locale: 'lv-LV' });
    const [name, value] = learnerCookie.split('=') as [string, string];
    await context.addCookies([{ name, value, url: running.url }]);
    const page = await context.newPage();
    const errors: string[] = [];
    watchConsole(page, errors);
    await page.goto(`${running.url}/my/credentials`);
    await page.getByRole('heading', { name: 'Darba drošība būvlaukumā' }).waitFor();
    await page.getByLabel('Kam tā paredzēta (redzat tikai jūs)').fill('SIA Būvnieks');
    await page.getByRole('button', { name: 'Izveidot saiti' }).click();
    const link = page.getByLabel('SIA Būvnieks');
    await link.waitFor();
    const url = await link.inputValue();
    expect(url).toMatch(/\/v\/[\w-]+$/);
    if (shots) await page.screenshot({ path: `${shots}/my-credentials.png`, fullPage: true });

    const stranger = await browser.newContext({ locale: 'lv-LV' });
    const publicPage = await stranger.newPage();
    watchConsole(publicPage, errors);
    await publicPage.goto(url);
    await publicPage.getByText('Pārbaudīts', { exact: true }).waitFor();
    expect(await publicPage.getByText('Visas pārbaudes izdevās.').isVisible()).toBe(true);
    expect(await publicPage.getByText('Novērtē darba vides riskus būvlaukumā').isVisible()).toBe(true);
    if (shots) await publicPage.screenshot({ path: `${shots}/shared.png`, fullPage: true });
    expect(errors).toEqual([]);
    await stranger.close();
    await context.close();
  });

  it('the public verifier names the failed check for a tampered credential', async () => {
    const context = await browser.newContext({ locale: 'en-GB' });
    const page = await context.newPage();
    const errors: string[] = [];
    watchConsole(page, errors);
    await page.goto(`${running.url}/verify`);
    await page.getByRole('button', { name: 'EN', exact: true }).click();
    const tampered = JSON.parse(credentialJson);
    tampered.credentialSubject.result[0].value = '10';
    await page.getByRole('textbox').first().fill(JSON.stringify(tampered));
    await page.getByRole('button', { name: /Verify|Pārbaudīt/ }).click();
    await page.getByTestId('verification-result').waitFor();
    const text = (await page.getByTestId('verification-result').textContent()) ?? '';
    expect(text).toContain('Not verified');
    expect(text).toContain('Failed checks: Signature.');
    expect(text).toContain('not confirmed');
    if (shots) await page.screenshot({ path: `${shots}/verify-tampered.png`, fullPage: true });
    expect(errors).toEqual([]);
    await context.close();
  });
});
