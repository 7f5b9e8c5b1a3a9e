import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { runCli } from '../src/cli/cli.ts';
import { startTilts, type Tilts } from '../src/server.ts';
import { TEST_MASTER_KEY, templateBody } from './support/credentials.ts';
import { createWorld, PASSWORD, PUBLIC_URL } from './support/harness.ts';

let dir: string;
let env: Record<string, string>;
let good: string;

async function call(tilts: Tilts, method: 'GET' | 'POST', url: string, body?: unknown, cookie?: string) {
  const res = await tilts.app.inject({
    method,
    url,
    headers: { origin: PUBLIC_URL, ...(cookie ? { cookie } : {}) },
    ...(body === undefined ? {} : { payload: body as object }),
  });
  return res;
}

beforeAll(async () => {
  // The command line opens the database the server uses; here an embedded one in a folder of its own.
  dir = await mkdtemp(join(tmpdir(), 'tilts-cli-'));
  env = {
    TILTS_DATA_DIR: join(dir, 'data'),
    TILTS_DEMO: 'false',
    TILTS_JOBS: 'false',
    LOG_LEVEL: 'silent',
    PUBLIC_URL,
    TILTS_MASTER_KEY: TEST_MASTER_KEY,
  };
  const tilts = await startTilts(env, { logger: false });
  try {
    const world = await createWorld(tilts);
    const login = await call(tilts, 'POST', '/api/auth/login', { email: 'admin@a.test', password: PASSWORD });
    const cookie = String(login.headers['set-cookie']).split(';')[0]!;
    const template = (await call(tilts, 'POST', '/api/credentials/templates', templateBody(), cookie)).json();
    const issued = await call(
      tilts,
      'POST',
      '/api/credentials',
      { templateId: template.id, learnerId: world.users.learner.id, grade: '9' },
      cookie,
    );
    const document = await call(
      tilts,
      'GET',
      `/api/credentials/${issued.json().id}/credential.json`,
      undefined,
      cookie,
    );
    good = join(dir, 'good.json');
    await writeFile(good, document.body);
    const tampered = JSON.parse(document.body);
    tampered.credentialSubject.result[0].value = '10';
    await writeFile(join(dir, 'tampered.json'), JSON.stringify(tampered));
    await writeFile(join(dir, 'broken.json'), '{"@context": [');
  } finally {
    await tilts.close();
  }
});
afterAll(() => rm(dir, { recursive: true, force: true }));

async function run(args: string[]) {
  const lines: string[] = [];
  const spy = vi.spyOn(console, 'log').mockImplementation((line: string) => void lines.push(line));
  try {
    return { code: await runCli(args, env), out: lines.join('\n') };
  } finally {
    spy.mockRestore();
  }
}

describe('npx tilts verify FILE', () => {
  it('exits 0 for a valid credential and prints each check', async () => {
    const { code, out } = await run(['verify', good, '--lang', 'en']);
    expect(code).toBe(0);
    expect(out).toMatch(/✔ signature/);
    expect(out).toMatch(/VALID: every check passed/);
  });

  it('exits 1 and names the failed check for a tampered, a malformed and a missing file', async () => {
    const tampered = await run(['verify', join(dir, 'tampered.json'), '--lang', 'en']);
    expect(tampered.code).toBe(1);
    expect(tampered.out).toMatch(/NOT VALID: signature/);
    const broken = await run(['verify', join(dir, 'broken.json'), '--lang', 'lv']);
    expect(broken.code).toBe(1);
    expect(broken.out).toMatch(/NEDERĪGS: json/);
    const missing = await run(['verify', join(dir, 'nope.json')]);
    expect(missing.code).toBe(1);
    expect(missing.out).toMatch(/ENOENT/);
  });
});
