import { insertPlacement } from '../../src/demo/placements.ts';
import {
  addPlacementUnit,
  createUnitWithOutcomes,
  insertFaq,
} from '../../src/features/support/support.demo.ts';
import type { AccessModule } from './types.ts';

const members = ['admin', 'coordinator', 'teacher', 'learner', 'supervisor'] as const;
const schoolPeople = ['admin', 'coordinator', 'teacher', 'learner'] as const;
const staff = ['admin', 'coordinator', 'teacher'] as const;
const managers = ['admin', 'coordinator'] as const;
const learner = ['learner'] as const;
const fakeToken = 'x'.repeat(43);

/**
 * Intake, introductions, the thread, self-mentoring, the forum, help tickets and the FAQ. The
 * placement starts in 2030, so the learner can still change the intake when the rows run.
 */
export const supportAccess: AccessModule = {
  async setup(t, w) {
    const db = t.deps.db;
    const schoolId = w.schoolA.id;
    const placement = await insertPlacement(
      db,
      schoolId,
      {
        kind: 'internship',
        title: 'Atbalsta prakse',
        destination_country: 'LV',
        supervisor_name: 'Ēriks Žubīts-supervisor',
        supervisor_email: w.users.supervisor.email,
        mentor_id: w.users.teacher.id,
        start_date: '2030-09-01',
        end_date: '2030-10-31',
        status: 'planned',
      },
      [{ userId: w.users.learner.id, role: 'learner', name: 'Ēriks Žubīts-learner' }],
    );
    w.records.supportPlacement = placement;
    const { unitId, outcomeIds } = await createUnitWithOutcomes(db, schoolId, {
      qualificationCode: 'ACC-Q',
      qualificationTitle: 'Piekļuve',
      unitCode: 'ACC-U',
      unitTitle: 'Piekļuves vienība',
      outcomes: [{ kind: 'skills', text: 'Pārbauda piekļuvi.' }],
    });
    await addPlacementUnit(db, schoolId, placement, unitId);
    w.records.outcome = outcomeIds[0]!;
    const goal = await db
      .insertInto('learner_goals')
      .values({
        school_id: schoolId,
        placement_id: placement,
        learner_id: w.users.learner.id,
        text: 'Pirmais mērķis',
        created_at: new Date(),
        updated_at: new Date(),
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    w.records.goal = goal.id;
    const question = await db
      .insertInto('forum_questions')
      .values({
        school_id: schoolId,
        project_id: w.records.project!,
        author_id: w.users.learner.id,
        topic: 'travel',
        title: 'Kā nokļūt līdz uzņēmumam?',
        body: 'Jautājums',
        created_at: new Date(),
        updated_at: new Date(),
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    w.records.question = question.id;
    const answer = await db
      .insertInto('forum_answers')
      .values({
        school_id: schoolId,
        question_id: question.id,
        author_id: w.users.teacher.id,
        body: 'Ar autobusu.',
        created_at: new Date(),
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    w.records.answer = answer.id;
    w.records.faq = await insertFaq(db, schoolId, {
      audience: 'learners',
      topic: 'illness',
      locale: 'lv',
      question: 'Kā ziņot par slimību?',
      answer: 'Piezvaniet.',
    });
    const ticket = await db
      .insertInto('help_tickets')
      .values({
        school_id: schoolId,
        asker_id: w.users.learner.id,
        category: 'technical',
        topic: 'platform',
        subject: 'Neatveras',
        body: 'Lapa neatveras.',
        created_at: new Date(),
        updated_at: new Date(),
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    w.records.ticket = ticket.id;
  },
  rows: [
    {
      method: 'GET',
      url: '/api/placements/:id/intake',
      path: (w) => `/api/placements/${w.records.supportPlacement}/intake`,
      allowed: schoolPeople,
      schoolARecord: true,
    },
    {
      method: 'PUT',
      url: '/api/placements/:id/intake',
      path: (w) => `/api/placements/${w.records.supportPlacement}/intake`,
      body: { priorKnowledge: 'Tīkli', expectations: 'Pieredze', preferredChannels: ['email'] },
      allowed: learner,
      schoolARecord: true,
    },
    {
      method: 'GET',
      url: '/api/placements/:id/introductions',
      path: (w) => `/api/placements/${w.records.supportPlacement}/introductions`,
      allowed: members,
      schoolARecord: true,
    },
    {
      method: 'PUT',
      url: '/api/placements/:id/introductions/mine',
      path: (w) => `/api/placements/${w.records.supportPlacement}/introductions/mine`,
      body: { body: 'Sveiki!' },
      allowed: members,
      schoolARecord: true,
    },
    {
      method: 'GET',
      url: '/api/placements/:id/self-mentoring',
      path: (w) => `/api/placements/${w.records.supportPlacement}/self-mentoring`,
      allowed: schoolPeople,
      schoolARecord: true,
    },
    {
      method: 'POST',
      url: '/api/placements/:id/goals',
      path: (w) => `/api/placements/${w.records.supportPlacement}/goals`,
      body: { text: 'Otrais mērķis' },
      allowed: learner,
      schoolARecord: true,
    },
    {
      method: 'PUT',
      url: '/api/placements/:id/goals/:goalId',
      path: (w) => `/api/placements/${w.records.supportPlacement}/goals/${w.records.goal}`,
      body: { text: 'Pirmais mērķis', status: 'in_progress' },
      allowed: learner,
      schoolARecord: true,
    },
    {
      method: 'PUT',
      url: '/api/placements/:id/self-assessment',
      path: (w) => `/api/placements/${w.records.supportPlacement}/self-assessment`,
      body: (w) => ({ items: [{ outcomeId: w.records.outcome, level: 'partly' }] }),
      allowed: learner,
      schoolARecord: true,
    },
    {
      method: 'GET',
      url: '/api/placements/:id/messages',
      path: (w) => `/api/placements/${w.records.supportPlacement}/messages`,
      allowed: members,
      schoolARecord: true,
    },
    {
      method: 'POST',
      url: '/api/placements/:id/messages',
      path: (w) => `/api/placements/${w.records.supportPlacement}/messages`,
      body: { body: 'Labdien!' },
      allowed: members,
      schoolARecord: true,
    },
    { method: 'GET', url: '/api/messages/unread', allowed: members },
    {
      method: 'GET',
      url: '/api/thread-link',
      path: () => `/api/thread-link?token=${fakeToken}`,
      allowed: 'public',
    },
    {
      method: 'POST',
      url: '/api/thread-link/messages',
      body: { token: fakeToken, body: 'Labdien!' },
      allowed: 'public',
    },
    {
      method: 'PUT',
      url: '/api/thread-link/introduction',
      body: { token: fakeToken, body: 'Sveiki!' },
      allowed: 'public',
    },

    { method: 'GET', url: '/api/forum/projects', allowed: schoolPeople },
    {
      method: 'GET',
      url: '/api/forum/projects/:id/questions',
      path: (w) => `/api/forum/projects/${w.records.project}/questions`,
      allowed: schoolPeople,
      schoolARecord: true,
    },
    {
      method: 'POST',
      url: '/api/forum/projects/:id/questions',
      path: (w) => `/api/forum/projects/${w.records.project}/questions`,
      body: { topic: 'travel', title: 'Kur dzīvosim?', body: 'Jautājums par dzīvošanu.' },
      allowed: schoolPeople,
      schoolARecord: true,
    },
    {
      method: 'GET',
      url: '/api/forum/questions/:id',
      path: (w) => `/api/forum/questions/${w.records.question}`,
      allowed: schoolPeople,
      schoolARecord: true,
    },
    {
      method: 'POST',
      url: '/api/forum/questions/:id/answers',
      path: (w) => `/api/forum/questions/${w.records.question}/answers`,
      body: { body: 'Atbilde' },
      allowed: schoolPeople,
      schoolARecord: true,
    },
    {
      method: 'POST',
      url: '/api/forum/questions/:id/accept',
      path: (w) => `/api/forum/questions/${w.records.question}/accept`,
      body: (w) => ({ answerId: w.records.answer }),
      allowed: staff,
      schoolARecord: true,
    },
    {
      method: 'POST',
      url: '/api/forum/questions/:id/promote',
      path: (w) => `/api/forum/questions/${w.records.question}/promote`,
      body: {},
      allowed: staff,
      schoolARecord: true,
    },

    { method: 'GET', url: '/api/help/context', allowed: members },
    { method: 'GET', url: '/api/help/tickets', allowed: members },
    {
      method: 'POST',
      url: '/api/help/tickets',
      body: { category: 'technical', subject: 'Neatveras', body: 'Lapa neatveras.' },
      allowed: members,
    },
    {
      method: 'GET',
      url: '/api/help/tickets/:id',
      path: (w) => `/api/help/tickets/${w.records.ticket}`,
      allowed: members,
      schoolARecord: true,
    },
    {
      method: 'POST',
      url: '/api/help/tickets/:id/replies',
      path: (w) => `/api/help/tickets/${w.records.ticket}/replies`,
      body: { body: 'Paldies' },
      allowed: members,
      schoolARecord: true,
    },
    {
      method: 'POST',
      url: '/api/help/tickets/:id/status',
      path: (w) => `/api/help/tickets/${w.records.ticket}/status`,
      body: { status: 'open' },
      allowed: members,
      schoolARecord: true,
    },

    { method: 'GET', url: '/api/faq', allowed: members },
    {
      method: 'POST',
      url: '/api/faq',
      body: {
        audience: 'learners',
        topic: 'insurance',
        locale: 'lv',
        question: 'Vai vajag apdrošināšanu?',
        answer: 'Jā.',
      },
      allowed: managers,
    },
    {
      method: 'PUT',
      url: '/api/faq/:id',
      path: (w) => `/api/faq/${w.records.faq}`,
      body: {
        lockVersion: 1,
        entry: {
          audience: 'learners',
          topic: 'illness',
          locale: 'lv',
          question: 'Kā ziņot par slimību?',
          answer: 'Piezvaniet un uzrakstiet.',
        },
      },
      allowed: managers,
      schoolARecord: true,
    },
    {
      method: 'POST',
      url: '/api/faq/:id/vote',
      path: (w) => `/api/faq/${w.records.faq}/vote`,
      body: { helpful: true },
      allowed: members,
      schoolARecord: true,
    },
    {
      method: 'POST',
      url: '/api/faq/:id/views',
      path: (w) => `/api/faq/${w.records.faq}/views`,
      allowed: members,
      schoolARecord: true,
    },
    { method: 'GET', url: '/api/faq/report', allowed: managers },
    { method: 'GET', url: '/api/faq/report.csv', allowed: managers },
  ],
};
