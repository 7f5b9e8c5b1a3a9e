import {
  Badge,
  Button,
  Checkbox,
  Group,
  Input,
  Progress,
  Select,
  Stack,
  Table,
  Tabs,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type BatchPreview, type BatchView, issueRequest } from '@tilts/shared';
import { type ChangeEvent, type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { FormAlert, SuccessAlert } from '../../components/feedback.tsx';
import { RouterAnchor } from '../../components/links.tsx';
import { PageHeader } from '../../components/PageHeader.tsx';
import { currentLocale } from '../../i18n/index.ts';
import { api, errorText } from '../../lib/api.ts';
import { formatDateTime } from '../../lib/format.ts';
import { useForm } from '../../lib/forms.ts';
import { useMe } from '../../lib/me-context.ts';

function useTemplates() {
  return useQuery({
    queryKey: ['credential-templates', 'active'],
    queryFn: () =>
      api.get<{ items: { id: string; title: string }[] }>('/api/credentials/templates', { pageSize: 200 }),
  });
}

function SingleIssue() {
  const { t } = useTranslation();
  const templates = useTemplates();
  const form = useForm({ templateId: '', learnerId: '', grade: '', evidenceName: '', evidenceNarrative: '' });
  const [search, setSearch] = useState('');
  const [q] = useDebouncedValue(search, 250);
  const [issuedId, setIssuedId] = useState<string | null>(null);
  const learners = useQuery({
    queryKey: ['credential-learners', q],
    queryFn: () =>
      api.get<{ items: { id: string; name: string; email: string }[] }>('/api/credentials/learners', { q }),
  });
  const issue = useMutation({
    mutationFn: (body: unknown) => api.post<{ id: string }>('/api/credentials', body),
    onSuccess: ({ id }) => {
      setIssuedId(id);
      form.setValues({ ...form.values, learnerId: '', grade: '', evidenceName: '', evidenceNarrative: '' });
    },
    onError: form.fail,
  });
  function submit(event: FormEvent) {
    event.preventDefault();
    setIssuedId(null);
    const v = form.values;
    const body = form.check(issueRequest, {
      templateId: v.templateId,
      learnerId: v.learnerId,
      grade: v.grade,
      evidence: v.evidenceName.trim() ? [{ name: v.evidenceName, narrative: v.evidenceNarrative }] : [],
    });
    if (body) issue.mutate(body);
  }
  return (
    <form ref={form.formRef} onSubmit={submit} noValidate>
      <Stack maw={640}>
        <FormAlert message={form.formError} />
        {issuedId && <SuccessAlert>{t('credentials.issue.issued')}</SuccessAlert>}
        <Select
          label={t('credentials.issue.template')}
          required
          data={(templates.data?.items ?? []).map((i) => ({ value: i.id, label: i.title }))}
          value={form.values.templateId || null}
          onChange={(value) => form.setValue('templateId', value ?? '')}
          error={form.errors.templateId}
          searchable
        />
        <Select
          label={t('credentials.issue.learner')}
          placeholder={t('credentials.issue.learnerPlaceholder')}
          required
          searchable
          searchValue={search}
          onSearchChange={setSearch}
          filter={({ options }) => options}
          data={(learners.data?.items ?? []).map((l) => ({ value: l.id, label: `${l.name} <${l.email}>` }))}
          value={form.values.learnerId || null}
          onChange={(value) => form.setValue('learnerId', value ?? '')}
          error={form.errors.learnerId}
          nothingFoundMessage={t('common.noResults')}
        />
        <TextInput label={t('credentials.issue.grade')} maxLength={50} maw={200} {...form.input('grade')} />
        <TextInput
          label={t('credentials.issue.evidenceName')}
          maxLength={200}
          {...form.input('evidenceName')}
        />
        {form.values.evidenceName.trim() && (
          <TextInput
            label={t('credentials.issue.evidenceNarrative')}
            maxLength={2000}
            {...form.input('evidenceNarrative')}
          />
        )}
        <Group>
          <Button type="submit" loading={issue.isPending}>
            {t('credentials.issue.submit')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

function BatchProgress({ batchId }: { batchId: string }) {
  const { t } = useTranslation();
  const batch = useQuery({
    queryKey: ['credential-batch', batchId],
    queryFn: () => api.get<BatchView>(`/api/credentials/batches/${batchId}`),
    // Poll while the job works; stop once it is finished.
    refetchInterval: (query) =>
      query.state.data && ['done', 'failed'].includes(query.state.data.status) ? false : 1000,
  });
  const b = batch.data;
  if (!b) return null;
  const value = b.total ? Math.round(((b.done + b.failed) / b.total) * 100) : 0;
  return (
    <Stack gap="xs" aria-live="polite">
      <Progress
        value={value}
        size="lg"
        animated={b.status !== 'done'}
        aria-label={t('credentials.issue.progress', b)}
      />
      <Text size="sm">
        {b.status === 'done'
          ? t('credentials.issue.done', b)
          : b.status === 'failed'
            ? t('credentials.issue.failedBatch', { error: b.error ?? '' })
            : t('credentials.issue.progress', b)}
      </Text>
      {b.status === 'done' && (
        <RouterAnchor to="/credentials/issued" search={{ batchId: b.id }}>
          {t('credentials.nav.issued')}
        </RouterAnchor>
      )}
    </Stack>
  );
}

function BatchIssue() {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const templates = useTemplates();
  const [templateId, setTemplateId] = useState<string | null>(null);
  const [file, setFile] = useState<File | null>(null);
  const [createMissing, setCreateMissing] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);
  const [preview, setPreview] = useState<BatchPreview | null>(null);
  const [batchId, setBatchId] = useState<string | null>(null);
  const batches = useQuery({
    queryKey: ['credential-batches'],
    queryFn: () => api.get<{ items: BatchView[] }>('/api/credentials/batches'),
  });

  const check = useMutation({
    mutationFn: () =>
      api.postFile<BatchPreview>('/api/credentials/batches/preview', csvBlob(file!), { templateId }),
    onSuccess: setPreview,
    onError: (error) => setProblem(errorText(error)),
  });
  const start = useMutation({
    mutationFn: () =>
      api.postFile<BatchView>('/api/credentials/batches', csvBlob(file!), {
        templateId,
        createMissing: createMissing ? 'true' : 'false',
      }),
    onSuccess: (batch) => {
      setBatchId(batch.id);
      setPreview(null);
      void queryClient.invalidateQueries({ queryKey: ['credential-batches'] });
    },
    onError: (error) => setProblem(errorText(error)),
  });

  function csvBlob(chosen: File) {
    // Browsers label .csv files differently (or not at all); the server reads the bytes either way.
    return new Blob([chosen], { type: 'text/csv' });
  }
  function choose(event: ChangeEvent<HTMLInputElement>) {
    setFile(event.currentTarget.files?.[0] ?? null);
    setPreview(null);
    setProblem(null);
  }
  function submitPreview(event: FormEvent) {
    event.preventDefault();
    setProblem(null);
    setBatchId(null);
    if (!templateId || !file) {
      setProblem(t('credentials.issue.fileHint'));
      return;
    }
    check.mutate();
  }
  const creates = preview?.rows.filter((r) => r.action === 'create').length ?? 0;
  const blocked = !preview || preview.withProblems > 0 || (creates > 0 && !createMissing);

  return (
    <Stack>
      <form onSubmit={submitPreview} noValidate>
        <Stack maw={640}>
          <Select
            label={t('credentials.issue.template')}
            required
            data={(templates.data?.items ?? []).map((i) => ({ value: i.id, label: i.title }))}
            value={templateId}
            onChange={(value) => {
              setTemplateId(value);
              setPreview(null);
            }}
            searchable
          />
          <Input.Wrapper
            id="batch-file"
            label={t('credentials.issue.file')}
            description={t('credentials.issue.fileHint')}
            required
          >
            <input
              id="batch-file"
              type="file"
              accept=".csv,text/csv"
              onChange={choose}
              aria-describedby="batch-file-description"
              style={{ display: 'block', marginTop: 6, maxWidth: '100%' }}
            />
          </Input.Wrapper>
          <Group>
            <Button type="submit" variant="light" loading={check.isPending}>
              {t('credentials.issue.preview')}
            </Button>
          </Group>
        </Stack>
      </form>
      <FormAlert message={problem} />
      {preview && (
        <Stack>
          <Text size="sm">
            {t('credentials.issue.encoding', { encoding: preview.encoding })}{' '}
            {t('credentials.issue.ready', { ready: preview.ready, problems: preview.withProblems })}
          </Text>
          <Table.ScrollContainer minWidth={640} type="native">
            <Table striped verticalSpacing="xs">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>{t('credentials.issue.row')}</Table.Th>
                  <Table.Th>{t('credentials.issue.email')}</Table.Th>
                  <Table.Th>{t('credentials.issue.name')}</Table.Th>
                  <Table.Th>{t('credentials.issue.grade')}</Table.Th>
                  <Table.Th>{t('credentials.issue.action')}</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {preview.rows.map((r) => (
                  <Table.Tr key={r.rowNo}>
                    <Table.Td>{r.rowNo}</Table.Td>
                    <Table.Td>{r.email}</Table.Td>
                    <Table.Td>{`${r.givenName} ${r.familyName}`.trim()}</Table.Td>
                    <Table.Td>{r.grade}</Table.Td>
                    <Table.Td>
                      <Badge
                        color={r.action === 'skip' ? 'red' : r.action === 'create' ? 'blue' : 'teal'}
                        variant="light"
                      >
                        {t(`credentials.issue.actions.${r.action}`)}
                      </Badge>
                      {r.problems.map((p) => (
                        <Text key={p} size="xs" c="red">
                          {t(`credentials.issue.problems.${p}`)}
                        </Text>
                      ))}
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
          {creates > 0 && (
            <Checkbox
              label={t('credentials.issue.createMissing')}
              checked={createMissing}
              onChange={(event) => setCreateMissing(event.currentTarget.checked)}
            />
          )}
          <Group>
            <Button onClick={() => start.mutate()} disabled={blocked} loading={start.isPending}>
              {t('credentials.issue.confirm', { count: preview.ready })}
            </Button>
          </Group>
        </Stack>
      )}
      {batchId && <BatchProgress batchId={batchId} />}
      <Title order={2} size="h4" mt="lg">
        {t('credentials.issue.recent')}
      </Title>
      {batches.data && batches.data.items.length === 0 ? (
        <Text size="sm" c="dimmed">
          {t('credentials.issue.noBatches')}
        </Text>
      ) : (
        <Stack gap={4}>
          {batches.data?.items.map((b) => (
            <Text key={b.id} size="sm">
              {formatDateTime(b.createdAt, currentLocale())} · {b.templateTitle} · {b.done}/{b.total}{' '}
              <RouterAnchor to="/credentials/issued" search={{ batchId: b.id }} size="sm">
                {t('common.open')}
              </RouterAnchor>
            </Text>
          ))}
        </Stack>
      )}
    </Stack>
  );
}

/** Issuing: to one learner, or to a course's learners from a CSV with a preview and a progress bar. */
export function IssuePage() {
  const { t } = useTranslation();
  const me = useMe();
  const canBatch = me.school?.role === 'admin' || me.school?.role === 'coordinator';
  return (
    <>
      <PageHeader title={t('credentials.issue.title')} intro={t('credentials.issue.intro')} />
      <Tabs defaultValue="single" keepMounted={false}>
        <Tabs.List mb="md">
          <Tabs.Tab value="single">{t('credentials.issue.single')}</Tabs.Tab>
          {canBatch && <Tabs.Tab value="batch">{t('credentials.issue.batch')}</Tabs.Tab>}
        </Tabs.List>
        <Tabs.Panel value="single">
          <SingleIssue />
        </Tabs.Panel>
        {canBatch && (
          <Tabs.Panel value="batch">
            <BatchIssue />
          </Tabs.Panel>
        )}
      </Tabs>
    </>
  );
}
