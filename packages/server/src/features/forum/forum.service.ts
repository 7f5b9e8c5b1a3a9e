import {
  type ForumProject,
  type ForumQuestionDetail,
  type ForumQuestionInput,
  type ForumQuestionListQuery,
  type ForumQuestionPage,
  isLocale,
  type PromoteInput,
  type Role,
  type SupportTopic,
  searchKey,
} from '@tilts/shared';
import { type Actor, inSchool, type Trx } from '../../db/context.ts';
import type { Deps } from '../../deps.ts';
import { AppError } from '../../errors.ts';
import { actorForAudit, recordAudit } from '../audit/audit.service.ts';
import { insertFaqEntry } from '../faq/faq.service.ts';
import { queueMail } from '../mail/mail.service.ts';
import { supportStaff } from '../support/parties.ts';
import { forumAnswerMail, forumQuestionMail } from './forum.mail.ts';

/** Who reads a project's forum and asks in it: the school's staff and learners, never a supervisor. */
export const forumMembers: readonly Role[] = ['admin', 'coordinator', 'teacher', 'learner'];
/** Who marks an answer accepted, and turns a question with its answer into a FAQ entry. */
export const forumModerators: readonly Role[] = supportStaff;

const projectLabel = (p: { project_number: string; title: string }) => `${p.project_number} · ${p.title}`;
const fullName = (u: { given_name: string | null; family_name: string | null }) =>
  u.given_name === null ? '—' : `${u.given_name} ${u.family_name}`;

async function loadProject(trx: Trx, id: string) {
  const project = await trx
    .selectFrom('projects')
    .select(['id', 'project_number', 'title'])
    .where('id', '=', id)
    .executeTakeFirst();
  if (!project) throw new AppError('not_found');
  return project;
}

/** The calls of a project, each with how many questions were asked about it. */
async function projectCalls(trx: Trx, projectIds: string[]) {
  if (projectIds.length === 0) return new Map<string, { id: string; title: string; questions: number }[]>();
  const rows = await trx
    .selectFrom('calls as c')
    .select(['c.id', 'c.title', 'c.project_id'])
    .select((eb) =>
      eb
        .selectFrom('forum_questions as q')
        .select((s) => s.fn.countAll<number>().as('n'))
        .whereRef('q.call_id', '=', 'c.id')
        .as('questions'),
    )
    .where('c.project_id', 'in', projectIds)
    .where('c.status', '<>', 'draft')
    .orderBy('c.opens_on', 'desc')
    .orderBy('c.id')
    .execute();
  const byProject = new Map<string, { id: string; title: string; questions: number }[]>();
  for (const r of rows) {
    const list = byProject.get(r.project_id) ?? [];
    list.push({ id: r.id, title: r.title, questions: Number(r.questions ?? 0) });
    byProject.set(r.project_id, list);
  }
  return byProject;
}

/** The call a question is about: it must be one of the project's published calls. */
async function callOfProject(trx: Trx, projectId: string, callId: string, field: string) {
  const call = await trx
    .selectFrom('calls')
    .select(['id', 'title', 'created_by'])
    .where('id', '=', callId)
    .where('project_id', '=', projectId)
    .where('status', '<>', 'draft')
    .executeTakeFirst();
  if (!call) throw new AppError('validation_failed', { fields: { [field]: 'call_not_in_project' } });
  return call;
}

/** The forums of the school's projects, with how many questions each has and how many wait for an answer. */
export async function listForumProjects(deps: Deps, actor: Actor): Promise<ForumProject[]> {
  return inSchool(deps.db, actor.schoolId, async (trx) => {
    const rows = await trx
      .selectFrom('projects as pr')
      .select(['pr.id', 'pr.project_number', 'pr.title'])
      .select((eb) => [
        eb
          .selectFrom('forum_questions as q')
          .select((s) => s.fn.countAll<number>().as('n'))
          .whereRef('q.project_id', '=', 'pr.id')
          .as('questions'),
        eb
          .selectFrom('forum_questions as q')
          .select((s) => s.fn.countAll<number>().as('n'))
          .whereRef('q.project_id', '=', 'pr.id')
          .where((w) =>
            w.not(
              w.exists(
                w.selectFrom('forum_answers as a').select('a.id').whereRef('a.question_id', '=', 'q.id'),
              ),
            ),
          )
          .as('unanswered'),
      ])
      .orderBy('pr.start_date', 'desc')
      .orderBy('pr.id')
      .execute();
    const calls = await projectCalls(
      trx,
      rows.map((r) => r.id),
    );
    return rows.map((r) => ({
      id: r.id,
      label: projectLabel(r),
      questions: Number(r.questions ?? 0),
      unanswered: Number(r.unanswered ?? 0),
      calls: calls.get(r.id) ?? [],
    }));
  });
}

