import {
  type FaqAudience,
  type FaqEntry,
  type FaqInput,
  type FaqListQuery,
  type FaqPage,
  faqAudiencesFor,
  type Role,
  type SupportTopic,
  searchKey,
  supportTopics,
  type TopicReport,
  type TopicReportQuery,
} from '@tilts/shared';
import { type ExpressionBuilder, sql } from 'kysely';
import { type Actor, inSchool, type Trx } from '../../db/context.ts';
import type { DB } from '../../db/schema.ts';
import type { Deps } from '../../deps.ts';
import { AppError } from '../../errors.ts';
import { actorForAudit, recordAudit } from '../audit/audit.service.ts';

/** Who writes and edits the FAQ. */
export const faqEditors: readonly Role[] = ['admin', 'coordinator'];

type E = ExpressionBuilder<DB & { e: DB['faq_entries'] }, 'e'>;

const votes = (eb: E, helpful: boolean) =>
  eb
    .selectFrom('faq_votes as v')
    .select((s) => s.fn.countAll<number>().as('n'))
    .whereRef('v.entry_id', '=', 'e.id')
    .where('v.helpful', '=', helpful);

/** Entries the actor may read: their role's audiences; drafts only for editors. */
function visibleEntries(trx: Trx, actor: Actor) {
  let q = trx
    .selectFrom('faq_entries as e')
    .where('e.audience', 'in', [...faqAudiencesFor[actor.role]] as FaqAudience[]);
  if (!faqEditors.includes(actor.role)) q = q.where('e.published', '=', true);
  return q;
}

