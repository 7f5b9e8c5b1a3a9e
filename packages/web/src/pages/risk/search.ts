import { riskListQuery } from '@tilts/shared';
import { type ListSearch, parseListSearch } from '../../lib/list-search.ts';

export const riskSortable = riskListQuery.shape.sort.unwrap().options;
export type RiskSort = (typeof riskSortable)[number];
const lights = riskListQuery.shape.light.unwrap().options;
export type RiskSearch = ListSearch<RiskSort> & {
  scope?: 'mine' | 'school';
  light?: (typeof lights)[number];
};

export const riskSearch = (input: Record<string, unknown>): RiskSearch => ({
  ...parseListSearch(input, riskSortable),
  scope: input.scope === 'school' ? 'school' : undefined,
  light: lights.find((l) => l === input.light),
});
