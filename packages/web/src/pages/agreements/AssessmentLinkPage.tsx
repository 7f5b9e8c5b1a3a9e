import {
  Alert,
  Badge,
  Button,
  Card,
  Group,
  SegmentedControl,
  Select,
  Stack,
  Text,
  Textarea,
  TextInput,
  Title,
} from '@mantine/core';
import { useDocumentTitle } from '@mantine/hooks';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { getRouteApi } from '@tanstack/react-router';
import type { AssessmentLinkView, OutcomeResult } from '@tilts/shared';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { FormAlert, Loading } from '../../components/feedback.tsx';
import { currentLocale } from '../../i18n/index.ts';
import { ApiRequestError, api, errorText } from '../../lib/api.ts';
import { formatDate } from '../../lib/format.ts';

const route = getRouteApi('/wide/assessment');

type Learner = AssessmentLinkView['learners'][number];
interface Row {
  outcomeId: string;
  result: OutcomeResult | null;
  grade: string;
  comment: string;
}

/**
 * The workplace supervisor's evaluation through a reusable link: for each learner, each agreed outcome
 * achieved / partly / not, a grade on the agreement's scale and a comment, and the characterisation.
 */
export function AssessmentLinkPage() {
  const { t } = useTranslation();
  useDocumentTitle(`${t('agreements.assessPage.title')} · Tilts`);
  const { token } = route.useSearch();
  const locale = currentLocale();
  const query = useQuery({
    queryKey: ['assessment-link', token],
    queryFn: () => api.get<AssessmentLinkView>('/api/assessment-links', { token }),
    enabled: Boolean(token),
    retry: false,
  });
  if (!token)
    return (
      <Alert color="orange" variant="light">
        {t('agreements.signPage.noToken')}
      </Alert>
    );
  if (query.isPending) return <Loading />;
  if (query.isError)
    return (
      <Alert color="red" variant="light">
        {errorText(query.error)} {t('agreements.signPage.askSchool')}
      </Alert>
    );
  const v = query.data;
  return (
    <Stack>
      <Title order={1} size="h2">
        {t(`agreements.stages.${v.stage}`)}: {v.placementTitle}
      </Title>
      <Text>
        {t('agreements.assessPage.intro', {
          host: v.hostName,
          from: formatDate(v.startDate, locale),
          to: formatDate(v.endDate, locale),
        })}
      </Text>
      {v.learners.length === 0 && <Text c="dimmed">{t('agreements.assessPage.none')}</Text>}
      {v.learners.map((l) => (
        <LearnerForm key={l.agreementId} token={token} learner={l} />
      ))}
    </Stack>
  );
}

