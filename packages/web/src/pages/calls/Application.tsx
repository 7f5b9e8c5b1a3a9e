import {
  Alert,
  Button,
  Card,
  Group,
  List,
  Modal,
  NativeSelect,
  SimpleGrid,
  Stack,
  Text,
  Textarea,
  TextInput,
  Title,
} from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { getRouteApi } from '@tanstack/react-router';
import {
  type ApplicationDetail,
  type InterviewInput,
  interviewInput,
  scoreMax,
  scoreMin,
} from '@tilts/shared';
import { type FormEvent, type ReactNode, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { FormAlert, LoadError, Loading } from '../../components/feedback.tsx';
import { RouterAnchor, RouterButton } from '../../components/links.tsx';
import { PageHeader } from '../../components/PageHeader.tsx';
import { currentLocale } from '../../i18n/index.ts';
import { hasRole } from '../../lib/access.ts';
import { api } from '../../lib/api.ts';
import { formatDate, formatDateTime } from '../../lib/format.ts';
import { useMe } from '../../lib/me-context.ts';
import { applicationQuery } from './ApplicationForm.tsx';
import { callStaffRoles } from './access.ts';
import { callFormOptionsQuery } from './CallForm.tsx';
import { useNestedForm } from './nested-form.ts';
import { ApplicationStatusBadge, criterionName, destinationText, errorWithFields } from './parts.tsx';

const route = getRouteApi('/app/applications/$applicationId');

function Fact({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div>
      <Text size="xs" c="dimmed" tt="uppercase" fw={600}>
        {label}
      </Text>
      <Text component="div">{children}</Text>
    </div>
  );
}

/** One application: what the learner sent, the outcome, and for staff the interview. */
export function ApplicationPage() {
  const { t } = useTranslation();
  const locale = currentLocale();
  const me = useMe();
  const { applicationId } = route.useParams();
  const query = useQuery(applicationQuery(applicationId));
  const staff = hasRole(me, callStaffRoles);
  if (query.isPending) return <Loading />;
  if (query.isError) return <LoadError error={query.error} onRetry={() => void query.refetch()} />;
  const a = query.data;
  const own = a.learnerId === me.id;

  return (
    <>
      <PageHeader
        title={staff ? a.learnerName : t('calls.yourApplication')}
        intro={a.callTitle}
        actions={
          <RouterAnchor to="/calls/$callId" params={{ callId: a.callId }}>
            {t('calls.backToCall')}
          </RouterAnchor>
        }
      />
      <Stack>
        <Card withBorder radius="md" padding="lg">
          <Stack gap="md">
            <SimpleGrid cols={{ base: 1, sm: 3 }}>
              <Fact label={t('calls.status')}>
                <ApplicationStatusBadge status={a.status} reservePosition={a.reservePosition} />
              </Fact>
              <Fact label={t('calls.submittedAt')}>{formatDateTime(a.submittedAt, locale)}</Fact>
              <Fact label={t('calls.deadline')}>{formatDate(a.deadline, locale)}</Fact>
            </SimpleGrid>
            <Outcome application={a} />
            {staff && <Fact label={t('calls.email')}>{a.learnerEmail}</Fact>}
            <Fact label={t('calls.motivation')}>
              <Text style={{ whiteSpace: 'pre-wrap' }}>{a.motivation}</Text>
            </Fact>
            <SimpleGrid cols={{ base: 1, sm: 2 }}>
              <Fact label={t('calls.languages')}>
                <List size="sm">
                  {a.languages.map((l) => (
                    <List.Item key={l.language}>
                      {l.language} — {l.level}
                    </List.Item>
                  ))}
                </List>
              </Fact>
              <Fact label={t('calls.preferredDestinations')}>
                <List size="sm" type="ordered">
                  {a.destinations.map((d) => (
                    <List.Item key={d.id}>{destinationText(d, locale)}</List.Item>
                  ))}
                </List>
              </Fact>
            </SimpleGrid>
            <Fact label={t('calls.consents')}>
              <Text size="sm">
                {[
                  a.dataConsent && t('calls.consentData'),
                  a.isMinor && (a.guardianConsent ? t('calls.consentGuardian') : t('calls.minor')),
                  a.photoConsent ? t('calls.consentPhotos') : t('calls.noPhotos'),
                ]
                  .filter(Boolean)
                  .join(' · ')}
              </Text>
            </Fact>
            {own && a.editable && <LearnerActions application={a} />}
          </Stack>
        </Card>
        {staff && <InterviewCard application={a} />}
      </Stack>
    </>
  );
}

function Outcome({ application: a }: { application: ApplicationDetail }) {
  const { t } = useTranslation();
  const locale = currentLocale();
  if (a.status === 'selected' && a.assignedDestination)
    return (
      <Alert color="teal" variant="light">
        {t('calls.outcomeSelected', { destination: destinationText(a.assignedDestination, locale) })}
      </Alert>
    );
  if (a.status === 'reserve')
    return (
      <Alert color="yellow" variant="light">
        {t('calls.outcomeReserve', { position: a.reservePosition })}
      </Alert>
    );
  if (a.status === 'not_selected')
    return (
      <Alert color="gray" variant="light">
        {t('calls.outcomeNotSelected')}
      </Alert>
    );
  return null;
}

function LearnerActions({ application: a }: { application: ApplicationDetail }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const [confirming, setConfirming] = useState(false);
  const withdraw = useMutation({
    mutationFn: () => api.post<ApplicationDetail>(`/api/applications/${a.id}/withdraw`),
    onSuccess: (next) => {
      queryClient.setQueryData(applicationQuery(a.id).queryKey, next);
      void queryClient.invalidateQueries({ queryKey: ['applications', 'mine'] });
      void queryClient.invalidateQueries({ queryKey: ['calls'] });
      setConfirming(false);
      notifications.show({ color: 'teal', message: t('calls.withdrawn') });
    },
    onError: (error) => notifications.show({ color: 'red', message: errorWithFields(error) }),
  });
  return (
    <Group>
      <RouterButton variant="default" to="/calls/$callId/apply" params={{ callId: a.callId }}>
        {t('calls.editApplication')}
      </RouterButton>
      <Button variant="default" color="red" onClick={() => setConfirming(true)}>
        {t('calls.withdraw')}
      </Button>
      <Modal opened={confirming} onClose={() => setConfirming(false)} title={t('calls.withdrawTitle')}>
        <Stack>
          <Text size="sm">{t('calls.withdrawText')}</Text>
          <Group justify="flex-end">
            <Button variant="default" onClick={() => setConfirming(false)} data-autofocus>
              {t('common.cancel')}
            </Button>
            <Button color="red" loading={withdraw.isPending} onClick={() => withdraw.mutate()}>
              {t('calls.withdraw')}
            </Button>
          </Group>
        </Stack>
      </Modal>
    </Group>
  );
}

function InterviewCard({ application: a }: { application: ApplicationDetail }) {
  const { t } = useTranslation();
  const me = useMe();
  const queryClient = useQueryClient();
  const options = useQuery(callFormOptionsQuery);
  const editable = a.callStatus !== 'decided' && a.status !== 'withdrawn';
  const form = useNestedForm(
    () => ({
      date: a.interview?.date ?? new Date().toISOString().slice(0, 10),
      interviewerId: a.interview?.interviewerId ?? me.id,
      scores: Object.fromEntries(a.criteria.map((c) => [c.key, String(a.interview?.scores[c.key] ?? '')])),
      notes: a.interview?.notes ?? '',
    }),
    (key) => ['date', 'interviewerId', 'notes'].includes(key) || key.startsWith('scores.'),
  );
  const v = form.values;
  const save = useMutation({
    mutationFn: (body: InterviewInput) =>
      api.put<ApplicationDetail>(`/api/applications/${a.id}/interview`, body),
    onSuccess: (next) => {
      queryClient.setQueryData(applicationQuery(a.id).queryKey, next);
      void queryClient.invalidateQueries({ queryKey: ['calls', a.callId] });
      notifications.show({ color: 'teal', message: t('calls.interviewSaved') });
    },
    onError: form.fail,
  });
  function submit(event: FormEvent) {
    event.preventDefault();
    const scores = Object.fromEntries(
      Object.entries(v.scores)
        .filter(([, value]) => value.trim() !== '')
        .map(([key, value]) => [key, Number(value)]),
    );
    const body = form.check(interviewInput, { ...v, scores, interviewerId: v.interviewerId || null });
    if (body) save.mutate(body);
  }
  const staff = options.data?.staff ?? [];
  return (
    <Card withBorder radius="md" padding="lg" component="section">
      <Title order={2} size="h4" mb="xs">
        {t('calls.interview')}
      </Title>
      <Text size="sm" c="dimmed" mb="md">
        {t('calls.interviewIntro')}
      </Text>
      <form ref={form.formRef} onSubmit={submit} noValidate>
        <Stack>
          <FormAlert message={form.formError} />
          <SimpleGrid cols={{ base: 1, sm: 2 }}>
            <TextInput
              label={t('calls.interviewDate')}
              type="date"
              required
              disabled={!editable}
              value={v.date}
              error={form.errors.date}
              onChange={(e) => {
                const date = e.currentTarget.value;
                form.update((c) => ({ ...c, date }), 'date');
              }}
            />
            <NativeSelect
              label={t('calls.interviewer')}
              disabled={!editable}
              value={v.interviewerId}
              error={form.errors.interviewerId}
              data={
                staff.some((s) => s.id === v.interviewerId)
                  ? staff.map((s) => ({ value: s.id, label: s.label }))
                  : [
                      { value: v.interviewerId, label: a.interview?.interviewerName ?? t('calls.you') },
                      ...staff.map((s) => ({ value: s.id, label: s.label })),
                    ]
              }
              onChange={(e) => {
                const interviewerId = e.currentTarget.value;
                form.update((c) => ({ ...c, interviewerId }), 'interviewerId');
              }}
            />
          </SimpleGrid>
          <SimpleGrid cols={{ base: 2, sm: 4 }}>
            {a.criteria.map((c) => (
              <TextInput
                key={c.key}
                label={criterionName(c, t)}
                description={t('calls.scoreHint', { min: scoreMin, max: scoreMax, weight: c.weight })}
                type="number"
                inputMode="numeric"
                min={scoreMin}
                max={scoreMax}
                required
                disabled={!editable}
                value={v.scores[c.key] ?? ''}
                error={form.errors[`scores.${c.key}`]}
                onChange={(e) => {
                  const value = e.currentTarget.value;
                  form.update(
                    (cur) => ({ ...cur, scores: { ...cur.scores, [c.key]: value } }),
                    `scores.${c.key}`,
                  );
                }}
              />
            ))}
          </SimpleGrid>
          <Textarea
            label={t('calls.notes')}
            autosize
            minRows={3}
            disabled={!editable}
            value={v.notes}
            error={form.errors.notes}
            onChange={(e) => {
              const notes = e.currentTarget.value;
              form.update((c) => ({ ...c, notes }), 'notes');
            }}
          />
          {editable ? (
            <Group justify="flex-end">
              <Button type="submit" loading={save.isPending}>
                {t('calls.saveInterview')}
              </Button>
            </Group>
          ) : (
            <Text size="sm" c="dimmed">
              {t('calls.interviewLocked')}
            </Text>
          )}
        </Stack>
      </form>
    </Card>
  );
}
