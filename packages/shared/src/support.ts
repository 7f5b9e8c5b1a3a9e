import type { Locale } from './locale.ts';
import type { Role } from './roles.ts';

/**
 * What people ask about. One fixed list for the forum, the help tickets and the FAQ, so the school's
 * report can count the three together (seed 001, 2.5: the FAQ shows the school its common problems).
 */
export const supportTopics = [
  'diary',
  'tasks',
  'supervisor',
  'illness',
  'insurance',
  'travel',
  'documents',
  'assessment',
  'platform',
  'money',
  'other',
] as const;
export type SupportTopic = (typeof supportTopics)[number];

export const supportTopicNames: Record<Locale, Record<SupportTopic, string>> = {
  lv: {
    diary: 'Dienasgrāmata',
    tasks: 'Uzdevumi un termiņi',
    supervisor: 'Prakses vadītājs uzņēmumā',
    illness: 'Slimība un prombūtne',
    insurance: 'Apdrošināšana',
    travel: 'Ceļš un dzīvošana',
    documents: 'Dokumenti un līgumi',
    assessment: 'Vērtēšana un atzīšana',
    platform: 'Tilts un tehniskas problēmas',
    money: 'Finanses un stipendija',
    other: 'Cits',
  },
  en: {
    diary: 'Diary',
    tasks: 'Tasks and deadlines',
    supervisor: 'Workplace supervisor',
    illness: 'Illness and absence',
    insurance: 'Insurance',
    travel: 'Travel and accommodation',
    documents: 'Documents and agreements',
    assessment: 'Assessment and recognition',
    platform: 'Tilts and technical problems',
    money: 'Money and grants',
    other: 'Other',
  },
};

/** The four audiences of the FAQ (seed 001, 2.5). */
export const faqAudiences = ['learners', 'mentors', 'teachers', 'school'] as const;
export type FaqAudience = (typeof faqAudiences)[number];

/** Which audiences' questions each role reads; the school's own list is for those who run it. */
export const faqAudiencesFor: Record<Role, readonly FaqAudience[]> = {
  admin: faqAudiences,
  coordinator: faqAudiences,
  teacher: ['learners', 'mentors', 'teachers'],
  learner: ['learners'],
  supervisor: ['learners', 'mentors'],
};

/** How a learner prefers to be contacted (intake questionnaire). */
export const contactChannels = ['messages', 'email', 'phone', 'video', 'chat', 'in_person'] as const;
export type ContactChannel = (typeof contactChannels)[number];

/** Who wrote an introduction or a message, as the others see it. */
export const supportAuthorRoles = ['learner', 'mentor', 'teacher', 'coordinator', 'supervisor'] as const;
export type SupportAuthorRole = (typeof supportAuthorRoles)[number];

export const helpCategories = ['technical', 'mentor'] as const;
export type HelpCategory = (typeof helpCategories)[number];
export const helpStatuses = ['open', 'answered', 'closed'] as const;
export type HelpStatus = (typeof helpStatuses)[number];

export const goalStatuses = ['planned', 'in_progress', 'achieved', 'dropped'] as const;
export type GoalStatus = (typeof goalStatuses)[number];
export const selfAssessmentLevels = ['not_yet', 'partly', 'achieved'] as const;
export type SelfAssessmentLevel = (typeof selfAssessmentLevels)[number];

/**
 * Minutes within which a further message in a thread sends no further e-mail to someone who has not
 * read the thread since the last one (docs/decisions/012-support-threads-forum-and-faq.md).
 */
export const threadMailQuietMinutes = 15;
