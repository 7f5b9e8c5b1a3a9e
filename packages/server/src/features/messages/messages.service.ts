import type {
  IntroductionInput,
  Locale,
  MessageInput,
  ThreadLinkView,
  ThreadMessage,
  ThreadResponse,
  UnreadResponse,
} from '@tilts/shared';
import { sql } from 'kysely';
import { type Actor, inSchool, type Trx } from '../../db/context.ts';
import type { Deps } from '../../deps.ts';
import { AppError } from '../../errors.ts';
import { recordAudit } from '../audit/audit.service.ts';
import { issueLink, openLink } from '../links/links.service.ts';
import { queueMail } from '../mail/mail.service.ts';
import { visiblePlacements } from '../placements/placements.repository.ts';
import { listIntroductions, writeIntroduction } from '../support/intake.service.ts';
import {
  type PlacementRow,
  partyKey,
  placementParties,
  supervisorKey,
  visiblePlacement,
  type Writer,
  writerOf,
} from '../support/parties.ts';
import { threadMessageMail } from './messages.mail.ts';
import { shouldEmail } from './notify.ts';

/** The purpose of the link that lets a workplace supervisor read and answer a placement's thread. */
export const THREAD_LINK = 'placement.thread';
const LINK_DAYS = 30;
/** The newest messages a thread shows; a placement's conversation rarely comes near it. */
const THREAD_LIMIT = 500;

/** Where a request came from, for the audit entry of someone writing through a link. */
export interface RequestMeta {
  ip?: string;
  requestId?: string;
}

async function readerRow(trx: Trx, placementId: string, key: string) {
  return trx
    .selectFrom('placement_thread_readers')
    .selectAll()
    .where('placement_id', '=', placementId)
    .where('reader_key', '=', key)
    .executeTakeFirst();
}

/** Moves a reader's "read up to" to the newest message (never backwards). */
async function markRead(trx: Trx, p: PlacementRow, key: string, seq: number, now: Date) {
  await sql`
    insert into placement_thread_readers (school_id, placement_id, reader_key, last_read_seq, last_read_at)
    values (${p.school_id}, ${p.id}, ${key}, ${seq}, ${now})
    on conflict (placement_id, reader_key) do update
      set last_read_seq = greatest(placement_thread_readers.last_read_seq, excluded.last_read_seq),
          last_read_at = excluded.last_read_at
  `.execute(trx);
}

/** The thread as one reader sees it, marking it read for them. */
async function readThread(trx: Trx, deps: Deps, p: PlacementRow, key: string): Promise<ThreadMessage[]> {
  const [rows, reader] = await Promise.all([
    trx
      .selectFrom('placement_messages')
      .selectAll()
      .where('placement_id', '=', p.id)
      .orderBy('seq', 'desc')
      .limit(THREAD_LIMIT)
      .execute(),
    readerRow(trx, p.id, key),
  ]);
  rows.reverse();
  const readUpTo = Number(reader?.last_read_seq ?? 0);
  const newest = rows.at(-1);
  if (newest) await markRead(trx, p, key, Number(newest.seq), deps.now());
  return rows.map((m) => ({
    id: m.id,
    authorName: m.author_name,
    authorRole: m.author_role,
    body: m.body,
    createdAt: m.created_at.toISOString(),
    mine: m.author_key === key,
    unread: m.author_key !== key && Number(m.seq) > readUpTo,
  }));
}

/** A placement's thread for a signed-in party; opening it marks it read. */
export async function getThread(deps: Deps, actor: Actor, placementId: string): Promise<ThreadResponse> {
  return inSchool(deps.db, actor.schoolId, async (trx) => {
    const p = await visiblePlacement(trx, actor, placementId);
    return threadView(trx, deps, p, partyKey(actor));
  });
}

async function threadView(trx: Trx, deps: Deps, p: PlacementRow, key: string): Promise<ThreadResponse> {
  const [parties, messages] = await Promise.all([placementParties(trx, p), readThread(trx, deps, p, key)]);
  return {
    placement: { id: p.id, title: p.title },
    participants: parties.map((x) => ({ name: x.name, role: x.role })),
    messages,
  };
}

/** Posts a message in a placement's thread the actor sees; the others are told by e-mail. */
export async function postMessage(
  deps: Deps,
  actor: Actor,
  placementId: string,
  input: MessageInput,
): Promise<ThreadResponse> {
  return inSchool(deps.db, actor.schoolId, async (trx) => {
    const p = await visiblePlacement(trx, actor, placementId);
    const writer = await writerOf(trx, actor, p);
    await writeMessage(trx, deps, p, writer, input.body);
    return threadView(trx, deps, p, writer.key);
  });
}