/** A project forum's questions, searched (without diacritics), by topic, newest first, paged. */
export async function listQuestions(
  deps: Deps,
  actor: Actor,
  projectId: string,
  query: ForumQuestionListQuery,
): Promise<ForumQuestionPage> {
  return inSchool(deps.db, actor.schoolId, async (trx) => {
    const project = await loadProject(trx, projectId);
    let q = trx.selectFrom('forum_questions as q').where('q.project_id', '=', project.id);
    if (query.callId) {
      const call = await callOfProject(trx, project.id, query.callId, 'callId');
      q = q.where('q.call_id', '=', call.id);
    }
    if (query.topic) q = q.where('q.topic', '=', query.topic);
    if (query.q) {
      for (const word of searchKey(query.q).split(' ').filter(Boolean).slice(0, 8)) {
        q = q.where('q.search_text', 'like', `%${word.replace(/[\\%_]/g, (c) => `\\${c}`)}%`);
      }
    }
    const { n } = await q.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    const sort = query.sort ?? 'createdAt';
    const rows = await q
      .leftJoin('users as u', 'u.id', 'q.author_id')
      .leftJoin('calls as c', 'c.id', 'q.call_id')
      .select([
        'q.id',
        'q.project_id',
        'q.call_id',
        'c.title as call_title',
        'q.topic',
        'q.title',
        'q.created_at',
        'q.accepted_answer_id',
        'q.faq_entry_id',
        'u.given_name',
        'u.family_name',
      ])
      .select((eb) =>
        eb
          .selectFrom('forum_answers as a')
          .select((s) => s.fn.countAll<number>().as('n'))
          .whereRef('a.question_id', '=', 'q.id')
          .as('answers'),
      )
      .orderBy(sort === 'title' ? 'q.title' : 'q.created_at', query.sort ? query.dir : 'desc')
      .orderBy('q.id')
      .limit(query.pageSize)
      .offset((query.page - 1) * query.pageSize)
      .execute();
    const calls = await projectCalls(trx, [project.id]);
    return {
      project: { id: project.id, label: projectLabel(project) },
      calls: calls.get(project.id) ?? [],
      items: rows.map((r) => ({
        id: r.id,
        projectId: r.project_id,
        call: r.call_id ? { id: r.call_id, title: r.call_title ?? '' } : null,
        topic: r.topic as SupportTopic,
        title: r.title,
        authorName: fullName(r),
        createdAt: r.created_at.toISOString(),
        answerCount: Number(r.answers ?? 0),
        accepted: r.accepted_answer_id !== null,
        inFaq: r.faq_entry_id !== null,
      })),
      total: Number(n),
      page: query.page,
      pageSize: query.pageSize,
    };
  });
}

async function questionDetail(trx: Trx, actor: Actor, id: string): Promise<ForumQuestionDetail> {
  const q = await trx
    .selectFrom('forum_questions as q')
    .innerJoin('projects as pr', 'pr.id', 'q.project_id')
    .leftJoin('users as u', 'u.id', 'q.author_id')
    .leftJoin('calls as c', 'c.id', 'q.call_id')
    .select([
      'q.id',
      'q.project_id',
      'q.call_id',
      'c.title as call_title',
      'q.topic',
      'q.title',
      'q.body',
      'q.created_at',
      'q.accepted_answer_id',
      'q.faq_entry_id',
      'pr.project_number',
      'pr.title as project_title',
      'u.given_name',
      'u.family_name',
    ])
    .where('q.id', '=', id)
    .executeTakeFirst();
  if (!q) throw new AppError('not_found');
  const answers = await trx
    .selectFrom('forum_answers as a')
    .leftJoin('users as u', 'u.id', 'a.author_id')
    .leftJoin('memberships as m', (j) =>
      j.onRef('m.user_id', '=', 'a.author_id').on('m.school_id', '=', actor.schoolId),
    )
    .select(['a.id', 'a.body', 'a.created_at', 'u.given_name', 'u.family_name', 'm.role'])
    .where('a.question_id', '=', id)
    .orderBy('a.created_at')
    .orderBy('a.id')
    .execute();
  const moderator = forumModerators.includes(actor.role);
  return {
    id: q.id,
    projectId: q.project_id,
    call: q.call_id ? { id: q.call_id, title: q.call_title ?? '' } : null,
    project: {
      id: q.project_id,
      label: projectLabel({ project_number: q.project_number, title: q.project_title }),
    },
    topic: q.topic as SupportTopic,
    title: q.title,
    body: q.body,
    authorName: fullName(q),
    createdAt: q.created_at.toISOString(),
    answerCount: answers.length,
    accepted: q.accepted_answer_id !== null,
    inFaq: q.faq_entry_id !== null,
    faqEntryId: q.faq_entry_id,
    answers: answers.map((a) => ({
      id: a.id,
      authorName: fullName(a),
      byStaff: a.role !== null && supportStaff.includes(a.role),
      body: a.body,
      createdAt: a.created_at.toISOString(),
      accepted: a.id === q.accepted_answer_id,
    })),
    canAccept: moderator,
    canPromote: moderator && q.faq_entry_id === null,
  };
}

