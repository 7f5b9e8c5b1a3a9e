import { type Role, roles, userListQuery } from '@tilts/shared';
import { type ListSearch, parseListSearch } from '../../lib/list-search.ts';

export const userSortable = userListQuery.shape.sort.unwrap().options;
export type UserSort = (typeof userSortable)[number];
export type UserSearch = ListSearch<UserSort> & { role?: Role };

export const userSearch = (input: Record<string, unknown>): UserSearch => ({
  ...parseListSearch(input, userSortable),
  role: roles.find((r) => r === input.role),
});
