import { z } from 'zod';
import { locales } from '../locale.ts';
import {
  contactChannels,
  faqAudiences,
  goalStatuses,
  helpCategories,
  helpStatuses,
  selfAssessmentLevels,
  supportAuthorRoles,
  supportTopics,
} from '../support.ts';
import { isoDate, listQuery, page } from './common.ts';

const optionalText = (max: number) => z.string().trim().max(max).default('');
const requiredText = (max: number) => z.string().trim().min(1).max(max);
const named = z.object({ id: z.uuid(), name: z.string() });

// ---- Before the start: intake questionnaire and introductions ----

/** The learner's questionnaire before the start (seed 001, 3.1). */
export const intakeInput = z.object({
  priorKnowledge: requiredText(4000),
  socialEnvironment: optionalText(4000),
  expectations: requiredText(4000),
  needs: optionalText(4000),
  preferredChannels: z.array(z.enum(contactChannels)).min(1).max(contactChannels.length),
});
export type IntakeInput = z.infer<typeof intakeInput>;

export const intakeView = z.object({
  learner: named,
  priorKnowledge: z.string(),
  socialEnvironment: z.string(),
  expectations: z.string(),
  needs: z.string(),
  preferredChannels: z.array(z.enum(contactChannels)),
  /** Null until the learner first saves it. */
  updatedAt: z.string().nullable(),
});
export type IntakeView = z.infer<typeof intakeView>;

export const intakeResponse = z.object({
  /** The learner may still change theirs (until the placement starts). */
  canEdit: z.boolean(),
  startDate: z.string(),
  /** The learner sees their own; the mentor, teachers and coordinators every learner's. */
  intakes: z.array(intakeView),
});
export type IntakeResponse = z.infer<typeof intakeResponse>;

export const introductionInput = z.object({ body: requiredText(2000) });
export type IntroductionInput = z.infer<typeof introductionInput>;

export const introduction = z.object({
  id: z.uuid(),
  authorName: z.string(),
  authorRole: z.enum(supportAuthorRoles),
  body: z.string(),
  updatedAt: z.string(),
  mine: z.boolean(),
});
export type Introduction = z.infer<typeof introduction>;

export const introductionsResponse = z.object({
  items: z.array(introduction),
  /** Parties who have not introduced themselves yet. */
  waitingFor: z.array(z.object({ name: z.string(), role: z.enum(supportAuthorRoles) })),
});
export type IntroductionsResponse = z.infer<typeof introductionsResponse>;

// ---- The placement's thread ----

export const messageInput = z.object({ body: requiredText(5000) });
export type MessageInput = z.infer<typeof messageInput>;

export const threadMessage = z.object({
  id: z.uuid(),
  authorName: z.string(),
  authorRole: z.enum(supportAuthorRoles),
  body: z.string(),
  createdAt: z.string(),
  mine: z.boolean(),
  /** Arrived since the reader last opened the thread. */
  unread: z.boolean(),
});
export type ThreadMessage = z.infer<typeof threadMessage>;

export const threadResponse = z.object({
  placement: z.object({ id: z.uuid(), title: z.string() }),
  participants: z.array(z.object({ name: z.string(), role: z.enum(supportAuthorRoles) })),
  messages: z.array(threadMessage),
});
export type ThreadResponse = z.infer<typeof threadResponse>;

export const unreadResponse = z.object({
  total: z.number().int(),
  placements: z.array(z.object({ placementId: z.uuid(), title: z.string(), unread: z.number().int() })),
});
export type UnreadResponse = z.infer<typeof unreadResponse>;

/** The workplace supervisor's page behind an e-mailed link: no account needed. */
export const threadLinkQuery = z.object({ token: z.string().min(20).max(200) });
export const threadLinkMessage = z.object({ token: z.string().min(20).max(200), body: requiredText(5000) });
export const threadLinkIntroduction = z.object({
  token: z.string().min(20).max(200),
  body: requiredText(2000),
});
export const threadLinkView = z.object({
  placement: z.object({
    title: z.string(),
    startDate: z.string(),
    endDate: z.string(),
    schoolName: z.string(),
    hostName: z.string().nullable(),
  }),
  supervisorName: z.string(),
  introductions: z.array(introduction),
  messages: z.array(threadMessage),
});
export type ThreadLinkView = z.infer<typeof threadLinkView>;

// ---- Forum per project ----

