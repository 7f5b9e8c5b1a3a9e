import {
  ActionIcon,
  Button,
  Fieldset,
  Group,
  Modal,
  NativeSelect,
  NumberInput,
  SimpleGrid,
  Stack,
  Text,
  TextInput,
} from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { notifications } from '@mantine/notifications';
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { getRouteApi } from '@tanstack/react-router';
import { type Programme, type ProgrammeInput, programmeInput, programmeKinds } from '@tilts/shared';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { DataList, type ListPage } from '../../components/DataList.tsx';
import { DateField } from '../../components/DateField.tsx';
import { FormAlert } from '../../components/feedback.tsx';
import { CsvLink, SearchField } from '../../components/list.tsx';
import { PageHeader } from '../../components/PageHeader.tsx';
import { currentLocale } from '../../i18n/index.ts';
import { api, withQuery } from '../../lib/api.ts';
import { formatDate } from '../../lib/format.ts';
import { useForm } from '../../lib/forms.ts';
import type { SortDir } from '../../lib/list-search.ts';
import { useMe } from '../../lib/me-context.ts';
import type { ProgrammeSort } from './search.ts';

const route = getRouteApi('/app/programmes');
const pageSize = 25;

interface TaskRow {
  title: string;
  description: string;
  dueDay: string;
}

