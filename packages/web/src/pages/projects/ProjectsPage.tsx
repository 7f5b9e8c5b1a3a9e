import { Button, Group, Modal, NativeSelect, NumberInput, SimpleGrid, Stack, TextInput } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { notifications } from '@mantine/notifications';
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { getRouteApi } from '@tanstack/react-router';
import { type Project, type ProjectInput, projectActions, projectInput } from '@tilts/shared';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { DataList, type ListPage } from '../../components/DataList.tsx';
import { DateField } from '../../components/DateField.tsx';
import { FormAlert } from '../../components/feedback.tsx';
import { RouterAnchor } from '../../components/links.tsx';
import { CsvLink, SearchField } from '../../components/list.tsx';
import { PageHeader } from '../../components/PageHeader.tsx';
import { currentLocale } from '../../i18n/index.ts';
import { api, withQuery } from '../../lib/api.ts';
import { formatDate } from '../../lib/format.ts';
import { useForm } from '../../lib/forms.ts';
import type { SortDir } from '../../lib/list-search.ts';
import { useMe } from '../../lib/me-context.ts';
import type { ProjectSort } from './search.ts';

const route = getRouteApi('/app/projects');
const pageSize = 25;

const euro = (n: number, locale: string) =>
  new Intl.NumberFormat(locale === 'lv' ? 'lv-LV' : 'en-GB', { style: 'currency', currency: 'EUR' }).format(
    n,
  );

function blank() {
  const year = new Date().getFullYear();
  return {
    action: 'KA121',
    callYear: String(year),
    projectNumber: '',
    title: '',
    budgetEur: '0',
    startDate: '',
    endDate: '',
  };
}

export function ProjectForm({ project, onDone }: { project: Project | null; onDone: () => void }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const form = useForm(
    project
      ? {
          action: project.action,
          callYear: String(project.callYear),
          projectNumber: project.projectNumber,
          title: project.title,
          budgetEur: String(project.budgetEur),
          startDate: project.startDate,
          endDate: project.endDate,
        }
      : blank(),
  );
  const save = useMutation({
    mutationFn: (body: ProjectInput) =>
      project
        ? api.put<Project>(`/api/projects/${project.id}`, body)
        : api.post<Project>('/api/projects', body),
    onSuccess: () => {
      notifications.show({ color: 'teal', message: t('projects.saved') });
      void queryClient.invalidateQueries({ queryKey: ['projects'] });
      onDone();
    },
    onError: form.fail,
  });
  function submit(event: FormEvent) {
    event.preventDefault();
    const body = form.check(projectInput);
    if (body) save.mutate(body);
  }
  return (
    <form ref={form.formRef} onSubmit={submit} noValidate>
      <Stack>
        <FormAlert message={form.formError} />
        <SimpleGrid cols={{ base: 1, sm: 2 }}>
          <NativeSelect
            label={t('projects.action')}
            required
            data={projectActions.map((a) => ({ value: a, label: a }))}
            {...form.input('action')}
          />
          <NumberInput
            label={t('projects.callYear')}
            required
            min={2014}
            max={2100}
            value={form.values.callYear}
            error={form.errors.callYear}
            onChange={(v) => form.setValue('callYear', String(v))}
          />
        </SimpleGrid>
        <TextInput
          label={t('projects.projectNumber')}
          required
          placeholder="2026-1-LV01-KA121-VET-000000000"
          {...form.input('projectNumber')}
        />
        <TextInput label={t('projects.name')} required {...form.input('title')} />
        <NumberInput
          label={t('projects.budget')}
          min={0}
          decimalScale={2}
          thousandSeparator=" "
          value={form.values.budgetEur}
          error={form.errors.budgetEur}
          onChange={(v) => form.setValue('budgetEur', String(v))}
        />
        <SimpleGrid cols={{ base: 1, sm: 2 }}>
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

export function ProjectsPage() {
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
  const [editing, setEditing] = useState<Project | null>(null);

  const list = useQuery({
    queryKey: ['projects', 'list', filters, page],
    queryFn: ({ signal }) =>
      api.get<ListPage<Project>>('/api/projects', { ...filters, page, pageSize }, signal),
    placeholderData: keepPreviousData,
  });
  const open = (project: Project | null) => {
    setEditing(project);
    modal.open();
  };

  return (
    <>
      <PageHeader
        title={t('projects.title')}
        intro={t('projects.intro')}
        actions={
          <>
            <CsvLink href={withQuery('/api/projects.csv', filters)} />
            {canEdit && <Button onClick={() => open(null)}>{t('projects.new')}</Button>}
          </>
        }
      />
      <Group mb="md" align="flex-end">
        <SearchField
          label={t('projects.searchLabel')}
          placeholder={t('projects.searchPlaceholder')}
          value={search.q}
          onSearch={(q) =>
            void navigate({ search: (prev) => ({ ...prev, q, page: undefined }), replace: true })
          }
        />
      </Group>
      <DataList<Project, ProjectSort>
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
        empty={search.q ? t('common.noResults') : t('projects.empty')}
        columns={[
          {
            key: 'number',
            label: t('projects.projectNumber'),
            sort: 'projectNumber',
            render: (p) => p.projectNumber,
            nowrap: true,
          },
          {
            key: 'title',
            label: t('projects.name'),
            sort: 'title',
            render: (p) => (
              <RouterAnchor to="/projects/$id" params={{ id: p.id }} fw={500}>
                {p.title}
              </RouterAnchor>
            ),
          },
          { key: 'action', label: t('projects.action'), render: (p) => p.action },
          { key: 'year', label: t('projects.callYear'), sort: 'callYear', render: (p) => p.callYear },
          {
            key: 'period',
            label: t('projects.period'),
            sort: 'startDate',
            render: (p) => `${formatDate(p.startDate, locale)}–${formatDate(p.endDate, locale)}`,
            nowrap: true,
          },
          {
            key: 'budget',
            label: t('projects.budget'),
            render: (p) => euro(p.budgetEur, locale),
            nowrap: true,
          },
          { key: 'placements', label: t('projects.placements'), render: (p) => p.placements },
        ]}
      />
      <Modal
        opened={opened}
        onClose={modal.close}
        title={editing ? t('projects.edit') : t('projects.new')}
        size="lg"
      >
        {opened && <ProjectForm project={editing} onDone={modal.close} />}
      </Modal>
    </>
  );
}
