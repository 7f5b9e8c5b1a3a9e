import { Badge, Card, Group, Stack, Text, Title } from '@mantine/core';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { getRouteApi } from '@tanstack/react-router';
import type { outboxPage } from '@tilts/shared';
import { useTranslation } from 'react-i18next';
import type { z } from 'zod';
import { LoadError, Loading } from '../../components/feedback.tsx';
import { Pager, SearchField } from '../../components/list.tsx';
import { PageHeader } from '../../components/PageHeader.tsx';
import type { Translation } from '../../i18n/en.ts';
import { currentLocale } from '../../i18n/index.ts';
import { api } from '../../lib/api.ts';
import { formatDateTime } from '../../lib/format.ts';
import { linkify } from '../../lib/linkify.tsx';

type OutboxPage = z.infer<typeof outboxPage>;
type KnownStatus = keyof Translation['outbox']['statuses'];

const route = getRouteApi('/app/admin/outbox');
const pageSize = 20;
const statusColor: Record<KnownStatus, string> = {
  queued: 'yellow',
  sent: 'teal',
  outbox: 'blue',
  failed: 'red',
};

function isKnownStatus(status: string): status is KnownStatus {
  return status in statusColor;
}

/** The e-mails the platform wrote, newest first, with the full text and working links. */
export function OutboxPage() {
  const { t } = useTranslation();
  const locale = currentLocale();
  const search = route.useSearch();
  const navigate = route.useNavigate();
  const page = search.page ?? 1;
  const filters = { q: search.q, sort: 'createdAt', dir: 'desc' };

  const list = useQuery({
    queryKey: ['outbox', 'list', filters, page],
    queryFn: ({ signal }) => api.get<OutboxPage>('/api/admin/outbox', { ...filters, page, pageSize }, signal),
    placeholderData: keepPreviousData,
  });

  return (
    <>
      <PageHeader title={t('outbox.title')} intro={t('outbox.intro')} />
      <Group mb="md" align="flex-end">
        <SearchField
          label={t('outbox.searchLabel')}
          placeholder={t('outbox.searchPlaceholder')}
          value={search.q}
          onSearch={(q) =>
            void navigate({ search: (prev) => ({ ...prev, q, page: undefined }), replace: true })
          }
        />
      </Group>
      {list.isPending ? (
        <Loading />
      ) : list.isError ? (
        <LoadError error={list.error} onRetry={() => void list.refetch()} />
      ) : list.data.items.length === 0 ? (
        <Text c="dimmed" py="lg">
          {search.q ? t('common.noResults') : t('outbox.empty')}
        </Text>
      ) : (
        <>
          <Stack gap="md" aria-busy={list.isFetching}>
            {list.data.items.map((message) => (
              <Card
                key={message.id}
                withBorder
                padding="md"
                component="article"
                aria-labelledby={`mail-${message.id}`}
              >
                <Group justify="space-between" align="flex-start" gap="xs" mb="xs">
                  <Title order={2} size="h5" id={`mail-${message.id}`} style={{ overflowWrap: 'anywhere' }}>
                    {message.subject}
                  </Title>
                  <Badge
                    variant="light"
                    color={isKnownStatus(message.status) ? statusColor[message.status] : 'gray'}
                    style={{ flexShrink: 0 }}
                  >
                    {isKnownStatus(message.status) ? t(`outbox.statuses.${message.status}`) : message.status}
                  </Badge>
                </Group>
                <Group gap="lg" mb="sm">
                  <Text size="sm">
                    <Text span c="dimmed">
                      {t('outbox.to')}:
                    </Text>{' '}
                    {message.to}
                  </Text>
                  <Text size="sm">
                    <Text span c="dimmed">
                      {t('outbox.sentAt')}:
                    </Text>{' '}
                    {formatDateTime(message.createdAt, locale)}
                  </Text>
                </Group>
                <Text size="sm" className="preserve-lines" bg="gray.0" p="sm" style={{ borderRadius: 6 }}>
                  {linkify(message.text)}
                </Text>
              </Card>
            ))}
          </Stack>
          <Pager
            page={page}
            pageSize={pageSize}
            total={list.data.total}
            onPage={(next) =>
              void navigate({ search: (prev) => ({ ...prev, page: next > 1 ? next : undefined }) })
            }
          />
        </>
      )}
    </>
  );
}
