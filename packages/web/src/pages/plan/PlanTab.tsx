import {
  Badge,
  Button,
  Card,
  Group,
  Modal,
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
  daysBetweenDates,
  daysLeftText,
  type ExtensionInput,
  extensionInput,
  type PlanResponse,
  type PlanTask,
  type TaskInput,
  type TaskProgressView,
  taskInput,
} from '@tilts/shared';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { DateField } from '../../components/DateField.tsx';
import { FormAlert, LoadError, Loading } from '../../components/feedback.tsx';
import { CsvLink } from '../../components/list.tsx';
import { currentLocale } from '../../i18n/index.ts';
import { api, errorText } from '../../lib/api.ts';
import { formatDate } from '../../lib/format.ts';
import { useForm } from '../../lib/forms.ts';

export const planQuery = (placementId: string) =>
  queryOptions({
    queryKey: ['plan', placementId],
    queryFn: () => api.get<PlanResponse>(`/api/placements/${placementId}/plan`),
  });

function useStore(placementId: string) {
  const queryClient = useQueryClient();
  return (updated: PlanResponse) => {
    queryClient.setQueryData(planQuery(placementId).queryKey, updated);
    void queryClient.invalidateQueries({ queryKey: ['my-tasks'] });
  };
}

/** Done, days left, due today or late: as a badge. */
export function DueBadge({
  dueDate,
  doneAt,
  today,
}: {
  dueDate: string;
  doneAt: string | null;
  today: string;
}) {
  const { t } = useTranslation();
  if (doneAt) {
    return (
      <Badge color="teal" variant="light">
        {t('plan.done')}
      </Badge>
    );
  }
  const left = daysBetweenDates(today, dueDate);
  const color = left < 0 ? 'red' : left <= 3 ? 'orange' : 'gray';
  return (
    <Badge
      color={color}
      variant="light"
      style={{ flexShrink: 0 }}
      styles={{ label: { overflow: 'visible' } }}
    >
      {daysLeftText(left, currentLocale())}
    </Badge>
  );
}

