import {
  Anchor,
  Badge,
  Button,
  Card,
  CopyButton,
  Divider,
  Group,
  Stack,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { queryOptions, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type CredentialState, createShareRequest, type MyCredential, type ShareView } from '@tilts/shared';
import type { FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { FormAlert, LoadError, Loading } from '../../components/feedback.tsx';
import { PageHeader } from '../../components/PageHeader.tsx';
import { currentLocale } from '../../i18n/index.ts';
import { api, errorText } from '../../lib/api.ts';
import { formatDate } from '../../lib/format.ts';
import { useForm } from '../../lib/forms.ts';

export const myCredentialsQuery = queryOptions({
  queryKey: ['my-credentials'],
  queryFn: () => api.get<{ items: MyCredential[] }>('/api/my/credentials'),
});

export const stateColor: Record<CredentialState, string> = {
  active: 'teal',
  suspended: 'yellow',
  revoked: 'red',
  expired: 'gray',
};

function ShareRow({ share }: { share: ShareView }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const locale = currentLocale();
  const stop = useMutation({
    mutationFn: () => api.delete(`/api/my/shares/${share.id}`),
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: myCredentialsQuery.queryKey }),
    onError: (error) => notifications.show({ color: 'red', message: errorText(error) }),
  });
  const stopped = share.revokedAt !== null;
  return (
    <Stack gap={4}>
      <Group gap="xs" wrap="nowrap" align="flex-end">
        <TextInput
          label={share.label || share.purpose}
          value={share.url}
          readOnly
          style={{ flex: 1, minWidth: 0 }}
          styles={{ input: { textDecoration: stopped ? 'line-through' : undefined } }}
        />
        <CopyButton value={share.url}>
          {({ copied, copy }) => (
            <Button variant="default" onClick={copy} disabled={stopped}>
              {copied ? t('credentials.mine.copied') : t('credentials.mine.copy')}
            </Button>
          )}
        </CopyButton>
        {!stopped && (
          <Button variant="subtle" color="red" onClick={() => stop.mutate()} loading={stop.isPending}>
            {t('credentials.mine.revokeLink')}
          </Button>
        )}
      </Group>
      <Text size="xs" c="dimmed">
        {[
          stopped ? t('credentials.mine.revokedLink') : null,
          share.expiresAt
            ? t('credentials.mine.expires', { date: formatDate(share.expiresAt, locale) })
            : null,
          t('credentials.mine.views', { count: share.views }),
        ]
          .filter(Boolean)
          .join(' · ')}
      </Text>
    </Stack>
  );
}

function NewShare({ credential }: { credential: MyCredential }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const form = useForm({ label: '', expiresOn: '' });
  const create = useMutation({
    mutationFn: (body: unknown) => api.post<ShareView>(`/api/my/credentials/${credential.id}/shares`, body),
    onSuccess: () => {
      form.setValues({ label: '', expiresOn: '' });
      void queryClient.invalidateQueries({ queryKey: myCredentialsQuery.queryKey });
    },
    onError: form.fail,
  });
  function submit(event: FormEvent) {
    event.preventDefault();
    const body = form.check(createShareRequest, {
      label: form.values.label,
      expiresOn: form.values.expiresOn || null,
    });
    if (body) create.mutate(body);
  }
  return (
    <form ref={form.formRef} onSubmit={submit} noValidate>
      <Stack gap="xs">
        <FormAlert message={form.formError} />
        <Group align="flex-end" gap="xs">
          <TextInput label={t('credentials.mine.label')} maxLength={100} {...form.input('label')} />
          <TextInput type="date" label={t('credentials.mine.expiresOn')} {...form.input('expiresOn')} />
          <Button type="submit" variant="light" loading={create.isPending}>
            {t('credentials.mine.create')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

function CredentialCard({ credential }: { credential: MyCredential }) {
  const { t } = useTranslation();
  const locale = currentLocale();
  const linkedIn = useMutation({
    mutationFn: () => api.post<{ url: string }>(`/api/my/credentials/${credential.id}/linkedin`),
    onSuccess: ({ url }) => window.open(url, '_blank', 'noopener'),
    onError: (error) => notifications.show({ color: 'red', message: errorText(error) }),
  });
  const base = `/api/my/credentials/${credential.id}`;
  return (
    <Card withBorder padding="lg" radius="md" component="article" aria-labelledby={`cred-${credential.id}`}>
      <Stack gap="sm">
        <Group justify="space-between" align="flex-start" wrap="nowrap">
          <Title order={2} size="h4" id={`cred-${credential.id}`}>
            {credential.title}
          </Title>
          <Badge color={stateColor[credential.state]}>{t(`credentials.states.${credential.state}`)}</Badge>
        </Group>
        <Text size="sm" c="dimmed">
          {t('credentials.mine.from', {
            school: credential.schoolName,
            date: formatDate(credential.issuedAt, locale),
          })}
          {credential.validUntil
            ? `, ${t('credentials.mine.validUntil', { date: formatDate(credential.validUntil, locale) })}`
            : ''}
        </Text>
        <Group gap="md">
          <Text size="sm" fw={500}>
            {t('credentials.mine.downloads')}:
          </Text>
          <Anchor href={`${base}/credential.json`} download size="sm">
            {t('credentials.mine.json')}
          </Anchor>
          <Anchor href={`${base}/credential.pdf?lang=${locale}`} download size="sm">
            {t('credentials.mine.pdf')}
          </Anchor>
          <Anchor href={`${base}/elm.jsonld`} download size="sm">
            {t('credentials.mine.elm')}
          </Anchor>
          <Button
            size="compact-sm"
            variant="light"
            onClick={() => linkedIn.mutate()}
            loading={linkedIn.isPending}
          >
            {t('credentials.mine.linkedIn')}
          </Button>
        </Group>
        <Divider label={t('credentials.mine.shares')} labelPosition="left" />
        {credential.shares.length === 0 ? (
          <Text size="sm" c="dimmed">
            {t('credentials.mine.noShares')}
          </Text>
        ) : (
          credential.shares.map((share) => <ShareRow key={share.id} share={share} />)
        )}
        <NewShare credential={credential} />
      </Stack>
    </Card>
  );
}

/** The learner's own credentials: download, share, add to LinkedIn. */
export function MyCredentialsPage() {
  const { t } = useTranslation();
  const list = useQuery(myCredentialsQuery);
  return (
    <>
      <PageHeader title={t('credentials.mine.title')} intro={t('credentials.mine.intro')} />
      {list.isPending ? (
        <Loading />
      ) : list.isError ? (
        <LoadError error={list.error} onRetry={() => void list.refetch()} />
      ) : list.data.items.length === 0 ? (
        <Text c="dimmed" py="lg">
          {t('credentials.mine.empty')}
        </Text>
      ) : (
        <Stack>
          {list.data.items.map((c) => (
            <CredentialCard key={c.id} credential={c} />
          ))}
        </Stack>
      )}
    </>
  );
}
