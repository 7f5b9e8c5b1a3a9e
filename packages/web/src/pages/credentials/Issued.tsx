import {
  Anchor,
  Badge,
  Button,
  Group,
  Modal,
  NativeSelect,
  Stack,
  Table,
  Text,
  Textarea,
} from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { getRouteApi } from '@tanstack/react-router';
import {
  type CredentialSummary,
  type credentialPage,
  credentialStates,
  credentialStatusRequest,
} from '@tilts/shared';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { z } from 'zod';
import { FormAlert, LoadError, Loading } from '../../components/feedback.tsx';
import { CsvLink, Pager, SearchField, SortableTh } from '../../components/list.tsx';
import { PageHeader } from '../../components/PageHeader.tsx';
import { currentLocale } from '../../i18n/index.ts';
import { api, withQuery } from '../../lib/api.ts';
import { formatDate } from '../../lib/format.ts';
import { useForm } from '../../lib/forms.ts';
import type { SortDir } from '../../lib/list-search.ts';
import { useMe } from '../../lib/me-context.ts';
import { stateColor } from './MyCredentials.tsx';
import type { CredentialSort } from './search.ts';

type CredentialPage = z.infer<typeof credentialPage>;
type Action = 'revoke' | 'suspend' | 'reinstate';
const route = getRouteApi('/app/credentials/issued');
const pageSize = 25;

