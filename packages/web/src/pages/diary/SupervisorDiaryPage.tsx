import {
  Alert,
  Anchor,
  Box,
  Button,
  Card,
  Container,
  Group,
  Stack,
  Text,
  Textarea,
  Title,
} from '@mantine/core';
import { useDocumentTitle } from '@mantine/hooks';
import { queryOptions, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { getRouteApi } from '@tanstack/react-router';
import type { DiaryLinkEntry, DiaryLinkResult, DiaryLinkView } from '@tilts/shared';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { LoadError, Loading } from '../../components/feedback.tsx';
import { LanguageSwitch } from '../../components/LanguageSwitch.tsx';
import { currentLocale } from '../../i18n/index.ts';
import { ApiRequestError, api, errorText } from '../../lib/api.ts';
import { formatDate } from '../../lib/format.ts';
import { PlainText } from '../support/common.tsx';
import { DiaryStatusBadge } from './DiaryTab.tsx';
import { formatHours, HoursSummary } from './HoursCard.tsx';

const route = getRouteApi('/diary-review');

const linkQuery = (token: string) =>
  queryOptions({
    queryKey: ['diary-link', token],
    queryFn: () => api.get<DiaryLinkView>('/api/diary-link', { token }),
    retry: false,
  });

/** A refusal in words: the field messages (they say what happened), else the general one. */
const refusalText = (error: unknown) =>
  error instanceof ApiRequestError
    ? Object.values(error.fields).join(' ') || error.message
    : errorText(error);

type Notice = { ok: boolean; text: string } | null;
/** What an action answered: the page as it is now (null: reload it) and what to tell the supervisor. */
type OnResult = (result: DiaryLinkResult | null, notice: Notice) => void;

function EntryCard({ token, entry, onResult }: { token: string; entry: DiaryLinkEntry; onResult: OnResult }) {
  const { t } = useTranslation();
  const locale = currentLocale();
  const [returning, setReturning] = useState(false);
  const [comment, setComment] = useState('');
  const [commentError, setCommentError] = useState<string | undefined>();
  const review = useMutation({
    mutationFn: (body: { action: 'confirm' | 'return'; comment: string }) =>
      api.post<DiaryLinkResult>('/api/diary-link/review', { token, entryId: entry.id, ...body }),
    onSuccess: (result, body) =>
      onResult(result, {
        ok: true,
        text: `${formatDate(entry.entryDate, locale)}: ${t(body.action === 'confirm' ? 'diary.review.confirmed' : 'diary.review.returned')}`,
      }),
    onError: (error) => {
      if (error instanceof ApiRequestError && error.fields.comment) {
        setCommentError(error.fields.comment);
        return;
      }
      // An entry confirmed meanwhile (another tab, the week button): say so and show the page as it is.
      onResult(null, { ok: false, text: refusalText(error) });
    },
  });
  const date = formatDate(entry.entryDate, locale);
  return (
    <Card
      withBorder
      padding="md"
      radius="md"
      component="article"
      data-testid="review-entry"
      aria-label={date}
    >
      <Stack gap="xs">
        <Group justify="space-between" gap="xs">
          <Group gap="xs">
            <Text fw={700}>{date}</Text>
            <Text size="sm">{t('diary.entry.hours', { hours: formatHours(entry.hours) })}</Text>
          </Group>
          <DiaryStatusBadge status={entry.status} />
        </Group>
        <Text size="sm" c="dimmed">
          {entry.learnerName}
        </Text>
        <PlainText>{entry.workDone}</PlainText>
        {entry.reflection && (
          <Text size="sm" c="dimmed">
            {t('diary.entry.reflection')}: {entry.reflection}
          </Text>
        )}
        {entry.attachments.length > 0 && (
          <Group gap="xs">
            <Text size="xs" c="dimmed">
              {t('diary.review.files')}:
            </Text>
            {entry.attachments.map((a) => (
              <Anchor
                key={a.id}
                size="sm"
                href={`/api/diary-link/files/${a.id}?token=${encodeURIComponent(token)}`}
              >
                {a.filename}
              </Anchor>
            ))}
          </Group>
        )}
        {entry.supervisorComment && (
          <Text size="sm" c="orange.8">
            {t('diary.entry.supervisorComment')}: {entry.supervisorComment}
          </Text>
        )}
        {entry.status !== 'confirmed' && !returning && (
          <Group grow>
            <Button
              size="md"
              color="teal"
              loading={review.isPending && review.variables?.action === 'confirm'}
              onClick={() => review.mutate({ action: 'confirm', comment: '' })}
            >
              {t('diary.review.confirm')}
            </Button>
            <Button size="md" variant="default" onClick={() => setReturning(true)}>
              {t('diary.review.return')}
            </Button>
          </Group>
        )}
        {returning && (
          <form
            onSubmit={(e) => {
              e.preventDefault();
              setCommentError(undefined);
              review.mutate({ action: 'return', comment });
            }}
          >
            <Stack gap="xs">
              <Textarea
                label={t('diary.review.returnComment')}
                required
                autosize
                minRows={2}
                maxLength={2000}
                value={comment}
                error={commentError}
                onChange={(e) => setComment(e.currentTarget.value)}
                data-autofocus
              />
              <Group grow>
                <Button type="submit" color="orange" loading={review.isPending}>
                  {t('diary.review.sendReturn')}
                </Button>
                <Button variant="default" onClick={() => setReturning(false)}>
                  {t('common.cancel')}
                </Button>
              </Group>
            </Stack>
          </form>
        )}
      </Stack>
    </Card>
  );
}

function WeekSection({
  token,
  week,
  onResult,
}: {
  token: string;
  week: DiaryLinkView['weeks'][number];
  onResult: OnResult;
}) {
  const { t } = useTranslation();
  const confirmWeek = useMutation({
    mutationFn: () =>
      api.post<DiaryLinkResult>('/api/diary-link/confirm-week', { token, weekStart: week.weekStart }),
    onSuccess: (result) =>
      onResult(result, { ok: true, text: t('diary.review.weekConfirmed', { count: result.changed }) }),
    onError: (error) => onResult(null, { ok: false, text: refusalText(error) }),
  });
  const waiting = week.entries.some((e) => e.status === 'submitted');
  return (
    <Stack
      gap="sm"
      component="section"
      aria-label={t('diary.review.week', { date: formatDate(week.weekStart, currentLocale()) })}
    >
      <Group justify="space-between" wrap="wrap">
        <Title order={2} size="h4">
          {t('diary.review.week', { date: formatDate(week.weekStart, currentLocale()) })}
        </Title>
        {waiting && (
          <Button
            color="teal"
            variant="light"
            onClick={() => confirmWeek.mutate()}
            loading={confirmWeek.isPending}
          >
            {t('diary.review.confirmWeek')}
          </Button>
        )}
      </Group>
      {week.entries.map((e) => (
        <EntryCard key={e.id} token={token} entry={e} onResult={onResult} />
      ))}
    </Stack>
  );
}

function ReviewView({ token }: { token: string }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const query = useQuery(linkQuery(token));
  const [notice, setNotice] = useState<Notice>(null);
  if (query.isPending) return <Loading />;
  if (query.isError) return <LoadError error={query.error} />;
  const view = query.data;
  const locale = currentLocale();
  const onResult: OnResult = (result, message) => {
    setNotice(message);
    if (result) {
      queryClient.setQueryData(linkQuery(token).queryKey, result.view);
    } else void query.refetch();
  };
  return (
    <Stack>
      <Card withBorder padding="lg">
        <Title order={2} size="h4" mb="xs">
          {view.placement.title}
        </Title>
        <Text size="sm">
          {t('diary.review.school')}: {view.placement.schoolName}
        </Text>
        <Text size="sm" mb="sm">
          {t('diary.review.period')}: {formatDate(view.placement.startDate, locale)}–
          {formatDate(view.placement.endDate, locale)}
        </Text>
        <HoursSummary hours={view.hours} />
      </Card>
      {notice && (
        <Alert
          color={notice.ok ? 'teal' : 'orange'}
          variant="light"
          role="status"
          data-testid="review-notice"
        >
          {notice.text}
        </Alert>
      )}
      {view.weeks.length === 0 ? (
        <Alert color="teal" variant="light" role="status">
          {t('diary.review.nothingWaiting')}
        </Alert>
      ) : (
        view.weeks.map((w) => <WeekSection key={w.weekStart} token={token} week={w} onResult={onResult} />)
      )}
      {view.confirmed.length > 0 && (
        <Stack gap="xs" component="section">
          <Title order={2} size="h4">
            {t('diary.review.recent')}
          </Title>
          {view.confirmed.map((e) => (
            <Group key={e.id} gap="xs" justify="space-between" data-testid="confirmed-entry">
              <Text size="sm">
                {formatDate(e.entryDate, locale)} · {e.learnerName} ·{' '}
                {t('diary.entry.hours', { hours: formatHours(e.hours) })}
              </Text>
              <DiaryStatusBadge status={e.status} />
            </Group>
          ))}
        </Stack>
      )}
    </Stack>
  );
}

/**
 * The workplace supervisor's page behind the e-mailed link: the learner's unconfirmed entries as
 * cards, by week, each with Confirm and Return, and "Confirm all of this week". Made for a phone.
 */
export function SupervisorDiaryPage() {
  const { t } = useTranslation();
  useDocumentTitle(`${t('diary.review.title')} · Tilts`);
  const { token } = route.useSearch();
  return (
    <Box bg="gray.0" mih="100dvh" py={{ base: 'md', sm: 'xl' }} px={{ base: 'xs', sm: 'md' }}>
      <Container size={720} p={0}>
        <Group justify="space-between" mb="md" component="header">
          <Text fw={800} fz={26} c="teal.8">
            {t('app.name')}
          </Text>
          <LanguageSwitch />
        </Group>
        <Box component="main" id="main">
          <Title order={1} size="h2">
            {t('diary.review.title')}
          </Title>
          <Text c="dimmed" mb="md">
            {t('diary.review.lead')}
          </Text>
          {token ? (
            <ReviewView token={token} />
          ) : (
            <Alert color="yellow" variant="light">
              {t('diary.review.missingToken')}
            </Alert>
          )}
        </Box>
      </Container>
    </Box>
  );
}
