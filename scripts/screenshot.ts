// npm run screenshot: the coordinator's home page of a demo Tilts, for the README (docs/screenshot.png).
import { join } from 'node:path';
import { launchChromium, startE2eTilts } from '../e2e/support/tilts.ts';

const out = join(import.meta.dirname, '../docs/screenshot.png');
const tilts = await startE2eTilts();
const browser = await launchChromium();
try {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, locale: 'lv-LV' });
  const page = await context.newPage();
  page.setDefaultTimeout(30_000);
  await page.goto(`${tilts.url}/sign-in`);
  await page.getByLabel('E-pasts').fill('koordinators@demo.tilts.lv');
  await page.getByLabel('Parole').fill('Tilts-demo-2026');
  await page.getByRole('button', { name: 'Pierakstīties' }).click();
  await page.getByRole('heading', { name: 'Sveicināti, Māris!' }).waitFor();
  // The figures load after the frame: wait for them, and for nothing to be moving.
  await page.getByText(/^Reģistrētas partnerorganizācijas: \d+$/).waitFor();
  await page.mouse.move(0, 0);
  await page.waitForTimeout(300);
  await page.screenshot({ path: out, fullPage: false });
  console.log(`Saved ${out}`);
} finally {
  await browser.close();
  await tilts.close();
}
