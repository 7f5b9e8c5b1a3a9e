import { Badge, Card, Group, NativeSelect, SimpleGrid, Stack, Table, Text, Title } from '@mantine/core';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { getRouteApi } from '@tanstack/react-router';
import { type CallSummary, type callPage, callStatuses } from '@tilts/shared';
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
import { callManagerRoles } from './access.ts';
import type { CallSort } from './call-search.ts';
import { CallStatusBadge } from './parts.tsx';

type CallPage = z.infer<typeof callPage>;

const route = getRouteApi('/app/calls');
const pageSize = 25;

/** Calls for applications: the school's list for staff, the open calls for a learner. */
export function CallsPage() {
  const { t } = useTranslation();
  const me = useMe();
  const locale = currentLocale();
  const learner = me.school?.role === 'learner';
  const canCreate = hasRole(me, callManagerRoles);
  const search = route.useSearch();
  const navigate = route.useNavigate();
  const sort: CallSort = search.sort ?? 'deadline';
  const dir: SortDir = search.dir ?? (learner ? 'asc' : 'desc');
  const page = search.page ?? 1;
  const filters = { q: search.q, status: search.status, sort, dir };

  const list = useQuery({
    queryKey: ['calls', 'list', filters, page],
    queryFn: ({ signal }) => api.get<CallPage>('/api/calls', { ...filters, page, pageSize }, signal),
    placeholderData: keepPreviousData,
  });

  const onSort = (column: CallSort, direction: SortDir) =>
    void navigate({ search: (prev) => ({ ...prev, sort: column, dir: direction, page: undefined }) });
  const sortable = (column: CallSort, label: string) => (
    <SortableTh column={column} sort={sort} dir={dir} onSort={onSort}>
      {label}
    </SortableTh>
  );

  return (
    <>
      <PageHeader
        title={learner ? t('calls.openTitle') : t('calls.title')}
        intro={learner ? t('calls.openIntro') : t('calls.intro')}
        actions={
          learner ? undefined : (
            <>
              <CsvLink href={withQuery('/api/calls.csv', filters)} />
              {canCreate && <RouterButton to="/calls/new">{t('calls.new')}</RouterButton>}
            </>
          )
        }
      />
      <Group mb="md" align="flex-end">
        <SearchField
          label={t('calls.searchLabel')}
          placeholder={t('calls.searchPlaceholder')}
          value={search.q}
          onSearch={(q) =>
            void navigate({ search: (prev) => ({ ...prev, q, page: undefined }), replace: true })
          }
        />
        {!learner && (
          <NativeSelect
            label={t('calls.status')}
            value={search.status ?? ''}
            onChange={(event) => {
              const status = callStatuses.find((s) => s === event.currentTarget.value);
              void navigate({ search: (prev) => ({ ...prev, status, page: undefined }) });
            }}
            data={[
              { value: '', label: t('calls.allStatuses') },
              ...callStatuses.map((s) => ({ value: s, label: t(`calls.statuses.${s}`) })),
            ]}
            style={{ flex: '0 1 14rem' }}
          />
        )}
      </Group>
      {list.isPending ? (
        <Loading />
      ) : list.isError ? (
        <LoadError error={list.error} onRetry={() => void list.refetch()} />
      ) : list.data.items.length === 0 ? (
        <Text c="dimmed" py="lg">
          {search.q || search.status
            ? t('common.noResults')
            : learner
              ? t('calls.noOpenCalls')
              : t('calls.empty')}
        </Text>
      ) : learner ? (
        <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="md">
          {list.data.items.map((call) => (
            <OpenCallCard key={call.id} call={call} />
          ))}
        </SimpleGrid>
      ) : (
        <Table.ScrollContainer minWidth={860} type="native">
          <Table striped highlightOnHover verticalSpacing="sm" aria-busy={list.isFetching}>
            <Table.Thead>
              <Table.Tr>
                {sortable('title', t('calls.callTitle'))}
                {sortable('status', t('calls.status'))}
                {sortable('opensOn', t('calls.opensOn'))}
                {sortable('deadline', t('calls.deadline'))}
                {sortable('places', t('calls.places'))}
                {sortable('applications', t('calls.applications'))}
                <Table.Th>{t('calls.destinations')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {list.data.items.map((call) => (
                <Table.Tr key={call.id}>
                  <Table.Td>
                    <RouterAnchor to="/calls/$callId" params={{ callId: call.id }} fw={500}>
                      {call.title}
                    </RouterAnchor>
                    <Text size="xs" c="dimmed">
                      {call.projectLabel}
                    </Text>
                  </Table.Td>
                  <Table.Td>
                    <CallStatusBadge status={call.status} />
                  </Table.Td>
                  <Table.Td style={{ whiteSpace: 'nowrap' }}>{formatDate(call.opensOn, locale)}</Table.Td>
                  <Table.Td style={{ whiteSpace: 'nowrap' }}>{formatDate(call.deadline, locale)}</Table.Td>
                  <Table.Td>{call.places}</Table.Td>
                  <Table.Td>{call.applications}</Table.Td>
                  <Table.Td>{call.destinations.join('; ')}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
      {list.data && (
        <Pager
          page={page}
          pageSize={pageSize}
          total={list.data.total}
          onPage={(next) =>
            void navigate({ search: (prev) => ({ ...prev, page: next > 1 ? next : undefined }) })
          }
        />
      )}
    </>
  );
}

function OpenCallCard({ call }: { call: CallSummary }) {
  const { t } = useTranslation();
  const locale = currentLocale();
  return (
    <Card withBorder radius="md" padding="lg" component="article">
      <Stack gap="xs">
        <Title order={2} size="h4">
          <RouterAnchor to="/calls/$callId" params={{ callId: call.id }}>
            {call.title}
          </RouterAnchor>
        </Title>
        <Text size="sm">
          {t('calls.placesIn', { count: call.places, destinations: call.destinations.join('; ') })}
        </Text>
        <Text size="sm" c="dimmed">
          {call.acceptingApplications
            ? t('calls.applyUntil', { date: formatDate(call.deadline, locale) })
            : t('calls.applyFrom', { date: formatDate(call.opensOn, locale) })}
        </Text>
        <Group gap="xs">
          {call.myApplicationId ? (
            <>
              <Badge variant="light" color="teal">
                {t('calls.youApplied')}
              </Badge>
              <RouterAnchor
                to="/applications/$applicationId"
                params={{ applicationId: call.myApplicationId }}
              >
                {t('calls.seeYourApplication')}
              </RouterAnchor>
            </>
          ) : (
            call.acceptingApplications && (
              <RouterButton to="/calls/$callId/apply" params={{ callId: call.id }} size="sm">
                {t('calls.apply')}
              </RouterButton>
            )
          )}
        </Group>
      </Stack>
    </Card>
  );
}
