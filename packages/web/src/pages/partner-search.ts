import { partnerListQuery } from '@tilts/shared';
import { type ListSearch, parseListSearch } from '../lib/list-search.ts';

export const partnerSortable = partnerListQuery.shape.sort.unwrap().options;
export type PartnerSort = (typeof partnerSortable)[number];
export type PartnerSearch = ListSearch<PartnerSort>;

export const partnerSearch = (input: Record<string, unknown>): PartnerSearch =>
  parseListSearch(input, partnerSortable);
