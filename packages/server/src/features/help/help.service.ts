import {
  type HelpContext,
  type HelpListQuery,
  type HelpStatus,
  type HelpTicketDetail,
  type HelpTicketInput,
  type HelpTicketSummary,
  isLocale,
  type Locale,
  notStartedStatuses,
  type SupportTopic,
} from '@tilts/shared';
import { type ExpressionBuilder, sql } from 'kysely';
import { type Actor, inSchool, type Trx } from '../../db/context.ts';
import type { DB } from '../../db/schema.ts';
import type { Deps } from '../../deps.ts';
import { AppError } from '../../errors.ts';
import { actorForAudit, recordAudit } from '../audit/audit.service.ts';
import { queueMail } from '../mail/mail.service.ts';
import { ticketOpenedMail, ticketReplyMail } from './help.mail.ts';

type T = ExpressionBuilder<DB & { t: DB['help_tickets'] }, 't'>;

/**
 * Who a ticket is for, besides its asker: a technical problem goes to every administrator of the
 * school (its technical support), "I need my mentor" to the mentor named on it.
 */
function handledBy(eb: T, actor: Actor) {
  const mine = [eb('t.asker_id', '=', actor.userId), eb('t.assignee_id', '=', actor.userId)];
  if (actor.role === 'admin') mine.push(eb('t.category', '=', 'technical'));
  return eb.or(mine);
}

const fullName = (u: { given_name: string | null; family_name: string | null }) =>
  u.given_name === null ? '—' : `${u.given_name} ${u.family_name}`;

/**
 * The learner's current placement with a mentor: the one in progress, else the next that has not
 * started. The "I need my mentor" button goes to its mentor.
 */
async function currentMentor(trx: Trx, actor: Actor) {
  if (actor.role !== 'learner') return null;
  const rows = await trx
    .selectFrom('placements as p')
    .innerJoin('placement_participants as pp', 'pp.placement_id', 'p.id')
    .innerJoin('users as u', 'u.id', 'p.mentor_id')
    .select([
      'p.id',
      'p.title',
      'p.status',
      'p.start_date',
      'u.id as mentor_id',
      'u.given_name',
      'u.family_name',
    ])
    .where('pp.user_id', '=', actor.userId)
    .where('pp.role', '=', 'learner')
    .where('p.status', 'in', ['in_progress', ...notStartedStatuses])
    .where('u.is_active', '=', true)
    .orderBy(sql`case when p.status = 'in_progress' then 0 else 1 end`)
    .orderBy('p.start_date')
    .execute();
  const p = rows[0];
  return p ? { placementId: p.id, placementTitle: p.title, mentorId: p.mentor_id, name: fullName(p) } : null;
}

/** What the "need help" dialog offers the actor: the mentor, if they have one now. */
export async function helpContext(deps: Deps, actor: Actor): Promise<HelpContext> {
  return inSchool(deps.db, actor.schoolId, async (trx) => {
    const m = await currentMentor(trx, actor);
    return {
      mentor: m ? { name: m.name, placementId: m.placementId, placementTitle: m.placementTitle } : null,
    };
  });
}

const ticketLink = (deps: Deps, id: string) => `${deps.config.PUBLIC_URL}/help/${id}`;

/** The people a ticket is for (not its asker), with their e-mail and language. */
async function handlers(
  trx: Trx,
  schoolId: string,
  ticket: { category: string; assignee_id: string | null },
) {
  let q = trx
    .selectFrom('users as u')
    .innerJoin('memberships as m', (j) => j.onRef('m.user_id', '=', 'u.id').on('m.school_id', '=', schoolId))
    .select(['u.id', 'u.email', 'u.locale'])
    .where('u.is_active', '=', true)
    .where('m.is_active', '=', true);
  if (ticket.category === 'technical') q = q.where('m.role', '=', 'admin');
  else if (ticket.assignee_id) q = q.where('u.id', '=', ticket.assignee_id);
  else return [];
  return q.orderBy('u.email').execute();
}

const localeOf = (value: string): Locale => (isLocale(value) ? value : 'lv');

async function userName(trx: Trx, userId: string) {
  return fullName(
    await trx
      .selectFrom('users')
      .select(['given_name', 'family_name'])
      .where('id', '=', userId)
      .executeTakeFirstOrThrow(),
  );
}

/**
 * Opens a "need help" ticket: a technical problem to the school's administrators, or to the mentor
 * of the learner's current placement; those it is for are told by e-mail.
 */
