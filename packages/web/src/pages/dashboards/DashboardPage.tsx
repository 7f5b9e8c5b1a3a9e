import {
  Box,
  Card,
  Group,
  Select,
  SimpleGrid,
  Stack,
  Table,
  Text,
  Title,
  VisuallyHidden,
} from '@mantine/core';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { getRouteApi, useNavigate } from '@tanstack/react-router';
import {
  type ChartBar,
  countryName,
  type Dashboard,
  type DashboardChart,
  type DashboardFilter,
  type PlacementKind,
  type PlacementStatus,
} from '@tilts/shared';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { DateField } from '../../components/DateField.tsx';
import { LoadError, Loading } from '../../components/feedback.tsx';
import { CsvLink } from '../../components/list.tsx';
import { PageHeader } from '../../components/PageHeader.tsx';
import { currentLocale } from '../../i18n/index.ts';
import { api, withQuery } from '../../lib/api.ts';

const route = getRouteApi('/app/dashboard');

const lightColor: Record<string, string> = { red: 'red', amber: 'orange', green: 'teal' };

/**
 * A horizontal bar chart drawn with plain boxes: it reads on a phone, prints, and a screen reader
 * gets the same figures as a table.
 */
function BarChart({
  bars,
  label,
  color = 'blue',
}: {
  bars: { key: string; label: string; count: number; color?: string }[];
  label: string;
  color?: string;
}) {
  const { t } = useTranslation();
  const max = Math.max(1, ...bars.map((b) => b.count));
  if (bars.length === 0) return <Text c="dimmed">{t('dashboard.empty')}</Text>;
  return (
    <>
      <Stack gap={6} aria-hidden>
        {bars.map((b) => (
          <Group key={b.key} gap="xs" wrap="nowrap">
            <Text size="sm" w="40%" truncate title={b.label}>
              {b.label}
            </Text>
            <Box style={{ flex: 1 }}>
              <Box
                h={14}
                bg={b.color ?? color}
                style={{ width: `${Math.max(2, (b.count / max) * 100)}%`, borderRadius: 3 }}
              />
            </Box>
            <Text size="sm" fw={600} w={48} ta="right">
              {b.count}
            </Text>
          </Group>
        ))}
      </Stack>
      <VisuallyHidden>
        <Table>
          <caption>{label}</caption>
          <tbody>
            {bars.map((b) => (
              <tr key={b.key}>
                <th scope="row">{b.label}</th>
                <td>{b.count}</td>
              </tr>
            ))}
          </tbody>
        </Table>
      </VisuallyHidden>
    </>
  );
}

function ChartCard({
  title,
  chart,
  filter,
  children,
}: {
  title: string;
  chart: DashboardChart;
  filter: DashboardFilter;
  children: ReactNode;
}) {
  return (
    <Card withBorder padding="lg" component="section" aria-label={title}>
      <Group justify="space-between" mb="sm" gap="xs">
        <Title order={2} size="h4">
          {title}
        </Title>
        <Box style={{ flexShrink: 0 }}>
          <CsvLink href={withQuery(`/api/dashboard/${chart}.csv`, filter)} />
        </Box>
      </Group>
      {children}
    </Card>
  );
}

function Figure({ label, value }: { label: string; value: string }) {
  return (
    <Card withBorder padding="md">
      <Text size="sm" c="dimmed">
        {label}
      </Text>
      <Text fz="xl" fw={700}>
        {value}
      </Text>
    </Card>
  );
}