function StatusDialog({
  credential,
  action,
  onClose,
}: {
  credential: CredentialSummary;
  action: Action;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const form = useForm({ reason: '' });
  const change = useMutation({
    mutationFn: (body: unknown) => api.post(`/api/credentials/${credential.id}/status`, body),
    onSuccess: () => {
      void queryClient.invalidateQueries({ queryKey: ['credentials-issued'] });
      notifications.show({ color: 'teal', message: t('credentials.issued.changed') });
      onClose();
    },
    onError: form.fail,
  });
  function submit(event: FormEvent) {
    event.preventDefault();
    const body = form.check(credentialStatusRequest, { action, reason: form.values.reason });
    if (body) change.mutate(body);
  }
  const title =
    action === 'revoke'
      ? t('credentials.issued.confirmRevoke')
      : action === 'suspend'
        ? t('credentials.issued.confirmSuspend')
        : t('credentials.issued.confirmReinstate');
  return (
    <Modal opened onClose={onClose} title={title}>
      <form ref={form.formRef} onSubmit={submit} noValidate>
        <Stack>
          <Text size="sm">
            {credential.title} — {credential.learnerName}
          </Text>
          <FormAlert message={form.formError} />
          <Textarea
            label={t('credentials.issued.reason')}
            required
            autosize
            minRows={2}
            maxLength={500}
            {...form.input('reason')}
          />
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              {t('common.cancel')}
            </Button>
            <Button
              type="submit"
              color={action === 'revoke' ? 'red' : action === 'suspend' ? 'orange' : 'teal'}
              loading={change.isPending}
            >
              {t(`credentials.issued.${action}`)}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}

/** The school's issued credentials; coordinators and admins suspend, reinstate or revoke them. */
export function IssuedPage() {
  const { t } = useTranslation();
  const locale = currentLocale();
  const me = useMe();
  const canChange = me.school?.role === 'admin' || me.school?.role === 'coordinator';
  const search = route.useSearch();
  const navigate = route.useNavigate();
  const sort: CredentialSort | undefined = search.sort;
  const dir: SortDir = search.dir ?? 'asc';
  const page = search.page ?? 1;
  const filters = { q: search.q, sort, dir, state: search.state, batchId: search.batchId };
  const [dialog, setDialog] = useState<{ credential: CredentialSummary; action: Action } | null>(null);
  const onSort = (column: CredentialSort, direction: SortDir) =>
    void navigate({ search: (prev) => ({ ...prev, sort: column, dir: direction, page: undefined }) });
  const list = useQuery({
    queryKey: ['credentials-issued', filters, page],
    queryFn: ({ signal }) =>
      api.get<CredentialPage>('/api/credentials', { ...filters, page, pageSize }, signal),
    placeholderData: keepPreviousData,
  });

  return (
    <>
      <PageHeader
        title={t('credentials.issued.title')}
        intro={t('credentials.issued.intro')}
        actions={<CsvLink href={withQuery('/api/credentials.csv', filters)} />}
      />
      <Group mb="md" align="flex-end">
        <SearchField
          label={t('credentials.issued.searchLabel')}
          placeholder={t('credentials.issued.searchPlaceholder')}
          value={search.q}
          onSearch={(q) =>
            void navigate({ search: (prev) => ({ ...prev, q, page: undefined }), replace: true })
          }
        />
        <NativeSelect
          label={t('credentials.issued.state')}
          value={search.state ?? ''}
          data={[
            { value: '', label: t('credentials.issued.allStates') },
            ...credentialStates.map((s) => ({ value: s, label: t(`credentials.states.${s}`) })),
          ]}
          onChange={(event) => {
            const value = event.currentTarget.value;
            void navigate({
              search: (prev) => ({
                ...prev,
                state: credentialStates.find((s) => s === value),
                page: undefined,
              }),
            });
          }}
        />
      </Group>
      {list.isPending ? (
        <Loading />
      ) : list.isError ? (
        <LoadError error={list.error} onRetry={() => void list.refetch()} />
      ) : list.data.items.length === 0 ? (
        <Text c="dimmed" py="lg">
          {search.q || search.state ? t('common.noResults') : t('credentials.issued.empty')}
        </Text>
      ) : (
        <>
          <Table.ScrollContainer minWidth={760} type="native">
            <Table striped highlightOnHover verticalSpacing="sm" aria-busy={list.isFetching}>
              <Table.Thead>
                <Table.Tr>
                  <SortableTh column="learner" sort={sort} dir={dir} onSort={onSort}>
                    {t('credentials.issued.learner')}
                  </SortableTh>
                  <SortableTh column="title" sort={sort} dir={dir} onSort={onSort}>
                    {t('credentials.issued.titleColumn')}
                  </SortableTh>
                  <SortableTh column="issuedAt" sort={sort} dir={dir} onSort={onSort}>
                    {t('credentials.issued.issuedAt')}
                  </SortableTh>
                  <Table.Th>{t('credentials.issued.grade')}</Table.Th>
                  <Table.Th>{t('credentials.issued.state')}</Table.Th>
                  <Table.Th>{t('credentials.issued.actions')}</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {list.data.items.map((c) => (
                  <Table.Tr key={c.id}>
                    <Table.Td>
                      {c.learnerName}
                      <Text size="xs" c="dimmed">
                        {c.learnerEmail}
                      </Text>
                    </Table.Td>
                    <Table.Td>{c.title}</Table.Td>
                    <Table.Td>{formatDate(c.issuedAt, locale)}</Table.Td>
                    <Table.Td>{c.grade ?? t('common.none')}</Table.Td>
                    <Table.Td>
                      <Badge color={stateColor[c.state]} variant="light">
                        {t(`credentials.states.${c.state}`)}
                      </Badge>
                      {(c.revokedReason ?? c.suspendedReason) && (
                        <Text size="xs" c="dimmed">
                          {c.revokedReason ?? c.suspendedReason}
                        </Text>
                      )}
                    </Table.Td>
                    <Table.Td>
                      <Group gap="xs" wrap="nowrap">
                        <Anchor href={`/api/credentials/${c.id}/credential.json`} download size="sm">
                          {t('credentials.issued.downloadJson')}
                        </Anchor>
                        {canChange && c.state !== 'revoked' && (
                          <>
                            {c.state === 'suspended' ? (
                              <Button
                                size="compact-xs"
                                variant="light"
                                color="teal"
                                onClick={() => setDialog({ credential: c, action: 'reinstate' })}
                              >
                                {t('credentials.issued.reinstate')}
                              </Button>
                            ) : (
                              <Button
                                size="compact-xs"
                                variant="light"
                                color="orange"
                                onClick={() => setDialog({ credential: c, action: 'suspend' })}
                              >
                                {t('credentials.issued.suspend')}
                              </Button>
                            )}
                            <Button
                              size="compact-xs"
                              variant="light"
                              color="red"
                              onClick={() => setDialog({ credential: c, action: 'revoke' })}
                            >
                              {t('credentials.issued.revoke')}
                            </Button>
                          </>
                        )}
                      </Group>
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
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
      {dialog && (
        <StatusDialog credential={dialog.credential} action={dialog.action} onClose={() => setDialog(null)} />
      )}
    </>
  );
}