export async function createTicket(
  deps: Deps,
  actor: Actor,
  input: HelpTicketInput,
): Promise<HelpTicketDetail> {
  return inSchool(deps.db, actor.schoolId, async (trx) => {
    let placementId: string | null = null;
    let assigneeId: string | null = null;
    if (input.category === 'mentor') {
      const mentor = await currentMentor(trx, actor);
      if (!mentor) throw new AppError('validation_failed', { fields: { category: 'no_mentor' } });
      placementId = mentor.placementId;
      assigneeId = mentor.mentorId;
    }
    const now = deps.now();
    const ticket = await trx
      .insertInto('help_tickets')
      .values({
        school_id: actor.schoolId,
        asker_id: actor.userId,
        category: input.category,
        topic: input.topic ?? (input.category === 'technical' ? 'platform' : 'other'),
        placement_id: placementId,
        assignee_id: assigneeId,
        subject: input.subject,
        body: input.body,
        created_at: now,
        updated_at: now,
      })
      .returning(['id', 'category', 'assignee_id'])
      .executeTakeFirstOrThrow();
    const askerName = await userName(trx, actor.userId);
    for (const h of await handlers(trx, actor.schoolId, ticket)) {
      if (h.id === actor.userId) continue;
      await queueMail(trx, deps, {
        schoolId: actor.schoolId,
        to: h.email,
        locale: localeOf(h.locale),
        causedBy: actor.userId,
        mail: ticketOpenedMail({
          category: input.category,
          askerName,
          subject: input.subject,
          body: input.body,
          link: ticketLink(deps, ticket.id),
        }),
      });
    }
    await recordAudit(trx, actorForAudit(actor), {
      action: 'help.ticket_opened',
      entityType: 'help_ticket',
      entityId: ticket.id,
      after: { category: input.category, topic: input.topic ?? null, assigneeId, placementId },
    });
    return ticketDetail(trx, actor, ticket.id);
  });
}

const sortColumns = { updatedAt: 't.updated_at', createdAt: 't.created_at', status: 't.status' } as const;

