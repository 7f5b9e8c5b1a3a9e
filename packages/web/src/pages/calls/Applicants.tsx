import { Group, NativeSelect, Table, Text } from '@mantine/core';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import {
  type ApplicationStatus,
  type applicationPage,
  type applicationSortable,
  applicationStatuses,
  type CallDetail,
} from '@tilts/shared';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { z } from 'zod';
import { LoadError, Loading } from '../../components/feedback.tsx';
import { RouterAnchor } from '../../components/links.tsx';
import { CsvLink, Pager, SearchField, SortableTh } from '../../components/list.tsx';
import { currentLocale } from '../../i18n/index.ts';
import { api, withQuery } from '../../lib/api.ts';
import { formatDate } from '../../lib/format.ts';
import type { SortDir } from '../../lib/list-search.ts';
import { ApplicationStatusBadge, criterionName } from './parts.tsx';

type ApplicationPage = z.infer<typeof applicationPage>;
type Sort = (typeof applicationSortable)[number];
const pageSize = 25;

/** Everyone who applied, with the interview scores on each criterion and the weighted total. */
export function ApplicantsTab({ call }: { call: CallDetail }) {
  const { t } = useTranslation();
  const locale = currentLocale();
  const [q, setQ] = useState<string | undefined>();
  const [status, setStatus] = useState<ApplicationStatus | undefined>();
  const [sort, setSort] = useState<Sort>('rank');
  const [dir, setDir] = useState<SortDir>('asc');
  const [page, setPage] = useState(1);
  const filters = { q, status, sort, dir };
  const list = useQuery({
    queryKey: ['calls', call.id, 'applications', filters, page],
    queryFn: ({ signal }) =>
      api.get<ApplicationPage>(`/api/calls/${call.id}/applications`, { ...filters, page, pageSize }, signal),
    placeholderData: keepPreviousData,
  });
  const onSort = (column: Sort, direction: SortDir) => {
    setSort(column);
    setDir(direction);
    setPage(1);
  };
  const sortable = (column: Sort, label: string) => (
    <SortableTh column={column} sort={sort} dir={dir} onSort={onSort}>
      {label}
    </SortableTh>
  );

  return (
    <>
      <Group mb="md" align="flex-end">
        <SearchField
          label={t('calls.searchApplicants')}
          placeholder={t('calls.searchApplicantsPlaceholder')}
          value={q}
          onSearch={(next) => {
            setQ(next);
            setPage(1);
          }}
        />
        <NativeSelect
          label={t('calls.status')}
          value={status ?? ''}
          onChange={(event) => {
            setStatus(applicationStatuses.find((s) => s === event.currentTarget.value));
            setPage(1);
          }}
          data={[
            { value: '', label: t('calls.allStatuses') },
            ...applicationStatuses.map((s) => ({ value: s, label: t(`calls.applicationStatuses.${s}`) })),
          ]}
          style={{ flex: '0 1 14rem' }}
        />
        <CsvLink href={withQuery(`/api/calls/${call.id}/applications.csv`, filters)} />
      </Group>
      {list.isPending ? (
        <Loading />
      ) : list.isError ? (
        <LoadError error={list.error} onRetry={() => void list.refetch()} />
      ) : list.data.items.length === 0 ? (
        <Text c="dimmed" py="lg">
          {q || status ? t('common.noResults') : t('calls.noApplicants')}
        </Text>
      ) : (
        <>
          <Table.ScrollContainer minWidth={900} type="native">
            <Table striped highlightOnHover verticalSpacing="sm" aria-busy={list.isFetching}>
              <Table.Thead>
                <Table.Tr>
                  {sortable('rank', t('calls.rank'))}
                  {sortable('name', t('calls.applicant'))}
                  {sortable('status', t('calls.status'))}
                  {sortable('submittedAt', t('calls.submittedAt'))}
                  <Table.Th>{t('calls.languages')}</Table.Th>
                  {list.data.criteria.map((c) => (
                    <Table.Th key={c.key}>{criterionName(c, t)}</Table.Th>
                  ))}
                  {sortable('total', t('calls.total'))}
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {list.data.items.map((a) => (
                  <Table.Tr key={a.id}>
                    <Table.Td>{a.rank ?? t('common.none')}</Table.Td>
                    <Table.Td>
                      <RouterAnchor
                        to="/applications/$applicationId"
                        params={{ applicationId: a.id }}
                        fw={500}
                      >
                        {a.learnerName}
                      </RouterAnchor>
                      {a.scores === null && a.status !== 'withdrawn' && (
                        <Text size="xs" c="dimmed">
                          {t('calls.notInterviewed')}
                        </Text>
                      )}
                    </Table.Td>
                    <Table.Td miw={130}>
                      <ApplicationStatusBadge status={a.status} reservePosition={a.reserveRank} />
                    </Table.Td>
                    <Table.Td style={{ whiteSpace: 'nowrap' }}>{formatDate(a.submittedAt, locale)}</Table.Td>
                    <Table.Td>{a.languages.map((l) => `${l.language} ${l.level}`).join(', ')}</Table.Td>
                    {list.data.criteria.map((c) => (
                      <Table.Td key={c.key}>{a.scores?.[c.key] ?? t('common.none')}</Table.Td>
                    ))}
                    <Table.Td fw={600}>{a.total === null ? t('common.none') : a.total.toFixed(2)}</Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
          <Pager page={page} pageSize={pageSize} total={list.data.total} onPage={setPage} />
        </>
      )}
    </>
  );
}
