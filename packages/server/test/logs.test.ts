import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestTilts, onServer, type TestTilts } from './support/harness.ts';

// The JSON logs are what Tilts writes to stdout as a process, so it runs as one here: main.ts with
// the demo school, on a fresh database, logging everything (trace).
const DEMO_PASSWORD = 'Tilts-demo-2026';
const NEW_PASSWORD = 'Jauna-Parole-Kalninam-7';
const INVITEE_PASSWORD = 'Uzaicinata-Parole-8';

let child: ChildProcess;
let base: string;
let t: TestTilts | undefined;
let output = '';

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

beforeAll(async () => {
  const port = await freePort();
  base = `http://127.0.0.1:${port}`;
  const database: Record<string, string> = {};
  if (onServer) {
    t = await createTestTilts();
    database.DATABASE_URL = t.deps.config.DATABASE_URL!;
  } else {
    database.TILTS_DATA_DIR = 'memory://';
  }
  child = spawn(process.execPath, [join(import.meta.dirname, '../src/main.ts')], {
    env: {
      PATH: process.env.PATH,
      PORT: String(port),
      HOST: '127.0.0.1',
      PUBLIC_URL: base,
      TILTS_DEMO: 'true',
      TILTS_JOBS: 'false',
      LOG_LEVEL: 'trace',
      WEB_DIST: '/nonexistent/tilts-web',
      ...database,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout!.on('data', (chunk: Buffer) => {
    output += chunk.toString('utf8');
  });
  child.stderr!.on('data', (chunk: Buffer) => {
    output += chunk.toString('utf8');
  });
  const deadline = Date.now() + 60_000;
  while (!output.includes('Tilts is running')) {
    if (child.exitCode !== null) throw new Error(`Tilts stopped:\n${output}`);
    if (Date.now() > deadline) throw new Error(`Tilts did not start:\n${output}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
});
afterAll(async () => {
  if (child && child.exitCode === null) {
    child.kill('SIGTERM');
    await once(child, 'exit');
  }
  await t?.close();
});

async function call(method: string, path: string, options: { body?: unknown; cookie?: string } = {}) {
  const headers: Record<string, string> = { origin: base };
  if (options.body !== undefined) headers['content-type'] = 'application/json';
  if (options.cookie) headers.cookie = options.cookie;
  const res = await fetch(`${base}${path}`, {
    method,
    headers,
    ...(options.body === undefined ? {} : { body: JSON.stringify(options.body) }),
  });
  const text = await res.text();
  const setCookie = res.headers.get('set-cookie');
  return {
    status: res.status,
    text,
    json: () => JSON.parse(text),
    cookie: setCookie ? setCookie.split(';')[0]! : undefined,
  };
}

/** The token in the newest link the admin's outbox shows for an address. */
async function tokenFromOutbox(adminCookie: string, to: string): Promise<string> {
  const res = await call('GET', `/api/admin/outbox?q=${encodeURIComponent(to)}`, { cookie: adminCookie });
  const message = res.json().items[0] as { text: string };
  return new URL(message.text.match(/https?:\/\/\S+/)![0]).searchParams.get('token')!;
}

describe('JSON logs', () => {
  it('never hold a password, a session token or a link token', async () => {
    const secrets: string[] = [DEMO_PASSWORD, NEW_PASSWORD, INVITEE_PASSWORD];

    const coordinator = await call('POST', '/api/auth/login', {
      body: { email: 'koordinators@demo.tilts.lv', password: DEMO_PASSWORD },
    });
    expect(coordinator.status).toBe(200);
    const admin = await call('POST', '/api/auth/login', {
      body: { email: 'admin@demo.tilts.lv', password: DEMO_PASSWORD },
    });
    expect(admin.status).toBe(200);
    secrets.push(coordinator.cookie!.split('=')[1]!, admin.cookie!.split('=')[1]!);
    expect((await call('GET', '/api/auth/me', { cookie: coordinator.cookie })).status).toBe(200);
    // A wrong password is logged as a refusal, not as what was typed.
    const wrong = await call('POST', '/api/auth/login', {
      body: { email: 'koordinators@demo.tilts.lv', password: 'Nepareiza-Parole-99' },
    });
    expect(wrong.status).toBe(401);
    secrets.push('Nepareiza-Parole-99');

    // A password reset, the link opened in the browser first, as a person would.
    expect(
      (
        await call('POST', '/api/auth/password-reset/request', {
          body: { email: 'koordinators@demo.tilts.lv' },
        })
      ).status,
    ).toBe(200);
    const resetToken = await tokenFromOutbox(admin.cookie!, 'koordinators@demo.tilts.lv');
    secrets.push(resetToken);
    await call('GET', `/reset-password?token=${resetToken}`);
    const reset = await call('POST', '/api/auth/password-reset/confirm', {
      body: { token: resetToken, password: NEW_PASSWORD, passwordRepeat: NEW_PASSWORD },
    });
    expect(reset.status).toBe(200);
    secrets.push(reset.cookie!.split('=')[1]!);
    const again = await call('POST', '/api/auth/login', {
      body: { email: 'koordinators@demo.tilts.lv', password: NEW_PASSWORD },
    });
    expect(again.status).toBe(200);
    secrets.push(again.cookie!.split('=')[1]!);

    // An invitation: its token travels in the address of the API call too.
    expect(
      (
        await call('POST', '/api/admin/invitations', {
          cookie: admin.cookie,
          body: { email: 'jauns.pedagogs@demo.tilts.lv', role: 'teacher' },
        })
      ).status,
    ).toBe(200);
    const inviteToken = await tokenFromOutbox(admin.cookie!, 'jauns.pedagogs@demo.tilts.lv');
    secrets.push(inviteToken);
    expect((await call('GET', `/api/auth/invitations/${inviteToken}`)).status).toBe(200);
    const accepted = await call('POST', '/api/auth/invitations/accept', {
      body: {
        token: inviteToken,
        givenName: 'Jānis',
        familyName: 'Bērziņš',
        password: INVITEE_PASSWORD,
        passwordRepeat: INVITEE_PASSWORD,
      },
    });
    expect(accepted.status).toBe(200);
    secrets.push(accepted.cookie!.split('=')[1]!);
    expect((await call('POST', '/api/auth/logout', { cookie: accepted.cookie })).status).toBe(200);

    // Let the last lines reach the pipe.
    await new Promise((resolve) => setTimeout(resolve, 300));
    const lines = output.split('\n').filter((line) => line.startsWith('{'));
    const logs = lines.map((line) => JSON.parse(line) as Record<string, unknown>);
    // The logs are there and describe these requests, so their silence about secrets means something.
    expect(logs.length).toBeGreaterThan(20);
    const urls = logs.map((l) => (l.req as { url?: string } | undefined)?.url).filter(Boolean);
    expect(urls).toContain('/api/auth/password-reset/confirm');
    expect(urls).toContain('/api/auth/invitations/[redacted]');
    expect(urls).toContain('/reset-password?token=[redacted]');
    expect(logs.every((l) => typeof l.level === 'number' && typeof l.time === 'number')).toBe(true);
    expect(logs.filter((l) => l.req).every((l) => typeof l.reqId === 'string')).toBe(true);

    const jsonText = lines.join('\n');
    expect(secrets.filter((s) => jsonText.includes(s))).toEqual([]);
    // Nothing new reaches the console either (the start banner prints only the demo password).
    const rest = output
      .split('\n')
      .filter((line) => !line.startsWith('{'))
      .join('\n');
    expect(secrets.filter((s) => s !== DEMO_PASSWORD && rest.includes(s))).toEqual([]);
  });
});
