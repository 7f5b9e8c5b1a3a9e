import { Button, Group, Modal, NativeSelect, Table, Text } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { notifications } from '@mantine/notifications';
import { keepPreviousData, useQuery, useQueryClient } from '@tanstack/react-query';
import { getRouteApi, useNavigate } from '@tanstack/react-router';
import type { QualificationPage } from '@tilts/shared';
import { useTranslation } from 'react-i18next';
import { LoadError, Loading } from '../../components/feedback.tsx';
import { ImportDialog } from '../../components/ImportDialog.tsx';
import { RouterAnchor } from '../../components/links.tsx';
import { CsvLink, Pager, SearchField, SortableTh } from '../../components/list.tsx';
import { PageHeader } from '../../components/PageHeader.tsx';
import { hasRole, registerWriters } from '../../lib/access.ts';
import { api, withQuery } from '../../lib/api.ts';
import type { SortDir } from '../../lib/list-search.ts';
import { useMe } from '../../lib/me-context.ts';
import { levels, QualificationForm } from './QualificationForm.tsx';
import type { QualificationSort } from './qualification-search.ts';

const route = getRouteApi('/app/catalogue');
const pageSize = 25;

export function QualificationsPage() {
  const { t } = useTranslation();
  const me = useMe();
  const canWrite = hasRole(me, registerWriters);
  const queryClient = useQueryClient();
  const goTo = useNavigate();
  const [adding, addModal] = useDisclosure(false);
  const [importing, importModal] = useDisclosure(false);
  const search = route.useSearch();
  const navigate = route.useNavigate();
  const sort: QualificationSort = search.sort ?? 'code';
  const dir: SortDir = search.dir ?? 'asc';
  const page = search.page ?? 1;
  const filters = { q: search.q, eqfLevel: search.eqfLevel, sort, dir };

  const list = useQuery({
    queryKey: ['qualifications', 'list', filters, page],
    queryFn: ({ signal }) =>
      api.get<QualificationPage>('/api/catalogue/qualifications', { ...filters, page, pageSize }, signal),
    placeholderData: keepPreviousData,
  });
  const onSort = (column: QualificationSort, direction: SortDir) =>
    void navigate({ search: (prev) => ({ ...prev, sort: column, dir: direction, page: undefined }) });
  const sortable = (column: QualificationSort, label: string) => (
    <SortableTh column={column} sort={sort} dir={dir} onSort={onSort}>
      {label}
    </SortableTh>
  );

  return (
    <>
      <PageHeader
        title={t('catalogue.title')}
        intro={t('catalogue.intro')}
        actions={
          <>
            <CsvLink href={withQuery('/api/catalogue/qualifications.csv', filters)} />
            {canWrite && (
              <>
                <Button variant="default" onClick={importModal.open}>
                  {t('catalogue.import')}
                </Button>
                <Button onClick={addModal.open}>{t('catalogue.add')}</Button>
              </>
            )}
          </>
        }
      />
      <Group mb="md" align="flex-end">
        <SearchField
          label={t('catalogue.searchLabel')}
          placeholder={t('catalogue.searchPlaceholder')}
          value={search.q}
          onSearch={(q) =>
            void navigate({ search: (prev) => ({ ...prev, q, page: undefined }), replace: true })
          }
        />
        <NativeSelect
          label={t('catalogue.eqfLevel')}
          value={search.eqfLevel ? String(search.eqfLevel) : ''}
          onChange={(event) => {
            const value = Number(event.currentTarget.value) || undefined;
            void navigate({ search: (prev) => ({ ...prev, eqfLevel: value, page: undefined }) });
          }}
          data={[{ value: '', label: t('catalogue.allLevels') }, ...levels]}
          style={{ flex: '0 1 10rem' }}
        />
      </Group>
      {list.isPending ? (
        <Loading />
      ) : list.isError ? (
        <LoadError error={list.error} onRetry={() => void list.refetch()} />
      ) : list.data.items.length === 0 ? (
        <Text c="dimmed" py="lg">
          {search.q || search.eqfLevel ? t('common.noResults') : t('catalogue.empty')}
        </Text>
      ) : (
        <>
          <Table.ScrollContainer minWidth={720} type="native">
            <Table striped highlightOnHover verticalSpacing="sm" aria-busy={list.isFetching}>
              <Table.Thead>
                <Table.Tr>
                  {sortable('code', t('catalogue.code'))}
                  {sortable('title', t('catalogue.qualificationTitle'))}
                  {sortable('eqfLevel', t('catalogue.eqfLevel'))}
                  {sortable('lkiLevel', t('catalogue.lkiLevel'))}
                  <Table.Th>{t('catalogue.programme')}</Table.Th>
                  <Table.Th>{t('catalogue.units')}</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {list.data.items.map((q) => (
                  <Table.Tr key={q.id}>
                    <Table.Td style={{ whiteSpace: 'nowrap' }}>{q.code}</Table.Td>
                    <Table.Td fw={500}>
                      <RouterAnchor to="/catalogue/$qualificationId" params={{ qualificationId: q.id }}>
                        {q.title}
                      </RouterAnchor>
                    </Table.Td>
                    <Table.Td>{q.eqfLevel}</Table.Td>
                    <Table.Td>{q.lkiLevel}</Table.Td>
                    <Table.Td>{q.programme || t('common.none')}</Table.Td>
                    <Table.Td>{q.unitCount}</Table.Td>
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
        <>
          <Modal opened={adding} onClose={addModal.close} title={t('catalogue.addTitle')} size="lg">
            {adding && (
              <QualificationForm
                onCancel={addModal.close}
                onSaved={(saved) => {
                  addModal.close();
                  void queryClient.invalidateQueries({ queryKey: ['qualifications'] });
                  notifications.show({ color: 'teal', message: t('catalogue.created') });
                  void goTo({ to: '/catalogue/$qualificationId', params: { qualificationId: saved.id } });
                }}
              />
            )}
          </Modal>
          <ImportDialog
            kind="units"
            title={t('catalogue.importTitle')}
            intro={t('catalogue.importIntro')}
            opened={importing}
            onClose={importModal.close}
            onApplied={() => void queryClient.invalidateQueries({ queryKey: ['qualifications'] })}
          />
        </>
      )}
    </>
  );
}
