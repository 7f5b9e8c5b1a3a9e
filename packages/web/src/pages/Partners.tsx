import { Badge, Group, Table, Text } from '@mantine/core';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { getRouteApi } from '@tanstack/react-router';
import type { partnerPage } from '@tilts/shared';
import { useTranslation } from 'react-i18next';
import type { z } from 'zod';
import { LoadError, Loading } from '../components/feedback.tsx';
import { CsvLink, Pager, SearchField, SortableTh } from '../components/list.tsx';
import { PageHeader } from '../components/PageHeader.tsx';
import { api, withQuery } from '../lib/api.ts';
import type { SortDir } from '../lib/list-search.ts';
import type { PartnerSort } from './partner-search.ts';

type PartnerPage = z.infer<typeof partnerPage>;

const route = getRouteApi('/app/partners');
const pageSize = 25;

export function PartnersPage() {
  const { t } = useTranslation();
  const search = route.useSearch();
  const navigate = route.useNavigate();
  const sort: PartnerSort = search.sort ?? 'legalName';
  const dir: SortDir = search.dir ?? 'asc';
  const page = search.page ?? 1;
  const filters = { q: search.q, sort, dir };

  const onSort = (column: PartnerSort, direction: SortDir) =>
    void navigate({ search: (prev) => ({ ...prev, sort: column, dir: direction, page: undefined }) });

  const list = useQuery({
    queryKey: ['partners', 'list', filters, page],
    queryFn: ({ signal }) => api.get<PartnerPage>('/api/partners', { ...filters, page, pageSize }, signal),
    placeholderData: keepPreviousData,
  });

  return (
    <>
      <PageHeader
        title={t('partners.title')}
        intro={t('partners.intro')}
        actions={<CsvLink href={withQuery('/api/partners.csv', filters)} />}
      />
      <Group mb="md" align="flex-end">
        <SearchField
          label={t('partners.searchLabel')}
          placeholder={t('partners.searchPlaceholder')}
          value={search.q}
          onSearch={(q) =>
            void navigate({ search: (prev) => ({ ...prev, q, page: undefined }), replace: true })
          }
        />
      </Group>
      {list.isPending ? (
        <Loading />
      ) : list.isError ? (
        <LoadError error={list.error} onRetry={() => void list.refetch()} />
      ) : list.data.items.length === 0 ? (
        <Text c="dimmed" py="lg">
          {search.q ? t('common.noResults') : t('partners.empty')}
        </Text>
      ) : (
        <>
          <Table.ScrollContainer minWidth={640} type="native">
            <Table striped highlightOnHover verticalSpacing="sm" aria-busy={list.isFetching}>
              <Table.Thead>
                <Table.Tr>
                  <SortableTh column="legalName" sort={sort} dir={dir} onSort={onSort}>
                    {t('partners.legalName')}
                  </SortableTh>
                  <Table.Th>{t('partners.kind')}</Table.Th>
                  <Table.Th>{t('partners.registrationNumber')}</Table.Th>
                  <SortableTh column="country" sort={sort} dir={dir} onSort={onSort}>
                    {t('partners.country')}
                  </SortableTh>
                  <SortableTh column="city" sort={sort} dir={dir} onSort={onSort}>
                    {t('partners.city')}
                  </SortableTh>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {list.data.items.map((partner) => (
                  <Table.Tr key={partner.id}>
                    <Table.Td fw={500}>{partner.legalName}</Table.Td>
                    <Table.Td>
                      <Badge variant="light" color="gray">
                        {t(`partners.kinds.${partner.kind}`)}
                      </Badge>
                    </Table.Td>
                    <Table.Td>{partner.registrationNumber || t('common.none')}</Table.Td>
                    <Table.Td>{partner.country}</Table.Td>
                    <Table.Td>{partner.city || t('common.none')}</Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
          <Pager
            page={page}
            pageSize={pageSize}
            total={list.data.total}
            onPage={(next) =>
              void navigate({ search: (prev) => ({ ...prev, page: next > 1 ? next : undefined }) })
            }
          />
        </>
      )}
    </>
  );
}
