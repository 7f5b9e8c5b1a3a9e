import {
  ActionIcon,
  Badge,
  Button,
  Group,
  Indicator,
  Popover,
  ScrollArea,
  Stack,
  Text,
  UnstyledButton,
} from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useNavigate } from '@tanstack/react-router';
import type { NotificationsResponse, NotificationView } from '@tilts/shared';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { currentLocale } from '../i18n/index.ts';
import { api } from '../lib/api.ts';
import { formatDateTime } from '../lib/format.ts';
import { RouterAnchor } from './links.tsx';

const unreadKey = ['notifications', 'unread'];
const listKey = ['notifications', 'list'];

/** The bell in the header: the number of unread notices, and the latest of them on a click. */
export function NotificationBell({ compact = false }: { compact?: boolean }) {
  const { t, i18n } = useTranslation();
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const [opened, setOpened] = useState(false);
  const unread = useQuery({
    queryKey: unreadKey,
    queryFn: () => api.get<{ unread: number }>('/api/notifications/unread-count'),
    refetchInterval: 60_000,
  });
  const list = useQuery({
    // The language is in the key: the server words each notice in the reader's language.
    queryKey: [...listKey, i18n.language],
    queryFn: () => api.get<NotificationsResponse>('/api/notifications', { pageSize: 20 }),
    enabled: opened,
  });
  const refresh = (count: { unread: number }) => {
    queryClient.setQueryData(unreadKey, count);
    void queryClient.invalidateQueries({ queryKey: listKey });
  };
  const read = useMutation({
    mutationFn: (id: string) => api.post<{ unread: number }>(`/api/notifications/${id}/read`),
    onSuccess: refresh,
  });
  const readAll = useMutation({
    mutationFn: () => api.post<{ unread: number }>('/api/notifications/read-all'),
    onSuccess: refresh,
  });
  const count = unread.data?.unread ?? 0;

  function open(n: NotificationView) {
    if (!n.readAt) read.mutate(n.id);
    setOpened(false);
    if (n.link.startsWith('/')) void navigate({ href: n.link });
  }

  return (
    <Popover opened={opened} onChange={setOpened} position="bottom-end" width={340} shadow="md" withArrow>
      <Popover.Target>
        <Indicator label={count} size={16} disabled={count === 0} color="red" offset={4}>
          <ActionIcon
            variant="default"
            size={compact ? 'md' : 'lg'}
            onClick={() => setOpened((o) => !o)}
            aria-label={count > 0 ? t('notifications.bellUnread', { count }) : t('notifications.bell')}
            data-testid="notification-bell"
          >
            <svg
              width="18"
              height="18"
              viewBox="0 0 24 24"
              fill="none"
              stroke="currentColor"
              strokeWidth="2"
              aria-hidden="true"
            >
              <path d="M18 8a6 6 0 0 0-12 0c0 7-3 9-3 9h18s-3-2-3-9" />
              <path d="M13.73 21a2 2 0 0 1-3.46 0" />
            </svg>
          </ActionIcon>
        </Indicator>
      </Popover.Target>
      <Popover.Dropdown p="xs">
        <Group justify="space-between" mb="xs">
          <Text fw={600}>{t('notifications.title')}</Text>
          {count > 0 && (
            <Button
              size="compact-xs"
              variant="subtle"
              onClick={() => readAll.mutate()}
              loading={readAll.isPending}
            >
              {t('notifications.markAllRead')}
            </Button>
          )}
        </Group>
        <ScrollArea.Autosize mah={360}>
          <Stack gap={4}>
            {list.data?.items.length === 0 && (
              <Text size="sm" c="dimmed">
                {t('notifications.empty')}
              </Text>
            )}
            {list.data?.items.map((n) => (
              <UnstyledButton
                key={n.id}
                onClick={() => open(n)}
                p={6}
                style={{ borderRadius: 4, background: n.readAt ? undefined : 'var(--mantine-color-teal-0)' }}
                data-testid="notification"
              >
                <Text size="sm">{n.text}</Text>
                <Group gap={6}>
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
            ))}
          </Stack>
        </ScrollArea.Autosize>
        <RouterAnchor to="/notifications" size="sm" display="block" mt="xs" onClick={() => setOpened(false)}>
          {t('notifications.all')}
        </RouterAnchor>
      </Popover.Dropdown>
    </Popover>
  );
}
