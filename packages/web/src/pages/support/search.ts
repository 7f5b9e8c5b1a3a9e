import {
  faqAudiences,
  faqListQuery,
  forumQuestionListQuery,
  helpListQuery,
  helpStatuses,
  locales,
  supportTopics,
} from '@tilts/shared';
import { type ListSearch, optionalIsoDate, parseListSearch } from '../../lib/list-search.ts';

const faqSortable = faqListQuery.shape.sort.unwrap().options;
export type FaqSort = (typeof faqSortable)[number];
export type FaqSearch = ListSearch<FaqSort> & {
  audience?: (typeof faqAudiences)[number];
  topic?: (typeof supportTopics)[number];
  locale?: (typeof locales)[number] | 'all';
};
export const faqSearch = (input: Record<string, unknown>): FaqSearch => ({
  ...parseListSearch(input, faqSortable),
  audience: faqAudiences.find((a) => a === input.audience),
  topic: supportTopics.find((x) => x === input.topic),
  locale: input.locale === 'all' ? 'all' : locales.find((l) => l === input.locale),
});

export const reportSearch = (input: Record<string, unknown>): { from?: string; to?: string } => ({
  from: optionalIsoDate(input.from),
  to: optionalIsoDate(input.to),
});

const forumSortable = forumQuestionListQuery.shape.sort.unwrap().options;
export type ForumSearch = ListSearch<(typeof forumSortable)[number]> & {
  topic?: (typeof supportTopics)[number];
  /** one call's questions */
  callId?: string;
};
export const forumSearch = (input: Record<string, unknown>): ForumSearch => ({
  ...parseListSearch(input, forumSortable),
  topic: supportTopics.find((x) => x === input.topic),
  callId: typeof input.callId === 'string' && /^[0-9a-f-]{36}$/.test(input.callId) ? input.callId : undefined,
});

const helpSortable = helpListQuery.shape.sort.unwrap().options;
export type HelpSort = (typeof helpSortable)[number];
export type HelpSearch = ListSearch<HelpSort> & { status?: (typeof helpStatuses)[number] };
export const helpSearch = (input: Record<string, unknown>): HelpSearch => ({
  ...parseListSearch(input, helpSortable),
  status: helpStatuses.find((s) => s === input.status),
});

/** The supervisor's page: the token from the e-mailed link. */
export const threadLinkSearch = (input: Record<string, unknown>): { token?: string } => ({
  token: typeof input.token === 'string' && input.token ? input.token : undefined,
});
