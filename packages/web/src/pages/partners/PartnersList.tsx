import { Button, Group, NativeSelect, Table, Text } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { keepPreviousData, useQuery, useQueryClient } from '@tanstack/react-query';
import { getRouteApi } from '@tanstack/react-router';
import { type PartnerPage, partnerKinds } from '@tilts/shared';
import { useTranslation } from 'react-i18next';
import { CountrySelect } from '../../components/CountrySelect.tsx';
import { LoadError, Loading } from '../../components/feedback.tsx';
import { ImportDialog } from '../../components/ImportDialog.tsx';
import { RouterAnchor, RouterButton } from '../../components/links.tsx';
import { CsvLink, Pager, SearchField, SortableTh } from '../../components/list.tsx';
import { PageHeader } from '../../components/PageHeader.tsx';
import { hasRole, registerWriters } from '../../lib/access.ts';
import { api, withQuery } from '../../lib/api.ts';
import type { SortDir } from '../../lib/list-search.ts';
import { useMe } from '../../lib/me-context.ts';
import type { PartnerSort } from './partner-search.ts';

const route = getRouteApi('/app/partners');
const pageSize = 25;

export function PartnersListPage() {
  const { t } = useTranslation();
  const me = useMe();
  const queryClient = useQueryClient();
  const canWrite = hasRole(me, registerWriters);
  const [importOpened, importDialog] = useDisclosure(false);
  const search = route.useSearch();
  const navigate = route.useNavigate();
  const sort: PartnerSort = search.sort ?? 'legalName';
  const dir: SortDir = search.dir ?? 'asc';
  const page = search.page ?? 1;
  const filters = { q: search.q, kind: search.kind, country: search.country, sort, dir };
  const filtered = Boolean(search.q || search.kind || search.country);

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
        actions={
          <>
            <CsvLink href={withQuery('/api/partners.csv', filters)} />
            {canWrite && (
              <>
                <Button variant="default" onClick={importDialog.open}>
                  {t('partners.import')}
                </Button>
                <RouterButton to="/partners/new">{t('partners.add')}</RouterButton>
              </>
            )}
          </>
        }
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
        <NativeSelect
          label={t('partners.kind')}
          value={search.kind ?? ''}
          onChange={(event) => {
            const kind = partnerKinds.find((k) => k === event.currentTarget.value);
            void navigate({ search: (prev) => ({ ...prev, kind, page: undefined }) });
          }}
          data={[
            { value: '', label: t('partners.allKinds') },
            ...partnerKinds.map((k) => ({ value: k, label: t(`partners.kinds.${k}`) })),
          ]}
          style={{ flex: '0 1 14rem' }}
        />
        <CountrySelect
          label={t('partners.country')}
          placeholder={t('partners.allCountries')}
          clearable
          value={search.country ?? null}
          onChange={(country) =>
            void navigate({ search: (prev) => ({ ...prev, country: country ?? undefined, page: undefined }) })
          }
          style={{ flex: '0 1 16rem' }}
        />
      </Group>
      {list.isPending ? (
        <Loading />
      ) : list.isError ? (
        <LoadError error={list.error} onRetry={() => void list.refetch()} />
      ) : list.data.items.length === 0 ? (
        <Text c="dimmed" py="lg">
          {filtered ? t('common.noResults') : t('partners.empty')}
        </Text>
      ) : (
        <>
          <Table.ScrollContainer minWidth={760} type="native">
            <Table striped highlightOnHover verticalSpacing="sm" aria-busy={list.isFetching}>
              <Table.Thead>
                <Table.Tr>
                  <SortableTh column="legalName" sort={sort} dir={dir} onSort={onSort}>
                    {t('partners.legalName')}
                  </SortableTh>
                  <SortableTh column="kind" sort={sort} dir={dir} onSort={onSort}>
                    {t('partners.kind')}
                  </SortableTh>
                  <Table.Th>{t('partners.registrationNumber')}</Table.Th>
                  <SortableTh column="country" sort={sort} dir={dir} onSort={onSort}>
                    {t('partners.country')}
                  </SortableTh>
                  <SortableTh column="city" sort={sort} dir={dir} onSort={onSort}>
                    {t('partners.city')}
                  </SortableTh>
                  <Table.Th>{t('partners.contact')}</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {list.data.items.map((partner) => (
                  <Table.Tr key={partner.id}>
                    <Table.Td fw={500}>
                      <RouterAnchor to="/partners/$partnerId" params={{ partnerId: partner.id }}>
                        {partner.legalName}
                      </RouterAnchor>
                    </Table.Td>
                    <Table.Td>{t(`partners.kinds.${partner.kind}`)}</Table.Td>
                    <Table.Td>{partner.registrationNumber || t('common.none')}</Table.Td>
                    <Table.Td>{partner.countryName}</Table.Td>
                    <Table.Td>{partner.city || t('common.none')}</Table.Td>
                    <Table.Td>{partner.contactName || t('common.none')}</Table.Td>
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
      {canWrite && (
        <ImportDialog
          kind="partners"
          title={t('partners.importTitle')}
          intro={t('partners.importIntro')}
          opened={importOpened}
          onClose={importDialog.close}
          onApplied={() => void queryClient.invalidateQueries({ queryKey: ['partners'] })}
        />
      )}
    </>
  );
}
