import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createTestTilts,
  createWorld,
  linkFromOutbox,
  PASSWORD,
  type TestTilts,
  type World,
} from './support/harness.ts';

let t: TestTilts;
let world: World;

beforeAll(async () => {
  t = await createTestTilts();
  world = await createWorld(t);
});
afterAll(() => t?.close());

describe('sign-in', () => {
  it('signs in with e-mail and password, sets an HttpOnly SameSite=Lax cookie, and /me answers', async () => {
    const res = await t.request('POST', '/api/auth/login', {
      body: { email: 'Teacher@A.test ', password: PASSWORD },
    });
    expect(res.status).toBe(200);
    const cookie = String(res.headers['set-cookie']);
    expect(cookie).toMatch(/tilts_session=/);
    expect(cookie).toMatch(/HttpOnly/i);
    expect(cookie).toMatch(/SameSite=Lax/i);
    const me = await t.request('GET', '/api/auth/me', { cookie: cookie.split(';')[0] });
    expect(me.status).toBe(200);
    expect(me.json()).toMatchObject({
      email: 'teacher@a.test',
      school: { role: 'teacher', schoolName: 'Rīgas Valsts tehnikums' },
    });
  });

  it('refuses a wrong password in the user language, and /me without a session is 401', async () => {
    const res = await t.request('POST', '/api/auth/login', {
      body: { email: 'teacher@a.test', password: 'nope' },
      headers: { 'accept-language': 'en' },
    });
    expect(res.status).toBe(401);
    expect(res.json()).toEqual({
      error: { code: 'invalid_credentials', message: 'Wrong e-mail or password.' },
    });
    const lv = await t.request('POST', '/api/auth/login', { body: { email: 'x', password: '' } });
    expect(lv.status).toBe(400);
    expect(lv.json().error.fields.email).toBe('Ievadiet derīgu e-pasta adresi.');
    expect((await t.request('GET', '/api/auth/me')).status).toBe(401);
  });

  it('signs out: the session no longer works', async () => {
    const cookie = await t.signIn('learner@a.test');
    expect((await t.request('POST', '/api/auth/logout', { cookie })).status).toBe(200);
    expect((await t.request('GET', '/api/auth/me', { cookie })).status).toBe(401);
  });

  it('keeps the language choice per user', async () => {
    const cookie = await t.signIn('coordinator@a.test');
    const res = await t.request('PATCH', '/api/auth/me', { cookie, body: { locale: 'en' } });
    expect(res.json().locale).toBe('en');
    const again = await t.signIn('coordinator@a.test');
    expect((await t.request('GET', '/api/auth/me', { cookie: again })).json().locale).toBe('en');
    const err = await t.request('GET', '/api/admin/audit', { cookie: again });
    expect(err.json().error.message).toBe('You do not have access to this action.');
  });

  it('slows down ten wrong passwords in a row with 429, then lets the real user in once the wait is over', async () => {
    for (let i = 0; i < 10; i++) {
      const r = await t.request('POST', '/api/auth/login', {
        body: { email: 'supervisor@a.test', password: `wrong-${i}` },
      });
      expect(r.status).toBe(401);
    }
    const blocked = await t.request('POST', '/api/auth/login', {
      body: { email: 'supervisor@a.test', password: PASSWORD },
    });
    expect(blocked.status).toBe(429);
    expect(Number(blocked.headers['retry-after'])).toBeGreaterThan(0);
    // The wait passes (we move the clock of the block rather than sleep a minute).
    await t.deps.db
      .updateTable('login_throttle')
      .set({ blocked_until: new Date(Date.now() - 1000) })
      .execute();
    const ok = await t.request('POST', '/api/auth/login', {
      body: { email: 'supervisor@a.test', password: PASSWORD },
    });
    expect(ok.status).toBe(200);
  });
});

