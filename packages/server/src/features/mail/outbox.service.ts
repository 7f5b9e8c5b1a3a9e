import type { outboxQuery } from '@tilts/shared';
import type { z } from 'zod';
import type { Actor, Trx } from '../../db/context.ts';
import { escapeLike } from '../audit/audit.service.ts';

/**
 * The school's sent and undelivered e-mail, newest first. An admin reads all of it; anyone else only
 * what their own actions sent (a coordinator's invitations and signature requests), because the
 * outbox also holds other people's sign-in links.
 */
export async function listOutbox(trx: Trx, actor: Actor, query: z.infer<typeof outboxQuery>) {
  let q = trx.selectFrom('mail_messages');
  if (actor.role !== 'admin') q = q.where('caused_by', '=', actor.userId);
  if (query.q) {
    const like = `%${escapeLike(query.q)}%`;
    q = q.where((eb) => eb.or([eb('to_address', 'ilike', like), eb('subject', 'ilike', like)]));
  }
  const { n } = await q.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  const column = query.sort === 'to' ? 'to_address' : query.sort === 'subject' ? 'subject' : 'created_at';
  const rows = await q
    .selectAll()
    .orderBy(column, query.sort ? query.dir : 'desc')
    .orderBy('id')
    .limit(query.pageSize)
    .offset((query.page - 1) * query.pageSize)
    .execute();
  return {
    total: Number(n),
    items: rows.map((r) => ({
      id: r.id,
      to: r.to_address,
      subject: r.subject,
      text: r.text_body,
      status: r.status,
      createdAt: r.created_at.toISOString(),
    })),
  };
}
