import { type ListSearch, parseListSearch } from '../../lib/list-search.ts';

export type OutboxSearch = Pick<ListSearch<never>, 'q' | 'page'>;

export const outboxSearch = (input: Record<string, unknown>): OutboxSearch => {
  const { q, page } = parseListSearch(input, []);
  return { q, page };
};