/** One question with its answers. */
export async function getQuestion(deps: Deps, actor: Actor, id: string): Promise<ForumQuestionDetail> {
  return inSchool(deps.db, actor.schoolId, (trx) => questionDetail(trx, actor, id));
}

const questionLink = (deps: Deps, id: string) => `${deps.config.PUBLIC_URL}/forum/questions/${id}`;

async function userName(trx: Trx, userId: string) {
  const u = await trx
    .selectFrom('users')
    .select(['given_name', 'family_name'])
    .where('id', '=', userId)
    .executeTakeFirstOrThrow();
  return fullName(u);
}

/** Asks a question in a project's forum; the mentors of the project's placements are told by e-mail. */
export async function askQuestion(
  deps: Deps,
  actor: Actor,
  projectId: string,
  input: ForumQuestionInput,
): Promise<ForumQuestionDetail> {
  return inSchool(deps.db, actor.schoolId, async (trx) => {
    const project = await loadProject(trx, projectId);
    const call = input.callId ? await callOfProject(trx, project.id, input.callId, 'callId') : null;
    const { id } = await trx
      .insertInto('forum_questions')
      .values({
        school_id: actor.schoolId,
        project_id: project.id,
        call_id: call?.id ?? null,
        author_id: actor.userId,
        topic: input.topic,
        title: input.title,
        body: input.body,
        search_text: searchKey(`${input.title} ${input.body}`),
        created_at: deps.now(),
        updated_at: deps.now(),
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    // A question about a call goes to whoever runs the call; one about the project to its mentors.
    const mentors = await trx
      .selectFrom('users as u')
      .innerJoin('memberships as m', (j) =>
        j.onRef('m.user_id', '=', 'u.id').on('m.school_id', '=', actor.schoolId),
      )
      .select(['u.id', 'u.email', 'u.locale'])
      .where((eb) =>
        call
          ? eb('u.id', '=', call.created_by)
          : eb(
              'u.id',
              'in',
              eb
                .selectFrom('placements as p')
                .select('p.mentor_id')
                .where('p.project_id', '=', project.id)
                .where('p.status', 'not in', ['cancelled', 'closed']),
            ),
      )
      .where('u.id', '<>', actor.userId)
      .where('u.is_active', '=', true)
      .where('m.is_active', '=', true)
      .execute();
    const authorName = await userName(trx, actor.userId);
    for (const mentor of mentors) {
      await queueMail(trx, deps, {
        schoolId: actor.schoolId,
        to: mentor.email,
        locale: isLocale(mentor.locale) ? mentor.locale : 'lv',
        causedBy: actor.userId,
        mail: forumQuestionMail({
          projectLabel: projectLabel(project),
          authorName,
          title: input.title,
          body: input.body,
          link: questionLink(deps, id),
        }),
      });
    }
    await recordAudit(trx, actorForAudit(actor), {
      action: 'forum.question_asked',
      entityType: 'forum_question',
      entityId: id,
      after: { projectId: project.id, callId: call?.id ?? null, topic: input.topic, title: input.title },
    });
    return questionDetail(trx, actor, id);
  });
}

/** Answers a question; the asker is told by e-mail. */
export async function answerQuestion(
  deps: Deps,
  actor: Actor,
  questionId: string,
  body: string,
): Promise<ForumQuestionDetail> {
  return inSchool(deps.db, actor.schoolId, async (trx) => {
    const q = await trx
      .selectFrom('forum_questions as q')
      .leftJoin('users as u', 'u.id', 'q.author_id')
      .select(['q.id', 'q.title', 'q.author_id', 'u.email', 'u.locale', 'u.is_active'])
      .where('q.id', '=', questionId)
      .executeTakeFirst();
    if (!q) throw new AppError('not_found');
    const { id } = await trx
      .insertInto('forum_answers')
      .values({
        school_id: actor.schoolId,
        question_id: q.id,
        author_id: actor.userId,
        body,
        created_at: deps.now(),
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await trx.updateTable('forum_questions').set({ updated_at: deps.now() }).where('id', '=', q.id).execute();
    if (q.author_id && q.author_id !== actor.userId && q.email && q.is_active) {
      await queueMail(trx, deps, {
        schoolId: actor.schoolId,
        to: q.email,
        locale: isLocale(q.locale) ? q.locale : 'lv',
        causedBy: actor.userId,
        mail: forumAnswerMail({
          authorName: await userName(trx, actor.userId),
          title: q.title,
          body,
          link: questionLink(deps, q.id),
        }),
      });
    }
    await recordAudit(trx, actorForAudit(actor), {
      action: 'forum.answered',
      entityType: 'forum_answer',
      entityId: id,
      after: { questionId: q.id },
    });
    return questionDetail(trx, actor, q.id);
  });
}

async function lockQuestion(trx: Trx, id: string) {
  const q = await trx
    .selectFrom('forum_questions')
    .selectAll()
    .where('id', '=', id)
    .forUpdate()
    .executeTakeFirst();
  if (!q) throw new AppError('not_found');
  return q;
}

/** Marks one of the question's answers as the accepted one. */
export async function acceptAnswer(
  deps: Deps,
  actor: Actor,
  questionId: string,
  answerId: string,
): Promise<ForumQuestionDetail> {
  return inSchool(deps.db, actor.schoolId, async (trx) => {
    const q = await lockQuestion(trx, questionId);
    const answer = await trx
      .selectFrom('forum_answers')
      .select('id')
      .where('id', '=', answerId)
      .where('question_id', '=', q.id)
      .executeTakeFirst();
    if (!answer) throw new AppError('validation_failed', { fields: { answerId: 'answer_not_in_question' } });
    await trx
      .updateTable('forum_questions')
      .set({ accepted_answer_id: answerId, updated_at: deps.now() })
      .where('id', '=', q.id)
      .execute();
    await recordAudit(trx, actorForAudit(actor), {
      action: 'forum.answer_accepted',
      entityType: 'forum_question',
      entityId: q.id,
      before: { acceptedAnswerId: q.accepted_answer_id },
      after: { acceptedAnswerId: answerId },
    });
    return questionDetail(trx, actor, q.id);
  });
}

/**
 * Turns a question and its accepted answer into a FAQ entry (the wording may be tidied on the way),
 * so the next learner finds it without asking (seed 001, 2.5).
 */
export async function promoteQuestion(
  deps: Deps,
  actor: Actor,
  questionId: string,
  input: PromoteInput,
): Promise<ForumQuestionDetail> {
  return inSchool(deps.db, actor.schoolId, async (trx) => {
    const q = await lockQuestion(trx, questionId);
    if (q.faq_entry_id) throw new AppError('conflict', { fields: { question: 'already_in_faq' } });
    if (!q.accepted_answer_id) {
      throw new AppError('conflict', { fields: { answer: 'no_accepted_answer' } });
    }
    const answer = await trx
      .selectFrom('forum_answers')
      .select('body')
      .where('id', '=', q.accepted_answer_id)
      .executeTakeFirstOrThrow();
    const question = input.question || q.title;
    const text = input.answer || answer.body;
    const entryId = await insertFaqEntry(
      trx,
      deps,
      actor,
      {
        audience: input.audience,
        topic: q.topic as SupportTopic,
        locale: input.locale,
        question,
        answer: text,
        published: true,
      },
      q.id,
    );
    await trx
      .updateTable('forum_questions')
      .set({ faq_entry_id: entryId, updated_at: deps.now() })
      .where('id', '=', q.id)
      .execute();
    await recordAudit(trx, actorForAudit(actor), {
      action: 'forum.promoted',
      entityType: 'forum_question',
      entityId: q.id,
      after: { faqEntryId: entryId },
    });
    return questionDetail(trx, actor, q.id);
  });
}