/**
 * Stores a message as typed (it is shown as text, never as HTML), and in the same transaction
 * writes the e-mails that tell the other parties.
 */
async function writeMessage(trx: Trx, deps: Deps, p: PlacementRow, writer: Writer, body: string) {
  const now = deps.now();
  const message = await trx
    .insertInto('placement_messages')
    .values({
      school_id: p.school_id,
      placement_id: p.id,
      author_key: writer.key,
      author_id: writer.userId,
      author_name: writer.name,
      author_role: writer.role,
      body,
      created_at: now,
    })
    .returning(['id', 'seq'])
    .executeTakeFirstOrThrow();
  await markRead(trx, p, writer.key, Number(message.seq), now);
  const notified = await notifyParties(trx, deps, p, writer, body);
  await recordAudit(trx, writer.audit, {
    action: 'message.posted',
    entityType: 'placement_message',
    entityId: message.id,
    after: { placementId: p.id, role: writer.role, notified },
  });
}

/**
 * E-mails each other party in their language, unless they were already e-mailed about this thread
 * in the last few minutes and have not read it since: a burst of messages sends one e-mail.
 */
async function notifyParties(trx: Trx, deps: Deps, p: PlacementRow, writer: Writer, body: string) {
  const now = deps.now();
  const [parties, readers] = await Promise.all([
    placementParties(trx, p),
    trx.selectFrom('placement_thread_readers').selectAll().where('placement_id', '=', p.id).execute(),
  ]);
  const byKey = new Map(readers.map((r) => [r.reader_key, r]));
  const notified: string[] = [];
  for (const party of parties) {
    if (party.key === writer.key) continue;
    const r = byKey.get(party.key);
    if (!shouldEmail(r && { lastNotifiedAt: r.last_notified_at, lastReadAt: r.last_read_at }, now)) continue;
    let link = `${deps.config.PUBLIC_URL}/placements/${p.id}?tab=messages`;
    const viaLink = party.role === 'supervisor';
    if (viaLink) {
      const token = await issueLink(trx, {
        schoolId: p.school_id,
        purpose: THREAD_LINK,
        subjectId: p.id,
        email: party.email,
        personName: party.name,
        locale: party.locale,
        singleUse: false,
        days: LINK_DAYS,
        createdBy: writer.userId,
        now,
      });
      link = `${deps.config.PUBLIC_URL}/thread?token=${token}`;
    }
    await queueMail(trx, deps, {
      schoolId: p.school_id,
      to: party.email,
      locale: party.locale,
      causedBy: writer.userId,
      mail: threadMessageMail({ placementTitle: p.title, authorName: writer.name, body, link, viaLink }),
    });
    await sql`
      insert into placement_thread_readers (school_id, placement_id, reader_key, last_notified_at)
      values (${p.school_id}, ${p.id}, ${party.key}, ${now})
      on conflict (placement_id, reader_key) do update set last_notified_at = excluded.last_notified_at
    `.execute(trx);
    notified.push(party.role);
  }
  return notified;
}

/**
 * Unread messages per placement for the actor, in the threads they are part of: for a coordinator or
 * admin those of placements they made, mentor or have written in, not every placement of the school.
 */
export async function unreadCounts(deps: Deps, actor: Actor): Promise<UnreadResponse> {
  return inSchool(deps.db, actor.schoolId, async (trx) => {
    const key = partyKey(actor);
    let q = visiblePlacements(trx, actor)
      .innerJoin('placement_messages as m', 'm.placement_id', 'p.id')
      .leftJoin('placement_thread_readers as r', (j) =>
        j.onRef('r.placement_id', '=', 'p.id').on('r.reader_key', '=', key),
      )
      .where('m.author_key', '<>', key)
      .where(sql<boolean>`m.seq > coalesce(r.last_read_seq, 0)`);
    if (actor.role === 'admin' || actor.role === 'coordinator') {
      q = q.where((eb) =>
        eb.or([
          eb('p.created_by', '=', actor.userId),
          eb('p.mentor_id', '=', actor.userId),
          eb.exists(
            eb
              .selectFrom('placement_messages as mine')
              .select('mine.id')
              .whereRef('mine.placement_id', '=', 'p.id')
              .where('mine.author_key', '=', key),
          ),
        ]),
      );
    }
    const rows = await q
      .select(['p.id', 'p.title', (eb) => eb.fn.countAll<number>().as('n')])
      .groupBy(['p.id', 'p.title'])
      .orderBy(sql`max(m.seq)`, 'desc')
      .execute();
    const placements = rows.map((r) => ({ placementId: r.id, title: r.title, unread: Number(r.n) }));
    return { total: placements.reduce((sum, x) => sum + x.unread, 0), placements };
  });
}

