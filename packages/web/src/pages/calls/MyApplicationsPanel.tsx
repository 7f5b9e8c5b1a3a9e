import { Card, Group, Skeleton, Stack, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import type { MyApplication } from '@tilts/shared';
import { useTranslation } from 'react-i18next';
import { RouterAnchor } from '../../components/links.tsx';
import { currentLocale } from '../../i18n/index.ts';
import { api, errorText } from '../../lib/api.ts';
import { formatDate } from '../../lib/format.ts';
import { ApplicationStatusBadge } from './parts.tsx';

/** The learner's home page panel: their applications, each with its outcome once decided. */
export function MyApplicationsPanel() {
  const { t } = useTranslation();
  const locale = currentLocale();
  const mine = useQuery({
    queryKey: ['applications', 'mine'],
    queryFn: () => api.get<MyApplication[]>('/api/applications/mine'),
  });
  return (
    <Card withBorder radius="md" padding="lg" component="section">
      <Title order={2} size="h4" mb="xs">
        {t('home.myApplicationsTitle')}
      </Title>
      {mine.isPending ? (
        <Skeleton height={20} width="70%" />
      ) : mine.isError ? (
        <Text size="sm" c="red">
          {errorText(mine.error)}
        </Text>
      ) : (
        <Stack gap="sm" align="flex-start">
          {mine.data.length === 0 && (
            <Text size="sm" c="dimmed">
              {t('home.myApplicationsEmpty')}
            </Text>
          )}
          {mine.data.slice(0, 5).map((a) => (
            <Stack key={a.id} gap={2}>
              <RouterAnchor to="/applications/$applicationId" params={{ applicationId: a.id }} fw={500}>
                {a.callTitle}
              </RouterAnchor>
              <Group gap="xs">
                <ApplicationStatusBadge status={a.status} reservePosition={a.reservePosition} />
                <Text size="xs" c="dimmed">
                  {a.status === 'selected' && a.destination
                    ? a.destination
                    : a.editable
                      ? t('home.editableUntil', { date: formatDate(a.deadline, locale) })
                      : a.callStatus === 'decided'
                        ? ''
                        : t('home.awaitingDecision')}
                </Text>
              </Group>
              {a.placement && (
                <RouterAnchor to="/placements/$id" params={{ id: a.placement.id }} size="xs">
                  {t('home.placementDates', {
                    title: a.placement.title,
                    from: formatDate(a.placement.startDate, locale),
                    to: formatDate(a.placement.endDate, locale),
                  })}
                </RouterAnchor>
              )}
            </Stack>
          ))}
          <RouterAnchor to="/calls">{t('home.openCallsLink')}</RouterAnchor>
        </Stack>
      )}
    </Card>
  );
}
