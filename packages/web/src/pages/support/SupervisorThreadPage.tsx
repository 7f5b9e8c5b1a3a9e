import { Alert, Box, Button, Card, Container, Group, Stack, Text, Textarea, Title } from '@mantine/core';
import { useDocumentTitle } from '@mantine/hooks';
import { notifications } from '@mantine/notifications';
import { queryOptions, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { getRouteApi } from '@tanstack/react-router';
import { introductionInput, type ThreadLinkView } from '@tilts/shared';
import type { FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { FormAlert, LoadError, Loading } from '../../components/feedback.tsx';
import { LanguageSwitch } from '../../components/LanguageSwitch.tsx';
import { currentLocale } from '../../i18n/index.ts';
import { api } from '../../lib/api.ts';
import { formatDate } from '../../lib/format.ts';
import { useForm } from '../../lib/forms.ts';
import { IntroductionList } from './AboutTab.tsx';
import { Composer, MessageList } from './MessagesTab.tsx';

const route = getRouteApi('/thread');

const linkQuery = (token: string) =>
  queryOptions({
    queryKey: ['thread-link', token],
    queryFn: () => api.get<ThreadLinkView>('/api/thread-link', { token }),
    retry: false,
  });

function IntroductionForm({ token, current }: { token: string; current: string }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const form = useForm({ body: current });
  const save = useMutation({
    mutationFn: (body: { body: string }) =>
      api.put<ThreadLinkView>('/api/thread-link/introduction', { token, ...body }),
    onSuccess: (updated) => {
      queryClient.setQueryData(linkQuery(token).queryKey, updated);
      notifications.show({ color: 'teal', message: t('support.intro.saved') });
    },
    onError: form.fail,
  });
  function submit(event: FormEvent) {
    event.preventDefault();
    const body = form.check(introductionInput);
    if (body) save.mutate(body);
  }
  return (
    <form ref={form.formRef} onSubmit={submit} noValidate>
      <Stack gap="sm">
        <FormAlert message={form.formError} />
        <Textarea
          label={t('support.thread.introduction')}
          description={t('support.thread.introductionHint')}
          required
          autosize
          minRows={3}
          maxLength={2000}
          {...form.input('body')}
        />
        <Group>
          <Button type="submit" loading={save.isPending}>
            {t('support.intro.save')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

function ThreadView({ token }: { token: string }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const query = useQuery(linkQuery(token));
  if (query.isPending) return <Loading />;
  if (query.isError) return <LoadError error={query.error} />;
  const view = query.data;
  const locale = currentLocale();
  const mine = view.introductions.find((i) => i.mine);
  const others = view.introductions.filter((i) => !i.mine);
  return (
    <Stack>
      <Card withBorder padding="lg">
        <Title order={2} size="h4" mb="xs">
          {view.placement.title}
        </Title>
        <Text size="sm">
          {t('support.thread.school')}: {view.placement.schoolName}
        </Text>
        {view.placement.hostName && (
          <Text size="sm">
            {t('support.thread.host')}: {view.placement.hostName}
          </Text>
        )}
        <Text size="sm">
          {t('support.thread.period')}: {formatDate(view.placement.startDate, locale)}–
          {formatDate(view.placement.endDate, locale)}
        </Text>
      </Card>
      <Card withBorder padding="lg" component="section">
        <Title order={2} size="h4" mb="sm">
          {t('support.intro.title')}
        </Title>
        <Stack>
          {others.length === 0 ? (
            <Text size="sm" c="dimmed">
              {t('support.intro.none')}
            </Text>
          ) : (
            <IntroductionList items={others} />
          )}
          <IntroductionForm key={mine?.updatedAt ?? 'new'} token={token} current={mine?.body ?? ''} />
        </Stack>
      </Card>
      <Card withBorder padding="lg" component="section">
        <Title order={2} size="h4" mb="sm">
          {t('support.messages.title')}
        </Title>
        <Stack>
          {view.messages.length === 0 ? (
            <Text size="sm" c="dimmed">
              {t('support.messages.empty')}
            </Text>
          ) : (
            <MessageList messages={view.messages} />
          )}
          <Composer
            onSend={async (body) => {
              const updated = await api.post<ThreadLinkView>('/api/thread-link/messages', { token, body });
              queryClient.setQueryData(linkQuery(token).queryKey, updated);
            }}
          />
        </Stack>
      </Card>
    </Stack>
  );
}

/**
 * The workplace supervisor's page behind the e-mailed link: the placement's introductions and thread,
 * their own introduction and replies, without an account.
 */
export function SupervisorThreadPage() {
  const { t } = useTranslation();
  useDocumentTitle(`${t('support.thread.title')} · Tilts`);
  const { token } = route.useSearch();
  return (
    <Box bg="gray.0" mih="100dvh" py={{ base: 'md', sm: 'xl' }} px="md">
      <Container size={820} p={0}>
        <Group justify="space-between" mb="md" component="header">
          <Text fw={800} fz={26} c="teal.8">
            {t('app.name')}
          </Text>
          <LanguageSwitch />
        </Group>
        <Box component="main" id="main">
          <Title order={1} size="h2">
            {t('support.thread.title')}
          </Title>
          <Text c="dimmed" mb="md">
            {t('support.thread.lead')}
          </Text>
          {token ? (
            <ThreadView token={token} />
          ) : (
            <Alert color="yellow" variant="light">
              {t('support.thread.missingToken')}
            </Alert>
          )}
        </Box>
      </Container>
    </Box>
  );
}
