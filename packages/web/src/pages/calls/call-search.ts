import { type CallStatus, callSortable, callStatuses } from '@tilts/shared';
import { type ListSearch, parseListSearch } from '../../lib/list-search.ts';

export type CallSort = (typeof callSortable)[number];
export interface CallSearch extends ListSearch<CallSort> {
  status?: CallStatus;
}

export const callSearch = (input: Record<string, unknown>): CallSearch => ({
  ...parseListSearch(input, callSortable),
  status: callStatuses.find((s) => s === input.status),
});
