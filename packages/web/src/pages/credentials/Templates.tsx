import { Badge, Checkbox, Group, Table, Text } from '@mantine/core';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { getRouteApi } from '@tanstack/react-router';
import { credentialWords, type templatePage } from '@tilts/shared';
import { useTranslation } from 'react-i18next';
import type { z } from 'zod';
import { LoadError, Loading } from '../../components/feedback.tsx';
import { RouterAnchor, RouterButton } from '../../components/links.tsx';
import { CsvLink, Pager, SearchField, SortableTh } from '../../components/list.tsx';
import { PageHeader } from '../../components/PageHeader.tsx';
import { currentLocale } from '../../i18n/index.ts';
import { api, withQuery } from '../../lib/api.ts';
import { formatDate } from '../../lib/format.ts';
import type { SortDir } from '../../lib/list-search.ts';
import type { TemplateSort } from './search.ts';

type TemplatePage = z.infer<typeof templatePage>;
const route = getRouteApi('/app/credentials/templates');
const pageSize = 25;

/** The admin's list of credential templates: search, sort, paging, CSV, archived on request. */
export function TemplatesPage() {
  const { t } = useTranslation();
  const locale = currentLocale();
  const search = route.useSearch();
  const navigate = route.useNavigate();
  const sort: TemplateSort = search.sort ?? 'title';
  const dir: SortDir = search.dir ?? 'asc';
  const page = search.page ?? 1;
  const filters = { q: search.q, sort, dir, archived: search.archived ? 'true' : undefined };
  const onSort = (column: TemplateSort, direction: SortDir) =>
    void navigate({ search: (prev) => ({ ...prev, sort: column, dir: direction, page: undefined }) });
  const list = useQuery({
    queryKey: ['credential-templates', filters, page],
    queryFn: ({ signal }) =>
      api.get<TemplatePage>('/api/credentials/templates', { ...filters, page, pageSize }, signal),
    placeholderData: keepPreviousData,
  });

  return (
    <>
      <PageHeader
        title={t('credentials.templates.title')}
        intro={t('credentials.templates.intro')}
        actions={
          <>
            <CsvLink href={withQuery('/api/credentials/templates.csv', filters)} />
            <RouterButton to="/credentials/templates/new">{t('credentials.templates.new')}</RouterButton>
          </>
        }
      />
      <Group mb="md" align="flex-end">
        <SearchField
          label={t('credentials.templates.searchLabel')}
          placeholder={t('credentials.templates.searchPlaceholder')}
          value={search.q}
          onSearch={(q) =>
            void navigate({ search: (prev) => ({ ...prev, q, page: undefined }), replace: true })
          }
        />
        <Checkbox
          label={t('credentials.templates.showArchived')}
          checked={Boolean(search.archived)}
          onChange={(event) =>
            void navigate({
              search: (prev) => ({
                ...prev,
                archived: event.currentTarget.checked || undefined,
                page: undefined,
              }),
            })
          }
          mb={8}
        />
      </Group>
      {list.isPending ? (
        <Loading />
      ) : list.isError ? (
        <LoadError error={list.error} onRetry={() => void list.refetch()} />
      ) : list.data.items.length === 0 ? (
        <Text c="dimmed" py="lg">
          {search.q ? t('common.noResults') : t('credentials.templates.empty')}
        </Text>
      ) : (
        <>
          <Table.ScrollContainer minWidth={640} type="native">
            <Table striped highlightOnHover verticalSpacing="sm" aria-busy={list.isFetching}>
              <Table.Thead>
                <Table.Tr>
                  <SortableTh column="title" sort={sort} dir={dir} onSort={onSort}>
                    {t('credentials.templates.titleColumn')}
                  </SortableTh>
                  <Table.Th>{t('credentials.templates.documentType')}</Table.Th>
                  <Table.Th>{t('credentials.templates.workload')}</Table.Th>
                  <Table.Th>{t('credentials.templates.eqf')}</Table.Th>
                  <Table.Th>{t('credentials.templates.issuedCount')}</Table.Th>
                  <SortableTh column="createdAt" sort={sort} dir={dir} onSort={onSort}>
                    {t('credentials.templates.created')}
                  </SortableTh>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {list.data.items.map((item) => (
                  <Table.Tr key={item.id}>
                    <Table.Td>
                      <RouterAnchor to="/credentials/templates/$id" params={{ id: item.id }}>
                        {item.title}
                      </RouterAnchor>{' '}
                      {item.archived && (
                        <Badge color="gray" variant="light" size="sm">
                          {t('credentials.templates.archived')}
                        </Badge>
                      )}
                    </Table.Td>
                    <Table.Td>{credentialWords[locale].documentType[item.documentType]}</Table.Td>
                    <Table.Td>
                      {[item.ects !== null ? `${item.ects} ECTS` : null, `${item.hours} h`]
                        .filter(Boolean)
                        .join(', ')}
                    </Table.Td>
                    <Table.Td>{item.eqfLevel ?? t('common.none')}</Table.Td>
                    <Table.Td>{item.issuedCount}</Table.Td>
                    <Table.Td>{formatDate(item.createdAt, locale)}</Table.Td>
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