// ---- The workplace supervisor, through an e-mailed link ----

/**
 * Opens a thread link: the link must be valid and the placement must still name the same supervisor
 * (a replaced supervisor's old links stop working).
 */
async function openThreadLink(deps: Deps, token: string) {
  const link = await openLink(deps.db, token, THREAD_LINK, deps.now());
  return { link };
}

async function linkPlacement(trx: Trx, link: { subjectId: string; email: string }) {
  const p = await trx
    .selectFrom('placements')
    .selectAll()
    .where('id', '=', link.subjectId)
    .executeTakeFirst();
  if (!p || p.supervisor_email.trim().toLowerCase() !== link.email) throw new AppError('link_invalid');
  return p;
}

function linkWriter(
  p: PlacementRow,
  link: { schoolId: string; email: string; personName: string },
  meta: RequestMeta,
): Writer {
  return {
    key: supervisorKey(link.email),
    userId: null,
    name: p.supervisor_name || link.personName || link.email,
    role: 'supervisor',
    audit: { schoolId: link.schoolId, email: link.email, ip: meta.ip, requestId: meta.requestId },
  };
}

async function linkView(trx: Trx, deps: Deps, p: PlacementRow, key: string): Promise<ThreadLinkView> {
  const [school, host] = await Promise.all([
    trx.selectFrom('schools').select('name').where('id', '=', p.school_id).executeTakeFirstOrThrow(),
    p.host_partner_id
      ? trx.selectFrom('partners').select('legal_name').where('id', '=', p.host_partner_id).executeTakeFirst()
      : undefined,
  ]);
  const introductions = await listIntroductions(trx, p, key);
  return {
    placement: {
      title: p.title,
      startDate: p.start_date,
      endDate: p.end_date,
      schoolName: school.name,
      hostName: host?.legal_name ?? null,
    },
    supervisorName: p.supervisor_name,
    introductions: introductions.items,
    messages: await readThread(trx, deps, p, key),
  };
}

/** What the supervisor sees behind the link: the placement, the introductions and the thread. */
export async function threadByLink(deps: Deps, token: string): Promise<ThreadLinkView> {
  const { link } = await openThreadLink(deps, token);
  return inSchool(deps.db, link.schoolId, async (trx) => {
    const p = await linkPlacement(trx, link);
    return linkView(trx, deps, p, supervisorKey(link.email));
  });
}

/** Remembers the language the supervisor writes in, for the e-mails they receive. */
async function rememberLocale(trx: Trx, p: PlacementRow, key: string, locale: Locale) {
  await sql`
    insert into placement_thread_readers (school_id, placement_id, reader_key, locale)
    values (${p.school_id}, ${p.id}, ${key}, ${locale})
    on conflict (placement_id, reader_key) do update set locale = excluded.locale
  `.execute(trx);
}

/** The supervisor replies in the thread through their link. */
export async function postByLink(
  deps: Deps,
  token: string,
  input: MessageInput,
  locale: Locale,
  meta: RequestMeta,
): Promise<ThreadLinkView> {
  const { link } = await openThreadLink(deps, token);
  return inSchool(deps.db, link.schoolId, async (trx) => {
    const p = await linkPlacement(trx, link);
    const writer = linkWriter(p, link, meta);
    await rememberLocale(trx, p, writer.key, locale);
    await writeMessage(trx, deps, p, writer, input.body);
    return linkView(trx, deps, p, writer.key);
  });
}

/** The supervisor writes their introduction through their link. */
export async function introduceByLink(
  deps: Deps,
  token: string,
  input: IntroductionInput,
  locale: Locale,
  meta: RequestMeta,
): Promise<ThreadLinkView> {
  const { link } = await openThreadLink(deps, token);
  return inSchool(deps.db, link.schoolId, async (trx) => {
    const p = await linkPlacement(trx, link);
    const writer = linkWriter(p, link, meta);
    await rememberLocale(trx, p, writer.key, locale);
    await writeIntroduction(trx, deps, p, writer, input);
    return linkView(trx, deps, p, writer.key);
  });
}
