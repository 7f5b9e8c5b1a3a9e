import { Card, Group, Skeleton, Stack, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import type { MyRiskResponse, RiskPage } from '@tilts/shared';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { RouterAnchor } from '../../components/links.tsx';
import { api, errorText } from '../../lib/api.ts';
import { useMe } from '../../lib/me-context.ts';
import { LightBadge, reasonsText } from './parts.tsx';

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

const TOP = 4;

/** "N learners need attention" and the riskiest few, for teachers (their own) and coordinators (the school). */
export function AttentionPanel() {
  const { t } = useTranslation();
  const me = useMe();
  const scope = me.school?.role === 'teacher' ? 'mine' : 'school';
  const query = useQuery({
    queryKey: ['risk', 'home', scope],
    queryFn: () => api.get<RiskPage>('/api/risk/learners', { scope, light: 'attention', pageSize: TOP }),
  });
  return (
    <Panel title={t('risk.homeTitle')}>
      {query.isPending ? (
        <Skeleton height={60} />
      ) : query.isError ? (
        <Text size="sm" c="red">
          {errorText(query.error)}
        </Text>
      ) : (
        <Stack gap="xs" align="stretch">
          <Text data-testid="attention-count">
            {query.data.total === 0 ? t('risk.homeNone') : t('risk.homeCount', { count: query.data.total })}
          </Text>
          {query.data.items.map((r) => (
            <Stack key={`${r.placementId}:${r.learnerId}`} gap={2}>
              <Group gap="xs" wrap="nowrap" justify="space-between">
                <RouterAnchor to="/placements/$id" params={{ id: r.placementId }} size="sm" fw={500}>
                  {r.learnerName}
                </RouterAnchor>
                <LightBadge light={r.light} />
              </Group>
              <Text size="xs" c="dimmed">
                {reasonsText(r.reasons)}
              </Text>
            </Stack>
          ))}
          <RouterAnchor to="/at-risk" size="sm">
            {t('risk.homeLink')}
          </RouterAnchor>
        </Stack>
      )}
    </Panel>
  );
}

/** The learner's own light on each placement under way, in words for them. */
export function MyProgressPanel() {
  const { t } = useTranslation();
  const query = useQuery({
    queryKey: ['risk', 'mine'],
    queryFn: () => api.get<MyRiskResponse>('/api/risk/mine'),
  });
  return (
    <Panel title={t('risk.myTitle')}>
      {query.isPending ? (
        <Skeleton height={60} />
      ) : query.isError ? (
        <Text size="sm" c="red">
          {errorText(query.error)}
        </Text>
      ) : query.data.items.length === 0 ? (
        <Text size="sm" c="dimmed">
          {t('risk.myEmpty')}
        </Text>
      ) : (
        <Stack gap="sm">
          {query.data.items.map((r) => (
            <Stack key={r.placementId} gap={4} data-testid="my-progress">
              <Group gap="xs" wrap="nowrap" justify="space-between">
                <RouterAnchor to="/placements/$id" params={{ id: r.placementId }} size="sm" fw={500}>
                  {r.placementTitle}
                </RouterAnchor>
                <LightBadge light={r.light} />
              </Group>
              <Text size="sm">{reasonsText(r.reasons, 'learner')}</Text>
              <Text size="xs" c="dimmed">
                {r.plannedHours
                  ? t('risk.myHours', { done: r.hoursDone, planned: r.plannedHours })
                  : t('risk.myHoursNoPlan', { done: r.hoursDone })}
                {r.tasksTotal > 0 && ` · ${t('risk.myTasks', { done: r.tasksDone, total: r.tasksTotal })}`}
              </Text>
            </Stack>
          ))}
        </Stack>
      )}
    </Panel>
  );
}
