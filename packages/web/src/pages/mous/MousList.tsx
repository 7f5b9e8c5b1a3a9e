import { Group, NativeSelect, Table, Text } from '@mantine/core';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { getRouteApi } from '@tanstack/react-router';
import { type mouPage, mouStatuses, type partnerPage } from '@tilts/shared';
import { useTranslation } from 'react-i18next';
import type { z } from 'zod';
import { LoadError, Loading } from '../../components/feedback.tsx';
import { RouterAnchor, RouterButton } from '../../components/links.tsx';
import { CsvLink, Pager, SearchField, SortableTh } from '../../components/list.tsx';
import { PageHeader } from '../../components/PageHeader.tsx';
import { currentLocale } from '../../i18n/index.ts';
import { hasRole } from '../../lib/access.ts';
import { api, withQuery } from '../../lib/api.ts';
import { formatDate } from '../../lib/format.ts';
import type { SortDir } from '../../lib/list-search.ts';
import { useMe } from '../../lib/me-context.ts';
import { MouStatusBadge, mouEditors } from './MouDocumentView.tsx';
import type { MouSort } from './mou-search.ts';

type MouPage = z.infer<typeof mouPage>;
type PartnerPage = z.infer<typeof partnerPage>;

const route = getRouteApi('/app/mous');
const pageSize = 25;

/** The school's memoranda: search, filter by status and partner, sort, page, export. */
export function MousPage() {
  const { t } = useTranslation();
  const locale = currentLocale();
  const me = useMe();
  const search = route.useSearch();
  const navigate = route.useNavigate();
  const sort: MouSort = search.sort ?? 'validUntil';
  const dir: SortDir = search.dir ?? 'asc';
  const page = search.page ?? 1;
  const filters = { q: search.q, status: search.status, partnerId: search.partnerId, sort, dir };

  const list = useQuery({
    queryKey: ['mous', 'list', filters, page],
    queryFn: ({ signal }) => api.get<MouPage>('/api/mous', { ...filters, page, pageSize }, signal),
    placeholderData: keepPreviousData,
  });
  // The partner filter offers the register (the API gives staff up to 200 names at once).
  const partners = useQuery({
    queryKey: ['partners', 'list', { sort: 'legalName', dir: 'asc' }, 'all'],
    queryFn: ({ signal }) =>
      api.get<PartnerPage>('/api/partners', { sort: 'legalName', dir: 'asc', pageSize: 200 }, signal),
  });

  const onSort = (column: MouSort, direction: SortDir) =>
    void navigate({ search: (prev) => ({ ...prev, sort: column, dir: direction, page: undefined }) });
  const sortable = (column: MouSort, label: string) => (
    <SortableTh column={column} sort={sort} dir={dir} onSort={onSort}>
      {label}
    </SortableTh>
  );
  const filtered = Boolean(search.q || search.status || search.partnerId);

  return (
    <>
      <PageHeader
        title={t('mous.title')}
        intro={t('mous.intro')}
        actions={
          <>
            <CsvLink href={withQuery('/api/mous.csv', filters)} />
            {hasRole(me, mouEditors) && <RouterButton to="/mous/new">{t('mous.create')}</RouterButton>}
          </>
        }
      />
      <Group mb="md" align="flex-end">
        <SearchField
          label={t('mous.searchLabel')}
          placeholder={t('mous.searchPlaceholder')}
          value={search.q}
          onSearch={(q) =>
            void navigate({ search: (prev) => ({ ...prev, q, page: undefined }), replace: true })
          }
        />
        <NativeSelect
          label={t('mous.statusFilter')}
          value={search.status ?? ''}
          onChange={(event) => {
            const status = mouStatuses.find((s) => s === event.currentTarget.value);
            void navigate({ search: (prev) => ({ ...prev, status, page: undefined }) });
          }}
          data={[
            { value: '', label: t('mous.allStatuses') },
            ...mouStatuses.map((s) => ({ value: s, label: t(`mous.statuses.${s}`) })),
          ]}
          style={{ flex: '0 1 14rem' }}
        />
        <NativeSelect
          label={t('mous.partnerFilter')}
          value={search.partnerId ?? ''}
          onChange={(event) => {
            const partnerId = event.currentTarget.value || undefined;
            void navigate({ search: (prev) => ({ ...prev, partnerId, page: undefined }) });
          }}
          data={[
            { value: '', label: t('mous.allPartners') },
            ...(partners.data?.items ?? []).map((p) => ({ value: p.id, label: p.legalName })),
          ]}
          style={{ flex: '0 1 18rem' }}
        />
      </Group>
      {list.isPending ? (
        <Loading />
      ) : list.isError ? (
        <LoadError error={list.error} onRetry={() => void list.refetch()} />
      ) : list.data.items.length === 0 ? (
        <Text c="dimmed" py="lg">
          {filtered ? t('common.noResults') : t('mous.empty')}
        </Text>
      ) : (
        <>
          <Table.ScrollContainer minWidth={860} type="native">
            <Table striped highlightOnHover verticalSpacing="sm" aria-busy={list.isFetching}>
              <Table.Thead>
                <Table.Tr>
                  {sortable('title', t('mous.titleColumn'))}
                  <Table.Th>{t('mous.partners')}</Table.Th>
                  {sortable('status', t('mous.status'))}
                  {sortable('validFrom', t('mous.validFromColumn'))}
                  {sortable('validUntil', t('mous.validUntilColumn'))}
                  <Table.Th>{t('mous.signatures')}</Table.Th>
                  {sortable('updatedAt', t('mous.updated'))}
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {list.data.items.map((m) => (
                  <Table.Tr key={m.id}>
                    <Table.Td>
                      <RouterAnchor to="/mous/$id" params={{ id: m.id }} fw={500}>
                        {m.title}
                      </RouterAnchor>{' '}
                      <Text span size="sm" c="dimmed">
                        {t('mous.versionShort', { version: m.version })}
                      </Text>
                    </Table.Td>
                    <Table.Td>{m.partners.join(', ') || t('common.none')}</Table.Td>
                    <Table.Td>
                      <MouStatusBadge status={m.status} />
                    </Table.Td>
                    <Table.Td style={{ whiteSpace: 'nowrap' }}>
                      {formatDate(m.validFrom, locale) || t('common.none')}
                    </Table.Td>
                    <Table.Td style={{ whiteSpace: 'nowrap' }}>
                      {formatDate(m.validUntil, locale) || t('common.none')}
                    </Table.Td>
                    <Table.Td style={{ whiteSpace: 'nowrap' }}>
                      {t('mous.signedOf', { signed: m.signed, parties: m.parties })}
                    </Table.Td>
                    <Table.Td style={{ whiteSpace: 'nowrap' }}>{formatDate(m.updatedAt, locale)}</Table.Td>
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