/** Charts for a coordinator and a school leader, with the filters that narrow them. */
export function DashboardPage() {
  const { t } = useTranslation();
  const locale = currentLocale();
  const filter = route.useSearch();
  const navigate = useNavigate({ from: '/dashboard' });
  const set = (patch: Partial<DashboardFilter>) =>
    void navigate({ search: (prev: DashboardFilter) => ({ ...prev, ...patch }), replace: true });
  const projects = useQuery({
    queryKey: ['projects', 'options'],
    queryFn: () => api.get<{ id: string; label: string }[]>('/api/projects/options'),
  });
  const programmes = useQuery({
    queryKey: ['programmes', 'options'],
    queryFn: () => api.get<{ id: string; label: string }[]>('/api/programmes/options'),
  });
  const data = useQuery({
    queryKey: ['dashboard', filter],
    queryFn: () => api.get<Dashboard>(withQuery('/api/dashboard', filter)),
    placeholderData: keepPreviousData,
  });
  // Scored from every active learner: asked for apart, so the other charts do not wait for it.
  const risk = useQuery({
    queryKey: ['dashboard', 'risk', filter.projectId, filter.programmeId],
    queryFn: () =>
      api.get<ChartBar[]>(
        withQuery('/api/dashboard/risk', { projectId: filter.projectId, programmeId: filter.programmeId }),
      ),
    placeholderData: keepPreviousData,
  });
  const month = (key: string) => {
    const [y, m] = key.split('-');
    return new Date(Number(y), Number(m) - 1, 1).toLocaleDateString(locale === 'lv' ? 'lv-LV' : 'en-GB', {
      month: 'short',
      year: 'numeric',
    });
  };
  const labelled = (list: ChartBar[], name: (b: ChartBar) => string) =>
    list.map((b) => ({ key: b.key, label: name(b), count: b.count }));
  const d = data.data;
  const rate = d?.recognition.finished
    ? Math.round((d.recognition.recognised / d.recognition.finished) * 100)
    : null;

  return (
    <Stack>
      <PageHeader title={t('dashboard.title')} />
      <Card withBorder padding="md" component="form" role="search" aria-label={t('dashboard.filters')}>
        <SimpleGrid cols={{ base: 1, xs: 2, md: 4 }}>
          <DateField
            label={t('dashboard.from')}
            value={filter.from ?? ''}
            onChange={(v) => set({ from: v || undefined })}
          />
          <DateField
            label={t('dashboard.to')}
            value={filter.to ?? ''}
            onChange={(v) => set({ to: v || undefined })}
          />
          <Select
            label={t('dashboard.project')}
            data={(projects.data ?? []).map((o) => ({ value: o.id, label: o.label }))}
            value={filter.projectId ?? null}
            onChange={(v) => set({ projectId: v ?? undefined })}
            clearable
            searchable
            placeholder={t('dashboard.all')}
          />
          <Select
            label={t('dashboard.programme')}
            data={(programmes.data ?? []).map((o) => ({ value: o.id, label: o.label }))}
            value={filter.programmeId ?? null}
            onChange={(v) => set({ programmeId: v ?? undefined })}
            clearable
            searchable
            placeholder={t('dashboard.all')}
          />
        </SimpleGrid>
      </Card>
      {data.isError && <LoadError error={data.error} />}
      {!d && data.isPending && <Loading />}
      {d && (
        <>
          <SimpleGrid cols={{ base: 2, md: 4 }}>
            <Figure label={t('dashboard.placements')} value={String(d.placements)} />
            <Figure label={t('dashboard.learners')} value={String(d.learners)} />
            <Figure label={t('dashboard.recognitionRate')} value={rate === null ? '—' : `${rate}%`} />
            <Figure
              label={t('dashboard.credentialsIssued')}
              value={String(d.credentials.reduce((n, b) => n + b.count, 0))}
            />
          </SimpleGrid>
          <SimpleGrid cols={{ base: 1, md: 2 }}>
            <ChartCard title={t('dashboard.charts.status')} chart="status" filter={filter}>
              <BarChart
                label={t('dashboard.charts.status')}
                bars={labelled(d.status, (b) => t(`placements.statuses.${b.key as PlacementStatus}`))}
              />
            </ChartCard>
            <ChartCard title={t('dashboard.charts.kind')} chart="kind" filter={filter}>
              <BarChart
                label={t('dashboard.charts.kind')}
                color="teal"
                bars={labelled(d.kind, (b) => t(`placements.kinds.${b.key as PlacementKind}`))}
              />
            </ChartCard>
            <ChartCard title={t('dashboard.charts.country')} chart="country" filter={filter}>
              <BarChart
                label={t('dashboard.charts.country')}
                color="grape"
                bars={labelled(d.country, (b) => countryName(b.key, locale))}
              />
            </ChartCard>
            <ChartCard title={t('dashboard.charts.month')} chart="month" filter={filter}>
              <BarChart
                label={t('dashboard.charts.month')}
                color="cyan"
                bars={labelled(d.month, (b) => month(b.key))}
              />
            </ChartCard>
            <ChartCard title={t('dashboard.charts.host')} chart="host" filter={filter}>
              <BarChart
                label={t('dashboard.charts.host')}
                color="indigo"
                bars={labelled(d.host, (b) => b.label ?? b.key)}
              />
            </ChartCard>
            <ChartCard title={t('dashboard.charts.recognition')} chart="recognition" filter={filter}>
              <BarChart
                label={t('dashboard.charts.recognition')}
                bars={
                  d.recognition.finished
                    ? [
                        {
                          key: 'recognised',
                          label: t('dashboard.recognised'),
                          count: d.recognition.recognised,
                          color: 'teal',
                        },
                        {
                          key: 'waiting',
                          label: t('dashboard.notRecognised'),
                          count: d.recognition.finished - d.recognition.recognised,
                          color: 'gray',
                        },
                      ]
                    : []
                }
              />
            </ChartCard>
            <ChartCard title={t('dashboard.charts.risk')} chart="risk" filter={filter}>
              {risk.isError ? (
                <LoadError error={risk.error} onRetry={() => void risk.refetch()} />
              ) : !risk.data ? (
                <Loading />
              ) : (
                <BarChart
                  label={t('dashboard.charts.risk')}
                  bars={risk.data.map((b) => ({
                    key: b.key,
                    label: t(`dashboard.lights.${b.key as 'red' | 'amber' | 'green'}`),
                    count: b.count,
                    color: lightColor[b.key],
                  }))}
                />
              )}
            </ChartCard>
            <ChartCard title={t('dashboard.charts.credentials')} chart="credentials" filter={filter}>
              <BarChart
                label={t('dashboard.charts.credentials')}
                color="green"
                bars={labelled(d.credentials, (b) => month(b.key))}
              />
              {d.credentialsRevoked > 0 && (
                <Text size="sm" c="dimmed" mt="xs">
                  {t('dashboard.revoked', { count: d.credentialsRevoked })}
                </Text>
              )}
            </ChartCard>
          </SimpleGrid>
        </>
      )}
    </Stack>
  );
}