describe('links by e-mail', () => {
  it('resets a forgotten password by a single-use link', async () => {
    expect(
      (await t.request('POST', '/api/auth/password-reset/request', { body: { email: 'learner@a.test' } }))
        .status,
    ).toBe(200);
    const link = await linkFromOutbox(t, 'learner@a.test');
    expect(link.pathname).toBe('/reset-password');
    const token = link.searchParams.get('token')!;
    const body = { token, password: 'A-brand-new-password', passwordRepeat: 'A-brand-new-password' };
    const done = await t.request('POST', '/api/auth/password-reset/confirm', { body });
    expect(done.status).toBe(200);
    expect(done.json().email).toBe('learner@a.test');
    expect((await t.request('POST', '/api/auth/password-reset/confirm', { body })).status).toBe(410);
    await t.signIn('learner@a.test', 'A-brand-new-password');
  });

  it('answers the same for an unknown address and sends nothing', async () => {
    const res = await t.request('POST', '/api/auth/password-reset/request', {
      body: { email: 'nobody@nowhere.test' },
    });
    expect(res.status).toBe(200);
    const count = await t.deps.db
      .selectFrom('mail_messages')
      .select((eb) => eb.fn.countAll().as('n'))
      .where('to_address', '=', 'nobody@nowhere.test')
      .executeTakeFirstOrThrow();
    expect(Number(count.n)).toBe(0);
  });

  it('signs in by a magic link once; an expired link is refused', async () => {
    await t.request('POST', '/api/auth/magic-link/request', { body: { email: 'supervisor@a.test' } });
    const token = (await linkFromOutbox(t, 'supervisor@a.test')).searchParams.get('token')!;
    const first = await t.request('POST', '/api/auth/magic-link/consume', { body: { token } });
    expect(first.status).toBe(200);
    expect(first.json().school.role).toBe('supervisor');
    const second = await t.request('POST', '/api/auth/magic-link/consume', { body: { token } });
    expect(second.status).toBe(410);
    expect(second.json().error.code).toBe('link_invalid');

    await t.request('POST', '/api/auth/magic-link/request', { body: { email: 'supervisor@a.test' } });
    const later = (await linkFromOutbox(t, 'supervisor@a.test')).searchParams.get('token')!;
    await t.deps.db
      .updateTable('auth_tokens')
      .set({ expires_at: new Date(Date.now() - 1000) })
      .where('kind', '=', 'magic')
      .where('used_at', 'is', null)
      .execute();
    expect((await t.request('POST', '/api/auth/magic-link/consume', { body: { token: later } })).status).toBe(
      410,
    );
  });

  it('an admin invites a user; the invitee sets a password and lands signed in with the role', async () => {
    const admin = await t.signIn('admin@a.test');
    const invite = await t.request('POST', '/api/admin/invitations', {
      cookie: admin,
      body: { email: 'Jauna.Skolotaja@a.test', role: 'teacher' },
    });
    expect(invite.status).toBe(200);
    const token = (await linkFromOutbox(t, 'jauna.skolotaja@a.test')).searchParams.get('token')!;
    const info = await t.request('GET', `/api/auth/invitations/${token}`);
    expect(info.json()).toEqual({
      email: 'jauna.skolotaja@a.test',
      schoolName: 'Rīgas Valsts tehnikums',
      role: 'teacher',
      hasAccount: false,
    });
    const accepted = await t.request('POST', '/api/auth/invitations/accept', {
      body: {
        token,
        givenName: 'Līva',
        familyName: 'Ņikitina',
        password: 'Skolotaja-2026!',
        passwordRepeat: 'Skolotaja-2026!',
      },
    });
    expect(accepted.status).toBe(200);
    expect(accepted.json()).toMatchObject({
      givenName: 'Līva',
      familyName: 'Ņikitina',
      school: { role: 'teacher' },
    });
    await t.signIn('jauna.skolotaja@a.test', 'Skolotaja-2026!');
    const again = await t.request('POST', '/api/auth/invitations/accept', {
      body: { token, givenName: 'X', familyName: 'Y' },
    });
    expect(again.status).toBe(410);
    const repeat = await t.request('POST', '/api/admin/invitations', {
      cookie: admin,
      body: { email: 'jauna.skolotaja@a.test', role: 'learner' },
    });
    expect(repeat.status).toBe(409);
    expect(repeat.json().error.fields.email).toBe('Lietotājs ar šo e-pastu jau ir šajā skolā.');
  });

  it('refuses passwords that differ, naming the field', async () => {
    const res = await t.request('POST', '/api/auth/password-reset/confirm', {
      body: { token: 'x'.repeat(40), password: 'long-enough-pass', passwordRepeat: 'different-pass!' },
    });
    expect(res.status).toBe(400);
    expect(res.json().error.fields).toEqual({ passwordRepeat: 'Paroles nesakrīt.' });
  });
});

