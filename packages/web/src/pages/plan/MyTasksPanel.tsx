import { Card, Group, Skeleton, Stack, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import type { MyTasksResponse } from '@tilts/shared';
import { useTranslation } from 'react-i18next';
import { RouterAnchor } from '../../components/links.tsx';
import { currentLocale } from '../../i18n/index.ts';
import { api, errorText } from '../../lib/api.ts';
import { formatDate } from '../../lib/format.ts';
import { DueBadge } from './PlanTab.tsx';

/** The learner's home: their tasks on placements under way, the ones not done first, with days left. */
export function MyTasksPanel() {
  const { t } = useTranslation();
  const query = useQuery({
    queryKey: ['my-tasks'],
    queryFn: () => api.get<MyTasksResponse>('/api/my/tasks'),
  });
  const open = query.data?.items.filter((x) => !x.doneAt) ?? [];
  return (
    <Card withBorder radius="md" padding="lg" component="section" data-testid="my-tasks">
      <Title order={2} size="h4" mb="xs">
        {t('plan.myTasksTitle')}
      </Title>
      {query.isPending ? (
        <Skeleton height={20} width="70%" />
      ) : query.isError ? (
        <Text size="sm" c="red">
          {errorText(query.error)}
        </Text>
      ) : open.length === 0 ? (
        <Text size="sm" c="dimmed">
          {t('plan.myTasksEmpty')}
        </Text>
      ) : (
        <Stack gap="xs">
          {open.slice(0, 6).map((task) => (
            <Stack key={task.taskId} gap={0}>
              <Group justify="space-between" wrap="nowrap" gap="xs">
                <RouterAnchor
                  to="/placements/$id"
                  params={{ id: task.placement.id }}
                  search={{ tab: 'plan' }}
                  fw={500}
                  size="sm"
                >
                  {task.title}
                </RouterAnchor>
                <DueBadge dueDate={task.dueDate} doneAt={task.doneAt} today={query.data.today} />
              </Group>
              <Text size="xs" c="dimmed">
                {formatDate(task.dueDate, currentLocale())} · {task.placement.name}
              </Text>
            </Stack>
          ))}
        </Stack>
      )}
    </Card>
  );
}
