import { randomBytes } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import type { Role } from '@tilts/shared';
import pg from 'pg';
import { inject } from 'vitest';
import { createSchool, createUser } from '../../src/demo/factories.ts';
import { startTilts, type Tilts } from '../../src/server.ts';

export const PUBLIC_URL = 'http://tilts.test';
export const PASSWORD = 'Correct-horse-battery-1';
export const onServer = Boolean(process.env.TILTS_TEST_DATABASE_URL);
/** The credential master key every test Tilts has, as a server configured for signing would. */
export const TEST_MASTER_KEY = '5e'.repeat(32);

export interface TestTilts extends Tilts {
  /** An HTTP request through the real app, from our own origin, with the given session cookie. */
  request(
    method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE',
    url: string,
    options?: { body?: unknown; cookie?: string; headers?: Record<string, string> },
  ): Promise<{ status: number; json: () => any; body: string; headers: Record<string, unknown> }>;
  signIn(email: string, password?: string): Promise<string>;
}

/** A fresh Tilts on a fresh copy of the migrated template database; close() throws both away. */
export async function createTestTilts(
  env: Record<string, string> = {},
  options: { now?: () => Date } = {},
): Promise<TestTilts> {
  const template = inject('templateDatabase');
  const base = {
    TILTS_DEMO: 'false',
    TILTS_JOBS: 'false',
    LOG_LEVEL: 'silent',
    PUBLIC_URL,
    TILTS_MASTER_KEY: TEST_MASTER_KEY,
    ...env,
  };
  let tilts: Tilts;
  let dropDatabase: (() => Promise<void>) | undefined;
  if (onServer) {
    const name = `tilts_test_${randomBytes(6).toString('hex')}`;
    const admin = new pg.Client({ connectionString: process.env.TILTS_TEST_DATABASE_URL });
    await admin.connect();
    await admin.query(`create database ${name} template ${template}`);
    await admin.end();
    const url = new URL(process.env.TILTS_TEST_DATABASE_URL!);
    url.pathname = `/${name}`;
    tilts = await startTilts({ ...base, DATABASE_URL: url.toString() }, { logger: false, now: options.now });
    dropDatabase = async () => {
      const c = new pg.Client({ connectionString: process.env.TILTS_TEST_DATABASE_URL });
      await c.connect();
      await c.query(`drop database if exists ${name} with (force)`);
      await c.end();
    };
  } else {
    const dump = new Blob([await readFile(template)]);
    tilts = await startTilts(
      { ...base, TILTS_DATA_DIR: 'memory://' },
      { logger: false, loadDataDir: dump, now: options.now },
    );
  }

  const request: TestTilts['request'] = async (method, url, options = {}) => {
    const headers: Record<string, string> = { origin: PUBLIC_URL, ...options.headers };
    if (options.cookie) headers.cookie = options.cookie;
    const res = await tilts.app.inject({
      method,
      url,
      headers,
      ...(options.body === undefined ? {} : { payload: options.body as string | object }),
    });
    return { status: res.statusCode, json: () => res.json(), body: res.body, headers: res.headers };
  };

  return {
    ...tilts,
    request,
    async signIn(email, password = PASSWORD) {
      const res = await request('POST', '/api/auth/login', { body: { email, password } });
      if (res.status !== 200) throw new Error(`sign-in of ${email} failed: ${res.status} ${res.body}`);
      const setCookie = String(res.headers['set-cookie']);
      return setCookie.split(';')[0]!;
    },
    async close() {
      await tilts.close();
      await dropDatabase?.();
    },
  };
}

export interface World {
  schoolA: { id: string; name: string };
  schoolB: { id: string; name: string };
  /** One user of each role in school A. */
  users: Record<Role, { id: string; email: string }>;
  /** The admin of school B: a user of another school. */
  otherAdmin: { id: string; email: string };
  /** Ids of school A's records that tests made (a placement, a project…), by name. */
  records: Record<string, string>;
}

/** Two schools, every role in the first, an admin in the second: the cast of most tests. */
export async function createWorld(t: Tilts): Promise<World> {
  const db = t.deps.db;
  const schoolA = await createSchool(db, { name: 'Rīgas Valsts tehnikums', slug: 'a' });
  const schoolB = await createSchool(db, { name: 'Liepājas Valsts tehnikums', slug: 'b' });
  const roles: Role[] = ['admin', 'coordinator', 'teacher', 'learner', 'supervisor'];
  const users = {} as World['users'];
  for (const role of roles) {
    users[role] = await createUser(db, {
      email: `${role}@a.test`,
      givenName: 'Ēriks',
      familyName: `Žubīts-${role}`,
      password: PASSWORD,
      schoolId: schoolA.id,
      role,
    });
  }
  const otherAdmin = await createUser(db, {
    email: 'admin@b.test',
    givenName: 'Aija',
    familyName: 'Ķeire',
    password: PASSWORD,
    schoolId: schoolB.id,
    role: 'admin',
  });
  return { schoolA, schoolB, users, otherAdmin, records: {} };
}

/** The link in the newest e-mail to an address, as a user would click it. */
export async function linkFromOutbox(t: Tilts, to: string): Promise<URL> {
  const message = await t.deps.db
    .selectFrom('mail_messages')
    .select(['text_body'])
    .where('to_address', '=', to)
    .orderBy('created_at', 'desc')
    .executeTakeFirstOrThrow();
  const match = message.text_body.match(/https?:\/\/\S+/);
  if (!match) throw new Error(`no link in the e-mail to ${to}`);
  return new URL(match[0]);
}