describe('bad input and attack', () => {
  it('answers malformed JSON with 400, an oversized body with 413 and an unknown API route with 404, all in one shape', async () => {
    const bad = await t.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      headers: { 'content-type': 'application/json', origin: 'http://tilts.test' },
      payload: '{"email":',
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json()).toEqual({
      error: { code: 'malformed_json', message: 'Pieprasījums nav derīgs JSON.' },
    });
    const badEn = await t.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      headers: {
        'content-type': 'application/json',
        origin: 'http://tilts.test',
        'accept-language': 'en-GB',
      },
      payload: '{"email": "a@b.lv", "password": }',
    });
    expect(badEn.statusCode).toBe(400);
    expect(badEn.json()).toEqual({
      error: { code: 'malformed_json', message: 'The request is not valid JSON.' },
    });
    // Signed in, the profile's language wins over the browser's.
    const cookie = await t.signIn('teacher@a.test');
    await t.request('PATCH', '/api/auth/me', { cookie, body: { locale: 'en' } });
    const badSignedIn = await t.app.inject({
      method: 'PATCH',
      url: '/api/auth/me',
      headers: { 'content-type': 'application/json', origin: 'http://tilts.test', cookie },
      payload: '{locale: en}',
    });
    expect(badSignedIn.json().error.message).toBe('The request is not valid JSON.');
    await t.request('PATCH', '/api/auth/me', { cookie, body: { locale: 'lv' } });
    const big = await t.request('POST', '/api/auth/login', {
      body: { email: 'a@b.lv', password: 'x'.repeat(3 * 1024 * 1024) },
    });
    expect(big.status).toBe(413);
    expect(big.json()).toEqual({
      error: { code: 'payload_too_large', message: 'Pieprasījums ir pārāk liels.' },
    });
    const missing = await t.request('GET', '/api/no-such-thing');
    expect(missing.status).toBe(404);
    expect(missing.json()).toEqual({ error: { code: 'not_found', message: 'Nekas netika atrasts.' } });
    const missingEn = await t.request('DELETE', '/api/no-such-thing', {
      headers: { 'accept-language': 'en' },
    });
    expect(missingEn.status).toBe(404);
    expect(missingEn.json()).toEqual({ error: { code: 'not_found', message: 'Nothing was found.' } });
  });

  it('refuses a write with a session cookie from another origin (CSRF)', async () => {
    const cookie = await t.signIn('admin@a.test');
    const res = await t.request('PATCH', '/api/auth/me', {
      cookie,
      body: { locale: 'en' },
      headers: { origin: 'https://evil.example' },
    });
    expect(res.status).toBe(403);
    expect(res.json().error.code).toBe('csrf_rejected');
    const noOrigin = await t.app.inject({
      method: 'PATCH',
      url: '/api/auth/me',
      headers: { cookie },
      payload: { locale: 'en' },
    });
    expect(noOrigin.statusCode).toBe(403);
  });

  it('stores SQL and HTML in a text field as plain text', async () => {
    const admin = await t.signIn('admin@a.test');
    const name = `<script>alert(1)</script>'; drop table users; --`;
    const res = await t.request('PUT', '/api/admin/school', {
      cookie: admin,
      body: {
        name,
        legalAddress: 'Ķīpsalas iela 6',
        registrationNumber: '123',
        country: 'lv',
        erasmusOid: '',
      },
    });
    expect(res.status).toBe(200);
    expect(res.json()).toMatchObject({ name, country: 'LV' });
    expect((await t.request('GET', '/api/school', { cookie: admin })).json().name).toBe(name);
    const users = await t.deps.db.selectFrom('users').select('id').execute();
    expect(users.length).toBeGreaterThan(0);
  });

  it('never stores a password or a link token in plain text', async () => {
    const rows = await t.deps.db
      .selectFrom('users')
      .select('password_hash')
      .where('email', '=', 'admin@a.test')
      .executeTakeFirstOrThrow();
    expect(rows.password_hash).toMatch(/^\$argon2id\$/);
    const tokens = await t.deps.db.selectFrom('auth_tokens').select('token_hash').execute();
    expect(tokens.every((r) => /^[0-9a-f]{64}$/.test(r.token_hash))).toBe(true);
  });

  it('does not let a user of another school see or change this school', async () => {
    const other = await t.signIn(world.otherAdmin.email);
    const res = await t.request('PATCH', `/api/admin/users/${world.users.teacher.id}/role`, {
      cookie: other,
      body: { role: 'admin' },
    });
    expect(res.status).toBe(404);
    const list = await t.request('GET', '/api/admin/users', { cookie: other });
    expect(list.json().items.map((u: { email: string }) => u.email)).toEqual(['admin@b.test']);
  });
});
