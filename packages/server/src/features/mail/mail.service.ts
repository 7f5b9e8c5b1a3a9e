import type { Locale } from '@tilts/shared';
import type { Kysely } from 'kysely';
import nodemailer, { type Transporter } from 'nodemailer';
import type { Trx } from '../../db/context.ts';
import type { DB } from '../../db/schema.ts';
import type { JobQueue } from '../../jobs/queue.ts';
import { type FeatureMail, type MailTemplate, wordMail } from './templates.ts';

export interface Mailer {
  /** Null when no SMTP server is configured: messages then stay in the outbox. */
  transport: Transporter | null;
  from: string;
}

export function createMailer(smtpUrl: string | undefined, from: string): Mailer {
  return { transport: smtpUrl ? nodemailer.createTransport(smtpUrl) : null, from };
}

export interface QueueMailInput {
  schoolId: string | null;
  to: string;
  locale: Locale;
  mail: MailTemplate | FeatureMail;
  /** The user whose action sends it; they may read it in the outbox. */
  causedBy?: string | null;
}

/**
 * Writes the message, in the recipient's language, in the caller's transaction; with SMTP it also
 * queues its delivery in that transaction, so a rolled-back change sends nothing.
 */
export async function queueMail(trx: Trx, deps: { mailer: Mailer; jobs: JobQueue }, input: QueueMailInput) {
  const { subject, text } = wordMail(input.mail, input.locale);
  const row = await trx
    .insertInto('mail_messages')
    .values({
      school_id: input.schoolId,
      to_address: input.to,
      subject,
      text_body: text,
      locale: input.locale,
      template: input.mail.template,
      caused_by: input.causedBy ?? null,
      status: deps.mailer.transport ? 'queued' : 'outbox',
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  if (deps.mailer.transport) await deps.jobs.send(trx, 'mail.send', { messageId: row.id });
  return row.id;
}

/** The job: hands one queued message to the SMTP server, once. */
export async function deliverMail(db: Kysely<DB>, mailer: Mailer, messageId: string): Promise<void> {
  const message = await db
    .selectFrom('mail_messages')
    .selectAll()
    .where('id', '=', messageId)
    .executeTakeFirst();
  if (!message || message.status === 'sent' || !mailer.transport) return;
  try {
    await mailer.transport.sendMail({
      from: mailer.from,
      to: message.to_address,
      subject: message.subject,
      text: message.text_body,
      headers: { 'X-Tilts-Message-Id': message.id },
    });
    await db
      .updateTable('mail_messages')
      .set((eb) => ({ status: 'sent', sent_at: new Date(), attempts: eb('attempts', '+', 1), error: null }))
      .where('id', '=', messageId)
      .execute();
  } catch (error) {
    await db
      .updateTable('mail_messages')
      .set((eb) => ({
        attempts: eb('attempts', '+', 1),
        error: String((error as Error).message).slice(0, 500),
      }))
      .where('id', '=', messageId)
      .execute();
    throw error;
  }
}
