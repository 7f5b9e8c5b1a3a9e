import {
  Accordion,
  Badge,
  Button,
  Checkbox,
  Group,
  Modal,
  NativeSelect,
  SimpleGrid,
  Stack,
  Text,
  Textarea,
  TextInput,
} from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { getRouteApi } from '@tanstack/react-router';
import {
  type FaqEntry,
  type FaqInput,
  type FaqPage as FaqPageData,
  faqAudiences,
  faqAudiencesFor,
  faqInput,
  locales,
} from '@tilts/shared';
import { type FormEvent, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { FormAlert, LoadError, Loading } from '../../components/feedback.tsx';
import { RouterButton } from '../../components/links.tsx';
import { Pager, SearchField } from '../../components/list.tsx';
import { PageHeader } from '../../components/PageHeader.tsx';
import { currentLocale } from '../../i18n/index.ts';
import { api } from '../../lib/api.ts';
import { useForm } from '../../lib/forms.ts';
import { useMe } from '../../lib/me-context.ts';
import { PlainText, topicName, topicOptions } from './common.tsx';
import type { FaqSearch } from './search.ts';

const route = getRouteApi('/app/faq');
const pageSize = 25;

function EntryForm({ entry, onDone }: { entry: FaqEntry | null; onDone: () => void }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const form = useForm({
    audience: entry?.audience ?? 'learners',
    topic: entry?.topic ?? 'other',
    locale: entry?.locale ?? currentLocale(),
    question: entry?.question ?? '',
    answer: entry?.answer ?? '',
  });
  const [published, setPublished] = useState(entry?.published ?? true);
  const save = useMutation({
    mutationFn: (body: FaqInput) =>
      entry
        ? api.put<FaqEntry>(`/api/faq/${entry.id}`, { lockVersion: entry.lockVersion, entry: body })
        : api.post<FaqEntry>('/api/faq', body),
    onSuccess: () => {
      void queryClient.invalidateQueries({ queryKey: ['faq'] });
      notifications.show({ color: 'teal', message: t('faq.saved') });
      onDone();
    },
    onError: form.fail,
  });
  function submit(event: FormEvent) {
    event.preventDefault();
    const body = form.check(faqInput, { ...form.values, published });
    if (body) save.mutate(body);
  }
  return (
    <form ref={form.formRef} onSubmit={submit} noValidate>
      <Stack>
        <FormAlert message={form.formError} />
        <SimpleGrid cols={{ base: 1, sm: 3 }}>
          <NativeSelect
            label={t('faq.audience')}
            data={faqAudiences.map((a) => ({ value: a, label: t(`faq.audiences.${a}`) }))}
            {...form.input('audience')}
          />
          <NativeSelect label={t('faq.topic')} data={topicOptions()} {...form.input('topic')} />
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
        <Checkbox
          label={t('faq.published')}
          checked={published}
          onChange={(e) => setPublished(e.currentTarget.checked)}
        />
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

function Votes({ entry }: { entry: FaqEntry }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const vote = useMutation({
    mutationFn: (helpful: boolean) => api.post<FaqEntry>(`/api/faq/${entry.id}/vote`, { helpful }),
    onSuccess: () => {
      void queryClient.invalidateQueries({ queryKey: ['faq', 'list'] });
      notifications.show({ color: 'teal', message: t('faq.thanks') });
    },
  });
  return (
    <Group gap="xs" role="group" aria-label={t('faq.helpful')}>
      <Text size="sm">{t('faq.helpful')}</Text>
      {[true, false].map((helpful) => (
        <Button
          key={String(helpful)}
          size="compact-sm"
          variant={entry.myVote === helpful ? 'filled' : 'default'}
          aria-pressed={entry.myVote === helpful}
          loading={vote.isPending && vote.variables === helpful}
          onClick={() => vote.mutate(helpful)}
        >
          {helpful ? t('faq.yes') : t('faq.no')}
        </Button>
      ))}
      <Text size="xs" c="dimmed">
        {t('faq.votes', { yes: entry.helpfulYes, no: entry.helpfulNo })}
      </Text>
    </Group>
  );
}

/**
 * The FAQ for the reader's role (seed 001, 2.5): searched with or without Latvian letters, filtered
 * by audience, topic and language; a "did this help" vote; editors add and change entries.
 */
export function FaqPage() {
  const { t } = useTranslation();
  const me = useMe();
  const search: FaqSearch = route.useSearch();
  const navigate = route.useNavigate();
  const page = search.page ?? 1;
  const locale = search.locale === 'all' ? undefined : (search.locale ?? currentLocale());
  const filters = {
    q: search.q,
    audience: search.audience,
    topic: search.topic,
    locale,
    sort: search.sort,
    dir: search.sort === 'helpful' || search.sort === 'updatedAt' ? 'desc' : 'asc',
  };
  const list = useQuery({
    queryKey: ['faq', 'list', filters, page],
    queryFn: ({ signal }) => api.get<FaqPageData>('/api/faq', { ...filters, page, pageSize }, signal),
    placeholderData: keepPreviousData,
  });
  const [editing, setEditing] = useState<FaqEntry | 'new' | null>(null);
  const viewed = useRef(new Set<string>());
  const role = me.school?.role ?? 'learner';
  const set = (patch: Partial<FaqSearch>) =>
    void navigate({ search: (prev) => ({ ...prev, ...patch, page: undefined }), replace: true });

  const canEdit = list.data?.canEdit ?? false;
  return (
    <>
      <PageHeader
        title={t('faq.title')}
        intro={t('faq.intro')}
        actions={
          canEdit && (
            <>
              <RouterButton to="/faq/report" variant="default">
                {t('faq.report')}
              </RouterButton>
              <Button onClick={() => setEditing('new')}>{t('faq.new')}</Button>
            </>
          )
        }
      />
      <Group mb="md" align="flex-end" wrap="wrap">
        <SearchField
          label={t('faq.searchLabel')}
          placeholder={t('faq.searchPlaceholder')}
          value={search.q}
          onSearch={(q) => set({ q })}
        />
        {faqAudiencesFor[role].length > 1 && (
          <NativeSelect
            label={t('faq.audience')}
            value={search.audience ?? ''}
            onChange={(e) => set({ audience: (e.currentTarget.value || undefined) as FaqSearch['audience'] })}
            data={[
              { value: '', label: t('faq.allAudiences') },
              ...faqAudiencesFor[role].map((a) => ({ value: a, label: t(`faq.audiences.${a}`) })),
            ]}
          />
        )}
        <NativeSelect
          label={t('faq.topic')}
          value={search.topic ?? ''}
          onChange={(e) => set({ topic: (e.currentTarget.value || undefined) as FaqSearch['topic'] })}
          data={[{ value: '', label: t('faq.allTopics') }, ...topicOptions()]}
        />
        <NativeSelect
          label={t('faq.language')}
          value={search.locale === 'all' ? 'all' : (locale ?? '')}
          onChange={(e) => set({ locale: e.currentTarget.value as FaqSearch['locale'] })}
          data={[
            ...locales.map((l) => ({ value: l, label: t(`lang.${l}`) })),
            { value: 'all', label: t('faq.allLanguages') },
          ]}
        />
        <NativeSelect
          label={t('faq.sort')}
          value={search.sort ?? 'topic'}
          onChange={(e) => set({ sort: e.currentTarget.value as FaqSearch['sort'] })}
          data={(['topic', 'helpful', 'updatedAt'] as const).map((s) => ({
            value: s,
            label: t(`faq.sorts.${s}`),
          }))}
        />
      </Group>
      {list.isPending ? (
        <Loading />
      ) : list.isError ? (
        <LoadError error={list.error} onRetry={() => void list.refetch()} />
      ) : list.data.items.length === 0 ? (
        <Text c="dimmed" py="lg">
          {t('faq.empty')}
        </Text>
      ) : (
        <>
          <Accordion
            variant="separated"
            onChange={(id) => {
              // Each opening counts once per visit, for the school's report of what people look for.
              if (id && !viewed.current.has(id)) {
                viewed.current.add(id);
                void api.post(`/api/faq/${id}/views`).catch(() => undefined);
              }
            }}
          >
            {list.data.items.map((entry) => (
              <Accordion.Item key={entry.id} value={entry.id}>
                <Accordion.Control>
                  <Stack gap={4}>
                    <Text fw={500}>{entry.question}</Text>
                    <Group gap={6}>
                      <Badge variant="light" color="gray" size="sm">
                        {topicName(entry.topic)}
                      </Badge>
                      {faqAudiencesFor[role].length > 1 && (
                        <Badge variant="light" color="blue" size="sm">
                          {t(`faq.audiences.${entry.audience}`)}
                        </Badge>
                      )}
                      {!entry.published && (
                        <Badge variant="light" color="orange" size="sm">
                          {t('faq.draft')}
                        </Badge>
                      )}
                      {entry.fromForum && (
                        <Badge variant="light" color="teal" size="sm">
                          {t('faq.fromForum')}
                        </Badge>
                      )}
                    </Group>
                  </Stack>
                </Accordion.Control>
                <Accordion.Panel>
                  <Stack gap="sm">
                    <PlainText>{entry.answer}</PlainText>
                    <Group justify="space-between">
                      <Votes entry={entry} />
                      {canEdit && (
                        <Group gap="xs">
                          <Text size="xs" c="dimmed">
                            {t('faq.views', { count: entry.views })}
                          </Text>
                          <Button size="compact-sm" variant="default" onClick={() => setEditing(entry)}>
                            {t('faq.edit')}
                          </Button>
                        </Group>
                      )}
                    </Group>
                  </Stack>
                </Accordion.Panel>
              </Accordion.Item>
            ))}
          </Accordion>
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
      <Modal
        opened={editing !== null}
        onClose={() => setEditing(null)}
        title={editing === 'new' ? t('faq.newTitle') : t('faq.editTitle')}
        size="lg"
      >
        {editing !== null && (
          <EntryForm entry={editing === 'new' ? null : editing} onDone={() => setEditing(null)} />
        )}
      </Modal>
    </>
  );
}
