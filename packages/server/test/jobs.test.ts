import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inSchool } from '../src/db/context.ts';
import { createSchool } from '../src/demo/factories.ts';
import { createMailer, deliverMail, queueMail } from '../src/features/mail/mail.service.ts';
import { JobQueue } from '../src/jobs/queue.ts';
import { startTilts } from '../src/server.ts';
import { createTestTilts, onServer, PUBLIC_URL, type TestTilts } from './support/harness.ts';
import { startTestSmtp, type TestSmtp } from './support/smtp.ts';

const JOBS = 200;
const FROM_FIRST = 'first@tilts.test';
const FROM_SECOND = 'second@tilts.test';

let smtp: TestSmtp;
let t: TestTilts;
/** The second worker on the same database, and how to stop it. */
let second: { close(): Promise<void> } | undefined;

beforeAll(async () => {
  smtp = await startTestSmtp();
  t = await createTestTilts({ SMTP_URL: smtp.url, TILTS_JOBS: 'true', MAIL_FROM: `Tilts <${FROM_FIRST}>` });
  if (onServer) {
    // A second Tilts process would be another startTilts on the same database: so it is here.
    second = await startTilts(
      {
        DATABASE_URL: t.deps.config.DATABASE_URL,
        TILTS_DEMO: 'false',
        TILTS_JOBS: 'true',
        LOG_LEVEL: 'silent',
        PUBLIC_URL,
        SMTP_URL: smtp.url,
        MAIL_FROM: `Tilts <${FROM_SECOND}>`,
      },
      { logger: false },
    );
  } else {
    // PGlite lives inside one process: the second worker is another pg-boss on the same embedded database.
    const mailer = createMailer(smtp.url, `Tilts <${FROM_SECOND}>`);
    const queue = new JobQueue({
      database: t.deps.database,
      pglite: t.deps.database.pglite,
      work: true,
    });
    queue.handle('mail.send', ({ messageId }) => deliverMail(t.deps.db, mailer, messageId));
    await queue.start();
    second = {
      async close() {
        await queue.stop();
        mailer.transport?.close();
      },
    };
  }
});
afterAll(async () => {
  await second?.close();
  await t?.close();
  await smtp?.close();
});

describe('background jobs', () => {
  it(`two workers on one database deliver ${JOBS} e-mails, each exactly once`, async () => {
    const school = await createSchool(t.deps.db, { name: 'Darbu skola', slug: 'jobs' });
    // Each message in its own transaction, as a request would write it.
    for (let i = 0; i < JOBS; i++) {
      await inSchool(t.deps.db, school.id, (trx) =>
        queueMail(trx, t.deps, {
          schoolId: school.id,
          to: `sanemejs-${i}@jobs.test`,
          locale: i % 2 ? 'en' : 'lv',
          mail: { template: 'magic_link', link: `${PUBLIC_URL}/magic-link?token=t${i}`, minutes: 15 },
        }),
      );
    }

    await smtp.waitFor(JOBS, 45_000);
    // Every row says sent; then a moment more, so a second delivery of anything would have time to show.
    await expect
      .poll(
        async () => {
          const rows = await t.deps.db
            .selectFrom('mail_messages')
            .select(['status', 'attempts'])
            .where('school_id', '=', school.id)
            .execute();
          return rows.filter((r) => r.status === 'sent').length;
        },
        { timeout: 10_000 },
      )
      .toBe(JOBS);
    await new Promise((resolve) => setTimeout(resolve, 1500));

    const ids = smtp.messages.map((m) => m.headers.get('x-tilts-message-id'));
    const counts = new Map<string | undefined, number>();
    for (const id of ids) counts.set(id, (counts.get(id) ?? 0) + 1);
    expect(smtp.messages).toHaveLength(JOBS);
    expect([...counts.values()].filter((n) => n > 1)).toEqual([]);

    const rows = await t.deps.db
      .selectFrom('mail_messages')
      .select(['id', 'status', 'attempts'])
      .where('school_id', '=', school.id)
      .execute();
    expect(rows).toHaveLength(JOBS);
    expect(rows.filter((r) => r.status !== 'sent' || r.attempts !== 1)).toEqual([]);
    expect(new Set(ids)).toEqual(new Set(rows.map((r) => r.id)));

    // Both workers took part: the sender address says which one delivered.
    const byFirst = smtp.messages.filter((m) => m.from === FROM_FIRST).length;
    const bySecond = smtp.messages.filter((m) => m.from === FROM_SECOND).length;
    expect(byFirst + bySecond).toBe(JOBS);
    expect(byFirst, `first ${byFirst}, second ${bySecond}`).toBeGreaterThan(0);
    expect(bySecond, `first ${byFirst}, second ${bySecond}`).toBeGreaterThan(0);
  }, 90_000);

  it('retries a refused message without sending the others of its batch again', async () => {
    const school = await createSchool(t.deps.db, { name: 'Atteikumu skola', slug: 'refusals' });
    const refused = 'neeksiste@jobs.test';
    smtp.refuse.add(refused);
    const before = smtp.messages.length;
    const addresses = Array.from({ length: 15 }, (_, i) => (i === 2 ? refused : `otrais-${i}@jobs.test`));
    for (const to of addresses) {
      await inSchool(t.deps.db, school.id, (trx) =>
        queueMail(trx, t.deps, {
          schoolId: school.id,
          to,
          locale: 'lv',
          mail: { template: 'magic_link', link: `${PUBLIC_URL}/magic-link?token=x`, minutes: 15 },
        }),
      );
    }
    const failedRow = () =>
      t.deps.db
        .selectFrom('mail_messages')
        .select(['status', 'attempts', 'error'])
        .where('to_address', '=', refused)
        .executeTakeFirstOrThrow();
    await smtp.waitFor(before + 14, 30_000);
    // The first retry comes five seconds after the failure; the whole batch runs again then.
    await expect
      .poll(async () => (await failedRow()).attempts, { timeout: 30_000, interval: 250 })
      .toBeGreaterThan(1);
    await new Promise((resolve) => setTimeout(resolve, 500));

    const failed = await failedRow();
    expect(failed.status).toBe('queued');
    expect(failed.error).toMatch(/No such mailbox/);
    const delivered = smtp.messages.slice(before);
    expect(delivered.map((m) => m.to[0]).sort()).toEqual(addresses.filter((a) => a !== refused).sort());
    const rows = await t.deps.db
      .selectFrom('mail_messages')
      .select(['status', 'attempts'])
      .where('school_id', '=', school.id)
      .where('to_address', '!=', refused)
      .execute();
    expect(rows).toHaveLength(14);
    expect(rows.every((r) => r.status === 'sent' && r.attempts === 1)).toBe(true);
  }, 90_000);
});
