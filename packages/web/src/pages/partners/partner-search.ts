import { type PartnerKind, partnerKinds, partnerListQuery } from '@tilts/shared';
import { type ListSearch, parseListSearch } from '../../lib/list-search.ts';

export const partnerSortable = partnerListQuery.shape.sort.unwrap().options;
export type PartnerSort = (typeof partnerSortable)[number];
export interface PartnerSearch extends ListSearch<PartnerSort> {
  kind?: PartnerKind;
  country?: string;
}

export const partnerSearch = (input: Record<string, unknown>): PartnerSearch => ({
  ...parseListSearch(input, partnerSortable),
  kind: partnerKinds.find((k) => k === input.kind),
  country: typeof input.country === 'string' && /^[A-Z]{2}$/.test(input.country) ? input.country : undefined,
});
