import { Badge, Button, Card, Checkbox, Group, Stack, Text, UnstyledButton } from '@mantine/core';
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useNavigate } from '@tanstack/react-router';
import type { NotificationsResponse, NotificationView } from '@tilts/shared';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { LoadError, Loading } from '../../components/feedback.tsx';
import { Pager } from '../../components/list.tsx';
import { PageHeader } from '../../components/PageHeader.tsx';
import { currentLocale } from '../../i18n/index.ts';
import { api } from '../../lib/api.ts';
import { formatDateTime } from '../../lib/format.ts';

const PAGE_SIZE = 25;

/** Every notice of the person, newest first, in pages; unread ones only if they wish. */
export function NotificationsPage() {
  const { t, i18n } = useTranslation();
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const [page, setPage] = useState(1);
  const [unreadOnly, setUnreadOnly] = useState(false);
  const query = useQuery({
    queryKey: ['notifications', 'list', i18n.language, 'page', page, unreadOnly],
    queryFn: () =>
      api.get<NotificationsResponse>('/api/notifications', {
        page,
        pageSize: PAGE_SIZE,
        unread: unreadOnly || undefined,
      }),
    placeholderData: keepPreviousData,
  });
  const refresh = (count: { unread: number }) => {
    queryClient.setQueryData(['notifications', 'unread'], count);
    void queryClient.invalidateQueries({ queryKey: ['notifications', 'list'] });
  };
  const read = useMutation({
    mutationFn: (id: string) => api.post<{ unread: number }>(`/api/notifications/${id}/read`),
    onSuccess: refresh,
  });
  const readAll = useMutation({
    mutationFn: () => api.post<{ unread: number }>('/api/notifications/read-all'),
    onSuccess: refresh,
  });
  function open(n: NotificationView) {
    if (!n.readAt) read.mutate(n.id);
    if (n.link.startsWith('/')) void navigate({ href: n.link });
  }
  return (
    <>
      <PageHeader
        title={t('notifications.title')}
        actions={
          (query.data?.unread ?? 0) > 0 && (
            <Button variant="default" onClick={() => readAll.mutate()} loading={readAll.isPending}>
              {t('notifications.markAllRead')}
            </Button>
          )
        }
      />
      <Checkbox
        mb="md"
        label={t('notifications.unreadOnly')}
        checked={unreadOnly}
        onChange={(e) => {
          setUnreadOnly(e.currentTarget.checked);
          setPage(1);
        }}
      />
      {query.isPending ? (
        <Loading />
      ) : query.isError ? (
        <LoadError error={query.error} onRetry={() => void query.refetch()} />
      ) : (
        <>
          <Stack gap="xs">
            {query.data.items.length === 0 && (
              <Text size="sm" c="dimmed">
                {t('notifications.empty')}
              </Text>
            )}
            {query.data.items.map((n) => (
              <Card key={n.id} withBorder padding="sm" radius="md" bg={n.readAt ? undefined : 'teal.0'}>
                <UnstyledButton onClick={() => open(n)} w="100%">
                  <Text size="sm">{n.text}</Text>
                  <Group gap={6} mt={4}>
                    <Text size="xs" c="dimmed">
                      {formatDateTime(n.createdAt, currentLocale())}
                    </Text>
                    {!n.readAt && (
                      <Badge size="xs" color="red" variant="light">
                        {t('notifications.unread')}
                      </Badge>
                    )}
                  </Group>
                </UnstyledButton>
              </Card>
            ))}
          </Stack>
          <Pager page={page} pageSize={PAGE_SIZE} total={query.data.total} onPage={setPage} />
        </>
      )}
    </>
  );
}
