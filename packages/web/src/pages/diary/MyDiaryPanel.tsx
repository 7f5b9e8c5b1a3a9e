import { Card, Skeleton, Stack, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import type { MyDiaryResponse } from '@tilts/shared';
import { useTranslation } from 'react-i18next';
import { RouterAnchor } from '../../components/links.tsx';
import { currentLocale } from '../../i18n/index.ts';
import { api, errorText } from '../../lib/api.ts';
import { formatDate } from '../../lib/format.ts';
import { HoursSummary } from './HoursCard.tsx';

/** The learner's home: each current placement's hours against the plan, and the way to the diary. */
export function MyDiaryPanel() {
  const { t } = useTranslation();
  const locale = currentLocale();
  const query = useQuery({
    queryKey: ['diary', 'mine'],
    queryFn: () => api.get<MyDiaryResponse>('/api/diary/mine'),
  });
  return (
    <Card withBorder radius="md" padding="lg" component="section">
      <Title order={2} size="h4" mb="xs">
        {t('diary.home.title')}
      </Title>
      {query.isPending ? (
        <Skeleton height={60} />
      ) : query.isError ? (
        <Text size="sm" c="red">
          {errorText(query.error)}
        </Text>
      ) : query.data.items.length === 0 ? (
        <Text size="sm" c="dimmed">
          {t('diary.home.empty')}
        </Text>
      ) : (
        <Stack gap="md">
          {query.data.items.map((p) => (
            <Stack key={p.placementId} gap={4}>
              <Text size="sm" fw={500}>
                {p.title}
              </Text>
              <HoursSummary hours={p.hours} />
              <Text size="xs" c="dimmed">
                {p.lastEntryDate
                  ? t('diary.home.last', { date: formatDate(p.lastEntryDate, locale) })
                  : t('diary.home.none')}
              </Text>
              <RouterAnchor
                to="/placements/$id"
                params={{ id: p.placementId }}
                search={{ tab: 'diary' }}
                size="sm"
              >
                {t('diary.home.open')}
              </RouterAnchor>
            </Stack>
          ))}
        </Stack>
      )}
    </Card>
  );
}
