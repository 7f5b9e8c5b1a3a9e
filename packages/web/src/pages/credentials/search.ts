import { credentialListQuery, credentialStates, templateListQuery } from '@tilts/shared';
import { type ListSearch, parseListSearch } from '../../lib/list-search.ts';

export const templateSortable = templateListQuery.shape.sort.unwrap().options;
export type TemplateSort = (typeof templateSortable)[number];
export type TemplateSearch = ListSearch<TemplateSort> & { archived?: boolean };
export const templateSearch = (input: Record<string, unknown>): TemplateSearch => ({
  ...parseListSearch(input, templateSortable),
  archived: input.archived === true || input.archived === 'true' ? true : undefined,
});

export const credentialSortable = credentialListQuery.shape.sort.unwrap().options;
export type CredentialSort = (typeof credentialSortable)[number];
export type CredentialSearch = ListSearch<CredentialSort> & {
  state?: (typeof credentialStates)[number];
  batchId?: string;
};
export const credentialSearch = (input: Record<string, unknown>): CredentialSearch => ({
  ...parseListSearch(input, credentialSortable),
  state: credentialStates.find((s) => s === input.state),
  batchId:
    typeof input.batchId === 'string' && /^[0-9a-f-]{36}$/.test(input.batchId) ? input.batchId : undefined,
});
