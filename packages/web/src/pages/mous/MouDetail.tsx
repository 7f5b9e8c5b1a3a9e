import {
  Alert,
  Button,
  Card,
  Checkbox,
  Code,
  Group,
  List,
  Modal,
  Stack,
  Text,
  Textarea,
  TextInput,
  Timeline,
  Title,
} from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { queryOptions, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { getRouteApi, useNavigate } from '@tanstack/react-router';
import {
  type MouDetail,
  type MouParty,
  type MouTimelineEntry,
  mouPartNames,
  mouSignRequest,
  mouTerminateRequest,
} from '@tilts/shared';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { fullName } from '../../components/AppLayout.tsx';
import { FormAlert, LoadError, Loading } from '../../components/feedback.tsx';
import { RouterAnchor, RouterButton } from '../../components/links.tsx';
import { PageHeader } from '../../components/PageHeader.tsx';
import { en, type Translation } from '../../i18n/en.ts';
import { currentLocale } from '../../i18n/index.ts';
import { hasRole } from '../../lib/access.ts';
import { ApiRequestError, api, errorText } from '../../lib/api.ts';
import { formatDate, formatDateTime } from '../../lib/format.ts';
import { useForm } from '../../lib/forms.ts';
import { useMe } from '../../lib/me-context.ts';
import { MouDocumentView, MouStatusBadge, mouEditors } from './MouDocumentView.tsx';

const route = getRouteApi('/app/mous/$id');

export const mouDetailQuery = (id: string) =>
  queryOptions({
    queryKey: ['mous', 'detail', id],
    queryFn: () => api.get<MouDetail>(`/api/mous/${id}`),
  });

/** A refusal with every reason the server gave (the missing parts of a draft, say). */
function ActionError({ error }: { error: unknown }) {
  if (!error) return null;
  if (error instanceof ApiRequestError) {
    const reasons = Object.values(error.fields);
    return (
      <FormAlert message={error.message}>
        {reasons.length > 0 && (
          <List size="sm" mt="xs">
            {reasons.map((r) => (
              <List.Item key={r}>{r}</List.Item>
            ))}
          </List>
        )}
      </FormAlert>
    );
  }
  return <FormAlert message={errorText(error)} />;
}

type ActionKey = keyof Translation['mous']['detail']['actions'];

function TimelineLabel({ entry }: { entry: MouTimelineEntry }) {
  const { t } = useTranslation();
  // mou.link_resent → linkResent: i18next reads "_" in a key as a context separator.
  const key = entry.action.replace(/^mou\./, '').replace(/_([a-z])/g, (_, c: string) => c.toUpperCase());
  const after = (entry.after ?? {}) as Record<string, unknown>;
  const word = (k: string) => String(after[k] ?? '');
  const params = {
    party: word('party'),
    name: word('name'),
    to: word('to'),
    version: word('version'),
    reason: word('reason'),
    fromVersion: word('fromVersion'),
  };
  return (
    <>{key in en.mous.detail.actions ? t(`mous.detail.actions.${key as ActionKey}`, params) : entry.action}</>
  );
}

function ConfirmModal({
  opened,
  title,
  text,
  confirm,
  color,
  pending,
  error,
  onConfirm,
  onClose,
}: {
  opened: boolean;
  title: string;
  text: string;
  confirm: string;
  color?: string;
  pending: boolean;
  error: unknown;
  onConfirm: () => void;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  return (
    <Modal opened={opened} onClose={onClose} title={title}>
      <Stack>
        <Text size="sm">{text}</Text>
        <ActionError error={error} />
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose} data-autofocus>
            {t('common.cancel')}
          </Button>
          <Button color={color} loading={pending} onClick={onConfirm}>
            {confirm}
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}

function SignModal({ mou, opened, onClose }: { mou: MouDetail; opened: boolean; onClose: () => void }) {
  const { t } = useTranslation();
  const me = useMe();
  const queryClient = useQueryClient();
  const school = mou.parties.find((p) => p.isSchool)!;
  const form = useForm({
    name: school.signatoryName || fullName(me),
    position: school.signatoryPosition,
    consent: '',
  });
  const sign = useMutation({
    mutationFn: (body: unknown) => api.post<MouDetail>(`/api/mous/${mou.id}/sign`, body),
    onSuccess: (updated) => {
      queryClient.setQueryData(mouDetailQuery(mou.id).queryKey, updated);
      void queryClient.invalidateQueries({ queryKey: ['mous', 'list'] });
      notifications.show({ color: 'teal', message: t('mous.detail.signed') });
      onClose();
    },
    onError: form.fail,
  });
  function submit(event: FormEvent) {
    event.preventDefault();
    const body = form.check(mouSignRequest, {
      contentHash: mou.contentHash,
      name: form.values.name,
      position: form.values.position,
      consent: form.values.consent === 'yes',
    });
    if (body) sign.mutate(body);
  }
  return (
    <Modal
      opened={opened}
      onClose={onClose}
      title={t('mous.detail.signTitle', { school: school.organisationName })}
    >
      <form ref={form.formRef} onSubmit={submit} noValidate>
        <Stack>
          <FormAlert message={form.formError} />
          <TextInput label={t('mous.sign.name')} required data-autofocus {...form.input('name')} />
          <TextInput label={t('mous.sign.position')} {...form.input('position')} />
          <Checkbox
            label={t('mous.sign.consent', { organisation: school.organisationName })}
            checked={form.values.consent === 'yes'}
            onChange={(event) => form.setValue('consent', event.currentTarget.checked ? 'yes' : '')}
            error={form.errors.consent}
          />
          <Text size="xs" c="dimmed">
            {t('mous.sign.contentHash')}: <Code>{mou.contentHash}</Code>
          </Text>
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              {t('common.cancel')}
            </Button>
            <Button type="submit" loading={sign.isPending}>
              {t('mous.sign.submit')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}

function TerminateModal({ mou, opened, onClose }: { mou: MouDetail; opened: boolean; onClose: () => void }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const form = useForm({ reason: '' });
  const terminate = useMutation({
    mutationFn: (body: unknown) => api.post<MouDetail>(`/api/mous/${mou.id}/terminate`, body),
    onSuccess: (updated) => {
      queryClient.setQueryData(mouDetailQuery(mou.id).queryKey, updated);
      void queryClient.invalidateQueries({ queryKey: ['mous', 'list'] });
      notifications.show({ color: 'teal', message: t('mous.detail.terminated') });
      onClose();
    },
    onError: form.fail,
  });
  function submit(event: FormEvent) {
    event.preventDefault();
    const body = form.check(mouTerminateRequest, {
      reason: form.values.reason,
      lockVersion: mou.lockVersion,
    });
    if (body) terminate.mutate(body);
  }
  return (
    <Modal opened={opened} onClose={onClose} title={t('mous.detail.terminateTitle')}>
      <form ref={form.formRef} onSubmit={submit} noValidate>
        <Stack>
          <Text size="sm">{t('mous.detail.terminateText')}</Text>
          <FormAlert message={form.formError} />
          <Textarea
            label={t('mous.detail.reason')}
            required
            autosize
            minRows={3}
            data-autofocus
            {...form.input('reason')}
          />
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              {t('common.cancel')}
            </Button>
            <Button type="submit" color="red" loading={terminate.isPending}>
              {t('mous.detail.terminate')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}

type Dialog = 'send' | 'withdraw' | 'delete' | 'terminate' | 'sign' | 'version' | null;

/** One memorandum: where it stands, its text and parties, what can be done next, its history. */
export function MouDetailPage() {
  const { t } = useTranslation();
  const locale = currentLocale();
  const me = useMe();
  const { id } = route.useParams();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const query = useQuery(mouDetailQuery(id));
  const [dialog, setDialog] = useState<Dialog>(null);
  const canAct = hasRole(me, mouEditors);

  const done = (message: string) => (updated: MouDetail) => {
    queryClient.setQueryData(mouDetailQuery(id).queryKey, updated);
    void queryClient.invalidateQueries({ queryKey: ['mous', 'list'] });
    notifications.show({ color: 'teal', message });
    setDialog(null);
  };
  const send = useMutation({
    mutationFn: (lockVersion: number) => api.post<MouDetail>(`/api/mous/${id}/send`, { lockVersion }),
    onSuccess: done(t('mous.detail.sent')),
  });
  const withdraw = useMutation({
    mutationFn: (lockVersion: number) => api.post<MouDetail>(`/api/mous/${id}/withdraw`, { lockVersion }),
    onSuccess: done(t('mous.detail.withdrawn')),
  });
  const resend = useMutation({
    mutationFn: (party: MouParty) => api.post<MouDetail>(`/api/mous/${id}/parties/${party.id}/resend`, {}),
    onSuccess: (updated, party) => done(t('mous.party.resent', { email: party.signatoryEmail }))(updated),
    onError: (error) => notifications.show({ color: 'red', message: errorText(error) }),
  });
  const remove = useMutation({
    mutationFn: () => api.delete(`/api/mous/${id}`),
    onSuccess: async () => {
      queryClient.removeQueries({ queryKey: mouDetailQuery(id).queryKey });
      void queryClient.invalidateQueries({ queryKey: ['mous', 'list'] });
      notifications.show({ color: 'teal', message: t('mous.detail.deleted') });
      await navigate({ to: '/mous' });
    },
  });
  const version = useMutation({
    mutationFn: () => api.post<{ id: string }>(`/api/mous/${id}/versions`, {}),
    onSuccess: async (made) => {
      void queryClient.invalidateQueries({ queryKey: ['mous'] });
      const next = (query.data?.versions.at(-1)?.version ?? 0) + 1;
      notifications.show({ color: 'teal', message: t('mous.detail.versionMade', { version: next }) });
      setDialog(null);
      await navigate({ to: '/mous/$id/edit', params: { id: made.id } });
    },
  });

  if (query.isPending) return <Loading />;
  if (query.isError) return <LoadError error={query.error} onRetry={() => void query.refetch()} />;
  const mou = query.data;
  const school = mou.parties.find((p) => p.isSchool);
  const isLatest = mou.versions.at(-1)?.id === mou.id;
  const open = (which: Dialog) => () => {
    send.reset();
    withdraw.reset();
    remove.reset();
    version.reset();
    setDialog(which);
  };

  const partyExtra = (party: MouParty) => {
    if (party.isSchool || party.signature || mou.status !== 'awaiting_signatures') return null;
    const link = mou.links[party.id];
    return (
      <Stack gap={4} mt={4}>
        <Text size="xs" c="dimmed">
          {link
            ? t('mous.party.linkSent', {
                at: formatDateTime(link.sentAt, locale),
                until: formatDate(link.expiresAt, locale),
              })
            : t('mous.party.noOpenLink')}
        </Text>
        {canAct && (
          <Button
            size="xs"
            variant="default"
            loading={resend.isPending && resend.variables?.id === party.id}
            onClick={() => resend.mutate(party)}
            style={{ alignSelf: 'flex-start' }}
          >
            {t('mous.party.resend')}
          </Button>
        )}
      </Stack>
    );
  };

  return (
    <>
      <PageHeader
        title={mou.title}
        intro={t('mous.version', { version: mou.version })}
        actions={
          <>
            <Button component="a" href={`/api/mous/${mou.id}/pdf?lang=lv`} target="_blank" variant="default">
              {t('mous.detail.pdfLv')}
            </Button>
            <Button component="a" href={`/api/mous/${mou.id}/pdf?lang=en`} target="_blank" variant="default">
              {t('mous.detail.pdfEn')}
            </Button>
          </>
        }
      />
      <Stack gap="lg">
        <Card withBorder padding="md" component="section" aria-label={t('mous.status')}>
          <Stack gap="sm">
            <Group gap="sm">
              <MouStatusBadge status={mou.status} />
              {mou.validUntil && (
                <Text size="sm">
                  {formatDate(mou.validFrom, locale)}–{formatDate(mou.validUntil, locale)}
                </Text>
              )}
            </Group>
            {mou.status === 'terminated' && (
              <Text size="sm">
                {t('mous.detail.endedOn', { date: formatDate(mou.endedAt, locale) })}{' '}
                {mou.replacedBy ? (
                  <RouterAnchor to="/mous/$id" params={{ id: mou.replacedBy.id }}>
                    {t('mous.detail.replacedBy', { version: mou.replacedBy.version })}
                  </RouterAnchor>
                ) : (
                  t('mous.detail.endReason', { reason: mou.endReason })
                )}
              </Text>
            )}
            {mou.status === 'expired' && (
              <Text size="sm">{t('mous.detail.endedOn', { date: formatDate(mou.endedAt, locale) })}</Text>
            )}
            {mou.status === 'draft' && mou.missing.length > 0 && (
              <Alert color="yellow" variant="light" title={t('mous.detail.missingTitle')}>
                <List size="sm">
                  {mou.missing.map((m) => (
                    <List.Item key={`${m.part}-${m.party ?? ''}`}>
                      {m.party
                        ? t('mous.detail.missingParty', {
                            part: mouPartNames[locale][m.part],
                            party: m.party,
                          })
                        : mouPartNames[locale][m.part]}
                    </List.Item>
                  ))}
                </List>
              </Alert>
            )}
            {mou.contentHash && (
              <Text size="xs" c="dimmed" style={{ overflowWrap: 'anywhere' }}>
                {t('mous.detail.contentHash')}: <Code>{mou.contentHash}</Code>
              </Text>
            )}
            {canAct && (
              <Group gap="sm">
                {mou.status === 'draft' && (
                  <>
                    <RouterButton to="/mous/$id/edit" params={{ id: mou.id }} variant="default">
                      {t('mous.detail.edit')}
                    </RouterButton>
                    <Button onClick={open('send')} disabled={mou.missing.length > 0}>
                      {t('mous.detail.send')}
                    </Button>
                    <Button variant="subtle" color="red" onClick={open('delete')}>
                      {t('mous.detail.delete')}
                    </Button>
                  </>
                )}
                {mou.status === 'awaiting_signatures' && (
                  <>
                    {school && !school.signature && (
                      <Button onClick={open('sign')}>{t('mous.detail.signForSchool')}</Button>
                    )}
                    <Button variant="default" onClick={open('withdraw')}>
                      {t('mous.detail.withdraw')}
                    </Button>
                  </>
                )}
                {mou.status === 'active' && (
                  <Button variant="default" color="red" onClick={open('terminate')}>
                    {t('mous.detail.terminate')}
                  </Button>
                )}
                {isLatest && ['active', 'expired', 'terminated'].includes(mou.status) && (
                  <Button variant="default" onClick={open('version')}>
                    {t('mous.detail.newVersion')}
                  </Button>
                )}
              </Group>
            )}
          </Stack>
        </Card>

        <MouDocumentView doc={mou} partyExtra={partyExtra} />

        <Stack gap={6} component="section">
          <Title order={2} size="h4">
            {t('mous.detail.versions')}
          </Title>
          <List>
            {mou.versions.map((v) => (
              <List.Item key={v.id}>
                {v.id === mou.id ? (
                  <Text span fw={600}>
                    {t('mous.version', { version: v.version })} ({t('mous.detail.current')})
                  </Text>
                ) : (
                  <RouterAnchor to="/mous/$id" params={{ id: v.id }}>
                    {t('mous.version', { version: v.version })}
                  </RouterAnchor>
                )}{' '}
                · {t(`mous.statuses.${v.status}`)}
              </List.Item>
            ))}
          </List>
        </Stack>

        <Stack gap={6} component="section">
          <Title order={2} size="h4">
            {t('mous.detail.timeline')}
          </Title>
          {mou.timeline.length === 0 && <Text c="dimmed">{t('common.none')}</Text>}
          <Timeline bulletSize={14} lineWidth={2} active={mou.timeline.length}>
            {mou.timeline.map((entry) => (
              <Timeline.Item key={entry.id} title={<TimelineLabel entry={entry} />}>
                <Text size="xs" c="dimmed">
                  {formatDateTime(entry.at, locale)} ·{' '}
                  {entry.actorEmail === 'system' || !entry.actorEmail
                    ? t('mous.detail.system')
                    : entry.actorEmail}
                </Text>
              </Timeline.Item>
            ))}
          </Timeline>
        </Stack>
        <RouterAnchor to="/mous" size="sm">
          {t('mous.title')}
        </RouterAnchor>
      </Stack>

      <ConfirmModal
        opened={dialog === 'send'}
        title={t('mous.detail.sendTitle')}
        text={t('mous.detail.sendText')}
        confirm={t('mous.detail.send')}
        pending={send.isPending}
        error={send.error}
        onConfirm={() => send.mutate(mou.lockVersion)}
        onClose={() => setDialog(null)}
      />
      <ConfirmModal
        opened={dialog === 'withdraw'}
        title={t('mous.detail.withdrawTitle')}
        text={t('mous.detail.withdrawText')}
        confirm={t('mous.detail.withdraw')}
        color="red"
        pending={withdraw.isPending}
        error={withdraw.error}
        onConfirm={() => withdraw.mutate(mou.lockVersion)}
        onClose={() => setDialog(null)}
      />
      <ConfirmModal
        opened={dialog === 'delete'}
        title={t('mous.detail.deleteTitle')}
        text={t('mous.detail.deleteText')}
        confirm={t('mous.detail.delete')}
        color="red"
        pending={remove.isPending}
        error={remove.error}
        onConfirm={() => remove.mutate()}
        onClose={() => setDialog(null)}
      />
      <ConfirmModal
        opened={dialog === 'version'}
        title={t('mous.detail.newVersion')}
        text={t('mous.detail.newVersionText')}
        confirm={t('mous.detail.newVersion')}
        pending={version.isPending}
        error={version.error}
        onConfirm={() => version.mutate()}
        onClose={() => setDialog(null)}
      />
      {dialog === 'sign' && <SignModal mou={mou} opened onClose={() => setDialog(null)} />}
      {dialog === 'terminate' && <TerminateModal mou={mou} opened onClose={() => setDialog(null)} />}
    </>
  );
}
