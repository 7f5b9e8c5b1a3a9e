import { qualificationListQuery } from '@tilts/shared';
import { type ListSearch, parseListSearch } from '../../lib/list-search.ts';

export const qualificationSortable = qualificationListQuery.shape.sort.unwrap().options;
export type QualificationSort = (typeof qualificationSortable)[number];
export interface QualificationSearch extends ListSearch<QualificationSort> {
  eqfLevel?: number;
}

export const qualificationSearch = (input: Record<string, unknown>): QualificationSearch => {
  const level = Number(input.eqfLevel);
  return {
    ...parseListSearch(input, qualificationSortable),
    eqfLevel: Number.isInteger(level) && level >= 1 && level <= 8 ? level : undefined,
  };
};
