import {
  Alert,
  Badge,
  Button,
  Card,
  Checkbox,
  Group,
  NativeSelect,
  Paper,
  SimpleGrid,
  Stack,
  Text,
  Textarea,
  TextInput,
  Title,
} from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { queryOptions, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import {
  type ContactStatus,
  type ContactsResponse,
  contactInput,
  placementContactChannels,
  searchKey,
} from '@tilts/shared';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { FormAlert, LoadError, Loading } from '../../components/feedback.tsx';
import { currentLocale } from '../../i18n/index.ts';
import { api } from '../../lib/api.ts';
import { formatDate } from '../../lib/format.ts';
import { useForm } from '../../lib/forms.ts';
import { PlainText } from '../support/common.tsx';

export const contactsQuery = (placementId: string) =>
  queryOptions({
    queryKey: ['contacts', placementId],
    queryFn: () => api.get<ContactsResponse>(`/api/placements/${placementId}/contacts`),
  });

/** The tab's name, marked when the placement's contact is overdue against its plan. */
export function ContactsTabLabel({ placementId }: { placementId: string }) {
  const { t } = useTranslation();
  const query = useQuery(contactsQuery(placementId));
  const overdue = query.data?.status.overdue ?? false;
  return (
    <Group gap={6} wrap="nowrap" component="span">
      {t('diary.contactsTab')}
      {overdue && (
        <Badge size="xs" color="red" variant="filled" aria-label={t('contacts.overdueBadge')}>
          !
        </Badge>
      )}
    </Group>
  );
}

/** "Last contact 12 days ago, the plan says every 7": red when overdue. */
export function ContactStatusAlert({ status }: { status: ContactStatus }) {
  const { t } = useTranslation();
  if (status.everyDays === null) {
    return (
      <Text size="sm" c="dimmed">
        {t('contacts.noPlan')}
      </Text>
    );
  }
  const text =
    status.daysSince === null
      ? t('contacts.overdueNever', { every: status.everyDays })
      : t(status.overdue ? 'contacts.overdue' : 'contacts.onTrack', {
          days: status.daysSince,
          every: status.everyDays,
        });
  return (
    <Alert color={status.overdue ? 'red' : 'teal'} variant="light" data-testid="contact-status">
      {text}
    </Alert>
  );
}

function today() {
  const d = new Date();
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
}

function ContactForm({ placementId }: { placementId: string }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const form = useForm({ contactDate: today(), channel: 'phone', participants: '', notes: '' });
  const [planned, setPlanned] = useState(false);
  const save = useMutation({
    mutationFn: (body: unknown) =>
      api.post<ContactsResponse>(`/api/placements/${placementId}/contacts`, body),
    onSuccess: (updated) => {
      queryClient.setQueryData(contactsQuery(placementId).queryKey, updated);
      form.setValues({ contactDate: today(), channel: 'phone', participants: '', notes: '' });
      setPlanned(false);
      notifications.show({ color: 'teal', message: t('contacts.recorded') });
    },
    onError: form.fail,
  });
  function submit(event: FormEvent) {
    event.preventDefault();
    const body = form.check(contactInput, { ...form.values, planned });
    if (body) save.mutate(body);
  }
  return (
    <form ref={form.formRef} onSubmit={submit} noValidate>
      <Stack gap="sm">
        <FormAlert message={form.formError} />
        <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm">
          <TextInput type="date" label={t('contacts.date')} required {...form.input('contactDate')} />
          <NativeSelect
            label={t('contacts.channel')}
            required
            data={placementContactChannels.map((c) => ({ value: c, label: t(`contacts.channels.${c}`) }))}
            {...form.input('channel')}
          />
        </SimpleGrid>
        <TextInput
          label={t('contacts.participants')}
          required
          maxLength={500}
          {...form.input('participants')}
        />
        <Textarea
          label={t('contacts.notes')}
          autosize
          minRows={2}
          maxLength={5000}
          {...form.input('notes')}
        />
        <Checkbox
          label={t('contacts.planned')}
          checked={planned}
          onChange={(e) => setPlanned(e.currentTarget.checked)}
        />
        <Group>
          <Button type="submit" loading={save.isPending}>
            {t('contacts.record')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

/** The placement's "Contacts" tab (staff): the overdue flag, the form and every contact recorded. */
export function ContactsTab({ placementId }: { placementId: string }) {
  const { t } = useTranslation();
  const locale = currentLocale();
  const query = useQuery(contactsQuery(placementId));
  const [q, setQ] = useState('');
  if (query.isPending) return <Loading />;
  if (query.isError) return <LoadError error={query.error} onRetry={() => void query.refetch()} />;
  const data = query.data;
  const needle = searchKey(q);
  const items = needle
    ? data.items.filter((c) =>
        searchKey(`${c.participants} ${c.notes} ${t(`contacts.channels.${c.channel}`)}`).includes(needle),
      )
    : data.items;
  return (
    <Stack>
      <ContactStatusAlert status={data.status} />
      <Card withBorder padding="lg" component="section">
        <Title order={2} size="h4" mb="sm">
          {t('contacts.record')}
        </Title>
        <ContactForm placementId={placementId} />
      </Card>
      <Card withBorder padding="lg" component="section">
        <Title order={2} size="h4">
          {t('contacts.title')}
        </Title>
        <Text size="sm" c="dimmed" mb="sm">
          {t('contacts.lead')}
        </Text>
        {data.items.length > 3 && (
          <TextInput
            label={t('contacts.search')}
            value={q}
            onChange={(e) => setQ(e.currentTarget.value)}
            mb="sm"
            type="search"
          />
        )}
        {items.length === 0 ? (
          <Text size="sm" c="dimmed">
            {t('contacts.empty')}
          </Text>
        ) : (
          <Stack gap="xs" component="ol" style={{ listStyle: 'none', padding: 0, margin: 0 }}>
            {items.map((c) => (
              <Paper key={c.id} withBorder p="sm" radius="md" component="li" data-testid="contact">
                <Group gap="xs" mb={4}>
                  <Text fw={600} size="sm">
                    {formatDate(c.contactDate, locale)}
                  </Text>
                  <Badge variant="light">{t(`contacts.channels.${c.channel}`)}</Badge>
                  {c.planned && (
                    <Badge variant="outline" color="gray">
                      {t('contacts.plannedBadge')}
                    </Badge>
                  )}
                  {c.recordedByName && (
                    <Text size="xs" c="dimmed">
                      {t('contacts.recordedBy', { name: c.recordedByName })}
                    </Text>
                  )}
                </Group>
                <Text size="sm">{c.participants}</Text>
                {c.notes && <PlainText>{c.notes}</PlainText>}
              </Paper>
            ))}
          </Stack>
        )}
      </Card>
    </Stack>
  );
}
