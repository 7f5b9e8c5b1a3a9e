import {
  Badge,
  Button,
  Card,
  Group,
  NativeSelect,
  Radio,
  SimpleGrid,
  Stack,
  Table,
  Text,
  Textarea,
  TextInput,
  Title,
} from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { queryOptions, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import {
  type Goal,
  type GoalInput,
  type GoalStatus,
  goalInput,
  goalStatuses,
  type SelfAssessmentInput,
  type SelfAssessmentLevel,
  type SelfMentoringResponse,
  selfAssessmentInput,
  selfAssessmentLevels,
} from '@tilts/shared';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { DateField } from '../../components/DateField.tsx';
import { FormAlert, LoadError, Loading } from '../../components/feedback.tsx';
import { currentLocale } from '../../i18n/index.ts';
import { ApiRequestError, api, errorText } from '../../lib/api.ts';
import { formatDate } from '../../lib/format.ts';
import { useForm } from '../../lib/forms.ts';
import { PlainText } from './common.tsx';

type Data = SelfMentoringResponse;
type Outcome = Data['outcomes'][number];
type Assessment = Data['learners'][number]['assessments'][number];

const selfMentoringQuery = (placementId: string) =>
  queryOptions({
    queryKey: ['support', 'self-mentoring', placementId],
    queryFn: () => api.get<Data>(`/api/placements/${placementId}/self-mentoring`),
  });

const statusColors: Record<GoalStatus, string> = {
  planned: 'gray',
  in_progress: 'blue',
  achieved: 'teal',
  dropped: 'red',
};
const levelColors: Record<SelfAssessmentLevel, string> = {
  not_yet: 'gray',
  partly: 'yellow',
  achieved: 'teal',
};

function useSave(placementId: string) {
  const queryClient = useQueryClient();
  return (updated: Data) => queryClient.setQueryData(selfMentoringQuery(placementId).queryKey, updated);
}

/** Add a goal, or change one (`goal` given). */
function GoalForm({ placementId, goal, onDone }: { placementId: string; goal?: Goal; onDone?: () => void }) {
  const { t } = useTranslation();
  const store = useSave(placementId);
  const initial = {
    text: goal?.text ?? '',
    targetDate: goal?.targetDate ?? '',
    status: goal?.status ?? 'planned',
  };
  const form = useForm(initial);
  const save = useMutation({
    mutationFn: (body: GoalInput) =>
      goal
        ? api.put<Data>(`/api/placements/${placementId}/goals/${goal.id}`, body)
        : api.post<Data>(`/api/placements/${placementId}/goals`, body),
    onSuccess: (updated) => {
      store(updated);
      notifications.show({
        color: 'teal',
        message: goal ? t('support.goals.updated') : t('support.goals.added'),
      });
      if (!goal) form.setValues(initial);
      onDone?.();
    },
    onError: form.fail,
  });
  function submit(event: FormEvent) {
    event.preventDefault();
    const body = form.check(goalInput, { ...form.values, targetDate: form.values.targetDate || null });
    if (body) save.mutate(body);
  }
  return (
    <form ref={form.formRef} onSubmit={submit} noValidate>
      <Stack gap="sm">
        <FormAlert message={form.formError} />
        <TextInput label={t('support.goals.text')} required maxLength={1000} {...form.input('text')} />
        <SimpleGrid cols={{ base: 1, sm: 2 }}>
          <DateField
            label={t('support.goals.targetDate')}
            value={form.values.targetDate}
            onChange={(value) => form.setValue('targetDate', value)}
            error={form.errors.targetDate}
          />
          <NativeSelect
            label={t('support.goals.status')}
            data={goalStatuses.map((s) => ({ value: s, label: t(`support.goals.statuses.${s}`) }))}
            {...form.input('status')}
          />
        </SimpleGrid>
        <Group>
          <Button type="submit" loading={save.isPending}>
            {goal ? t('support.goals.save') : t('support.goals.add')}
          </Button>
          {onDone && (
            <Button variant="default" onClick={onDone}>
              {t('common.cancel')}
            </Button>
          )}
        </Group>
      </Stack>
    </form>
  );
}

function GoalRow({ placementId, goal, canEdit }: { placementId: string; goal: Goal; canEdit: boolean }) {
  const { t } = useTranslation();
  const [editing, setEditing] = useState(false);
  if (editing) return <GoalForm placementId={placementId} goal={goal} onDone={() => setEditing(false)} />;
  return (
    <Group justify="space-between" wrap="nowrap" align="flex-start">
      <Stack gap={2} style={{ minWidth: 0 }}>
        <PlainText fw={500}>{goal.text}</PlainText>
        <Group gap="xs">
          <Badge variant="light" color={statusColors[goal.status]}>
            {t(`support.goals.statuses.${goal.status}`)}
          </Badge>
          {goal.targetDate && (
            <Text size="xs" c="dimmed">
              {t('support.goals.targetDate')}: {formatDate(goal.targetDate, currentLocale())}
            </Text>
          )}
        </Group>
      </Stack>
      {canEdit && (
        <Button variant="default" size="xs" onClick={() => setEditing(true)}>
          {t('support.goals.edit')}
        </Button>
      )}
    </Group>
  );
}

function AssessmentForm({
  placementId,
  outcomes,
  assessments,
}: {
  placementId: string;
  outcomes: Outcome[];
  assessments: Assessment[];
}) {
  const { t } = useTranslation();
  const store = useSave(placementId);
  const [values, setValues] = useState(() =>
    Object.fromEntries(
      outcomes.map((o) => {
        const a = assessments.find((x) => x.outcomeId === o.id);
        return [o.id, { level: a?.level ?? '', comment: a?.comment ?? '' }];
      }),
    ),
  );
  const [problem, setProblem] = useState<string | null>(null);
  const save = useMutation({
    mutationFn: (body: SelfAssessmentInput) =>
      api.put<Data>(`/api/placements/${placementId}/self-assessment`, body),
    onSuccess: (updated) => {
      store(updated);
      setProblem(null);
      notifications.show({ color: 'teal', message: t('support.goals.assessmentSaved') });
    },
    onError: (error) =>
      setProblem(
        error instanceof ApiRequestError
          ? [error.message, ...Object.values(error.fields)].join(' ')
          : errorText(error),
      ),
  });
  function submit(event: FormEvent) {
    event.preventDefault();
    const items = outcomes
      .filter((o) => values[o.id]?.level)
      .map((o) => ({ outcomeId: o.id, level: values[o.id]!.level, comment: values[o.id]!.comment }));
    const parsed = selfAssessmentInput.safeParse({ items });
    if (!parsed.success) {
      setProblem(t('support.goals.notAssessed'));
      return;
    }
    save.mutate(parsed.data);
  }
  return (
    <form onSubmit={submit} noValidate>
      <Stack>
        <FormAlert message={problem} />
        {outcomes.map((o) => (
          <Card key={o.id} withBorder padding="sm">
            <Text size="xs" c="dimmed">
              {o.unitCode} {o.unitTitle} · {t(`support.goals.kinds.${o.kind}`)}
            </Text>
            <Text size="sm" fw={500} mb="xs">
              {o.text}
            </Text>
            <Radio.Group
              label={t('support.goals.level')}
              value={values[o.id]?.level ?? ''}
              onChange={(level) => setValues((v) => ({ ...v, [o.id]: { ...v[o.id]!, level } }))}
            >
              <Group mt={4}>
                {selfAssessmentLevels.map((l) => (
                  <Radio key={l} value={l} label={t(`support.goals.levels.${l}`)} />
                ))}
              </Group>
            </Radio.Group>
            <Textarea
              mt="xs"
              label={t('support.goals.comment')}
              autosize
              minRows={1}
              maxLength={1000}
              value={values[o.id]?.comment ?? ''}
              onChange={(e) => {
                const comment = e.currentTarget.value;
                setValues((v) => ({ ...v, [o.id]: { ...v[o.id]!, comment } }));
              }}
            />
          </Card>
        ))}
        <Group>
          <Button type="submit" loading={save.isPending}>
            {t('support.goals.saveAssessment')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

function AssessmentTable({ outcomes, assessments }: { outcomes: Outcome[]; assessments: Assessment[] }) {
  const { t } = useTranslation();
  return (
    <Table.ScrollContainer minWidth={520} type="native">
      <Table verticalSpacing="xs">
        <Table.Tbody>
          {outcomes.map((o) => {
            const a = assessments.find((x) => x.outcomeId === o.id);
            return (
              <Table.Tr key={o.id}>
                <Table.Td>
                  <Text size="xs" c="dimmed">
                    {o.unitCode} · {t(`support.goals.kinds.${o.kind}`)}
                  </Text>
                  <Text size="sm">{o.text}</Text>
                </Table.Td>
                <Table.Td style={{ whiteSpace: 'nowrap' }}>
                  {a ? (
                    <Badge variant="light" color={levelColors[a.level]}>
                      {t(`support.goals.levels.${a.level}`)}
                    </Badge>
                  ) : (
                    <Text size="sm" c="dimmed">
                      {t('support.goals.notAssessed')}
                    </Text>
                  )}
                </Table.Td>
                <Table.Td>
                  <PlainText>{a?.comment ?? ''}</PlainText>
                </Table.Td>
              </Table.Tr>
            );
          })}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}

/**
 * The placement's "Goals" tab: the learner sets their own goals and self-assesses against the
 * placement's outcomes (seed 001, 3.2); the mentor, teachers and coordinators read both.
 */
export function GoalsTab({ placementId }: { placementId: string }) {
  const { t } = useTranslation();
  const query = useQuery(selfMentoringQuery(placementId));
  if (query.isPending) return <Loading />;
  if (query.isError) return <LoadError error={query.error} onRetry={() => void query.refetch()} />;
  const { canEdit, outcomes, learners } = query.data;
  return (
    <Stack>
      {learners.map(({ learner, goals, assessments }) => (
        <Stack key={learner.id}>
          <Card withBorder padding="lg" component="section">
            <Title order={2} size="h4">
              {canEdit ? t('support.goals.title') : `${t('support.goals.titleStaff')}: ${learner.name}`}
            </Title>
            <Text size="sm" c="dimmed" mb="md">
              {canEdit ? t('support.goals.lead') : t('support.goals.leadStaff')}
            </Text>
            <Stack>
              {goals.length === 0 ? (
                <Text size="sm" c="dimmed">
                  {t('support.goals.none')}
                </Text>
              ) : (
                goals.map((g) => <GoalRow key={g.id} placementId={placementId} goal={g} canEdit={canEdit} />)
              )}
              {canEdit && <GoalForm placementId={placementId} />}
            </Stack>
          </Card>
          <Card withBorder padding="lg" component="section">
            <Title order={2} size="h4">
              {t('support.goals.assessment')}
            </Title>
            <Text size="sm" c="dimmed" mb="md">
              {outcomes.length === 0 ? t('support.goals.noOutcomes') : t('support.goals.assessmentLead')}
            </Text>
            {outcomes.length > 0 &&
              (canEdit ? (
                <AssessmentForm placementId={placementId} outcomes={outcomes} assessments={assessments} />
              ) : (
                <AssessmentTable outcomes={outcomes} assessments={assessments} />
              ))}
          </Card>
        </Stack>
      ))}
    </Stack>
  );
}
