import { Group, NativeSelect, Stack, Text } from '@mantine/core';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { getRouteApi } from '@tanstack/react-router';
import type { RiskItem, RiskPage } from '@tilts/shared';
import { useTranslation } from 'react-i18next';
import { DataList } from '../../components/DataList.tsx';
import { RouterAnchor } from '../../components/links.tsx';
import { CsvLink, SearchField } from '../../components/list.tsx';
import { PageHeader } from '../../components/PageHeader.tsx';
import { currentLocale } from '../../i18n/index.ts';
import { api, withQuery } from '../../lib/api.ts';
import { formatDate } from '../../lib/format.ts';
import type { SortDir } from '../../lib/list-search.ts';
import { useMe } from '../../lib/me-context.ts';
import { LightBadge, reasonsText, ViewAsButton } from './parts.tsx';
import type { RiskSort } from './search.ts';

const route = getRouteApi('/app/at-risk');
const pageSize = 25;

type Row = RiskItem & { id: string };

/** The mentor's screen: their learners on active placements, riskiest first, with the reasons. */
export function AtRiskPage() {
  const { t } = useTranslation();
  const locale = currentLocale();
  const me = useMe();
  const manages = me.school?.role === 'admin' || me.school?.role === 'coordinator';
  const search = route.useSearch();
  const navigate = route.useNavigate();
  const dir: SortDir = search.dir ?? 'asc';
  const page = search.page ?? 1;
  const filters = {
    q: search.q,
    sort: search.sort,
    dir,
    scope: manages ? (search.scope ?? 'school') : 'mine',
    light: search.light,
  };
  const list = useQuery({
    queryKey: ['risk', 'list', filters, page],
    queryFn: ({ signal }) => api.get<RiskPage>('/api/risk/learners', { ...filters, page, pageSize }, signal),
    placeholderData: keepPreviousData,
    select: (data) => ({
      ...data,
      items: data.items.map((i): Row => ({ ...i, id: `${i.placementId}:${i.learnerId}` })),
    }),
  });

  return (
    <>
      <PageHeader
        title={t('risk.title')}
        intro={t('risk.intro')}
        actions={<CsvLink href={withQuery('/api/risk/learners.csv', filters)} />}
      />
      <Group mb="md" align="flex-end">
        <SearchField
          label={t('risk.searchLabel')}
          placeholder={t('risk.searchPlaceholder')}
          value={search.q}
          onSearch={(q) =>
            void navigate({ search: (prev) => ({ ...prev, q, page: undefined }), replace: true })
          }
        />
        {manages && (
          <NativeSelect
            label={t('risk.scope')}
            value={filters.scope}
            onChange={(e) => {
              const scope = e.currentTarget.value === 'mine' ? 'mine' : undefined;
              void navigate({ search: (prev) => ({ ...prev, scope, page: undefined }) });
            }}
            data={[
              { value: 'school', label: t('risk.scopeSchool') },
              { value: 'mine', label: t('risk.scopeMine') },
            ]}
            style={{ flex: '0 1 12rem' }}
          />
        )}
        <NativeSelect
          label={t('risk.light')}
          value={search.light ?? ''}
          onChange={(e) => {
            const value = e.currentTarget.value;
            const light =
              value === 'red' || value === 'amber' || value === 'green' || value === 'attention'
                ? value
                : undefined;
            void navigate({ search: (prev) => ({ ...prev, light, page: undefined }) });
          }}
          data={[
            { value: '', label: t('risk.allLights') },
            { value: 'attention', label: t('risk.attention') },
            { value: 'red', label: t('risk.lights.red') },
            { value: 'amber', label: t('risk.lights.amber') },
            { value: 'green', label: t('risk.lights.green') },
          ]}
          style={{ flex: '0 1 12rem' }}
        />
      </Group>
      {list.data && (
        <Text size="sm" c="dimmed" mb="xs" data-testid="risk-counts">
          {t('risk.counts', list.data.counts)}
        </Text>
      )}
      <DataList<Row, RiskSort>
        query={list}
        sort={search.sort}
        dir={dir}
        onSort={(column, direction) =>
          void navigate({ search: (prev) => ({ ...prev, sort: column, dir: direction, page: undefined }) })
        }
        page={page}
        pageSize={pageSize}
        onPage={(next) =>
          void navigate({ search: (prev) => ({ ...prev, page: next > 1 ? next : undefined }) })
        }
        empty={search.q || search.light ? t('common.noResults') : t('risk.empty')}
        minWidth={900}
        columns={[
          {
            key: 'light',
            label: t('risk.light'),
            sort: 'risk',
            render: (r) => <LightBadge light={r.light} />,
            nowrap: true,
          },
          {
            key: 'learner',
            label: t('risk.learner'),
            sort: 'learner',
            render: (r) => (
              <Stack gap={2} data-testid="risk-row" data-learner={r.learnerName}>
                <RouterAnchor to="/placements/$id" params={{ id: r.placementId }} fw={500}>
                  {r.learnerName}
                </RouterAnchor>
                <Text size="xs" c="dimmed">
                  {r.placementTitle}
                </Text>
              </Stack>
            ),
          },
          {
            key: 'reasons',
            label: t('risk.reasons'),
            render: (r) => (
              <Text size="sm" data-testid="risk-reasons">
                {reasonsText(r.reasons)}
              </Text>
            ),
          },
          { key: 'mentor', label: t('risk.mentor'), render: (r) => r.mentorName ?? '—' },
          {
            key: 'dates',
            label: t('risk.dates'),
            sort: 'start',
            render: (r) => `${formatDate(r.startDate, locale)}–${formatDate(r.endDate, locale)}`,
            nowrap: true,
          },
          {
            key: 'viewAs',
            label: '',
            render: (r) => <ViewAsButton learnerId={r.learnerId} name={r.learnerName} />,
            nowrap: true,
          },
        ]}
      />
    </>
  );
}