function TaskForm({
  placementId,
  plan,
  task,
  onDone,
}: {
  placementId: string;
  plan: PlanResponse;
  task?: PlanTask;
  onDone?: () => void;
}) {
  const { t } = useTranslation();
  const locale = currentLocale();
  const store = useStore(placementId);
  const initial = {
    title: task?.title ?? '',
    description: task?.description ?? '',
    dueDate: task?.dueDate ?? '',
  };
  const form = useForm(initial);
  const save = useMutation({
    mutationFn: (body: TaskInput) =>
      task
        ? api.put<PlanResponse>(`/api/tasks/${task.id}`, body)
        : api.post<PlanResponse>(`/api/placements/${placementId}/tasks`, body),
    onSuccess: (updated) => {
      store(updated);
      notifications.show({ color: 'teal', message: task ? t('plan.saved') : t('plan.added') });
      if (!task) form.setValues(initial);
      onDone?.();
    },
    onError: form.fail,
  });
  function submit(event: FormEvent) {
    event.preventDefault();
    const body = form.check(taskInput);
    if (body) save.mutate(body);
  }
  return (
    <form ref={form.formRef} onSubmit={submit} noValidate>
      <Stack gap="sm">
        <FormAlert message={form.formError} />
        <SimpleGrid cols={{ base: 1, sm: 2 }}>
          <TextInput label={t('plan.title')} required maxLength={200} {...form.input('title')} />
          <DateField
            label={t('plan.dueDate')}
            required
            description={t('plan.periodHint', {
              start: formatDate(plan.placement.startDate, locale),
              end: formatDate(plan.placement.endDate, locale),
            })}
            value={form.values.dueDate}
            onChange={(value) => form.setValue('dueDate', value)}
            error={form.errors.dueDate}
          />
        </SimpleGrid>
        <Textarea
          label={t('plan.description')}
          autosize
          minRows={2}
          maxLength={4000}
          {...form.input('description')}
        />
        <Group>
          <Button type="submit" loading={save.isPending}>
            {task ? t('plan.save') : t('plan.add')}
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

function ExtensionForm({
  placementId,
  task,
  row,
  onDone,
}: {
  placementId: string;
  task: PlanTask;
  row: TaskProgressView;
  onDone: () => void;
}) {
  const { t } = useTranslation();
  const store = useStore(placementId);
  const form = useForm({ newDueDate: '', reason: '' });
  const grant = useMutation({
    mutationFn: (body: ExtensionInput) => api.post<PlanResponse>(`/api/tasks/${task.id}/extensions`, body),
    onSuccess: (updated) => {
      store(updated);
      notifications.show({ color: 'teal', message: t('plan.granted') });
      onDone();
    },
    onError: form.fail,
  });
  function submit(event: FormEvent) {
    event.preventDefault();
    const body = form.check(extensionInput, { ...form.values, learnerId: row.learner.id });
    if (body) grant.mutate(body);
  }
  return (
    <form ref={form.formRef} onSubmit={submit} noValidate>
      <Stack gap="sm">
        <Text size="sm">{t('plan.currentDue', { date: formatDate(row.dueDate, currentLocale()) })}</Text>
        <FormAlert message={form.formError} />
        <DateField
          label={t('plan.newDueDate')}
          required
          value={form.values.newDueDate}
          onChange={(value) => form.setValue('newDueDate', value)}
          error={form.errors.newDueDate}
        />
        <Textarea
          label={t('plan.reason')}
          description={t('plan.reasonHint')}
          required
          autosize
          minRows={2}
          maxLength={2000}
          {...form.input('reason')}
        />
        <Group>
          <Button type="submit" loading={grant.isPending}>
            {t('plan.grant')}
          </Button>
          <Button variant="default" onClick={onDone}>
            {t('common.cancel')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

function ProgressTable({
  placementId,
  plan,
  task,
}: {
  placementId: string;
  plan: PlanResponse;
  task: PlanTask;
}) {
  const { t } = useTranslation();
  const locale = currentLocale();
  const [extending, setExtending] = useState<TaskProgressView | null>(null);
  if (task.progress.length === 0) return null;
  return (
    <>
      <Table.ScrollContainer minWidth={420}>
        <Table verticalSpacing={4} fz="sm">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t('plan.learner')}</Table.Th>
              <Table.Th>{t('plan.dueDate')}</Table.Th>
              <Table.Th>{t('plan.state')}</Table.Th>
              {plan.canExtend && <Table.Th />}
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {task.progress.map((row) => (
              <Table.Tr key={row.learner.id}>
                <Table.Td>
                  {row.learner.name}
                  {row.extensions.map((e) => (
                    <Text key={e.grantedAt} size="xs" c="dimmed">
                      {t('plan.extended', {
                        from: formatDate(e.previousDueDate, locale),
                        to: formatDate(e.newDueDate, locale),
                        by: e.grantedBy,
                        reason: e.reason,
                      })}
                    </Text>
                  ))}
                </Table.Td>
                <Table.Td>{formatDate(row.dueDate, locale)}</Table.Td>
                <Table.Td style={{ whiteSpace: 'nowrap' }}>
                  <DueBadge dueDate={row.dueDate} doneAt={row.doneAt} today={plan.today} />
                </Table.Td>
                {plan.canExtend && (
                  <Table.Td>
                    {!row.doneAt && (
                      <Button size="compact-xs" variant="default" onClick={() => setExtending(row)}>
                        {t('plan.extend')}
                      </Button>
                    )}
                  </Table.Td>
                )}
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
      <Modal
        opened={extending !== null}
        onClose={() => setExtending(null)}
        title={extending ? t('plan.extendTitle', { task: task.title, learner: extending.learner.name }) : ''}
      >
        {extending && (
          <ExtensionForm
            placementId={placementId}
            task={task}
            row={extending}
            onDone={() => setExtending(null)}
          />
        )}
      </Modal>
    </>
  );
}

function TaskCard({ placementId, plan, task }: { placementId: string; plan: PlanResponse; task: PlanTask }) {
  const { t } = useTranslation();
  const locale = currentLocale();
  const store = useStore(placementId);
  const [editing, setEditing] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);
  const mine = plan.canMarkDone ? task.progress[0] : undefined;
  const toggle = useMutation({
    mutationFn: (done: boolean) =>
      done
        ? api.put<PlanResponse>(`/api/tasks/${task.id}/done`, {})
        : api.delete<PlanResponse>(`/api/tasks/${task.id}/done`),
    onSuccess: (updated, done) => {
      store(updated);
      setProblem(null);
      notifications.show({ color: 'teal', message: done ? t('plan.markedDone') : t('plan.markedOpen') });
    },
    onError: (error) => setProblem(errorText(error)),
  });
  const remove = useMutation({
    mutationFn: () => api.delete<PlanResponse>(`/api/tasks/${task.id}`),
    onSuccess: (updated) => {
      store(updated);
      notifications.show({ color: 'teal', message: t('plan.deleted') });
    },
    onError: (error) => setProblem(errorText(error)),
  });
  if (editing) {
    return (
      <Card withBorder radius="md" padding="md">
        <TaskForm placementId={placementId} plan={plan} task={task} onDone={() => setEditing(false)} />
      </Card>
    );
  }
  return (
    <Card withBorder radius="md" padding="md" data-testid="plan-task">
      <Stack gap="xs">
        <Group justify="space-between" align="flex-start" wrap="nowrap">
          <Stack gap={2} style={{ minWidth: 0 }}>
            <Text fw={600}>{task.title}</Text>
            <Group gap="xs">
              <Text size="sm" c="dimmed">
                {t('plan.dueDate')}: {formatDate(mine?.dueDate ?? task.dueDate, locale)}
              </Text>
              {task.source === 'template' && (
                <Badge size="xs" variant="outline" color="gray">
                  {t('plan.fromTemplate')}
                </Badge>
              )}
              {mine && <DueBadge dueDate={mine.dueDate} doneAt={mine.doneAt} today={plan.today} />}
            </Group>
          </Stack>
          {plan.canEdit && (
            <Group gap={4} wrap="nowrap">
              <Button size="compact-sm" variant="default" onClick={() => setEditing(true)}>
                {t('plan.edit')}
              </Button>
              <Button
                size="compact-sm"
                variant="subtle"
                color="red"
                loading={remove.isPending}
                onClick={() => {
                  if (window.confirm(t('plan.deleteConfirm', { title: task.title }))) remove.mutate();
                }}
              >
                {t('plan.delete')}
              </Button>
            </Group>
          )}
        </Group>
        {task.description && (
          <Text size="sm" style={{ whiteSpace: 'pre-wrap' }}>
            {task.description}
          </Text>
        )}
        <FormAlert message={problem} />
        {mine ? (
          <>
            {mine.extensions.map((e) => (
              <Text key={e.grantedAt} size="xs" c="dimmed">
                {t('plan.extended', {
                  from: formatDate(e.previousDueDate, locale),
                  to: formatDate(e.newDueDate, locale),
                  by: e.grantedBy,
                  reason: e.reason,
                })}
              </Text>
            ))}
            <Group>
              <Button
                size="sm"
                variant={mine.doneAt ? 'default' : 'filled'}
                loading={toggle.isPending}
                onClick={() => toggle.mutate(!mine.doneAt)}
              >
                {mine.doneAt ? t('plan.undo') : t('plan.markDone')}
              </Button>
            </Group>
          </>
        ) : (
          <ProgressTable placementId={placementId} plan={plan} task={task} />
        )}
      </Stack>
    </Card>
  );
}

function CommunicationPlan({ plan }: { plan: PlanResponse }) {
  const { t } = useTranslation();
  const c = plan.communication;
  const empty = c.channels.length === 0 && c.everyDays === null && c.weeklyHours === null && !c.who;
  return (
    <Card withBorder radius="md" padding="md" component="section">
      <Title order={3} size="h5" mb="xs">
        {t('plan.communication')}
      </Title>
      {empty ? (
        <Text size="sm" c="dimmed">
          {t('plan.noCommunication')}
        </Text>
      ) : (
        <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="xs">
          {c.channels.length > 0 && <Fact label={t('plan.channels')} value={c.channels.join(', ')} />}
          {c.everyDays !== null && (
            <Fact label={t('plan.everyDays')} value={t('plan.everyDaysValue', { count: c.everyDays })} />
          )}
          {c.weeklyHours !== null && <Fact label={t('plan.weeklyHours')} value={String(c.weeklyHours)} />}
          {c.who && <Fact label={t('plan.who')} value={c.who} />}
        </SimpleGrid>
      )}
    </Card>
  );
}

function Fact({ label, value }: { label: string; value: string }) {
  return (
    <div>
      <Text size="xs" c="dimmed">
        {label}
      </Text>
      <Text size="sm">{value}</Text>
    </div>
  );
}

/** The Plan tab of a placement: the communication plan, the tasks with due dates and each learner's state. */
export function PlanTab({ placementId }: { placementId: string }) {
  const { t } = useTranslation();
  const query = useQuery(planQuery(placementId));
  if (query.isPending) return <Loading />;
  if (query.isError) return <LoadError error={query.error} onRetry={() => void query.refetch()} />;
  const plan = query.data;
  return (
    <Stack gap="md">
      <CommunicationPlan plan={plan} />
      <Group justify="space-between">
        <Title order={3} size="h4">
          {t('plan.tasks')}
        </Title>
        {plan.tasks.length > 0 && <CsvLink href={`/api/placements/${placementId}/plan.csv`} />}
      </Group>
      {plan.tasks.length === 0 && (
        <Text size="sm" c="dimmed">
          {t('plan.noTasks')}
        </Text>
      )}
      {plan.tasks.map((task) => (
        <TaskCard key={task.id} placementId={placementId} plan={plan} task={task} />
      ))}
      {plan.canEdit && !plan.canExtend && plan.tasks.length > 0 && (
        <Text size="xs" c="dimmed">
          {t('plan.cannotExtend')}
        </Text>
      )}
      {plan.canEdit && (
        <Card withBorder radius="md" padding="md" component="section">
          <Title order={3} size="h5" mb="xs">
            {t('plan.addTask')}
          </Title>
          <TaskForm placementId={placementId} plan={plan} />
        </Card>
      )}
    </Stack>
  );
}
