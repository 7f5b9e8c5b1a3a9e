import { Table, Text } from '@mantine/core';
import type { UseQueryResult } from '@tanstack/react-query';
import type { ReactNode } from 'react';
import type { SortDir } from '../lib/list-search.ts';
import { LoadError, Loading } from './feedback.tsx';
import { Pager, SortableTh } from './list.tsx';

export interface ListPage<T> {
  items: T[];
  total: number;
}

export interface Column<T, S extends string> {
  key: string;
  label: string;
  /** The sort key the API takes for this column, if it sorts. */
  sort?: S;
  render: (row: T) => ReactNode;
  nowrap?: boolean;
}

/**
 * The table every coordinator list uses: sortable headers, loading and error states, an empty
 * message, and the pager. The page owns its filters and the address; this only draws.
 */
export function DataList<T extends { id: string }, S extends string>({
  query,
  columns,
  sort,
  dir,
  onSort,
  page,
  pageSize,
  onPage,
  empty,
  minWidth = 720,
}: {
  query: UseQueryResult<ListPage<T>>;
  columns: Column<T, S>[];
  sort: S | undefined;
  dir: SortDir;
  onSort: (column: S, dir: SortDir) => void;
  page: number;
  pageSize: number;
  onPage: (page: number) => void;
  empty: string;
  minWidth?: number;
}) {
  if (query.isPending) return <Loading />;
  if (query.isError) return <LoadError error={query.error} onRetry={() => void query.refetch()} />;
  if (query.data.items.length === 0) {
    return (
      <Text c="dimmed" py="lg">
        {empty}
      </Text>
    );
  }
  return (
    <>
      <Table.ScrollContainer minWidth={minWidth} type="native">
        <Table striped highlightOnHover verticalSpacing="sm" aria-busy={query.isFetching}>
          <Table.Thead>
            <Table.Tr>
              {columns.map((c) =>
                c.sort ? (
                  <SortableTh key={c.key} column={c.sort} sort={sort} dir={dir} onSort={onSort}>
                    {c.label}
                  </SortableTh>
                ) : (
                  <Table.Th key={c.key}>{c.label}</Table.Th>
                ),
              )}
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {query.data.items.map((row) => (
              <Table.Tr key={row.id}>
                {columns.map((c) => (
                  <Table.Td key={c.key} style={c.nowrap ? { whiteSpace: 'nowrap' } : undefined}>
                    {c.render(row)}
                  </Table.Td>
                ))}
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
      <Pager page={page} pageSize={pageSize} total={query.data.total} onPage={onPage} />
    </>
  );
}
