import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestTilts, createWorld, type TestTilts, type World } from './support/harness.ts';
import { startTestSmtp, type TestSmtp } from './support/smtp.ts';

let smtp: TestSmtp;
let t: TestTilts;
let world: World;

beforeAll(async () => {
  smtp = await startTestSmtp();
  t = await createTestTilts({ SMTP_URL: smtp.url, TILTS_JOBS: 'true', MAIL_FROM: 'Tilts <tilts@a.test>' });
  world = await createWorld(t);
});
afterAll(async () => {
  await t?.close();
  await smtp?.close();
});

function linkIn(text: string): URL {
  const match = text.match(/https?:\/\/\S+/);
  if (!match) throw new Error(`no link in:\n${text}`);
  return new URL(match[0]);
}

describe('e-mail over SMTP', () => {
  it('delivers an invitation in the invitee language; its link signs the new user in with the role', async () => {
    const admin = await t.signIn(world.users.admin.email);
    const res = await t.request('POST', '/api/admin/invitations', {
      cookie: admin,
      body: { email: 'Jaunais.Pedagogs@a.test', role: 'teacher' },
    });
    expect(res.status).toBe(200);

    const [mail] = await smtp.waitFor(1);
    expect(mail!.to).toEqual(['jaunais.pedagogs@a.test']);
    expect(mail!.from).toBe('tilts@a.test');
    // A new address has no language yet: it gets the inviter's, Latvian.
    expect(mail!.subject).toBe('Uzaicinājums pievienoties Tilts: Rīgas Valsts tehnikums');
    expect(mail!.text).toContain('ar lomu: pedagogs');
    expect(mail!.text).toContain('Ēriks Žubīts-admin jūs uzaicina');
    const id = mail!.headers.get('x-tilts-message-id');
    // The job marks the row sent just after the SMTP server has said yes.
    await expect
      .poll(
        () => t.deps.db.selectFrom('mail_messages').selectAll().where('id', '=', id!).executeTakeFirst(),
        {
          timeout: 10_000,
        },
      )
      .toMatchObject({ to_address: 'jaunais.pedagogs@a.test', status: 'sent', attempts: 1 });

    const link = linkIn(mail!.text);
    expect(link.origin).toBe('http://tilts.test');
    expect(link.pathname).toBe('/invitation');
    const token = link.searchParams.get('token')!;
    const info = await t.request('GET', `/api/auth/invitations/${token}`);
    expect(info.status).toBe(200);
    expect(info.json()).toMatchObject({
      email: 'jaunais.pedagogs@a.test',
      role: 'teacher',
      hasAccount: false,
    });
    const accepted = await t.request('POST', '/api/auth/invitations/accept', {
      body: {
        token,
        givenName: 'Ilze',
        familyName: 'Ķeniņa',
        password: 'Pedagogs-2026!',
        passwordRepeat: 'Pedagogs-2026!',
      },
    });
    expect(accepted.status).toBe(200);
    const cookie = String(accepted.headers['set-cookie']).split(';')[0]!;
    const me = await t.request('GET', '/api/auth/me', { cookie });
    expect(me.json()).toMatchObject({
      email: 'jaunais.pedagogs@a.test',
      givenName: 'Ilze',
      school: { role: 'teacher', schoolName: 'Rīgas Valsts tehnikums' },
    });
  });

  it('writes to someone who already has an account in their own language, not the inviter’s', async () => {
    const other = await t.signIn(world.otherAdmin.email);
    expect((await t.request('PATCH', '/api/auth/me', { cookie: other, body: { locale: 'en' } })).status).toBe(
      200,
    );
    const admin = await t.signIn(world.users.admin.email);
    const before = smtp.messages.length;
    const res = await t.request('POST', '/api/admin/invitations', {
      cookie: admin,
      body: { email: world.otherAdmin.email, role: 'coordinator' },
    });
    expect(res.status).toBe(200);
    const mail = (await smtp.waitFor(before + 1))[before]!;
    expect(mail.to).toEqual([world.otherAdmin.email]);
    expect(mail.subject).toBe('Invitation to join Tilts: Rīgas Valsts tehnikums');
    expect(mail.text).toContain('as coordinator');
    expect(mail.text).not.toContain('Labdien');
  });
});
