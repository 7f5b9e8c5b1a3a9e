import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Kysely, sql } from 'kysely';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { runCli } from '../src/cli/cli.ts';
import { openDatabase } from '../src/db/database.ts';
import type { DB } from '../src/db/schema.ts';
import { startTilts } from '../src/server.ts';
import { createTestTilts, onServer, PUBLIC_URL, type TestTilts } from './support/harness.ts';

// `npx tilts` works on the database the server uses: a fresh PostgreSQL database on the server run,
// a PGlite folder on disk otherwise (the CLI is its own process and cannot share an in-memory one).
let t: TestTilts | undefined;
let dataDir: string | undefined;
let env: Record<string, string>;

beforeAll(async () => {
  if (onServer) {
    t = await createTestTilts();
    env = { DATABASE_URL: t.deps.config.DATABASE_URL!, LOG_LEVEL: 'silent' };
  } else {
    dataDir = await mkdtemp(join(tmpdir(), 'tilts-cli-'));
    env = { TILTS_DATA_DIR: dataDir, LOG_LEVEL: 'silent' };
    expect(await run(['migrate'])).toMatchObject({ code: 0 });
  }
});
afterAll(async () => {
  await t?.close();
  if (dataDir) await rm(dataDir, { recursive: true, force: true });
});
afterEach(() => {
  vi.restoreAllMocks();
});

/** Runs one CLI command as `npx tilts` would, and what it printed. */
async function run(argv: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  vi.spyOn(console, 'log').mockImplementation((...a: unknown[]) => void out.push(a.join(' ')));
  vi.spyOn(console, 'error').mockImplementation((...a: unknown[]) => void err.push(a.join(' ')));
  try {
    const code = await runCli(argv, env);
    return { code, out: out.join('\n'), err: err.join('\n') };
  } finally {
    vi.restoreAllMocks();
  }
}

/** The database the CLI used, opened as its owner, for as long as `work` runs. */
async function withDatabase<T>(work: (db: Kysely<DB>) => Promise<T>): Promise<T> {
  if (t) return work(t.deps.db);
  const database = await openDatabase({ dataDir });
  try {
    return await work(database.db);
  } finally {
    await database.close();
  }
}

async function signInStatus(email: string, password: string): Promise<number> {
  const request = { method: 'POST' as const, url: '/api/auth/login', payload: { email, password } };
  const headers = { origin: PUBLIC_URL };
  if (t) return (await t.app.inject({ ...request, headers })).statusCode;
  const tilts = await startTilts(
    { TILTS_DATA_DIR: dataDir, TILTS_DEMO: 'false', TILTS_JOBS: 'false', LOG_LEVEL: 'silent', PUBLIC_URL },
    { logger: false },
  );
  try {
    return (await tilts.app.inject({ ...request, headers })).statusCode;
  } finally {
    await tilts.close();
  }
}

describe('npx tilts create-admin', () => {
  it('creates a school and its admin from options alone, and the admin can sign in', async () => {
    const result = await run([
      'create-admin',
      '--email',
      'Direktore@Cesis.test',
      '--password',
      'Direktores-parole-1',
      '--school',
      'Cēsu tehnikums',
      '--given-name',
      'Dace',
      '--family-name',
      'Ērgle',
    ]);
    expect(result).toMatchObject({ code: 0, out: 'Admin direktore@cesis.test created in "Cēsu tehnikums".' });
    const row = await withDatabase((db) =>
      db
        .selectFrom('users as u')
        .innerJoin('memberships as m', 'm.user_id', 'u.id')
        .innerJoin('schools as s', 's.id', 'm.school_id')
        .select(['u.given_name', 'u.family_name', 'm.role', 's.name'])
        .where('u.email', '=', 'direktore@cesis.test')
        .executeTakeFirstOrThrow(),
    );
    expect(row).toEqual({ given_name: 'Dace', family_name: 'Ērgle', role: 'admin', name: 'Cēsu tehnikums' });
    expect(await signInStatus('direktore@cesis.test', 'Direktores-parole-1')).toBe(200);
  });

  it('adds a second admin to an existing school by its name, and refuses a duplicate or a short password', async () => {
    const second = await run([
      'create-admin',
      '--email',
      'vietniece@cesis.test',
      '--password',
      'Vietnieces-parole-2',
      '--school',
      'Cēsu tehnikums',
    ]);
    expect(second.code).toBe(0);
    const schools = await withDatabase((db) =>
      db.selectFrom('schools').select('id').where('name', '=', 'Cēsu tehnikums').execute(),
    );
    expect(schools).toHaveLength(1);
    await expect(
      run([
        'create-admin',
        '--email',
        'direktore@cesis.test',
        '--password',
        'Cita-parole-123',
        '--school',
        'X',
      ]),
    ).rejects.toThrow('a user with e-mail direktore@cesis.test already exists');
    await expect(
      run(['create-admin', '--email', 'jauns@cesis.test', '--password', 'short', '--school', 'X']),
    ).rejects.toThrow('at least 10 characters');
  });

  it('without a terminal, names the missing option instead of waiting for an answer', async () => {
    const wasTty = process.stdin.isTTY;
    process.stdin.isTTY = false;
    try {
      await expect(run(['create-admin', '--email', 'kads@cesis.test'])).rejects.toThrow(
        'missing School name: pass it as an option',
      );
    } finally {
      process.stdin.isTTY = wasTty;
    }
  });
});

describe('npx tilts audit verify', () => {
  it('exits 0 on an intact log, and 1 naming the entry once an entry was edited', async () => {
    const intact = await run(['audit', 'verify']);
    expect(intact.code).toBe(0);
    expect(intact.out).toMatch(/^Audit log intact: [1-9]\d* entries, every hash matches\.$/);

    const target = await withDatabase(async (db) => {
      const first = await db
        .selectFrom('audit_log')
        .select(['id', 'after'])
        .where('action', '=', 'user.admin_created')
        .orderBy('id')
        .executeTakeFirstOrThrow();
      // Only the owner can do this, and only by switching the guard off first.
      await sql`alter table audit_log disable trigger audit_log_no_change`.execute(db);
      await sql`update audit_log set after = ${JSON.stringify({ email: 'cits@cesis.test', role: 'admin' })}::jsonb where id = ${first.id}`.execute(
        db,
      );
      await sql`alter table audit_log enable trigger audit_log_no_change`.execute(db);
      return first.id;
    });

    const broken = await run(['audit', 'verify']);
    expect(broken.code).toBe(1);
    expect(broken.err).toContain(`Audit log BROKEN at entry ${target}: this entry was edited`);
  });
});
