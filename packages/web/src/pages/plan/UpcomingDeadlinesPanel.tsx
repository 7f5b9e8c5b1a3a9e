import { Card, Group, Skeleton, Stack, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import type { UpcomingDeadlinesResponse } from '@tilts/shared';
import { useTranslation } from 'react-i18next';
import { RouterAnchor } from '../../components/links.tsx';
import { currentLocale } from '../../i18n/index.ts';
import { api, errorText } from '../../lib/api.ts';
import { formatDate } from '../../lib/format.ts';
import { DueBadge } from './PlanTab.tsx';

/** Staff's home: learners' open tasks due within two weeks or late, so they can get in touch a few days before. */
export function UpcomingDeadlinesPanel() {
  const { t } = useTranslation();
  const query = useQuery({
    queryKey: ['plan', 'upcoming'],
    queryFn: () => api.get<UpcomingDeadlinesResponse>('/api/plan/upcoming'),
  });
  return (
    <Card withBorder radius="md" padding="lg" component="section" data-testid="upcoming-deadlines">
      <Title order={2} size="h4" mb="xs">
        {t('plan.upcomingTitle')}
      </Title>
      {query.isPending ? (
        <Skeleton height={20} width="70%" />
      ) : query.isError ? (
        <Text size="sm" c="red">
          {errorText(query.error)}
        </Text>
      ) : query.data.items.length === 0 ? (
        <Text size="sm" c="dimmed">
          {t('plan.upcomingEmpty')}
        </Text>
      ) : (
        <Stack gap="xs">
          {query.data.items.slice(0, 8).map((item) => (
            <Stack key={`${item.taskId}/${item.learner.id}`} gap={0}>
              <Group justify="space-between" wrap="nowrap" gap="xs">
                <RouterAnchor
                  to="/placements/$id"
                  params={{ id: item.placement.id }}
                  search={{ tab: 'plan' }}
                  fw={500}
                  size="sm"
                >
                  {item.learner.name}: {item.title}
                </RouterAnchor>
                <DueBadge dueDate={item.dueDate} doneAt={null} today={query.data.today} />
              </Group>
              <Text size="xs" c="dimmed">
                {formatDate(item.dueDate, currentLocale())} · {item.placement.name}
              </Text>
            </Stack>
          ))}
          {query.data.total > 8 && (
            <Text size="xs" c="dimmed">
              {t('plan.upcomingMore', { count: query.data.total - 8 })}
            </Text>
          )}
        </Stack>
      )}
    </Card>
  );
}
