import { Badge, Card, Group, Skeleton, Stack, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { type PlacementOverview, type PlacementSummary, placementStatuses } from '@tilts/shared';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { RouterAnchor } from '../../components/links.tsx';
import { currentLocale } from '../../i18n/index.ts';
import { api, errorText } from '../../lib/api.ts';
import { formatDate } from '../../lib/format.ts';
import { StatusBadge, statusColor } from './PlacementsPage.tsx';

export const overviewQuery = {
  queryKey: ['placements', 'overview'],
  queryFn: () => api.get<PlacementOverview>('/api/placements/overview'),
};

function Panel({ title, children }: { title: string; children: ReactNode }) {
  return (
    <Card withBorder radius="md" padding="lg" component="section">
      <Title order={2} size="h4" mb="xs">
        {title}
      </Title>
      {children}
    </Card>
  );
}

function PlacementLine({ p, extra }: { p: PlacementSummary; extra?: ReactNode }) {
  const locale = currentLocale();
  return (
    <Stack gap={2}>
      <Group gap="xs" wrap="nowrap" justify="space-between">
        <RouterAnchor to="/placements/$id" params={{ id: p.id }} size="sm" fw={500} style={{ minWidth: 0 }}>
          {p.title}
        </RouterAnchor>
        <StatusBadge status={p.status} />
      </Group>
      <Text size="xs" c="dimmed">
        {formatDate(p.startDate, locale)}–{formatDate(p.endDate, locale)}
        {p.destinationCity && ` · ${p.destinationCity}`}
      </Text>
      {extra}
    </Stack>
  );
}

/** Loads the overview once for every panel of the page. */
function useOverview() {
  return useQuery(overviewQuery);
}

function Loaded({
  query,
  children,
}: {
  query: ReturnType<typeof useOverview>;
  children: (o: PlacementOverview) => ReactNode;
}) {
  if (query.isPending) return <Skeleton height={60} />;
  if (query.isError)
    return (
      <Text size="sm" c="red">
        {errorText(query.error)}
      </Text>
    );
  return <>{children(query.data)}</>;
}

/** Counts of the school's placements by status, each a link to the filtered list. */
export function ByStatusPanel() {
  const { t } = useTranslation();
  const query = useOverview();
  return (
    <Panel title={t('homePanels.byStatus')}>
      <Loaded query={query}>
        {(o) => {
          const shown = placementStatuses.filter((s) => o.byStatus[s] > 0);
          if (shown.length === 0)
            return (
              <Text size="sm" c="dimmed">
                {t('homePanels.byStatusEmpty')}
              </Text>
            );
          return (
            <Stack gap={6}>
              {shown.map((s) => (
                <Group key={s} justify="space-between">
                  <RouterAnchor to="/placements" search={{ status: s }} size="sm">
                    {t(`placements.statuses.${s}`)}
                  </RouterAnchor>
                  <Badge color={statusColor[s]} variant="light">
                    {o.byStatus[s]}
                  </Badge>
                </Group>
              ))}
            </Stack>
          );
        }}
      </Loaded>
    </Panel>
  );
}

export function StartingSoonPanel() {
  const { t } = useTranslation();
  const query = useOverview();
  return (
    <Panel title={t('homePanels.startingSoon')}>
      <Loaded query={query}>
        {(o) =>
          o.startingSoon.length === 0 ? (
            <Text size="sm" c="dimmed">
              {t('homePanels.startingSoonEmpty')}
            </Text>
          ) : (
            <Stack gap="sm">
              {o.startingSoon.slice(0, 8).map((p) => (
                <PlacementLine key={p.id} p={p} />
              ))}
            </Stack>
          )
        }
      </Loaded>
    </Panel>
  );
}

export function MissingPanel() {
  const { t } = useTranslation();
  const query = useOverview();
  return (
    <Panel title={t('homePanels.missingTitle')}>
      <Loaded query={query}>
        {(o) =>
          o.missingSomething.length === 0 ? (
            <Text size="sm" c="dimmed">
              {t('homePanels.missingEmpty')}
            </Text>
          ) : (
            <Stack gap="sm">
              {o.missingSomething.slice(0, 6).map((p) => (
                <PlacementLine
                  key={p.id}
                  p={p}
                  extra={
                    <Group gap={4}>
                      {p.missing.map((m) => (
                        <Badge
                          key={m}
                          color="orange"
                          variant="outline"
                          size="xs"
                          title={t(`placements.missing.${m}`)}
                        >
                          {t(`placements.missingShort.${m}`)}
                        </Badge>
                      ))}
                    </Group>
                  }
                />
              ))}
              {o.missingTotal > 6 && (
                <Text size="xs" c="dimmed">
                  {t('homePanels.missingMore', { count: o.missingTotal - 6 })}
                </Text>
              )}
            </Stack>
          )
        }
      </Loaded>
    </Panel>
  );
}

/** A learner's, mentor's or supervisor's own placements, newest first. */
export function MyPlacementsPanel({ title, emptyText }: { title: string; emptyText: string }) {
  const { t } = useTranslation();
  const list = useQuery({
    queryKey: ['placements', 'list', 'mine'],
    queryFn: () => api.get<{ items: PlacementSummary[]; total: number }>('/api/placements', { pageSize: 5 }),
  });
  return (
    <Panel title={title}>
      {list.isPending ? (
        <Skeleton height={60} />
      ) : list.isError ? (
        <Text size="sm" c="red">
          {errorText(list.error)}
        </Text>
      ) : list.data.items.length === 0 ? (
        <Text size="sm" c="dimmed">
          {emptyText}
        </Text>
      ) : (
        <Stack gap="sm">
          {list.data.items.map((p) => (
            <PlacementLine key={p.id} p={p} />
          ))}
          {list.data.total > list.data.items.length && (
            <RouterAnchor to="/placements" size="sm">
              {t('homePanels.openPlacements')}
            </RouterAnchor>
          )}
        </Stack>
      )}
    </Panel>
  );
}
