import { type MouStatus, mouListQuery, mouStatuses } from '@tilts/shared';
import { type ListSearch, parseListSearch } from '../../lib/list-search.ts';

export const mouSortable = mouListQuery.shape.sort.unwrap().options;
export type MouSort = (typeof mouSortable)[number];
export type MouSearch = ListSearch<MouSort> & { status?: MouStatus; partnerId?: string };

const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export const mouSearch = (input: Record<string, unknown>): MouSearch => ({
  ...parseListSearch(input, mouSortable),
  status: mouStatuses.find((s) => s === input.status),
  partnerId: typeof input.partnerId === 'string' && uuid.test(input.partnerId) ? input.partnerId : undefined,
});