function ProgrammeForm({ programme, onDone }: { programme: Programme | null; onDone: () => void }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const form = useForm({
    kind: programme?.kind ?? 'internship',
    title: programme?.title ?? '',
    hours: String(programme?.hours ?? ''),
    startDate: programme?.startDate ?? '',
    endDate: programme?.endDate ?? '',
    reminderDays: String(programme?.reminderDays ?? 3),
  });
  const [tasks, setTasks] = useState<TaskRow[]>(
    programme?.taskTemplate.map((x) => ({ ...x, dueDay: String(x.dueDay) })) ?? [],
  );
  const save = useMutation({
    mutationFn: (body: ProgrammeInput) =>
      programme
        ? api.put<Programme>(`/api/programmes/${programme.id}`, body)
        : api.post<Programme>('/api/programmes', body),
    onSuccess: () => {
      notifications.show({ color: 'teal', message: t('programmes.saved') });
      void queryClient.invalidateQueries({ queryKey: ['programmes'] });
      onDone();
    },
    onError: form.fail,
  });
  function submit(event: FormEvent) {
    event.preventDefault();
    const body = form.check(programmeInput, {
      ...form.values,
      qualificationId: programme?.qualificationId ?? null,
      taskTemplate: tasks,
    });
    if (body) save.mutate(body);
  }
  const setTask = (i: number, change: Partial<TaskRow>) =>
    setTasks((rows) => rows.map((row, j) => (j === i ? { ...row, ...change } : row)));
  return (
    <form ref={form.formRef} onSubmit={submit} noValidate>
      <Stack>
        <FormAlert message={form.formError} />
        <NativeSelect
          label={t('programmes.kind')}
          data={programmeKinds.map((k) => ({ value: k, label: t(`programmes.kinds.${k}`) }))}
          {...form.input('kind')}
        />
        <TextInput label={t('programmes.name')} required {...form.input('title')} />
        <SimpleGrid cols={{ base: 1, sm: 2 }}>
          <NumberInput
            label={t('programmes.hours')}
            required
            min={1}
            value={form.values.hours}
            error={form.errors.hours}
            onChange={(v) => form.setValue('hours', String(v))}
          />
          <NumberInput
            label={t('programmes.reminderDays')}
            min={0}
            max={60}
            value={form.values.reminderDays}
            error={form.errors.reminderDays}
            onChange={(v) => form.setValue('reminderDays', String(v))}
          />
          <DateField
            label={t('projects.startDate')}
            required
            value={form.values.startDate}
            error={form.errors.startDate}
            onChange={(v) => form.setValue('startDate', v)}
          />
          <DateField
            label={t('projects.endDate')}
            required
            value={form.values.endDate}
            error={form.errors.endDate}
            onChange={(v) => form.setValue('endDate', v)}
          />
        </SimpleGrid>
        <Fieldset legend={t('programmes.tasks')}>
          <Stack gap="xs">
            <Text size="sm" c="dimmed">
              {t('programmes.tasksHint')}
            </Text>
            {form.errors.taskTemplate && (
              <Text size="sm" c="red">
                {form.errors.taskTemplate}
              </Text>
            )}
            {tasks.map((task, i) => (
              // biome-ignore lint/suspicious/noArrayIndexKey: rows have no identity until saved.
              <Group key={i} align="flex-end" wrap="wrap" gap="xs">
                <TextInput
                  label={t('programmes.taskTitle')}
                  value={task.title}
                  onChange={(e) => setTask(i, { title: e.currentTarget.value })}
                  style={{ flex: '2 1 12rem' }}
                />
                <TextInput
                  label={t('programmes.taskDescription')}
                  value={task.description}
                  onChange={(e) => setTask(i, { description: e.currentTarget.value })}
                  style={{ flex: '3 1 14rem' }}
                />
                <NumberInput
                  label={t('programmes.dueDay')}
                  min={0}
                  value={task.dueDay}
                  onChange={(v) => setTask(i, { dueDay: String(v) })}
                  style={{ flex: '0 1 8rem' }}
                />
                <ActionIcon
                  variant="default"
                  size="lg"
                  aria-label={t('programmes.removeTask', { n: i + 1 })}
                  onClick={() => setTasks((rows) => rows.filter((_, j) => j !== i))}
                >
                  ×
                </ActionIcon>
              </Group>
            ))}
            <Group>
              <Button
                variant="default"
                size="xs"
                onClick={() => setTasks((rows) => [...rows, { title: '', description: '', dueDay: '7' }])}
              >
                {t('programmes.addTask')}
              </Button>
            </Group>
          </Stack>
        </Fieldset>
        <Group justify="flex-end">
          <Button variant="default" onClick={onDone}>
            {t('common.cancel')}
          </Button>
          <Button type="submit" loading={save.isPending}>
            {t('common.save')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

export function ProgrammesPage() {
  const { t } = useTranslation();
  const locale = currentLocale();
  const me = useMe();
  const canEdit = me.school?.role === 'admin' || me.school?.role === 'coordinator';
  const search = route.useSearch();
  const navigate = route.useNavigate();
  const sort = search.sort;
  const dir: SortDir = search.dir ?? 'asc';
  const page = search.page ?? 1;
  const filters = { q: search.q, sort, dir };
  const [opened, modal] = useDisclosure(false);
  const [editing, setEditing] = useState<Programme | null>(null);
  const list = useQuery({
    queryKey: ['programmes', 'list', filters, page],
    queryFn: ({ signal }) =>
      api.get<ListPage<Programme>>('/api/programmes', { ...filters, page, pageSize }, signal),
    placeholderData: keepPreviousData,
  });
  const open = (programme: Programme | null) => {
    setEditing(programme);
    modal.open();
  };
  return (
    <>
      <PageHeader
        title={t('programmes.title')}
        intro={t('programmes.intro')}
        actions={
          <>
            <CsvLink href={withQuery('/api/programmes.csv', filters)} />
            {canEdit && <Button onClick={() => open(null)}>{t('programmes.new')}</Button>}
          </>
        }
      />
      <Group mb="md" align="flex-end">
        <SearchField
          label={t('programmes.searchLabel')}
          value={search.q}
          onSearch={(q) =>
            void navigate({ search: (prev) => ({ ...prev, q, page: undefined }), replace: true })
          }
        />
      </Group>
      <DataList<Programme, ProgrammeSort>
        query={list}
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
        empty={search.q ? t('common.noResults') : t('programmes.empty')}
        columns={[
          {
            key: 'title',
            label: t('programmes.name'),
            sort: 'title',
            render: (p) =>
              canEdit ? (
                <Button variant="subtle" size="compact-sm" px={0} onClick={() => open(p)}>
                  {p.title}
                </Button>
              ) : (
                p.title
              ),
          },
          { key: 'kind', label: t('programmes.kind'), render: (p) => t(`programmes.kinds.${p.kind}`) },
          {
            key: 'qualification',
            label: t('programmes.qualification'),
            render: (p) => p.qualificationTitle ?? t('common.none'),
          },
          { key: 'hours', label: t('programmes.hours'), sort: 'hours', render: (p) => p.hours },
          {
            key: 'period',
            label: t('projects.period'),
            sort: 'startDate',
            render: (p) => `${formatDate(p.startDate, locale)}–${formatDate(p.endDate, locale)}`,
            nowrap: true,
          },
          { key: 'tasks', label: t('programmes.tasks'), render: (p) => p.taskTemplate.length },
          { key: 'placements', label: t('programmes.placements'), render: (p) => p.placements },
        ]}
      />
      <Modal
        opened={opened}
        onClose={modal.close}
        title={editing ? t('programmes.edit') : t('programmes.new')}
        size="xl"
      >
        {opened && <ProgrammeForm programme={editing} onDone={modal.close} />}
      </Modal>
    </>
  );
}
