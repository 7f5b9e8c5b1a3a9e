import { Badge, Button, Card, Group, Paper, Stack, Text, Textarea, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { queryOptions, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { messageInput, type ThreadMessage, type ThreadResponse } from '@tilts/shared';
import { type FormEvent, useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { FormAlert, LoadError, Loading } from '../../components/feedback.tsx';
import { currentLocale } from '../../i18n/index.ts';
import { api } from '../../lib/api.ts';
import { formatDateTime } from '../../lib/format.ts';
import { useForm } from '../../lib/forms.ts';
import { PlainText, RoleBadge } from './common.tsx';
import { unreadQuery } from './unread.ts';

const threadQuery = (placementId: string) =>
  queryOptions({
    queryKey: ['support', 'thread', placementId],
    queryFn: () => api.get<ThreadResponse>(`/api/placements/${placementId}/messages`),
    refetchInterval: 30_000,
  });

/** The messages of a thread, oldest first; the reader's own on the right, new ones marked. */
export function MessageList({ messages }: { messages: ThreadMessage[] }) {
  const { t } = useTranslation();
  const locale = currentLocale();
  return (
    <Stack gap="sm" component="ol" style={{ listStyle: 'none', padding: 0, margin: 0 }}>
      {messages.map((m) => (
        <li key={m.id} style={{ display: 'flex', justifyContent: m.mine ? 'flex-end' : 'flex-start' }}>
          <Paper
            withBorder
            p="sm"
            radius="md"
            bg={m.mine ? 'teal.0' : undefined}
            maw="min(100%, 42rem)"
            data-testid="thread-message"
          >
            <Group gap="xs" mb={4} wrap="wrap">
              <Text size="sm" fw={600}>
                {m.mine ? t('support.messages.you') : m.authorName}
              </Text>
              <RoleBadge role={m.authorRole} />
              <Text size="xs" c="dimmed">
                {formatDateTime(m.createdAt, locale)}
              </Text>
              {m.unread && (
                <Badge size="xs" color="red" variant="filled">
                  {t('support.messages.new')}
                </Badge>
              )}
            </Group>
            <PlainText>{m.body}</PlainText>
          </Paper>
        </li>
      ))}
    </Stack>
  );
}

/** A text box and a Send button; `send` posts and returns the thread as it is now. */
export function Composer({ onSend }: { onSend: (body: string) => Promise<unknown> }) {
  const { t } = useTranslation();
  const form = useForm({ body: '' });
  const send = useMutation({
    mutationFn: (body: string) => onSend(body),
    onSuccess: () => {
      form.setValues({ body: '' });
      notifications.show({ color: 'teal', message: t('support.messages.sent') });
    },
    onError: form.fail,
  });
  function submit(event: FormEvent) {
    event.preventDefault();
    const body = form.check(messageInput);
    if (body) send.mutate(body.body);
  }
  return (
    <form ref={form.formRef} onSubmit={submit} noValidate>
      <Stack gap="sm">
        <FormAlert message={form.formError} />
        <Textarea
          label={t('support.messages.write')}
          required
          autosize
          minRows={3}
          maxLength={5000}
          {...form.input('body')}
        />
        <Group>
          <Button type="submit" loading={send.isPending}>
            {t('support.messages.send')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

/** The placement's "Messages" tab: its thread for everyone on it, and the unread marks cleared. */
export function MessagesTab({ placementId }: { placementId: string }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const query = useQuery(threadQuery(placementId));
  // Opening the thread reads it: the counts elsewhere are now stale.
  const loadedAt = query.dataUpdatedAt;
  useEffect(() => {
    if (loadedAt) void queryClient.invalidateQueries({ queryKey: unreadQuery.queryKey });
  }, [loadedAt, queryClient]);
  if (query.isPending) return <Loading />;
  if (query.isError) return <LoadError error={query.error} onRetry={() => void query.refetch()} />;
  const thread = query.data;
  return (
    <Card withBorder padding="lg" component="section">
      <Title order={2} size="h4">
        {t('support.messages.title')}
      </Title>
      <Text size="sm" c="dimmed" mb="sm">
        {t('support.messages.lead')}
      </Text>
      <Group gap="xs" mb="md">
        <Text size="sm" fw={500}>
          {t('support.messages.participants')}:
        </Text>
        {thread.participants.map((p) => (
          <Group key={`${p.role}-${p.name}`} gap={4} wrap="nowrap">
            <Text size="sm">{p.name}</Text>
            <RoleBadge role={p.role} />
          </Group>
        ))}
      </Group>
      <Stack>
        {thread.messages.length === 0 ? (
          <Text size="sm" c="dimmed">
            {t('support.messages.empty')}
          </Text>
        ) : (
          <MessageList messages={thread.messages} />
        )}
        <Composer
          onSend={async (body) => {
            const updated = await api.post<ThreadResponse>(`/api/placements/${placementId}/messages`, {
              body,
            });
            queryClient.setQueryData(threadQuery(placementId).queryKey, updated);
          }}
        />
      </Stack>
    </Card>
  );
}

/** The tab's label, with the unread count for this placement. */
export function MessagesTabLabel({ placementId }: { placementId: string }) {
  const { t } = useTranslation();
  const unread = useQuery(unreadQuery);
  const count = unread.data?.placements.find((p) => p.placementId === placementId)?.unread ?? 0;
  return <>{count > 0 ? t('support.messages.tab', { count }) : t('support.tabs.messages')}</>;
}
