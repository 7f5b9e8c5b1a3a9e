import { Alert, Button, Card, CopyButton, Group, Stack, Text, TextInput } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { CalendarFeedCreated, CalendarFeedView } from '@tilts/shared';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { FormAlert, LoadError, Loading } from '../../components/feedback.tsx';
import { PageHeader } from '../../components/PageHeader.tsx';
import { currentLocale } from '../../i18n/index.ts';
import { api, errorText } from '../../lib/api.ts';
import { formatDateTime } from '../../lib/format.ts';

const feedKey = ['calendar', 'feed'];

/** The person's iCal feed: make its secret address, copy it, or replace it with a new one. */
export function CalendarPage() {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const status = useQuery({ queryKey: feedKey, queryFn: () => api.get<CalendarFeedView>('/api/calendar') });
  const [made, setMade] = useState<CalendarFeedCreated | null>(null);
  const reset = useMutation({
    mutationFn: () => api.post<CalendarFeedCreated>('/api/calendar/reset'),
    onSuccess: (created) => {
      setMade(created);
      queryClient.setQueryData(feedKey, { exists: true, createdAt: created.createdAt });
    },
  });
  if (status.isPending) return <Loading />;
  if (status.isError) return <LoadError error={status.error} onRetry={() => void status.refetch()} />;
  const feed = status.data;
  return (
    <>
      <PageHeader title={t('calendar.title')} intro={t('calendar.intro')} />
      <Card withBorder radius="md" padding="lg" maw={720}>
        <Stack gap="sm">
          {made ? (
            <>
              <Alert color="yellow" variant="light">
                {t('calendar.shownOnce')}
              </Alert>
              <Group align="flex-end" wrap="nowrap">
                <TextInput
                  label={t('calendar.address')}
                  value={made.url}
                  readOnly
                  style={{ flex: 1 }}
                  onFocus={(e) => e.currentTarget.select()}
                  data-testid="calendar-url"
                />
                <CopyButton value={made.url}>
                  {({ copied, copy }) => (
                    <Button variant="default" onClick={copy}>
                      {copied ? t('calendar.copied') : t('calendar.copy')}
                    </Button>
                  )}
                </CopyButton>
              </Group>
            </>
          ) : (
            <Text size="sm">
              {feed.exists
                ? t('calendar.exists', { date: formatDateTime(feed.createdAt, currentLocale()) })
                : t('calendar.none')}
            </Text>
          )}
          <FormAlert message={reset.isError ? errorText(reset.error) : null} />
          <Group>
            <Button
              variant={feed.exists ? 'default' : 'filled'}
              loading={reset.isPending}
              onClick={() => {
                if (!feed.exists || window.confirm(t('calendar.resetConfirm'))) reset.mutate();
              }}
            >
              {feed.exists ? t('calendar.reset') : t('calendar.create')}
            </Button>
          </Group>
        </Stack>
      </Card>
    </>
  );
}