function LearnerForm({ token, learner }: { token: string; learner: Learner }) {
  const { t } = useTranslation();
  const locale = currentLocale();
  const queryClient = useQueryClient();
  const outcomes = learner.units.flatMap((u) => u.outcomes.map((o) => ({ ...o, unit: u.code })));
  const [rows, setRows] = useState<Row[]>(() =>
    outcomes.map((o) => {
      const saved = learner.assessment?.outcomes.find((x) => x.outcomeId === o.id);
      return {
        outcomeId: o.id,
        result: saved?.result ?? null,
        grade: saved?.grade ?? '',
        comment: saved?.comment ?? '',
      };
    }),
  );
  const [characterisation, setCharacterisation] = useState(learner.assessment?.characterisation ?? '');
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [problem, setProblem] = useState<string | null>(null);
  const [saved, setSaved] = useState(false);
  const locked = learner.assessment !== null && learner.assessment.status !== 'open';
  const grades =
    learner.grading === 'pass_fail'
      ? [
          { value: 'pass', label: t('agreements.passFail.pass') },
          { value: 'fail', label: t('agreements.passFail.fail') },
        ]
      : Array.from({ length: 10 }, (_, i) => ({ value: String(10 - i), label: String(10 - i) }));
  const save = useMutation({
    mutationFn: (submit: boolean) =>
      api.put<AssessmentLinkView>(`/api/assessment-links/agreements/${learner.agreementId}`, {
        token,
        outcomes: rows.filter((r) => r.result || r.grade || r.comment),
        characterisation,
        submit,
      }),
    onSuccess: (view) => {
      setErrors({});
      setProblem(null);
      setSaved(true);
      queryClient.setQueryData(['assessment-link', token], view);
    },
    onError: (error) => {
      setSaved(false);
      if (error instanceof ApiRequestError) {
        // The server numbers the rows it was sent; map them back to outcomes.
        const sent = rows.filter((r) => r.result || r.grade || r.comment);
        const mapped: Record<string, string> = {};
        for (const [k, text] of Object.entries(error.fields)) {
          const m = /^outcomes\.(\d+)\.(\w+)$/.exec(k);
          if (m) mapped[`${sent[Number(m[1])]?.outcomeId}.${m[2]}`] = text;
          else mapped[k] = text;
        }
        setErrors(mapped);
        setProblem(
          [
            error.message,
            ...Object.entries(mapped)
              .filter(([k]) => !k.includes('.'))
              .map(([, v]) => v),
          ].join(' '),
        );
      } else setProblem(errorText(error));
    },
  });
  const set = (i: number, change: Partial<Row>) => {
    setSaved(false);
    setRows((cur) => cur.map((r, j) => (j === i ? { ...r, ...change } : r)));
  };
  return (
    <Card withBorder padding="lg" component="section">
      <Group justify="space-between" mb="sm">
        <Title order={2} size="h3">
          {learner.learner}
        </Title>
        {learner.assessment && (
          <Badge variant="light" color={locked ? 'teal' : 'gray'}>
            {t(`agreements.assessmentStatuses.${learner.assessment.status}`)}
          </Badge>
        )}
      </Group>
      <Stack>
        {problem && <FormAlert message={problem} />}
        {locked && (
          <Alert color="teal" variant="light">
            {t('agreements.assessPage.locked')}
          </Alert>
        )}
        {outcomes.map((o, i) => {
          const r = rows[i]!;
          return (
            <Stack
              key={o.id}
              gap={6}
              pb="sm"
              style={{ borderBottom: '1px solid var(--mantine-color-gray-2)' }}
            >
              <Text size="sm" fw={500}>
                {o.unit}: {locale === 'en' && o.textEn ? o.textEn : o.text}
              </Text>
              {o.criteria && (
                <Text size="xs" c="dimmed">
                  {t('agreements.criteria')}: {o.criteria}
                </Text>
              )}
              <Group gap="sm" align="flex-end" wrap="wrap">
                <Stack gap={2}>
                  <SegmentedControl
                    size="xs"
                    disabled={locked}
                    aria-label={t('agreements.resultFor', { outcome: o.text })}
                    value={r.result ?? ''}
                    onChange={(value) => set(i, { result: value as OutcomeResult })}
                    data={(['achieved', 'partly', 'not_achieved'] as const).map((x) => ({
                      value: x,
                      label: t(`agreements.results.${x}`),
                    }))}
                  />
                  {errors[`${o.id}.result`] && (
                    <Text size="xs" c="red">
                      {errors[`${o.id}.result`]}
                    </Text>
                  )}
                </Stack>
                <Select
                  label={t('agreements.grade')}
                  w={140}
                  disabled={locked}
                  data={grades}
                  value={r.grade || null}
                  onChange={(g) => set(i, { grade: g ?? '' })}
                  error={errors[`${o.id}.grade`] ?? errors[`${o.id}.outcomeId`]}
                />
                <TextInput
                  label={t('agreements.comment')}
                  style={{ flex: '1 1 200px' }}
                  disabled={locked}
                  value={r.comment}
                  onChange={(e) => set(i, { comment: e.currentTarget.value })}
                />
              </Group>
            </Stack>
          );
        })}
        <Textarea
          label={t('agreements.characterisation')}
          description={t('agreements.assessPage.characterisationHint')}
          autosize
          minRows={4}
          disabled={locked}
          value={characterisation}
          error={errors.characterisation}
          onChange={(e) => {
            setSaved(false);
            setCharacterisation(e.currentTarget.value);
          }}
        />
        {!locked && (
          <Group justify="flex-end">
            {saved && (
              <Text size="sm" c="teal" role="status">
                {t('common.saved')}
              </Text>
            )}
            <Button
              variant="default"
              loading={save.isPending && save.variables === false}
              onClick={() => save.mutate(false)}
            >
              {t('agreements.assessPage.save')}
            </Button>
            <Button loading={save.isPending && save.variables === true} onClick={() => save.mutate(true)}>
              {t('agreements.assessPage.submit')}
            </Button>
          </Group>
        )}
      </Stack>
    </Card>
  );
}
