import { Badge, Button, Group, NativeSelect, Text } from '@mantine/core';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { getRouteApi } from '@tanstack/react-router';
import {
  activityTypeNames,
  countryName,
  type PlacementStatus,
  type PlacementSummary,
  placementKinds,
  placementStatuses,
} from '@tilts/shared';
import { useTranslation } from 'react-i18next';
import { DataList, type ListPage } from '../../components/DataList.tsx';
import { RouterAnchor, RouterButton } from '../../components/links.tsx';
import { CsvLink, SearchField } from '../../components/list.tsx';
import { PageHeader } from '../../components/PageHeader.tsx';
import { currentLocale } from '../../i18n/index.ts';
import { api, withQuery } from '../../lib/api.ts';
import { formatDate } from '../../lib/format.ts';
import type { SortDir } from '../../lib/list-search.ts';
import { useMe } from '../../lib/me-context.ts';
import type { PlacementSort } from '../projects/search.ts';

const route = getRouteApi('/app/placements');
const pageSize = 25;

export const statusColor: Record<PlacementStatus, string> = {
  draft: 'gray',
  planned: 'blue',
  ready: 'cyan',
  in_progress: 'teal',
  completed: 'green',
  recognised: 'grape',
  closed: 'dark',
  cancelled: 'red',
  interrupted: 'orange',
};

export function StatusBadge({ status }: { status: PlacementStatus }) {
  const { t } = useTranslation();
  return (
    <Badge color={statusColor[status]} variant="light" style={{ flexShrink: 0 }}>
      {t(`placements.statuses.${status}`)}
    </Badge>
  );
}

/** "Short-term learner mobility" for Erasmus+, otherwise the kind. */
export function useKindLabel() {
  const { t } = useTranslation();
  const locale = currentLocale();
  return (p: Pick<PlacementSummary, 'kind' | 'activityType'>) =>
    p.activityType ? activityTypeNames[locale][p.activityType] : t(`placements.kinds.${p.kind}`);
}

export function PlacementsPage() {
  const { t } = useTranslation();
  const locale = currentLocale();
  const me = useMe();
  const manages = me.school?.role === 'admin' || me.school?.role === 'coordinator';
  const kindLabel = useKindLabel();
  const search = route.useSearch();
  const navigate = route.useNavigate();
  const sort = search.sort;
  const dir: SortDir = search.dir ?? 'asc';
  const page = search.page ?? 1;
  const filters = {
    q: search.q,
    sort,
    dir,
    status: search.status,
    kind: search.kind,
    projectId: search.projectId,
  };

  const list = useQuery({
    queryKey: ['placements', 'list', filters, page],
    queryFn: ({ signal }) =>
      api.get<ListPage<PlacementSummary>>('/api/placements', { ...filters, page, pageSize }, signal),
    placeholderData: keepPreviousData,
  });

  return (
    <>
      <PageHeader
        title={t('placements.title')}
        intro={manages ? t('placements.intro') : t('placements.mineIntro')}
        actions={
          manages && (
            <>
              <CsvLink href={withQuery('/api/placements.csv', filters)} />
              <RouterButton to="/placements/new">{t('placements.new')}</RouterButton>
            </>
          )
        }
      />
      <Group mb="md" align="flex-end">
        <SearchField
          label={t('placements.searchLabel')}
          placeholder={t('placements.searchPlaceholder')}
          value={search.q}
          onSearch={(q) =>
            void navigate({ search: (prev) => ({ ...prev, q, page: undefined }), replace: true })
          }
        />
        <NativeSelect
          label={t('placements.status')}
          value={search.status ?? ''}
          onChange={(e) => {
            const status = placementStatuses.find((s) => s === e.currentTarget.value);
            void navigate({ search: (prev) => ({ ...prev, status, page: undefined }) });
          }}
          data={[
            { value: '', label: t('placements.allStatuses') },
            ...placementStatuses.map((s) => ({ value: s, label: t(`placements.statuses.${s}`) })),
          ]}
          style={{ flex: '0 1 12rem' }}
        />
        <NativeSelect
          label={t('placements.kind')}
          value={search.kind ?? ''}
          onChange={(e) => {
            const kind = placementKinds.find((k) => k === e.currentTarget.value);
            void navigate({ search: (prev) => ({ ...prev, kind, page: undefined }) });
          }}
          data={[
            { value: '', label: t('placements.allKinds') },
            ...placementKinds.map((k) => ({ value: k, label: t(`placements.kinds.${k}`) })),
          ]}
          style={{ flex: '0 1 14rem' }}
        />
        {search.projectId && (
          <Button
            variant="subtle"
            onClick={() =>
              void navigate({ search: (prev) => ({ ...prev, projectId: undefined, page: undefined }) })
            }
          >
            {t('placements.clearProject')}
          </Button>
        )}
      </Group>
      <DataList<PlacementSummary, PlacementSort>
        query={list}
        sort={sort}
        dir={dir}
        onSort={(column, direction) =>
          void navigate({ search: (prev) => ({ ...prev, sort: column, dir: direction, page: undefined }) })
        }
        page={page}
        pageSize={pageSize}
        onPage={(next) =>
          void navigate({ search: (prev) => ({ ...prev, page: next > 1 ? next : undefined }) })
        }
        empty={
          search.q || search.status || search.kind
            ? t('common.noResults')
            : manages
              ? t('placements.empty')
              : t('placements.emptyMine')
        }
        minWidth={900}
        columns={[
          {
            key: 'title',
            label: t('placements.name'),
            sort: 'title',
            render: (p) => (
              <div>
                <RouterAnchor to="/placements/$id" params={{ id: p.id }} fw={500}>
                  {p.title}
                </RouterAnchor>
                <Text size="xs" c="dimmed">
                  {kindLabel(p)}
                </Text>
              </div>
            ),
          },
          {
            key: 'status',
            label: t('placements.status'),
            sort: 'status',
            render: (p) => <StatusBadge status={p.status} />,
            nowrap: true,
          },
          {
            key: 'dates',
            label: t('placements.dates'),
            sort: 'startDate',
            render: (p) => `${formatDate(p.startDate, locale)}–${formatDate(p.endDate, locale)}`,
            nowrap: true,
          },
          {
            key: 'where',
            label: t('placements.destination'),
            render: (p) =>
              [p.destinationCity, countryName(p.destinationCountry, locale)].filter(Boolean).join(', '),
          },
          {
            key: 'learners',
            label: t('placements.learners'),
            render: (p) =>
              p.learnerCount > p.learners.length
                ? `${p.learners.join(', ')} +${p.learnerCount - p.learners.length}`
                : p.learners.join(', ') || t('common.none'),
          },
          {
            key: 'missing',
            label: t('placements.missingTitle'),
            render: (p) =>
              p.missing.length ? (
                <Group gap={4}>
                  {p.missing.map((m) => (
                    <Badge
                      key={m}
                      color="orange"
                      variant="outline"
                      size="sm"
                      title={t(`placements.missing.${m}`)}
                    >
                      {t(`placements.missingShort.${m}`)}
                    </Badge>
                  ))}
                </Group>
              ) : (
                t('common.none')
              ),
          },
        ]}
      />
    </>
  );
}