/** A call of a project with a forum of its own: its applicants ask about it before the deadline. */
export const forumCall = z.object({ id: z.uuid(), title: z.string(), questions: z.number().int() });
export const forumProject = z.object({
  id: z.uuid(),
  label: z.string(),
  questions: z.number().int(),
  unanswered: z.number().int(),
  calls: z.array(forumCall),
});
export type ForumProject = z.infer<typeof forumProject>;
export const forumProjects = z.array(forumProject);

export const forumQuestionInput = z.object({
  topic: z.enum(supportTopics),
  title: z.string().trim().min(5).max(200),
  body: requiredText(5000),
  /** asked about one call of the project */
  callId: z.uuid().nullish(),
});
export type ForumQuestionInput = z.infer<typeof forumQuestionInput>;

export const forumQuestionListQuery = listQuery(['createdAt', 'title'] as const).extend({
  topic: z.enum(supportTopics).optional(),
  /** only the questions about this call */
  callId: z.uuid().optional(),
});
export type ForumQuestionListQuery = z.infer<typeof forumQuestionListQuery>;

export const forumQuestionSummary = z.object({
  id: z.uuid(),
  projectId: z.uuid(),
  call: z.object({ id: z.uuid(), title: z.string() }).nullable(),
  topic: z.enum(supportTopics),
  title: z.string(),
  authorName: z.string(),
  createdAt: z.string(),
  answerCount: z.number().int(),
  accepted: z.boolean(),
  inFaq: z.boolean(),
});
export type ForumQuestionSummary = z.infer<typeof forumQuestionSummary>;
export const forumQuestionPage = page(forumQuestionSummary).extend({
  project: z.object({ id: z.uuid(), label: z.string() }),
  calls: z.array(forumCall),
});
export type ForumQuestionPage = z.infer<typeof forumQuestionPage>;

export const forumAnswer = z.object({
  id: z.uuid(),
  authorName: z.string(),
  /** The answer comes from the school's staff. */
  byStaff: z.boolean(),
  body: z.string(),
  createdAt: z.string(),
  accepted: z.boolean(),
});
export const forumQuestionDetail = forumQuestionSummary.extend({
  project: z.object({ id: z.uuid(), label: z.string() }),
  body: z.string(),
  answers: z.array(forumAnswer),
  faqEntryId: z.uuid().nullable(),
  canAccept: z.boolean(),
  canPromote: z.boolean(),
});
export type ForumQuestionDetail = z.infer<typeof forumQuestionDetail>;

export const forumAnswerInput = z.object({ body: requiredText(5000) });
export const acceptAnswerInput = z.object({ answerId: z.uuid() });
/** Turning a forum question and its accepted answer into a FAQ entry; the wording may be tidied. */
export const promoteInput = z.object({
  audience: z.enum(faqAudiences).default('learners'),
  locale: z.enum(locales).default('lv'),
  question: z.string().trim().min(5).max(500).optional(),
  answer: z.string().trim().min(1).max(8000).optional(),
});
export type PromoteInput = z.infer<typeof promoteInput>;

// ---- Need help: tickets to technical support or to the mentor ----

export const helpContext = z.object({
  /** The mentor of the learner's current placement, if there is one. */
  mentor: z.object({ name: z.string(), placementId: z.uuid(), placementTitle: z.string() }).nullable(),
});
export type HelpContext = z.infer<typeof helpContext>;

export const helpTicketInput = z.object({
  category: z.enum(helpCategories),
  topic: z.enum(supportTopics).optional(),
  subject: z.string().trim().min(3).max(200),
  body: requiredText(5000),
});
export type HelpTicketInput = z.infer<typeof helpTicketInput>;

export const helpListQuery = listQuery(['updatedAt', 'createdAt', 'status'] as const).extend({
  status: z.enum(helpStatuses).optional(),
  category: z.enum(helpCategories).optional(),
});
export type HelpListQuery = z.infer<typeof helpListQuery>;