/** The tickets the actor asked and those that are for them, newest activity first. */
export async function listTickets(deps: Deps, actor: Actor, query: HelpListQuery) {
  return inSchool(deps.db, actor.schoolId, async (trx) => {
    let q = ticketsFrom(trx).where((eb) => handledBy(eb, actor));
    if (query.status) q = q.where('t.status', '=', query.status);
    if (query.category) q = q.where('t.category', '=', query.category);
    if (query.q) {
      const like = `%${query.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
      q = q.where((eb) => eb.or([eb('t.subject', 'ilike', like), eb('t.body', 'ilike', like)]));
    }
    const { n } = await q.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    const rows = await summaryQuery(q)
      .orderBy(sortColumns[query.sort ?? 'updatedAt'], query.sort ? query.dir : 'desc')
      .orderBy('t.id')
      .limit(query.pageSize)
      .offset((query.page - 1) * query.pageSize)
      .execute();
    return {
      items: rows.map((r) => summary(r, actor)),
      total: Number(n),
      page: query.page,
      pageSize: query.pageSize,
    };
  });
}

const ticketsFrom = (trx: Trx) => trx.selectFrom('help_tickets as t');

function summaryQuery(q: ReturnType<typeof ticketsFrom>) {
  return q
    .innerJoin('users as asker', 'asker.id', 't.asker_id')
    .leftJoin('users as assignee', 'assignee.id', 't.assignee_id')
    .select([
      't.id',
      't.category',
      't.topic',
      't.subject',
      't.status',
      't.asker_id',
      't.created_at',
      't.updated_at',
      'asker.given_name as asker_given',
      'asker.family_name as asker_family',
      'assignee.given_name as assignee_given',
      'assignee.family_name as assignee_family',
    ])
    .select((eb) =>
      eb
        .selectFrom('help_ticket_replies as r')
        .select((s) => s.fn.countAll<number>().as('n'))
        .whereRef('r.ticket_id', '=', 't.id')
        .as('replies'),
    );
}

type SummaryRow = Awaited<ReturnType<ReturnType<typeof summaryQuery>['execute']>>[number];

function summary(r: SummaryRow, actor: Actor): HelpTicketSummary {
  return {
    id: r.id,
    category: r.category,
    topic: r.topic as SupportTopic,
    subject: r.subject,
    status: r.status,
    askerName: fullName({ given_name: r.asker_given, family_name: r.asker_family }),
    assigneeName:
      r.assignee_given === null
        ? null
        : fullName({ given_name: r.assignee_given, family_name: r.assignee_family }),
    mine: r.asker_id === actor.userId,
    replyCount: Number(r.replies ?? 0),
    createdAt: r.created_at.toISOString(),
    updatedAt: r.updated_at.toISOString(),
  };
}

async function ticketDetail(trx: Trx, actor: Actor, id: string): Promise<HelpTicketDetail> {
  const row = await summaryQuery(ticketsFrom(trx).where((eb) => handledBy(eb, actor)))
    .leftJoin('placements as p', 'p.id', 't.placement_id')
    .select(['t.body', 'p.id as placement_id', 'p.title as placement_title'])
    .where('t.id', '=', id)
    .executeTakeFirst();
  // Someone else's ticket, or another school's: the same "not found".
  if (!row) throw new AppError('not_found');
  const replies = await trx
    .selectFrom('help_ticket_replies as r')
    .leftJoin('users as u', 'u.id', 'r.author_id')
    .select(['r.id', 'r.body', 'r.created_at', 'r.author_id', 'u.given_name', 'u.family_name'])
    .where('r.ticket_id', '=', id)
    .orderBy('r.created_at')
    .orderBy('r.id')
    .execute();
  return {
    ...summary(row, actor),
    body: row.body,
    placement: row.placement_id ? { id: row.placement_id, title: row.placement_title ?? '' } : null,
    replies: replies.map((r) => ({
      id: r.id,
      authorName: fullName(r),
      body: r.body,
      createdAt: r.created_at.toISOString(),
      mine: r.author_id === actor.userId,
    })),
  };
}

/** One ticket with its replies, for its asker and those it is for. */
export async function getTicket(deps: Deps, actor: Actor, id: string): Promise<HelpTicketDetail> {
  return inSchool(deps.db, actor.schoolId, (trx) => ticketDetail(trx, actor, id));
}

async function lockTicket(trx: Trx, actor: Actor, id: string) {
  const t = await ticketsFrom(trx)
    .selectAll('t')
    .where('t.id', '=', id)
    .where((eb) => handledBy(eb, actor))
    .forUpdate()
    .executeTakeFirst();
  if (!t) throw new AppError('not_found');
  return t;
}

/**
 * Replies on a ticket. A reply from those it is for makes it "answered"; one from the asker opens it
 * again. The other side is told by e-mail. A closed ticket must be reopened first.
 */
export async function replyTicket(
  deps: Deps,
  actor: Actor,
  id: string,
  body: string,
): Promise<HelpTicketDetail> {
  return inSchool(deps.db, actor.schoolId, async (trx) => {
    const t = await lockTicket(trx, actor, id);
    if (t.status === 'closed') throw new AppError('conflict', { fields: { body: 'ticket_closed' } });
    const now = deps.now();
    const byAsker = t.asker_id === actor.userId;
    const status: HelpStatus = byAsker ? 'open' : 'answered';
    const reply = await trx
      .insertInto('help_ticket_replies')
      .values({ school_id: actor.schoolId, ticket_id: t.id, author_id: actor.userId, body, created_at: now })
      .returning('id')
      .executeTakeFirstOrThrow();
    await trx.updateTable('help_tickets').set({ status, updated_at: now }).where('id', '=', t.id).execute();
    const others = byAsker
      ? await handlers(trx, actor.schoolId, t)
      : await trx
          .selectFrom('users')
          .select(['id', 'email', 'locale'])
          .where('id', '=', t.asker_id)
          .where('is_active', '=', true)
          .execute();
    const authorName = await userName(trx, actor.userId);
    for (const o of others) {
      if (o.id === actor.userId) continue;
      await queueMail(trx, deps, {
        schoolId: actor.schoolId,
        to: o.email,
        locale: localeOf(o.locale),
        causedBy: actor.userId,
        mail: ticketReplyMail({ authorName, subject: t.subject, body, link: ticketLink(deps, t.id) }),
      });
    }
    await recordAudit(trx, actorForAudit(actor), {
      action: 'help.replied',
      entityType: 'help_ticket',
      entityId: t.id,
      before: { status: t.status },
      after: { status, replyId: reply.id },
    });
    return ticketDetail(trx, actor, t.id);
  });
}

/** Closes a ticket, or opens a closed one again; its asker and those it is for may. */
export async function setTicketStatus(
  deps: Deps,
  actor: Actor,
  id: string,
  status: 'open' | 'closed',
): Promise<HelpTicketDetail> {
  return inSchool(deps.db, actor.schoolId, async (trx) => {
    const t = await lockTicket(trx, actor, id);
    if (t.status !== status) {
      await trx
        .updateTable('help_tickets')
        .set({ status, updated_at: deps.now() })
        .where('id', '=', t.id)
        .execute();
      await recordAudit(trx, actorForAudit(actor), {
        action: status === 'closed' ? 'help.closed' : 'help.reopened',
        entityType: 'help_ticket',
        entityId: t.id,
        before: { status: t.status },
        after: { status },
      });
    }
    return ticketDetail(trx, actor, t.id);
  });
}
