import { type NotificationKind, type NotificationsResponse, notificationText } from '@tilts/shared';
import { type Actor, inSchool, type Trx } from '../../db/context.ts';
import type { Deps } from '../../deps.ts';
import { AppError } from '../../errors.ts';
import { actorForAudit, recordAudit } from '../audit/audit.service.ts';

export interface NoticeInput {
  schoolId: string;
  userId: string;
  kind: NotificationKind;
  params: Record<string, string | number>;
  /** Where the notice takes its reader, inside the web app (`/placements/…?tab=plan`). */
  link: string;
}

/** Writes an in-app notice in the caller's transaction: it exists only if the change that causes it commits. */
export async function notify(trx: Trx, input: NoticeInput): Promise<void> {
  await notifyMany(trx, [input]);
}

/** Many notices in one statement (a reminder run), in the caller's transaction. */
export async function notifyMany(trx: Trx, inputs: NoticeInput[]): Promise<void> {
  if (inputs.length === 0) return;
  await trx
    .insertInto('notifications')
    .values(
      inputs.map((input) => ({
        school_id: input.schoolId,
        user_id: input.userId,
        kind: input.kind,
        params: JSON.stringify(input.params),
        link: input.link,
      })),
    )
    .execute();
}

async function unreadOf(trx: Trx, actor: Actor): Promise<number> {
  const row = await trx
    .selectFrom('notifications')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('user_id', '=', actor.userId)
    .where('read_at', 'is', null)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/** The actor's notices in this school, newest first, worded in their language. */
export async function listNotifications(
  deps: Deps,
  actor: Actor,
  query: { unread: boolean; page: number; pageSize: number },
): Promise<NotificationsResponse> {
  return inSchool(deps.db, actor.schoolId, async (trx) => {
    let q = trx.selectFrom('notifications').where('user_id', '=', actor.userId);
    if (query.unread) q = q.where('read_at', 'is', null);
    const [rows, total, unread] = await Promise.all([
      q
        .selectAll()
        .orderBy('created_at', 'desc')
        .orderBy('id', 'desc')
        .limit(query.pageSize)
        .offset((query.page - 1) * query.pageSize)
        .execute(),
      q.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
      unreadOf(trx, actor),
    ]);
    return {
      items: rows.map((r) => ({
        id: r.id,
        kind: r.kind,
        params: r.params,
        text: notificationText(r.kind, r.params, actor.locale),
        link: r.link,
        createdAt: r.created_at.toISOString(),
        readAt: r.read_at ? r.read_at.toISOString() : null,
      })),
      total: Number(total.n),
      unread,
      page: query.page,
      pageSize: query.pageSize,
    };
  });
}

/** How many of the actor's notices are unread: the number on the bell. */
export async function unreadCount(deps: Deps, actor: Actor): Promise<{ unread: number }> {
  return inSchool(deps.db, actor.schoolId, async (trx) => ({ unread: await unreadOf(trx, actor) }));
}

/** Marks one of the actor's own notices read; anybody else's is "not found". */
export async function markRead(deps: Deps, actor: Actor, id: string): Promise<{ unread: number }> {
  return inSchool(deps.db, actor.schoolId, async (trx) => {
    const row = await trx
      .selectFrom('notifications')
      .select(['id', 'read_at'])
      .where('id', '=', id)
      .where('user_id', '=', actor.userId)
      .executeTakeFirst();
    if (!row) throw new AppError('not_found');
    if (!row.read_at) {
      await trx.updateTable('notifications').set({ read_at: deps.now() }).where('id', '=', id).execute();
      await recordAudit(trx, actorForAudit(actor), {
        action: 'notification.read',
        entityType: 'notification',
        entityId: id,
      });
    }
    return { unread: await unreadOf(trx, actor) };
  });
}

/** Marks every unread notice of the actor read. */
export async function markAllRead(deps: Deps, actor: Actor): Promise<{ unread: number }> {
  return inSchool(deps.db, actor.schoolId, async (trx) => {
    const done = await trx
      .updateTable('notifications')
      .set({ read_at: deps.now() })
      .where('user_id', '=', actor.userId)
      .where('read_at', 'is', null)
      .executeTakeFirst();
    const count = Number(done.numUpdatedRows);
    if (count > 0) {
      await recordAudit(trx, actorForAudit(actor), {
        action: 'notification.read_all',
        entityType: 'user',
        entityId: actor.userId,
        after: { count },
      });
    }
    return { unread: 0 };
  });
}
