import { Alert, Badge, Button, Card, Group, NativeSelect, Stack, Text, Textarea, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { keepPreviousData, queryOptions, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { getRouteApi } from '@tanstack/react-router';
import {
  type HelpStatus,
  type HelpTicketDetail,
  helpReplyInput,
  helpStatuses,
  type helpTicketPage,
} from '@tilts/shared';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { z } from 'zod';
import { type Column, DataList } from '../../components/DataList.tsx';
import { FormAlert, LoadError, Loading } from '../../components/feedback.tsx';
import { RouterAnchor } from '../../components/links.tsx';
import { SearchField } from '../../components/list.tsx';
import { PageHeader } from '../../components/PageHeader.tsx';
import { currentLocale } from '../../i18n/index.ts';
import { api } from '../../lib/api.ts';
import { formatDateTime } from '../../lib/format.ts';
import { useForm } from '../../lib/forms.ts';
import type { SortDir } from '../../lib/list-search.ts';
import { PlainText, topicName } from './common.tsx';
import { HelpButton } from './HelpButton.tsx';
import type { HelpSearch, HelpSort } from './search.ts';

type TicketPage = z.infer<typeof helpTicketPage>;
type Ticket = TicketPage['items'][number];

const statusColors: Record<HelpStatus, string> = { open: 'orange', answered: 'teal', closed: 'gray' };

function StatusBadge({ status }: { status: HelpStatus }) {
  const { t } = useTranslation();
  return (
    <Badge variant="light" color={statusColors[status]}>
      {t(`help.statuses.${status}`)}
    </Badge>
  );
}

const listRoute = getRouteApi('/app/help');
const ticketRoute = getRouteApi('/app/help/$id');
const pageSize = 25;

/** The requests the person sent and those sent to them. */
export function HelpTicketsPage() {
  const { t } = useTranslation();
  const search: HelpSearch = listRoute.useSearch();
  const navigate = listRoute.useNavigate();
  const sort: HelpSort | undefined = search.sort;
  const dir: SortDir = search.dir ?? 'desc';
  const page = search.page ?? 1;
  const filters = { q: search.q, status: search.status, sort, dir };
  const locale = currentLocale();
  const list = useQuery({
    queryKey: ['help', 'list', filters, page],
    queryFn: ({ signal }) => api.get<TicketPage>('/api/help/tickets', { ...filters, page, pageSize }, signal),
    placeholderData: keepPreviousData,
  });
  const columns: Column<Ticket, HelpSort>[] = [
    {
      key: 'subject',
      label: t('help.subject'),
      render: (r) => (
        <RouterAnchor to="/help/$id" params={{ id: r.id }} fw={500}>
          {r.subject}
        </RouterAnchor>
      ),
    },
    {
      key: 'status',
      label: t('help.status'),
      sort: 'status',
      render: (r) => <StatusBadge status={r.status} />,
    },
    { key: 'category', label: t('help.category'), render: (r) => t(`help.categories.${r.category}`) },
    { key: 'topic', label: t('help.topic'), render: (r) => topicName(r.topic) },
    { key: 'asker', label: t('help.asker'), render: (r) => r.askerName },
    { key: 'for', label: t('help.for'), render: (r) => r.assigneeName ?? t('help.techSupport') },
    {
      key: 'updatedAt',
      label: t('help.updated'),
      sort: 'updatedAt',
      nowrap: true,
      render: (r) => formatDateTime(r.updatedAt, locale),
    },
  ];
  return (
    <>
      <PageHeader title={t('help.listTitle')} intro={t('help.listIntro')} actions={<HelpButton />} />
      <Group mb="md" align="flex-end">
        <SearchField
          label={t('common.search')}
          value={search.q}
          onSearch={(q) =>
            void navigate({ search: (prev) => ({ ...prev, q, page: undefined }), replace: true })
          }
        />
        <NativeSelect
          label={t('help.status')}
          value={search.status ?? ''}
          onChange={(e) =>
            void navigate({
              search: (prev) => ({
                ...prev,
                status: (e.currentTarget.value || undefined) as HelpSearch['status'],
                page: undefined,
              }),
              replace: true,
            })
          }
          data={[
            { value: '', label: t('help.allStatuses') },
            ...helpStatuses.map((s) => ({ value: s, label: t(`help.statuses.${s}`) })),
          ]}
        />
      </Group>
      <DataList
        query={list}
        columns={columns}
        sort={sort}
        dir={dir}
        onSort={(column, direction) =>
          void navigate({ search: (prev) => ({ ...prev, sort: column, dir: direction, page: undefined }) })
        }
        page={page}
        pageSize={pageSize}
        onPage={(next) =>
          void navigate({ search: (prev) => ({ ...prev, page: next > 1 ? next : undefined }) })
        }
        empty={t('help.empty')}
      />
    </>
  );
}

const ticketQuery = (id: string) =>
  queryOptions({
    queryKey: ['help', 'ticket', id],
    queryFn: () => api.get<HelpTicketDetail>(`/api/help/tickets/${id}`),
  });

/** One request with its replies; the asker and those it is for reply, close or reopen it. */
export function HelpTicketPage() {
  const { t } = useTranslation();
  const { id } = ticketRoute.useParams();
  const queryClient = useQueryClient();
  const query = useQuery(ticketQuery(id));
  const form = useForm({ body: '' });
  const [statusProblem, setStatusProblem] = useState<string | null>(null);
  const store = (updated: HelpTicketDetail) => {
    queryClient.setQueryData(ticketQuery(id).queryKey, updated);
    void queryClient.invalidateQueries({ queryKey: ['help', 'list'] });
  };
  const reply = useMutation({
    mutationFn: (body: { body: string }) =>
      api.post<HelpTicketDetail>(`/api/help/tickets/${id}/replies`, body),
    onSuccess: (updated) => {
      store(updated);
      form.setValues({ body: '' });
      notifications.show({ color: 'teal', message: t('help.replied') });
    },
    onError: form.fail,
  });
  const setStatus = useMutation({
    mutationFn: (status: 'open' | 'closed') =>
      api.post<HelpTicketDetail>(`/api/help/tickets/${id}/status`, { status }),
    onSuccess: (updated) => {
      store(updated);
      setStatusProblem(null);
    },
    onError: (error) => setStatusProblem(error instanceof Error ? error.message : String(error)),
  });
  if (query.isPending) return <Loading />;
  if (query.isError) return <LoadError error={query.error} onRetry={() => void query.refetch()} />;
  const ticket = query.data;
  const locale = currentLocale();
  const closed = ticket.status === 'closed';
  function submit(event: FormEvent) {
    event.preventDefault();
    const body = form.check(helpReplyInput);
    if (body) reply.mutate(body);
  }
  return (
    <>
      <RouterAnchor to="/help" size="sm">
        ← {t('help.back')}
      </RouterAnchor>
      <PageHeader
        title={ticket.subject}
        actions={
          <>
            <StatusBadge status={ticket.status} />
            <Button
              variant="default"
              loading={setStatus.isPending}
              onClick={() => setStatus.mutate(closed ? 'open' : 'closed')}
            >
              {closed ? t('help.reopen') : t('help.close')}
            </Button>
          </>
        }
      />
      <Stack>
        <FormAlert message={statusProblem} />
        <Card withBorder padding="lg">
          <Group gap="xs" mb="xs" wrap="wrap">
            <Badge variant="light" color="gray">
              {t(`help.categories.${ticket.category}`)}
            </Badge>
            <Badge variant="light" color="gray">
              {topicName(ticket.topic)}
            </Badge>
            <Text size="sm">
              {t('help.asker')}: {ticket.askerName} · {t('help.for')}:{' '}
              {ticket.assigneeName ?? t('help.techSupport')}
            </Text>
            <Text size="xs" c="dimmed">
              {formatDateTime(ticket.createdAt, locale)}
            </Text>
          </Group>
          {ticket.placement && (
            <Text size="sm" mb="xs">
              {t('help.placement')}:{' '}
              <RouterAnchor to="/placements/$id" params={{ id: ticket.placement.id }}>
                {ticket.placement.title}
              </RouterAnchor>
            </Text>
          )}
          <PlainText>{ticket.body}</PlainText>
        </Card>
        {ticket.replies.length > 0 && (
          <Title order={2} size="h4">
            {t('help.replies')}
          </Title>
        )}
        {ticket.replies.map((r) => (
          <Card key={r.id} withBorder padding="md" bg={r.mine ? 'teal.0' : undefined}>
            <Group gap="xs" mb={4}>
              <Text size="sm" fw={600}>
                {r.authorName}
              </Text>
              <Text size="xs" c="dimmed">
                {formatDateTime(r.createdAt, locale)}
              </Text>
            </Group>
            <PlainText>{r.body}</PlainText>
          </Card>
        ))}
        {closed ? (
          <Alert color="gray" variant="light">
            {t('help.closedNote')}
          </Alert>
        ) : (
          <form ref={form.formRef} onSubmit={submit} noValidate>
            <Stack gap="sm">
              <FormAlert message={form.formError} />
              <Textarea
                label={t('help.reply')}
                required
                autosize
                minRows={3}
                maxLength={5000}
                {...form.input('body')}
              />
              <Group>
                <Button type="submit" loading={reply.isPending}>
                  {t('help.sendReply')}
                </Button>
              </Group>
            </Stack>
          </form>
        )}
      </Stack>
    </>
  );
}
