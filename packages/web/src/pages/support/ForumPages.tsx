import {
  Badge,
  Button,
  Card,
  Collapse,
  Group,
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
import { keepPreviousData, queryOptions, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { getRouteApi, useNavigate } from '@tanstack/react-router';
import {
  type ForumProject,
  type ForumQuestionDetail,
  type ForumQuestionInput,
  faqAudiences,
  forumAnswerInput,
  forumQuestionInput,
  locales,
  type PromoteInput,
  type ForumQuestionPage as QuestionPageData,
} from '@tilts/shared';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { FormAlert, LoadError, Loading } from '../../components/feedback.tsx';
import { RouterAnchor } from '../../components/links.tsx';
import { Pager, SearchField } from '../../components/list.tsx';
import { PageHeader } from '../../components/PageHeader.tsx';
import { currentLocale } from '../../i18n/index.ts';
import { api } from '../../lib/api.ts';
import { formatDateTime } from '../../lib/format.ts';
import { useForm } from '../../lib/forms.ts';
import { PlainText, topicName, topicOptions } from './common.tsx';
import type { ForumSearch } from './search.ts';

const projectRoute = getRouteApi('/app/forum/$projectId');
const questionRoute = getRouteApi('/app/forum/questions/$id');
const pageSize = 20;

/** The forums of the school's projects. */
export function ForumProjectsPage() {
  const { t } = useTranslation();
  const list = useQuery({
    queryKey: ['forum', 'projects'],
    queryFn: () => api.get<ForumProject[]>('/api/forum/projects'),
  });
  return (
    <>
      <PageHeader title={t('forum.title')} intro={t('forum.intro')} />
      {list.isPending ? (
        <Loading />
      ) : list.isError ? (
        <LoadError error={list.error} onRetry={() => void list.refetch()} />
      ) : list.data.length === 0 ? (
        <Text c="dimmed">{t('forum.noProjects')}</Text>
      ) : (
        <SimpleGrid cols={{ base: 1, md: 2 }}>
          {list.data.map((p) => (
            <Card key={p.id} withBorder padding="lg">
              <RouterAnchor to="/forum/$projectId" params={{ projectId: p.id }} fw={600}>
                {p.label}
              </RouterAnchor>
              <Group gap="xs" mt="xs">
                <Badge variant="light" color="gray">
                  {t('forum.questionCount', { count: p.questions })}
                </Badge>
                {p.unanswered > 0 && (
                  <Badge variant="light" color="orange">
                    {t('forum.unanswered', { count: p.unanswered })}
                  </Badge>
                )}
              </Group>
              {p.calls.length > 0 && (
                <Stack gap={2} mt="sm">
                  {p.calls.map((c) => (
                    <RouterAnchor
                      key={c.id}
                      to="/forum/$projectId"
                      params={{ projectId: p.id }}
                      search={{ callId: c.id }}
                      size="sm"
                    >
                      {t('forum.callForum', { title: c.title, count: c.questions })}
                    </RouterAnchor>
                  ))}
                </Stack>
              )}
            </Card>
          ))}
        </SimpleGrid>
      )}
    </>
  );
}

function AskForm({
  projectId,
  calls,
  callId,
  onAsked,
}: {
  projectId: string;
  calls: { id: string; title: string }[];
  callId?: string;
  onAsked: (q: ForumQuestionDetail) => void;
}) {
  const { t } = useTranslation();
  const form = useForm({ topic: '', title: '', body: '', callId: callId ?? '' });
  const ask = useMutation({
    mutationFn: (body: ForumQuestionInput) =>
      api.post<ForumQuestionDetail>(`/api/forum/projects/${projectId}/questions`, body),
    onSuccess: (q) => {
      notifications.show({ color: 'teal', message: t('forum.asked') });
      onAsked(q);
    },
    onError: form.fail,
  });
  function submit(event: FormEvent) {
    event.preventDefault();
    const body = form.check(forumQuestionInput);
    if (body) ask.mutate({ ...body, callId: body.callId || null });
  }
  return (
    <form ref={form.formRef} onSubmit={submit} noValidate>
      <Stack gap="sm">
        <FormAlert message={form.formError} />
        {calls.length > 0 && (
          <NativeSelect
            label={t('forum.about')}
            data={[
              { value: '', label: t('forum.aboutProject') },
              ...calls.map((c) => ({ value: c.id, label: c.title })),
            ]}
            {...form.input('callId')}
          />
        )}
        <NativeSelect
          label={t('forum.topic')}
          required
          data={[{ value: '', label: '—' }, ...topicOptions()]}
          {...form.input('topic')}
        />
        <TextInput
          label={t('forum.questionTitle')}
          description={t('forum.questionTitleHint')}
          required
          maxLength={200}
          {...form.input('title')}
        />
        <Textarea
          label={t('forum.body')}
          required
          autosize
          minRows={3}
          maxLength={5000}
          {...form.input('body')}
        />
        <Group>
          <Button type="submit" loading={ask.isPending}>
            {t('forum.post')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

/** One project's forum: its questions, searched and by topic, and a way to ask. */
export function ForumProjectPage() {
  const { t } = useTranslation();
  const { projectId } = projectRoute.useParams();
  const search: ForumSearch = projectRoute.useSearch();
  const navigate = projectRoute.useNavigate();
  const goTo = useNavigate();
  const [asking, setAsking] = useState(false);
  const page = search.page ?? 1;
  const filters = { q: search.q, topic: search.topic, callId: search.callId };
  const list = useQuery({
    queryKey: ['forum', 'questions', projectId, filters, page],
    queryFn: ({ signal }) =>
      api.get<QuestionPageData>(
        `/api/forum/projects/${projectId}/questions`,
        { ...filters, page, pageSize },
        signal,
      ),
    placeholderData: keepPreviousData,
  });
  const locale = currentLocale();
  return (
    <>
      <RouterAnchor to="/forum" size="sm">
        ← {t('forum.back')}
      </RouterAnchor>
      <PageHeader
        title={list.data ? `${t('forum.title')}: ${list.data.project.label}` : t('forum.title')}
        actions={<Button onClick={() => setAsking((v) => !v)}>{t('forum.ask')}</Button>}
      />
      <Collapse expanded={asking}>
        <Card withBorder padding="lg" mb="md">
          <AskForm
            key={search.callId ?? ''}
            projectId={projectId}
            calls={list.data?.calls ?? []}
            callId={search.callId}
            onAsked={(q) => void goTo({ to: '/forum/questions/$id', params: { id: q.id } })}
          />
        </Card>
      </Collapse>
      <Group mb="md" align="flex-end">
        <SearchField
          label={t('forum.searchLabel')}
          value={search.q}
          onSearch={(q) =>
            void navigate({ search: (prev) => ({ ...prev, q, page: undefined }), replace: true })
          }
        />
        <NativeSelect
          label={t('forum.topic')}
          value={search.topic ?? ''}
          onChange={(e) =>
            void navigate({
              search: (prev) => ({
                ...prev,
                topic: (e.currentTarget.value || undefined) as ForumSearch['topic'],
                page: undefined,
              }),
              replace: true,
            })
          }
          data={[{ value: '', label: t('faq.allTopics') }, ...topicOptions()]}
        />
        {(list.data?.calls.length ?? 0) > 0 && (
          <NativeSelect
            label={t('forum.about')}
            value={search.callId ?? ''}
            onChange={(e) =>
              void navigate({
                search: (prev) => ({ ...prev, callId: e.currentTarget.value || undefined, page: undefined }),
                replace: true,
              })
            }
            data={[
              { value: '', label: t('forum.allQuestions') },
              ...(list.data?.calls ?? []).map((c) => ({ value: c.id, label: c.title })),
            ]}
          />
        )}
      </Group>
      {list.isPending ? (
        <Loading />
      ) : list.isError ? (
        <LoadError error={list.error} onRetry={() => void list.refetch()} />
      ) : list.data.items.length === 0 ? (
        <Text c="dimmed" py="lg">
          {search.q ? t('common.noResults') : t('forum.empty')}
        </Text>
      ) : (
        <>
          <Stack gap="sm">
            {list.data.items.map((q) => (
              <Card key={q.id} withBorder padding="md">
                <RouterAnchor to="/forum/questions/$id" params={{ id: q.id }} fw={600}>
                  {q.title}
                </RouterAnchor>
                <Group gap="xs" mt={4}>
                  <Badge variant="light" color="gray" size="sm">
                    {topicName(q.topic)}
                  </Badge>
                  {q.call && (
                    <Badge variant="light" color="grape" size="sm">
                      {q.call.title}
                    </Badge>
                  )}
                  <Badge variant="light" color={q.answerCount ? 'teal' : 'orange'} size="sm">
                    {q.answerCount ? `${t('forum.answers')}: ${q.answerCount}` : t('forum.noAnswers')}
                  </Badge>
                  {q.inFaq && (
                    <Badge variant="light" color="blue" size="sm">
                      {t('forum.inFaq')}
                    </Badge>
                  )}
                  <Text size="xs" c="dimmed">
                    {t('forum.askedBy', { name: q.authorName, at: formatDateTime(q.createdAt, locale) })}
                  </Text>
                </Group>
              </Card>
            ))}
          </Stack>
          <Pager
            page={page}
            pageSize={pageSize}
            total={list.data.total}
            onPage={(next) =>
              void navigate({ search: (prev) => ({ ...prev, page: next > 1 ? next : undefined }) })
            }
          />
        </>
      )}
    </>
  );
}

const questionQuery = (id: string) =>
  queryOptions({
    queryKey: ['forum', 'question', id],
    queryFn: () => api.get<ForumQuestionDetail>(`/api/forum/questions/${id}`),
  });

function PromoteForm({ question, onDone }: { question: ForumQuestionDetail; onDone: () => void }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const accepted = question.answers.find((a) => a.accepted);
  const form = useForm({
    audience: 'learners',
    locale: currentLocale(),
    question: question.title,
    answer: accepted?.body ?? '',
  });
  const promote = useMutation({
    mutationFn: (body: PromoteInput) =>
      api.post<ForumQuestionDetail>(`/api/forum/questions/${question.id}/promote`, body),
    onSuccess: (updated) => {
      queryClient.setQueryData(questionQuery(question.id).queryKey, updated);
      void queryClient.invalidateQueries({ queryKey: ['faq'] });
      notifications.show({ color: 'teal', message: t('forum.promoted') });
      onDone();
    },
    onError: form.fail,
  });
  function submit(event: FormEvent) {
    event.preventDefault();
    promote.mutate(form.values as PromoteInput);
  }
  return (
    <form ref={form.formRef} onSubmit={submit} noValidate>
      <Stack>
        <Text size="sm">{t('forum.promoteLead')}</Text>
        <FormAlert message={form.formError} />
        <SimpleGrid cols={2}>
          <NativeSelect
            label={t('faq.audience')}
            data={faqAudiences.map((a) => ({ value: a, label: t(`faq.audiences.${a}`) }))}
            {...form.input('audience')}
          />
          <NativeSelect
            label={t('faq.language')}
            data={locales.map((l) => ({ value: l, label: t(`lang.${l}`) }))}
            {...form.input('locale')}
          />
        </SimpleGrid>
        <TextInput label={t('faq.question')} required maxLength={500} {...form.input('question')} />
        <Textarea
          label={t('faq.answer')}
          required
          autosize
          minRows={4}
          maxLength={8000}
          {...form.input('answer')}
        />
        <Group justify="flex-end">
          <Button variant="default" onClick={onDone}>
            {t('common.cancel')}
          </Button>
          <Button type="submit" loading={promote.isPending}>
            {t('forum.promote')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

/** One forum question with its answers; staff accept an answer and add the pair to the FAQ. */
export function ForumQuestionPage() {
  const { t } = useTranslation();
  const { id } = questionRoute.useParams();
  const queryClient = useQueryClient();
  const query = useQuery(questionQuery(id));
  const [promoting, setPromoting] = useState(false);
  const form = useForm({ body: '' });
  const answer = useMutation({
    mutationFn: (body: { body: string }) =>
      api.post<ForumQuestionDetail>(`/api/forum/questions/${id}/answers`, body),
    onSuccess: (updated) => {
      queryClient.setQueryData(questionQuery(id).queryKey, updated);
      form.setValues({ body: '' });
      notifications.show({ color: 'teal', message: t('forum.answered') });
    },
    onError: form.fail,
  });
  const accept = useMutation({
    mutationFn: (answerId: string) =>
      api.post<ForumQuestionDetail>(`/api/forum/questions/${id}/accept`, { answerId }),
    onSuccess: (updated) => queryClient.setQueryData(questionQuery(id).queryKey, updated),
    onError: form.fail,
  });
  if (query.isPending) return <Loading />;
  if (query.isError) return <LoadError error={query.error} onRetry={() => void query.refetch()} />;
  const q = query.data;
  const locale = currentLocale();
  function submit(event: FormEvent) {
    event.preventDefault();
    const body = form.check(forumAnswerInput);
    if (body) answer.mutate(body);
  }
  return (
    <>
      <RouterAnchor to="/forum/$projectId" params={{ projectId: q.projectId }} size="sm">
        ← {q.project.label}
      </RouterAnchor>
      <PageHeader
        title={q.title}
        actions={
          q.canPromote && (
            <Button variant="default" disabled={!q.accepted} onClick={() => setPromoting(true)}>
              {t('forum.promote')}
            </Button>
          )
        }
      />
      <Stack>
        <Card withBorder padding="lg">
          <Group gap="xs" mb="xs">
            <Badge variant="light" color="gray" size="sm">
              {topicName(q.topic)}
            </Badge>
            {q.inFaq && (
              <RouterAnchor to="/faq" size="sm">
                {t('forum.inFaq')}
              </RouterAnchor>
            )}
            <Text size="xs" c="dimmed">
              {t('forum.askedBy', { name: q.authorName, at: formatDateTime(q.createdAt, locale) })}
            </Text>
          </Group>
          <PlainText>{q.body}</PlainText>
        </Card>
        <Title order={2} size="h4">
          {t('forum.answers')}
        </Title>
        {q.answers.length === 0 && (
          <Text size="sm" c="dimmed">
            {t('forum.noAnswers')}
          </Text>
        )}
        {q.answers.map((a) => (
          <Card key={a.id} withBorder padding="md" bg={a.accepted ? 'teal.0' : undefined}>
            <Group gap="xs" mb={4}>
              <Text size="sm" fw={600}>
                {a.authorName}
              </Text>
              {a.byStaff && (
                <Badge variant="light" color="teal" size="sm">
                  {t('forum.byStaff')}
                </Badge>
              )}
              {a.accepted && (
                <Badge color="teal" size="sm">
                  {t('forum.accepted')}
                </Badge>
              )}
              <Text size="xs" c="dimmed">
                {formatDateTime(a.createdAt, locale)}
              </Text>
            </Group>
            <PlainText>{a.body}</PlainText>
            {q.canAccept && !a.accepted && (
              <Group mt="xs">
                <Button
                  size="compact-sm"
                  variant="light"
                  loading={accept.isPending && accept.variables === a.id}
                  onClick={() => accept.mutate(a.id)}
                >
                  {t('forum.accept')}
                </Button>
              </Group>
            )}
          </Card>
        ))}
        <form ref={form.formRef} onSubmit={submit} noValidate>
          <Stack gap="sm">
            <FormAlert message={form.formError} />
            <Textarea
              label={t('forum.yourAnswer')}
              required
              autosize
              minRows={3}
              maxLength={5000}
              {...form.input('body')}
            />
            <Group>
              <Button type="submit" loading={answer.isPending}>
                {t('forum.sendAnswer')}
              </Button>
            </Group>
          </Stack>
        </form>
      </Stack>
      <Modal opened={promoting} onClose={() => setPromoting(false)} title={t('forum.promote')} size="lg">
        {promoting && <PromoteForm question={q} onDone={() => setPromoting(false)} />}
      </Modal>
    </>
  );
}
