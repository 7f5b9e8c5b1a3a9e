import {
  Alert,
  Button,
  Card,
  Checkbox,
  Group,
  SimpleGrid,
  Stack,
  Text,
  Textarea,
  Title,
} from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { queryOptions, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import {
  type ContactChannel,
  contactChannels,
  type IntakeInput,
  type IntakeResponse,
  type IntakeView,
  type Introduction,
  type IntroductionsResponse,
  intakeInput,
  introductionInput,
} from '@tilts/shared';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { FormAlert, LoadError, Loading } from '../../components/feedback.tsx';
import { RouterAnchor } from '../../components/links.tsx';
import { currentLocale } from '../../i18n/index.ts';
import { api } from '../../lib/api.ts';
import { formatDate, formatDateTime } from '../../lib/format.ts';
import { useForm } from '../../lib/forms.ts';
import { useMe } from '../../lib/me-context.ts';
import { PlainText, RoleBadge } from './common.tsx';

export const introductionsQuery = (placementId: string) =>
  queryOptions({
    queryKey: ['support', 'introductions', placementId],
    queryFn: () => api.get<IntroductionsResponse>(`/api/placements/${placementId}/introductions`),
  });

const intakeQuery = (placementId: string) =>
  queryOptions({
    queryKey: ['support', 'intake', placementId],
    queryFn: () => api.get<IntakeResponse>(`/api/placements/${placementId}/intake`),
  });

/** The introductions themselves: who wrote, in which role, and what. */
export function IntroductionList({ items }: { items: Introduction[] }) {
  const { t } = useTranslation();
  return (
    <SimpleGrid cols={{ base: 1, md: 2 }}>
      {items.map((i) => (
        <Card key={i.id} withBorder padding="md" component="article">
          <Group gap="xs" mb={6}>
            <Text fw={600} size="sm">
              {i.authorName}
              {i.mine && ` (${t('support.intro.you')})`}
            </Text>
            <RoleBadge role={i.authorRole} />
          </Group>
          <PlainText>{i.body}</PlainText>
        </Card>
      ))}
    </SimpleGrid>
  );
}

/**
 * The introductions at the top of a placement's overview: what the others read first when they
 * open the placement (seed 001: first contact is an introduction by each).
 */
export function IntroductionsCard({ placementId }: { placementId: string }) {
  const { t } = useTranslation();
  const query = useQuery(introductionsQuery(placementId));
  if (!query.data) return null;
  const { items } = query.data;
  const wroteMine = items.some((i) => i.mine);
  return (
    <Card withBorder padding="lg" component="section" aria-labelledby="introductions-title">
      <Group justify="space-between" mb="sm">
        <Title order={2} size="h4" id="introductions-title">
          {t('support.intro.title')}
        </Title>
        <RouterAnchor to="/placements/$id" params={{ id: placementId }} search={{ tab: 'about' }} size="sm">
          {wroteMine ? t('support.intro.readAll') : t('support.intro.writeYours')}
        </RouterAnchor>
      </Group>
      {items.length === 0 ? (
        <Text size="sm" c="dimmed">
          {t('support.intro.none')}
        </Text>
      ) : (
        <IntroductionList items={items} />
      )}
    </Card>
  );
}

function MyIntroduction({ placementId, current }: { placementId: string; current: string }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const form = useForm({ body: current });
  const save = useMutation({
    mutationFn: (body: { body: string }) =>
      api.put<IntroductionsResponse>(`/api/placements/${placementId}/introductions/mine`, body),
    onSuccess: (updated) => {
      queryClient.setQueryData(introductionsQuery(placementId).queryKey, updated);
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
          label={current ? t('support.intro.mine') : t('support.intro.writeYours')}
          description={t('support.intro.bodyHint')}
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

function IntroductionsPanel({ placementId }: { placementId: string }) {
  const { t } = useTranslation();
  const query = useQuery(introductionsQuery(placementId));
  if (query.isPending) return <Loading />;
  if (query.isError) return <LoadError error={query.error} onRetry={() => void query.refetch()} />;
  const { items, waitingFor } = query.data;
  const mine = items.find((i) => i.mine);
  return (
    <Card withBorder padding="lg" component="section">
      <Title order={2} size="h4">
        {t('support.intro.title')}
      </Title>
      <Text size="sm" c="dimmed" mb="md">
        {t('support.intro.lead')}
      </Text>
      <Stack>
        {items.length === 0 ? (
          <Text size="sm" c="dimmed">
            {t('support.intro.none')}
          </Text>
        ) : (
          <IntroductionList items={items} />
        )}
        {waitingFor.length > 0 && (
          <Text size="sm" c="dimmed">
            {t('support.intro.waiting', {
              names: waitingFor.map((w) => `${w.name} (${t(`support.roles.${w.role}`)})`).join(', '),
            })}
          </Text>
        )}
        <MyIntroduction key={mine?.updatedAt ?? 'new'} placementId={placementId} current={mine?.body ?? ''} />
      </Stack>
    </Card>
  );
}

function IntakeAnswers({ intake }: { intake: IntakeView }) {
  const { t } = useTranslation();
  const locale = currentLocale();
  if (!intake.updatedAt) {
    return (
      <Text size="sm" c="dimmed">
        {t('support.intake.notFilled')}
      </Text>
    );
  }
  const rows: [string, string][] = [
    [t('support.intake.priorKnowledge'), intake.priorKnowledge],
    [t('support.intake.socialEnvironment'), intake.socialEnvironment],
    [t('support.intake.expectations'), intake.expectations],
    [t('support.intake.needs'), intake.needs],
    [
      t('support.intake.channels'),
      intake.preferredChannels.map((c) => t(`support.intake.channelNames.${c}`)).join(', '),
    ],
  ];
  return (
    <Stack gap="xs">
      {rows.map(([label, value]) => (
        <div key={label}>
          <Text size="sm" fw={600}>
            {label}
          </Text>
          <PlainText c={value ? undefined : 'dimmed'}>{value || '—'}</PlainText>
        </div>
      ))}
      <Text size="xs" c="dimmed">
        {t('support.intake.updated', { at: formatDateTime(intake.updatedAt, locale) })}
      </Text>
    </Stack>
  );
}

function IntakeForm({ placementId, intake }: { placementId: string; intake: IntakeView }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const form = useForm({
    priorKnowledge: intake.priorKnowledge,
    socialEnvironment: intake.socialEnvironment,
    expectations: intake.expectations,
    needs: intake.needs,
    preferredChannels: '',
  });
  const [channels, setChannels] = useState<ContactChannel[]>(intake.preferredChannels);
  const save = useMutation({
    mutationFn: (body: IntakeInput) => api.put<IntakeResponse>(`/api/placements/${placementId}/intake`, body),
    onSuccess: (updated) => {
      queryClient.setQueryData(intakeQuery(placementId).queryKey, updated);
      notifications.show({ color: 'teal', message: t('support.intake.saved') });
    },
    onError: form.fail,
  });
  function submit(event: FormEvent) {
    event.preventDefault();
    const body = form.check(intakeInput, { ...form.values, preferredChannels: channels });
    if (body) save.mutate(body);
  }
  return (
    <form ref={form.formRef} onSubmit={submit} noValidate>
      <Stack gap="sm">
        <FormAlert message={form.formError} />
        <Textarea
          label={t('support.intake.priorKnowledge')}
          description={t('support.intake.priorKnowledgeHint')}
          required
          autosize
          minRows={2}
          {...form.input('priorKnowledge')}
        />
        <Textarea
          label={t('support.intake.socialEnvironment')}
          description={t('support.intake.socialEnvironmentHint')}
          autosize
          minRows={2}
          {...form.input('socialEnvironment')}
        />
        <Textarea
          label={t('support.intake.expectations')}
          required
          autosize
          minRows={2}
          {...form.input('expectations')}
        />
        <Textarea
          label={t('support.intake.needs')}
          description={t('support.intake.needsHint')}
          autosize
          minRows={2}
          {...form.input('needs')}
        />
        <Checkbox.Group
          label={t('support.intake.channels')}
          required
          value={channels}
          onChange={(next) => {
            setChannels(next as ContactChannel[]);
            form.setValue('preferredChannels', '');
          }}
          error={form.errors.preferredChannels}
        >
          <SimpleGrid cols={{ base: 1, sm: 2 }} mt="xs" spacing="xs">
            {contactChannels.map((c) => (
              <Checkbox key={c} value={c} label={t(`support.intake.channelNames.${c}`)} />
            ))}
          </SimpleGrid>
        </Checkbox.Group>
        <Group>
          <Button type="submit" loading={save.isPending}>
            {t('support.intake.save')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

function IntakePanel({ placementId }: { placementId: string }) {
  const { t } = useTranslation();
  const me = useMe();
  const query = useQuery(intakeQuery(placementId));
  if (query.isPending) return <Loading />;
  if (query.isError) return <LoadError error={query.error} onRetry={() => void query.refetch()} />;
  const { canEdit, intakes, startDate } = query.data;
  const isLearner = me.school?.role === 'learner';
  return (
    <Card withBorder padding="lg" component="section">
      <Title order={2} size="h4">
        {t('support.intake.title')}
      </Title>
      <Text size="sm" c="dimmed" mb="md">
        {isLearner
          ? t('support.intake.lead', { date: formatDate(startDate, currentLocale()) })
          : t('support.intake.leadStaff')}
      </Text>
      {isLearner && (
        <Alert color="gray" variant="light" mb="md">
          {t('support.intake.private')}
        </Alert>
      )}
      {isLearner && !canEdit && (
        <Alert color="orange" variant="light" mb="md">
          {t('support.intake.closed')}
        </Alert>
      )}
      <Stack gap="lg">
        {intakes.map((intake) =>
          canEdit ? (
            <IntakeForm key={intake.updatedAt ?? 'new'} placementId={placementId} intake={intake} />
          ) : (
            <div key={intake.learner.id}>
              {!isLearner && (
                <Title order={3} size="h5" mb="xs">
                  {intake.learner.name}
                </Title>
              )}
              <IntakeAnswers intake={intake} />
            </div>
          ),
        )}
      </Stack>
    </Card>
  );
}

/** The placement's "Introductions" tab: introductions first, then the learner's intake questionnaire. */
export function AboutTab({ placementId }: { placementId: string }) {
  const me = useMe();
  return (
    <Stack>
      <IntroductionsPanel placementId={placementId} />
      {me.school?.role !== 'supervisor' && <IntakePanel placementId={placementId} />}
    </Stack>
  );
}
