import { Card, Group, Progress, Stack, Text, Title } from '@mantine/core';
import type { DiaryHours } from '@tilts/shared';
import { useTranslation } from 'react-i18next';
import { currentLocale } from '../../i18n/index.ts';

/** Hours with a decimal comma in Latvian: 7,5. */
export function formatHours(hours: number): string {
  const text = String(Math.round(hours * 100) / 100);
  return currentLocale() === 'lv' ? text.replace('.', ',') : text;
}

/** Hours done (and confirmed) against the planned hours, as figures and a bar. */
export function HoursSummary({ hours }: { hours: DiaryHours }) {
  const { t } = useTranslation();
  const done = formatHours(hours.done);
  const pct = hours.planned ? Math.min(100, (hours.done / hours.planned) * 100) : 0;
  const confirmedPct = hours.planned ? Math.min(100, (hours.confirmed / hours.planned) * 100) : 0;
  return (
    <Stack gap={6} data-testid="diary-hours">
      <Text fw={600}>
        {hours.planned
          ? t('diary.hours.ofPlanned', { done, planned: formatHours(hours.planned) })
          : t('diary.hours.done', { done })}
      </Text>
      {hours.planned ? (
        <Progress.Root size="lg" aria-label={t('diary.hours.progress')}>
          <Progress.Section value={confirmedPct} color="teal" />
          <Progress.Section value={Math.max(0, pct - confirmedPct)} color="teal.3" />
        </Progress.Root>
      ) : (
        <Text size="sm" c="dimmed">
          {t('diary.hours.noPlan')}
        </Text>
      )}
      <Group gap="md">
        <Text size="sm">{t('diary.hours.confirmed', { confirmed: formatHours(hours.confirmed) })}</Text>
        <Text size="sm" c="dimmed">
          {t('diary.hours.entries', { count: hours.entries })}
          {hours.unconfirmed > 0 && ` · ${t('diary.hours.unconfirmed', { count: hours.unconfirmed })}`}
        </Text>
      </Group>
    </Stack>
  );
}

export function HoursCard({ hours }: { hours: DiaryHours }) {
  const { t } = useTranslation();
  return (
    <Card withBorder padding="lg" component="section">
      <Title order={2} size="h4" mb="xs">
        {t('diary.hours.title')}
      </Title>
      <HoursSummary hours={hours} />
    </Card>
  );
}