/** Every word must occur in the entry; both sides without diacritics, so "skola" finds "skolā". */
function searchWords(q: string | undefined): string[] {
  return q ? searchKey(q).split(' ').filter(Boolean).slice(0, 8) : [];
}
const likePattern = (word: string) => `%${word.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

const sorts = {
  topic: [sql`e.topic`, sql`e.question`],
  question: [sql`e.question`],
  updatedAt: [sql`e.updated_at`],
  helpful: [
    sql`(select count(*) filter (where helpful) - count(*) filter (where not helpful) from faq_votes v where v.entry_id = e.id)`,
  ],
} as const;

/** The FAQ the actor reads, searched, filtered by audience, topic and language, sorted and paged. */
export async function listFaq(deps: Deps, actor: Actor, query: FaqListQuery): Promise<FaqPage> {
  return inSchool(deps.db, actor.schoolId, async (trx) => {
    let q = visibleEntries(trx, actor);
    if (query.audience) q = q.where('e.audience', '=', query.audience);
    if (query.topic) q = q.where('e.topic', '=', query.topic);
    if (query.locale) q = q.where('e.locale', '=', query.locale);
    for (const word of searchWords(query.q)) q = q.where('e.search_text', 'like', likePattern(word));
    const { n } = await q.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    const sort = query.sort ?? 'topic';
    const dir = query.sort ? query.dir : sort === 'helpful' || sort === 'updatedAt' ? 'desc' : 'asc';
    let rows = q.select('e.id');
    for (const expression of sorts[sort]) rows = rows.orderBy(expression, dir);
    const ids = (
      await rows
        .orderBy('e.id')
        .limit(query.pageSize)
        .offset((query.page - 1) * query.pageSize)
        .execute()
    ).map((r) => r.id);
    return {
      items: await entryViews(trx, actor, ids),
      total: Number(n),
      page: query.page,
      pageSize: query.pageSize,
      canEdit: faqEditors.includes(actor.role),
    };
  });
}

/** The entries with their votes and views, in the order of the ids given. */
async function entryViews(trx: Trx, actor: Actor, ids: string[]): Promise<FaqEntry[]> {
  if (ids.length === 0) return [];
  const rows = await trx
    .selectFrom('faq_entries as e')
    .selectAll('e')
    .select((eb) => [
      votes(eb, true).as('yes'),
      votes(eb, false).as('no'),
      eb
        .selectFrom('faq_views as fv')
        .select((s) => s.fn.countAll<number>().as('n'))
        .whereRef('fv.entry_id', '=', 'e.id')
        .as('views'),
      eb
        .selectFrom('faq_votes as mv')
        .select('mv.helpful')
        .whereRef('mv.entry_id', '=', 'e.id')
        .where('mv.user_id', '=', actor.userId)
        .as('my_vote'),
    ])
    .where('e.id', 'in', ids)
    .execute();
  const byId = new Map(rows.map((r) => [r.id, r]));
  return ids.flatMap((id) => {
    const r = byId.get(id);
    if (!r) return [];
    return [
      {
        id: r.id,
        audience: r.audience,
        topic: r.topic as SupportTopic,
        locale: r.locale,
        question: r.question,
        answer: r.answer,
        published: r.published,
        helpfulYes: Number(r.yes ?? 0),
        helpfulNo: Number(r.no ?? 0),
        myVote: r.my_vote ?? null,
        views: Number(r.views ?? 0),
        fromForum: r.source_question_id !== null,
        lockVersion: r.lock_version,
        updatedAt: r.updated_at.toISOString(),
      },
    ];
  });
}

const indexText = (input: { question: string; answer: string }) =>
  searchKey(`${input.question} ${input.answer}`);

/** Writes a new entry in the caller's transaction (the forum's promotion uses it too). */
export async function insertFaqEntry(
  trx: Trx,
  deps: Deps,
  actor: Actor,
  input: FaqInput,
  sourceQuestionId: string | null = null,
): Promise<string> {
  const { id } = await trx
    .insertInto('faq_entries')
    .values({
      school_id: actor.schoolId,
      audience: input.audience,
      topic: input.topic,
      locale: input.locale,
      question: input.question,
      answer: input.answer,
      published: input.published,
      search_text: indexText(input),
      source_question_id: sourceQuestionId,
      created_by: actor.userId,
      created_at: deps.now(),
      updated_at: deps.now(),
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  await recordAudit(trx, actorForAudit(actor), {
    action: 'faq.created',
    entityType: 'faq_entry',
    entityId: id,
    after: { ...input, sourceQuestionId },
  });
  return id;
}

/** Adds a question and its answer to the FAQ of one audience. */
export async function createFaq(deps: Deps, actor: Actor, input: FaqInput): Promise<FaqEntry> {
  return inSchool(deps.db, actor.schoolId, async (trx) => {
    const id = await insertFaqEntry(trx, deps, actor, input);
    return (await entryViews(trx, actor, [id]))[0]!;
  });
}

/** Saves an edit made from `lockVersion`; a stale one is refused and the editor keeps their text. */
export async function updateFaq(
  deps: Deps,
  actor: Actor,
  id: string,
  lockVersion: number,
  input: FaqInput,
): Promise<FaqEntry> {
  return inSchool(deps.db, actor.schoolId, async (trx) => {
    const before = await trx
      .selectFrom('faq_entries')
      .selectAll()
      .where('id', '=', id)
      .forUpdate()
      .executeTakeFirst();
    if (!before) throw new AppError('not_found');
    if (before.lock_version !== lockVersion) {
      throw new AppError('conflict', { fields: { lockVersion: 'stale_version' } });
    }
    await trx
      .updateTable('faq_entries')
      .set({
        audience: input.audience,
        topic: input.topic,
        locale: input.locale,
        question: input.question,
        answer: input.answer,
        published: input.published,
        search_text: indexText(input),
        lock_version: lockVersion + 1,
        updated_at: deps.now(),
      })
      .where('id', '=', id)
      .execute();
    await recordAudit(trx, actorForAudit(actor), {
      action: 'faq.updated',
      entityType: 'faq_entry',
      entityId: id,
      before: { ...before, search_text: undefined },
      after: input,
    });
    return (await entryViews(trx, actor, [id]))[0]!;
  });
}

async function loadVisible(trx: Trx, actor: Actor, id: string) {
  const row = await visibleEntries(trx, actor).select('e.id').where('e.id', '=', id).executeTakeFirst();
  if (!row) throw new AppError('not_found');
  return row;
}

/** "Did this help?": one vote per person and entry; voting again changes the vote. */
export async function voteFaq(deps: Deps, actor: Actor, id: string, helpful: boolean): Promise<FaqEntry> {
  return inSchool(deps.db, actor.schoolId, async (trx) => {
    await loadVisible(trx, actor, id);
    await sql`
      insert into faq_votes (school_id, entry_id, user_id, helpful, voted_at)
      values (${actor.schoolId}, ${id}, ${actor.userId}, ${helpful}, ${deps.now()})
      on conflict (entry_id, user_id) do update set helpful = excluded.helpful, voted_at = excluded.voted_at
    `.execute(trx);
    return (await entryViews(trx, actor, [id]))[0]!;
  });
}

/** Counts one opening of an entry, for the report of what people look for. */
export async function recordFaqView(deps: Deps, actor: Actor, id: string): Promise<void> {
  await inSchool(deps.db, actor.schoolId, async (trx) => {
    await loadVisible(trx, actor, id);
    await trx
      .insertInto('faq_views')
      .values({ school_id: actor.schoolId, entry_id: id, user_id: actor.userId, viewed_at: deps.now() })
      .execute();
  });
}

const dayStart = (day: string) => new Date(`${day}T00:00:00Z`);
const nextDay = (day: string) => new Date(dayStart(day).getTime() + 86_400_000);

/**
 * What people asked about over a period (days in UTC, both ends included): forum questions and help
 * tickets by topic, with the FAQ's views and votes beside them; the most asked first (seed 001, 2.5).
 */
export async function topicReport(deps: Deps, actor: Actor, query: TopicReportQuery): Promise<TopicReport> {
  const to = query.to ?? deps.now().toISOString().slice(0, 10);
  const from = query.from ?? new Date(dayStart(to).getTime() - 89 * 86_400_000).toISOString().slice(0, 10);
  if (to < from) throw new AppError('validation_failed', { fields: { to: 'dates_order' } });
  const start = dayStart(from);
  const end = nextDay(to);
  return inSchool(deps.db, actor.schoolId, async (trx) => {
    const [forum, help, views, voteRows] = await Promise.all([
      trx
        .selectFrom('forum_questions')
        .select(['topic', (eb) => eb.fn.countAll<number>().as('n')])
        .where('created_at', '>=', start)
        .where('created_at', '<', end)
        .groupBy('topic')
        .execute(),
      trx
        .selectFrom('help_tickets')
        .select(['topic', (eb) => eb.fn.countAll<number>().as('n')])
        .where('created_at', '>=', start)
        .where('created_at', '<', end)
        .groupBy('topic')
        .execute(),
      trx
        .selectFrom('faq_views as v')
        .innerJoin('faq_entries as e', 'e.id', 'v.entry_id')
        .select(['e.topic', (eb) => eb.fn.countAll<number>().as('n')])
        .where('v.viewed_at', '>=', start)
        .where('v.viewed_at', '<', end)
        .groupBy('e.topic')
        .execute(),
      trx
        .selectFrom('faq_votes as v')
        .innerJoin('faq_entries as e', 'e.id', 'v.entry_id')
        .select([
          'e.topic',
          sql<number>`count(*) filter (where v.helpful)`.as('yes'),
          sql<number>`count(*) filter (where not v.helpful)`.as('no'),
        ])
        .where('v.voted_at', '>=', start)
        .where('v.voted_at', '<', end)
        .groupBy('e.topic')
        .execute(),
    ]);
    const count = (rows: { topic: string; n: number }[], topic: string) =>
      Number(rows.find((r) => r.topic === topic)?.n ?? 0);
    const rows = supportTopics
      .map((topic) => {
        const forumQuestions = count(forum, topic);
        const helpTickets = count(help, topic);
        const vote = voteRows.find((r) => r.topic === topic);
        return {
          topic,
          forumQuestions,
          helpTickets,
          asked: forumQuestions + helpTickets,
          faqViews: count(views, topic),
          helpfulYes: Number(vote?.yes ?? 0),
          helpfulNo: Number(vote?.no ?? 0),
        };
      })
      .filter((r) => r.asked + r.faqViews + r.helpfulYes + r.helpfulNo > 0)
      .sort((a, b) => b.asked - a.asked || b.faqViews - a.faqViews);
    return { from, to, rows };
  });
}
