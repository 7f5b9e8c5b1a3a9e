import { existsSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { type Browser, chromium, type Page } from 'playwright-core';
import { startTilts, type Tilts } from '../../packages/server/src/server.ts';

/** A free port on this machine. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

export interface RunningTilts {
  tilts: Tilts;
  url: string;
  close(): Promise<void>;
}

/** A real Tilts on a free port: fresh embedded database, demo data, the built web app. */
export async function startE2eTilts(): Promise<RunningTilts> {
  const webDist = join(import.meta.dirname, '../../packages/web/dist');
  if (!existsSync(join(webDist, 'index.html'))) {
    throw new Error('The web app is not built: run `npm run build` first (npm run test:e2e does).');
  }
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const tilts = await startTilts(
    {
      PORT: String(port),
      PUBLIC_URL: url,
      TILTS_DATA_DIR: 'memory://',
      TILTS_DEMO: 'true',
      LOG_LEVEL: 'silent',
    },
    { logger: false },
  );
  await tilts.app.listen({ port, host: '127.0.0.1' });
  return { tilts, url, close: () => tilts.close() };
}

/** Debian's Chromium, headless, with nothing that reaches the network on its own. */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: '/usr/bin/chromium',
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

/** Fails the test on any error the page writes to its console or throws. */
export function watchConsole(page: Page, errors: string[]) {
  page.on('console', (m) => {
    if (m.type() === 'error' && !/status of 401/.test(m.text())) errors.push(m.text());
  });
  page.on('pageerror', (e) => errors.push(e.message));
}