export const helpTicketSummary = z.object({
  id: z.uuid(),
  category: z.enum(helpCategories),
  topic: z.enum(supportTopics),
  subject: z.string(),
  status: z.enum(helpStatuses),
  askerName: z.string(),
  /** The mentor's name, or null for the school's technical support. */
  assigneeName: z.string().nullable(),
  mine: z.boolean(),
  replyCount: z.number().int(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type HelpTicketSummary = z.infer<typeof helpTicketSummary>;
export const helpTicketPage = page(helpTicketSummary);

export const helpTicketDetail = helpTicketSummary.extend({
  body: z.string(),
  placement: z.object({ id: z.uuid(), title: z.string() }).nullable(),
  replies: z.array(
    z.object({
      id: z.uuid(),
      authorName: z.string(),
      body: z.string(),
      createdAt: z.string(),
      mine: z.boolean(),
    }),
  ),
});
export type HelpTicketDetail = z.infer<typeof helpTicketDetail>;

export const helpReplyInput = z.object({ body: requiredText(5000) });
export const helpStatusInput = z.object({ status: z.enum(['open', 'closed']) });

// ---- FAQ ----

export const faqInput = z.object({
  audience: z.enum(faqAudiences),
  topic: z.enum(supportTopics),
  locale: z.enum(locales),
  question: z.string().trim().min(5).max(500),
  answer: requiredText(8000),
  published: z.boolean().default(true),
});
export type FaqInput = z.infer<typeof faqInput>;
export const faqUpdate = z.object({ lockVersion: z.number().int().min(1), entry: faqInput });

export const faqListQuery = listQuery(['topic', 'question', 'helpful', 'updatedAt'] as const).extend({
  audience: z.enum(faqAudiences).optional(),
  topic: z.enum(supportTopics).optional(),
  locale: z.enum(locales).optional(),
});
export type FaqListQuery = z.infer<typeof faqListQuery>;

export const faqEntry = z.object({
  id: z.uuid(),
  audience: z.enum(faqAudiences),
  topic: z.enum(supportTopics),
  locale: z.enum(locales),
  question: z.string(),
  answer: z.string(),
  published: z.boolean(),
  helpfulYes: z.number().int(),
  helpfulNo: z.number().int(),
  /** The reader's own vote, if any. */
  myVote: z.boolean().nullable(),
  views: z.number().int(),
  fromForum: z.boolean(),
  lockVersion: z.number().int(),
  updatedAt: z.string(),
});
export type FaqEntry = z.infer<typeof faqEntry>;
export const faqPage = page(faqEntry).extend({ canEdit: z.boolean() });
export type FaqPage = z.infer<typeof faqPage>;

export const faqVoteInput = z.object({ helpful: z.boolean() });

/** The school's report of what people ask about over a period (days in UTC). */
export const topicReportQuery = z
  .object({ from: isoDate.optional(), to: isoDate.optional() })
  .refine((v) => !v.from || !v.to || v.to >= v.from, { path: ['to'], message: 'dates_order' });
export type TopicReportQuery = z.infer<typeof topicReportQuery>;

export const topicReportRow = z.object({
  topic: z.enum(supportTopics),
  forumQuestions: z.number().int(),
  helpTickets: z.number().int(),
  /** Forum questions and help tickets together: what people had to ask. */
  asked: z.number().int(),
  faqViews: z.number().int(),
  helpfulYes: z.number().int(),
  helpfulNo: z.number().int(),
});
export type TopicReportRow = z.infer<typeof topicReportRow>;
export const topicReport = z.object({ from: z.string(), to: z.string(), rows: z.array(topicReportRow) });
export type TopicReport = z.infer<typeof topicReport>;

// ---- Self-mentoring: own goals and self-assessment against the placement's outcomes ----

export const goalInput = z.object({
  text: z.string().trim().min(3).max(1000),
  targetDate: isoDate.nullable().default(null),
  status: z.enum(goalStatuses).default('planned'),
});
export type GoalInput = z.infer<typeof goalInput>;

export const goal = z.object({
  id: z.uuid(),
  text: z.string(),
  targetDate: z.string().nullable(),
  status: z.enum(goalStatuses),
  updatedAt: z.string(),
});
export type Goal = z.infer<typeof goal>;

export const selfAssessmentInput = z.object({
  items: z
    .array(
      z.object({
        outcomeId: z.uuid(),
        level: z.enum(selfAssessmentLevels),
        comment: optionalText(1000),
      }),
    )
    .min(1)
    .max(300),
});
export type SelfAssessmentInput = z.infer<typeof selfAssessmentInput>;

export const placementOutcome = z.object({
  id: z.uuid(),
  unitCode: z.string(),
  unitTitle: z.string(),
  kind: z.enum(['knowledge', 'skills', 'responsibility_autonomy']),
  text: z.string(),
});

export const selfMentoringResponse = z.object({
  /** The learner edits their own; the mentor, teachers and coordinators read. */
  canEdit: z.boolean(),
  startDate: z.string(),
  endDate: z.string(),
  outcomes: z.array(placementOutcome),
  learners: z.array(
    z.object({
      learner: named,
      goals: z.array(goal),
      assessments: z.array(
        z.object({
          outcomeId: z.uuid(),
          level: z.enum(selfAssessmentLevels),
          comment: z.string(),
          updatedAt: z.string(),
        }),
      ),
    }),
  ),
});
export type SelfMentoringResponse = z.infer<typeof selfMentoringResponse>;
