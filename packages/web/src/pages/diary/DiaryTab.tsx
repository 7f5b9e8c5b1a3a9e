import {
  Alert,
  Anchor,
  Badge,
  Button,
  Card,
  FileInput,
  Group,
  Paper,
  SimpleGrid,
  Stack,
  Text,
  Textarea,
  TextInput,
  Title,
} from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { queryOptions, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import {
  type DiaryEntry,
  type DiaryEntryResponse,
  type DiaryEntryStatus,
  type DiaryResponse,
  type DiarySendResponse,
  diaryCommentInput,
  diaryEntryInput,
  diaryFileAccept,
} from '@tilts/shared';
import { type FormEvent, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { FormAlert, LoadError, Loading } from '../../components/feedback.tsx';
import { currentLocale } from '../../i18n/index.ts';
import { ApiRequestError, api, errorText } from '../../lib/api.ts';
import { formatDate, formatDateTime } from '../../lib/format.ts';
import { useForm } from '../../lib/forms.ts';
import { PlainText } from '../support/common.tsx';
import { formatHours, HoursCard } from './HoursCard.tsx';

export const diaryQuery = (placementId: string) =>
  queryOptions({
    queryKey: ['diary', placementId],
    queryFn: () => api.get<DiaryResponse>(`/api/placements/${placementId}/diary`),
  });

const statusColor: Record<DiaryEntryStatus, string> = {
  submitted: 'blue',
  confirmed: 'teal',
  returned: 'orange',
};

export function DiaryStatusBadge({ status }: { status: DiaryEntryStatus }) {
  const { t } = useTranslation();
  return (
    <Badge color={statusColor[status]} variant="light">
      {t(`diary.status.${status}`)}
    </Badge>
  );
}

type EntryValues = { entryDate: string; hours: string; workDone: string; reflection: string };

const draftKey = (placementId: string) => `tilts.diary.draft.${placementId}`;

/** Today in the browser's zone, as YYYY-MM-DD. */
function localToday(): string {
  const d = new Date();
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
}

const isBlank = (v: EntryValues) => !v.hours.trim() && !v.workDone.trim() && !v.reflection.trim();

function readDraft(placementId: string): EntryValues | null {
  try {
    const text = localStorage.getItem(draftKey(placementId));
    if (!text) return null;
    const v = JSON.parse(text) as Partial<EntryValues>;
    const draft = {
      entryDate: String(v.entryDate ?? ''),
      hours: String(v.hours ?? ''),
      workDone: String(v.workDone ?? ''),
      reflection: String(v.reflection ?? ''),
    };
    return isBlank(draft) ? null : draft;
  } catch {
    return null;
  }
}

/** The form values as the shared schema wants them: hours a number, with a comma read as a point. */
function toInput(values: EntryValues) {
  const hours = values.hours.trim() === '' ? undefined : Number(values.hours.trim().replace(',', '.'));
  return { ...values, hours };
}

/** Adds the chosen files one by one; returns the messages of those refused (the entry stays saved). */
async function uploadFiles(entryId: string, files: File[]): Promise<string[]> {
  const problems: string[] = [];
  for (const file of files) {
    try {
      await api.postFile<DiaryEntryResponse>(
        `/api/diary/${entryId}/files`,
        new Blob([file], { type: 'application/octet-stream' }),
        { name: file.name },
      );
    } catch (error) {
      problems.push(
        error instanceof ApiRequestError && error.fields.file ? error.fields.file : errorText(error),
      );
    }
  }
  return problems;
}

/**
 * The entry form. A new entry is kept in this browser's storage for the placement while it is typed,
 * so a lost connection or a closed tab loses nothing; it is cleared once the server has saved it.
 */
function EntryForm({
  placementId,
  entry,
  onDone,
}: {
  placementId: string;
  entry?: DiaryEntry;
  onDone?: () => void;
}) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const isNew = !entry;
  const [restored] = useState(() => (isNew ? readDraft(placementId) : null));
  const form = useForm<EntryValues>(
    entry
      ? {
          entryDate: entry.entryDate,
          hours: formatHours(entry.hours),
          workDone: entry.workDone,
          reflection: entry.reflection,
        }
      : (restored ?? { entryDate: localToday(), hours: '', workDone: '', reflection: '' }),
  );
  const [files, setFiles] = useState<File[]>([]);
  const [fileKey, setFileKey] = useState(0);
  const values = form.values;
  const first = useRef(true);
  useEffect(() => {
    if (!isNew) return;
    // The first render only shows what was stored; every change after it is stored.
    if (first.current) {
      first.current = false;
      return;
    }
    try {
      // An empty form (as after a save) is no draft.
      if (isBlank(values)) localStorage.removeItem(draftKey(placementId));
      else localStorage.setItem(draftKey(placementId), JSON.stringify(values));
    } catch {
      // storage full or disabled: the form still works, only without the draft
    }
  }, [isNew, placementId, values]);

  const save = useMutation({
    mutationFn: async (input: ReturnType<typeof diaryEntryInput.parse>) => {
      const saved = entry
        ? await api.put<DiaryEntryResponse>(`/api/diary/${entry.id}`, {
            ...input,
            lockVersion: entry.lockVersion,
          })
        : await api.post<DiaryEntryResponse>(`/api/placements/${placementId}/diary`, input);
      const problems = files.length ? await uploadFiles(saved.entry.id, files) : [];
      return { saved, problems };
    },
    onSuccess: ({ problems }) => {
      if (isNew) {
        localStorage.removeItem(draftKey(placementId));
        form.setValues({ entryDate: localToday(), hours: '', workDone: '', reflection: '' });
      }
      setFiles([]);
      setFileKey((k) => k + 1);
      void queryClient.invalidateQueries({ queryKey: ['diary'] });
      if (problems.length) {
        form.setFormError(problems.map((message) => t('diary.form.fileFailed', { message })).join(' '));
      } else {
        notifications.show({ color: 'teal', message: t('diary.form.saved') });
        onDone?.();
      }
    },
    onError: form.fail,
  });

  function submit(event: FormEvent) {
    event.preventDefault();
    const input = form.check(diaryEntryInput, toInput(values));
    if (input) save.mutate(input);
  }

  return (
    <form
      ref={form.formRef}
      onSubmit={submit}
      noValidate
      aria-label={isNew ? t('diary.form.newTitle') : t('diary.form.editTitle')}
    >
      <Stack gap="sm">
        {restored && isNew && (
          <Alert color="blue" variant="light">
            {t('diary.form.draftRestored')}
          </Alert>
        )}
        <FormAlert message={form.formError} />
        <SimpleGrid cols={{ base: 2 }} spacing="sm">
          <TextInput type="date" label={t('diary.form.date')} required {...form.input('entryDate')} />
          <TextInput
            label={t('diary.form.hours')}
            description={t('diary.form.hoursHint')}
            inputMode="decimal"
            required
            {...form.input('hours')}
          />
        </SimpleGrid>
        <Textarea
          label={t('diary.form.workDone')}
          required
          autosize
          minRows={3}
          maxLength={5000}
          {...form.input('workDone')}
        />
        <Textarea
          label={t('diary.form.reflection')}
          autosize
          minRows={2}
          maxLength={5000}
          {...form.input('reflection')}
        />
        <FileInput
          key={fileKey}
          label={t('diary.form.files')}
          description={t('diary.form.filesHint')}
          multiple
          clearable
          accept={diaryFileAccept}
          value={files}
          onChange={setFiles}
        />
        {isNew && (
          <Text size="xs" c="dimmed">
            {t('diary.form.draftNote')}
          </Text>
        )}
        <Group>
          <Button type="submit" loading={save.isPending}>
            {isNew ? t('diary.form.save') : t('diary.form.saveChanges')}
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

function CommentForm({ entryId }: { entryId: string }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const form = useForm({ body: '' });
  const add = useMutation({
    mutationFn: (body: { body: string }) =>
      api.post<DiaryEntryResponse>(`/api/diary/${entryId}/comments`, body),
    onSuccess: () => {
      form.setValues({ body: '' });
      void queryClient.invalidateQueries({ queryKey: ['diary'] });
      notifications.show({ color: 'teal', message: t('diary.entry.commented') });
    },
    onError: form.fail,
  });
  function submit(event: FormEvent) {
    event.preventDefault();
    const body = form.check(diaryCommentInput);
    if (body) add.mutate(body);
  }
  return (
    <form ref={form.formRef} onSubmit={submit} noValidate>
      <Stack gap="xs">
        <FormAlert message={form.formError} />
        <Textarea
          label={t('diary.entry.comment')}
          autosize
          minRows={2}
          maxLength={4000}
          {...form.input('body')}
        />
        <Group>
          <Button type="submit" size="xs" variant="light" loading={add.isPending}>
            {t('diary.entry.addComment')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

function EntryCard({
  entry,
  canComment,
  showLearner,
}: {
  entry: DiaryEntry;
  canComment: boolean;
  showLearner: boolean;
}) {
  const { t } = useTranslation();
  const locale = currentLocale();
  const queryClient = useQueryClient();
  const [editing, setEditing] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);
  const remove = useMutation({
    mutationFn: () => api.delete<unknown>(`/api/diary/${entry.id}?lockVersion=${entry.lockVersion}`),
    onSuccess: () => {
      void queryClient.invalidateQueries({ queryKey: ['diary'] });
      notifications.show({ color: 'teal', message: t('diary.entry.deleted') });
    },
    onError: (error) =>
      setProblem(
        error instanceof ApiRequestError
          ? Object.values(error.fields).join(' ') || error.message
          : errorText(error),
      ),
  });
  const removeFile = useMutation({
    mutationFn: (fileId: string) => api.delete<DiaryEntryResponse>(`/api/diary/${entry.id}/files/${fileId}`),
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: ['diary'] }),
    onError: (error) => setProblem(errorText(error)),
  });
  const date = formatDate(entry.entryDate, locale);
  return (
    <Paper withBorder p="md" radius="md" component="article" data-testid="diary-entry" aria-label={date}>
      <Stack gap="xs">
        <Group justify="space-between" wrap="wrap" gap="xs">
          <Group gap="xs">
            <Text fw={700}>{date}</Text>
            <Text size="sm">{t('diary.entry.hours', { hours: formatHours(entry.hours) })}</Text>
            {showLearner && (
              <Text size="sm" c="dimmed">
                {entry.learner.name}
              </Text>
            )}
          </Group>
          <DiaryStatusBadge status={entry.status} />
        </Group>
        <FormAlert message={problem} />
        {editing ? (
          <EntryForm placementId={entry.placementId} entry={entry} onDone={() => setEditing(false)} />
        ) : (
          <>
            <PlainText>{entry.workDone}</PlainText>
            {entry.reflection && (
              <Stack gap={0}>
                <Text size="xs" c="dimmed">
                  {t('diary.entry.reflection')}
                </Text>
                <PlainText>{entry.reflection}</PlainText>
              </Stack>
            )}
          </>
        )}
        {entry.attachments.length > 0 && (
          <Group gap="xs">
            {entry.attachments.map((a) => (
              <Group key={a.id} gap={4}>
                <Anchor href={`/api/diary-files/${a.id}`} size="sm">
                  {a.filename}
                </Anchor>
                {entry.canEdit && (
                  <Button
                    size="compact-xs"
                    variant="subtle"
                    color="red"
                    aria-label={t('diary.entry.removeFile', { name: a.filename })}
                    onClick={() => removeFile.mutate(a.id)}
                  >
                    ×
                  </Button>
                )}
              </Group>
            ))}
          </Group>
        )}
        {entry.supervisorComment && (
          <Alert
            color={entry.status === 'returned' ? 'orange' : 'teal'}
            variant="light"
            title={t('diary.entry.supervisorComment')}
          >
            <PlainText>{entry.supervisorComment}</PlainText>
          </Alert>
        )}
        {entry.status === 'confirmed' && entry.reviewedAt && (
          <Text size="xs" c="dimmed">
            {t('diary.status.confirmed')}:{' '}
            {t('diary.entry.reviewed', {
              name: entry.reviewedByName,
              date: formatDateTime(entry.reviewedAt, locale),
            })}
          </Text>
        )}
        {entry.comments.length > 0 && (
          <Stack gap={4}>
            <Text size="xs" c="dimmed" fw={600}>
              {t('diary.entry.comments')}
            </Text>
            {entry.comments.map((c) => (
              <Paper key={c.id} bg="gray.0" p="xs" radius="sm">
                <Text size="xs" c="dimmed">
                  {c.authorName} · {formatDateTime(c.createdAt, locale)}
                </Text>
                <PlainText>{c.body}</PlainText>
              </Paper>
            ))}
          </Stack>
        )}
        {entry.canEdit && !editing && (
          <Group gap="xs">
            <Button size="xs" variant="light" onClick={() => setEditing(true)}>
              {t('diary.entry.edit')}
            </Button>
            <Button
              size="xs"
              variant="subtle"
              color="red"
              loading={remove.isPending}
              onClick={() => {
                if (window.confirm(t('diary.entry.deleteConfirm', { date }))) remove.mutate();
              }}
            >
              {t('diary.entry.delete')}
            </Button>
          </Group>
        )}
        {canComment && <CommentForm entryId={entry.id} />}
      </Stack>
    </Paper>
  );
}

function SendToSupervisor({ diary }: { diary: DiaryResponse }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);
  const send = useMutation({
    mutationFn: () =>
      api.post<DiarySendResponse>(`/api/placements/${diary.placement.id}/diary/send-to-supervisor`),
    onSuccess: (res) => {
      setMessage({ ok: true, text: t('diary.sent', { count: res.unconfirmed }) });
      void queryClient.invalidateQueries({ queryKey: ['diary'] });
    },
    onError: (error) =>
      setMessage({
        ok: false,
        text:
          error instanceof ApiRequestError
            ? Object.values(error.fields).join(' ') || error.message
            : errorText(error),
      }),
  });
  if (!diary.placement.hasSupervisorEmail) {
    return (
      <Text size="sm" c="dimmed">
        {t('diary.noSupervisorEmail')}
      </Text>
    );
  }
  return (
    <Stack gap="xs">
      {message && (
        <Alert color={message.ok ? 'teal' : 'orange'} variant="light" role="status">
          {message.text}
        </Alert>
      )}
      <Group>
        <Button
          variant="light"
          onClick={() => send.mutate()}
          loading={send.isPending}
          disabled={diary.hours.unconfirmed === 0}
        >
          {t('diary.sendToSupervisor')}
        </Button>
      </Group>
      <Text size="xs" c="dimmed">
        {t('diary.sendHint')}
      </Text>
    </Stack>
  );
}

/** The placement's "Diary" tab: hours against the plan, the learner's form, and the entries. */
export function DiaryTab({ placementId }: { placementId: string }) {
  const { t } = useTranslation();
  const query = useQuery(diaryQuery(placementId));
  if (query.isPending) return <Loading />;
  if (query.isError) return <LoadError error={query.error} onRetry={() => void query.refetch()} />;
  const diary = query.data;
  const learners = new Set(diary.entries.map((e) => e.learner.id));
  return (
    <Stack>
      <HoursCard hours={diary.hours} />
      {diary.canWrite && (
        <Card withBorder padding="lg" component="section">
          <Title order={2} size="h4" mb="sm">
            {t('diary.form.newTitle')}
          </Title>
          <EntryForm placementId={placementId} />
        </Card>
      )}
      <Card withBorder padding="lg" component="section">
        <Title order={2} size="h4">
          {t('diary.title')}
        </Title>
        <Text size="sm" c="dimmed" mb="sm">
          {t('diary.lead')}
        </Text>
        <Stack>
          {(diary.canWrite || diary.canComment) && <SendToSupervisor diary={diary} />}
          {diary.entries.length === 0 ? (
            <Text size="sm" c="dimmed">
              {t('diary.empty')}
            </Text>
          ) : (
            diary.entries.map((e) => (
              <EntryCard key={e.id} entry={e} canComment={diary.canComment} showLearner={learners.size > 1} />
            ))
          )}
        </Stack>
      </Card>
    </Stack>
  );
}
