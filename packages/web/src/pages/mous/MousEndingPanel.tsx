import { Card, List, Skeleton, Stack, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import type { MouEnding } from '@tilts/shared';
import { useTranslation } from 'react-i18next';
import { RouterAnchor } from '../../components/links.tsx';
import { currentLocale } from '../../i18n/index.ts';
import { api, errorText } from '../../lib/api.ts';
import { formatDate } from '../../lib/format.ts';

const DAYS = 60;

/** The coordinator's home-page panel: memoranda in force that end within 60 days, soonest first. */
export function MousEndingPanel() {
  const { t } = useTranslation();
  const locale = currentLocale();
  const ending = useQuery({
    queryKey: ['mous', 'ending', DAYS],
    queryFn: ({ signal }) => api.get<MouEnding>('/api/mous/ending', { days: DAYS }, signal),
  });
  return (
    <Card withBorder radius="md" padding="lg" component="section" aria-labelledby="mous-ending-title">
      <Title order={2} size="h4" mb="xs" id="mous-ending-title">
        {t('mous.ending.title')}
      </Title>
      <Stack gap="xs" align="flex-start">
        {ending.isPending ? (
          <Skeleton height={20} width="70%" />
        ) : ending.isError ? (
          <Text size="sm" c="red">
            {errorText(ending.error)}
          </Text>
        ) : ending.data.items.length === 0 ? (
          <Text size="sm" c="dimmed">
            {t('mous.ending.empty')}
          </Text>
        ) : (
          <List spacing={6} size="sm">
            {ending.data.items.map((m) => (
              <List.Item key={m.id}>
                <RouterAnchor to="/mous/$id" params={{ id: m.id }} size="sm" fw={500}>
                  {m.title}
                </RouterAnchor>
                <Text size="xs" c="dimmed">
                  {m.partners.join(', ')} ·{' '}
                  {m.daysLeft === 0
                    ? t('mous.ending.endsToday')
                    : t('mous.ending.daysLeft', { date: formatDate(m.validUntil, locale), days: m.daysLeft })}
                </Text>
              </List.Item>
            ))}
          </List>
        )}
        <RouterAnchor to="/mous" size="sm">
          {t('mous.ending.all')}
        </RouterAnchor>
      </Stack>
    </Card>
  );
}
