import {
  Alert,
  Anchor,
  Badge,
  Button,
  Group,
  Input,
  Modal,
  SimpleGrid,
  Stack,
  Table,
  Text,
  Title,
} from '@mantine/core';
import { useMediaQuery } from '@mantine/hooks';
import { useMutation } from '@tanstack/react-query';
import { type ImportPreview, type ImportResult, type ImportRowStatus, MAX_IMPORT_BYTES } from '@tilts/shared';
import { type ChangeEvent, type FormEvent, useId, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiRequestError, api, errorText } from '../lib/api.ts';
import { FormAlert, SuccessAlert } from './feedback.tsx';

const statusColor: Record<ImportRowStatus, string> = {
  new: 'teal',
  update: 'blue',
  unchanged: 'gray',
  problem: 'red',
};

/**
 * Upload a CSV, see what it would do (counts, each problem with its line, the first rows), then
 * confirm. Nothing is saved before the confirmation; the server keeps the checked file meanwhile.
 * Any import kind the server knows works here: `kind` is its name ("partners", "units").
 */
export function ImportDialog({
  kind,
  title,
  intro,
  opened,
  onClose,
  onApplied,
}: {
  kind: string;
  title: string;
  intro: string;
  opened: boolean;
  onClose: () => void;
  /** Called after a confirmed import, to refresh the lists it changed. */
  onApplied: () => void;
}) {
  const { t } = useTranslation();
  const narrow = useMediaQuery('(max-width: 48em)');
  const inputRef = useRef<HTMLInputElement>(null);
  const fileId = useId();
  const [file, setFile] = useState<File | null>(null);
  const [fileProblem, setFileProblem] = useState<string | null>(null);
  const [preview, setPreview] = useState<ImportPreview | null>(null);
  const [result, setResult] = useState<ImportResult | null>(null);
  const [confirmError, setConfirmError] = useState<string | null>(null);

  const check = useMutation({
    mutationFn: (chosen: File) =>
      api.postFile<ImportPreview>(`/api/imports/${kind}`, chosen, { filename: chosen.name }),
    onSuccess: (next) => setPreview(next),
    onError: (error) =>
      setFileProblem(
        error instanceof ApiRequestError && error.fields.file ? error.fields.file : errorText(error),
      ),
  });
  const apply = useMutation({
    mutationFn: (id: string) => api.post<ImportResult>(`/api/imports/${id}/confirm`),
    onSuccess: (done) => {
      setResult(done);
      onApplied();
    },
    onError: (error) =>
      setConfirmError(
        error instanceof ApiRequestError && error.fields.file ? error.fields.file : errorText(error),
      ),
  });

  function reset() {
    setFile(null);
    setFileProblem(null);
    setPreview(null);
    setResult(null);
    setConfirmError(null);
    check.reset();
    apply.reset();
    if (inputRef.current) inputRef.current.value = '';
  }

  function close() {
    reset();
    onClose();
  }

  function choose(event: ChangeEvent<HTMLInputElement>) {
    const chosen = event.currentTarget.files?.[0] ?? null;
    setFileProblem(chosen && chosen.size > MAX_IMPORT_BYTES ? t('imports.tooLarge') : null);
    setFile(chosen);
  }

  function submit(event: FormEvent) {
    event.preventDefault();
    if (!file) return setFileProblem(t('imports.chooseFirst'));
    if (file.size > MAX_IMPORT_BYTES) return setFileProblem(t('imports.tooLarge'));
    setFileProblem(null);
    check.mutate(file);
  }

  const toImport = preview ? preview.counts.new + preview.counts.update : 0;

  return (
    <Modal opened={opened} onClose={close} title={title} size="xl" fullScreen={narrow}>
      <Stack>
        {!preview && (
          <form onSubmit={submit} noValidate>
            <Stack>
              <Text size="sm">{intro}</Text>
              <Input.Wrapper
                id={fileId}
                label={t('imports.file')}
                description={t('imports.fileHint')}
                error={fileProblem}
              >
                <input
                  ref={inputRef}
                  id={fileId}
                  name="file"
                  type="file"
                  accept=".csv,.txt,text/csv,text/plain"
                  onChange={choose}
                  aria-invalid={fileProblem ? true : undefined}
                  aria-describedby={`${fileId}-description${fileProblem ? ` ${fileId}-error` : ''}`}
                  style={{ display: 'block', marginTop: 6, maxWidth: '100%' }}
                  data-autofocus
                />
              </Input.Wrapper>
              <Anchor href={`/api/imports/${kind}/template.csv`} download size="sm">
                {t('imports.template')}
              </Anchor>
              <Group justify="flex-end">
                <Button variant="default" onClick={close}>
                  {t('common.cancel')}
                </Button>
                <Button type="submit" loading={check.isPending}>
                  {t('imports.check')}
                </Button>
              </Group>
            </Stack>
          </form>
        )}

        {preview && <PreviewView preview={preview} />}

        {preview && !result && (
          <Stack>
            <FormAlert message={confirmError} />
            {toImport === 0 ? (
              <Alert color="gray" variant="light">
                {t('imports.nothingToDo')}
              </Alert>
            ) : (
              <Text size="sm" c="dimmed">
                {t('imports.nothingSaved')}
              </Text>
            )}
            <Group justify="flex-end">
              <Button variant="default" onClick={reset}>
                {t('imports.otherFile')}
              </Button>
              <Button variant="default" onClick={close}>
                {t('common.cancel')}
              </Button>
              {toImport > 0 && (
                <Button loading={apply.isPending} onClick={() => apply.mutate(preview.id)}>
                  {t('imports.confirm', { count: toImport })}
                </Button>
              )}
            </Group>
          </Stack>
        )}

        {result && (
          <Stack>
            <SuccessAlert>{t('imports.done', result)}</SuccessAlert>
            <Group justify="flex-end">
              <Button onClick={close} data-autofocus>
                {t('common.close')}
              </Button>
            </Group>
          </Stack>
        )}
      </Stack>
    </Modal>
  );
}

