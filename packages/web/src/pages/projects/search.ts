import { placementListQuery, programmeListQuery, projectListQuery } from '@tilts/shared';
import { type ListSearch, parseListSearch } from '../../lib/list-search.ts';

export const projectSortable = projectListQuery.shape.sort.unwrap().options;
export type ProjectSort = (typeof projectSortable)[number];
export const projectSearch = (input: Record<string, unknown>): ListSearch<ProjectSort> =>
  parseListSearch(input, projectSortable);

export const programmeSortable = programmeListQuery.shape.sort.unwrap().options;
export type ProgrammeSort = (typeof programmeSortable)[number];
export const programmeSearch = (input: Record<string, unknown>): ListSearch<ProgrammeSort> =>
  parseListSearch(input, programmeSortable);

export const placementSortable = placementListQuery.shape.sort.unwrap().options;
export type PlacementSort = (typeof placementSortable)[number];
const statuses = placementListQuery.shape.status.unwrap().options;
const kinds = placementListQuery.shape.kind.unwrap().options;
export type PlacementSearch = ListSearch<PlacementSort> & {
  status?: (typeof statuses)[number];
  kind?: (typeof kinds)[number];
  projectId?: string;
};
const uuid = (value: unknown) =>
  typeof value === 'string' && /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/.test(value)
    ? value
    : undefined;
export const placementSearch = (input: Record<string, unknown>): PlacementSearch => ({
  ...parseListSearch(input, placementSortable),
  status: statuses.find((s) => s === input.status),
  kind: kinds.find((k) => k === input.kind),
  projectId: uuid(input.projectId),
});