function PreviewView({ preview }: { preview: ImportPreview }) {
  const { t } = useTranslation();
  const counts: [keyof ImportPreview['counts'], string, string][] = [
    ['new', t('imports.new'), 'teal'],
    ['update', t('imports.update'), 'blue'],
    ['unchanged', t('imports.unchanged'), 'gray'],
    ['problems', t('imports.problems'), 'red'],
  ];
  return (
    <Stack>
      <Text size="sm" fw={500}>
        {t('imports.summary', {
          rows: preview.rows,
          file: preview.filename,
          encoding: preview.encoding === 'utf-8' ? 'UTF-8' : 'Windows-1257',
        })}
      </Text>
      <SimpleGrid cols={{ base: 2, sm: 4 }} role="list">
        {counts.map(([key, label, color]) => (
          <Stack
            key={key}
            gap={0}
            role="listitem"
            p="xs"
            style={{ border: '1px solid var(--mantine-color-gray-3)', borderRadius: 8 }}
          >
            <Text size="xl" fw={700} c={preview.counts[key] > 0 ? color : 'dimmed'}>
              {preview.counts[key]}
            </Text>
            <Text size="sm">{label}</Text>
          </Stack>
        ))}
      </SimpleGrid>
      {preview.ignoredColumns.length > 0 && (
        <Text size="sm" c="dimmed">
          {t('imports.ignored', { columns: preview.ignoredColumns.join(', ') })}
        </Text>
      )}

      {preview.problems.length > 0 && (
        <section aria-labelledby="import-problems">
          <Title order={3} size="h5" mb="xs" id="import-problems">
            {t('imports.problemsTitle')}
          </Title>
          <Table.ScrollContainer minWidth={480} type="native" mah={280}>
            <Table striped verticalSpacing={4} fz="sm">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>{t('imports.line')}</Table.Th>
                  <Table.Th>{t('imports.column')}</Table.Th>
                  <Table.Th>{t('imports.problem')}</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {preview.problems.map((p) => (
                  <Table.Tr key={`${p.line}-${p.field}`}>
                    <Table.Td>{p.line}</Table.Td>
                    <Table.Td>{p.column || t('imports.wholeRow')}</Table.Td>
                    <Table.Td>{p.message}</Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
          {preview.problemsTotal > preview.problems.length && (
            <Text size="xs" c="dimmed" mt={4}>
              {t('imports.problemsShown', { shown: preview.problems.length, total: preview.problemsTotal })}
            </Text>
          )}
        </section>
      )}

      <section aria-labelledby="import-sample">
        <Title order={3} size="h5" mb="xs" id="import-sample">
          {t('imports.sampleTitle')}
        </Title>
        <Table.ScrollContainer minWidth={Math.max(480, preview.columns.length * 140)} type="native" mah={320}>
          <Table striped verticalSpacing={4} fz="sm">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('imports.line')}</Table.Th>
                <Table.Th>{t('imports.status')}</Table.Th>
                {preview.columns.map((c) => (
                  <Table.Th key={c.key}>{c.label}</Table.Th>
                ))}
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {preview.sample.map((row) => (
                <Table.Tr key={row.line}>
                  <Table.Td>{row.line}</Table.Td>
                  <Table.Td>
                    <Badge variant="light" color={statusColor[row.status]}>
                      {t(`imports.statuses.${row.status}`)}
                    </Badge>
                  </Table.Td>
                  {preview.columns.map((c) => (
                    <Table.Td key={c.key}>{row.values[c.key]}</Table.Td>
                  ))}
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      </section>
    </Stack>
  );
}
