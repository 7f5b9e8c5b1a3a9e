import {
  Anchor,
  Badge,
  Button,
  Card,
  Checkbox,
  Group,
  Modal,
  NumberInput,
  Stack,
  Table,
  Text,
  Textarea,
  TextInput,
  Title,
} from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { AgreementAssessments, AssessmentStage, AssessmentView, PlacementStatus } from '@tilts/shared';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { FormAlert, LoadError, Loading } from '../../components/feedback.tsx';
import { currentLocale } from '../../i18n/index.ts';
import { ApiRequestError, api, errorText } from '../../lib/api.ts';
import { formatDateTime } from '../../lib/format.ts';
import { assessmentsQuery } from './queries.ts';

function problemText(error: unknown): string {
  if (error instanceof ApiRequestError) {
    const fields = Object.values(error.fields);
    return fields.length ? fields.join(' ') : error.message;
  }
  return errorText(error);
}

const running: readonly PlacementStatus[] = ['in_progress', 'completed'];

/**
 * The host's evaluations of one learner, the teacher's validation, the school's recognition, and the
 * documents that follow.
 */
export function AssessmentPanel({
  agreementId,
  placementId,
  placementStatus,
  learnerId,
}: {
  agreementId: string;
  placementId: string;
  placementStatus: PlacementStatus;
  learnerId: string;
}) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const query = useQuery(assessmentsQuery(agreementId));
  const [problem, setProblem] = useState<string | null>(null);
  const [dialog, setDialog] = useState<{ kind: 'validate' | 'reopen'; stage: AssessmentStage } | null>(null);
  const [text, setText] = useState('');
  const done = (data: AgreementAssessments | { ok: true }) => {
    setProblem(null);
    setDialog(null);
    setText('');
    if ('agreementId' in data) queryClient.setQueryData(assessmentsQuery(agreementId).queryKey, data);
    else void queryClient.invalidateQueries({ queryKey: assessmentsQuery(agreementId).queryKey });
    void queryClient.invalidateQueries({ queryKey: ['placements', 'detail', placementId] });
    notifications.show({ color: 'teal', message: t('agreements.done') });
  };
  const sendLink = useMutation({
    mutationFn: (stage: AssessmentStage) =>
      api.post<{ ok: true }>(`/api/placements/${placementId}/assessment-links`, { stage }),
    onSuccess: done,
    onError: (e) => setProblem(problemText(e)),
  });
  const decide = useMutation({
    mutationFn: (d: { kind: 'validate' | 'reopen'; stage: AssessmentStage }) =>
      api.post<AgreementAssessments>(
        `/api/agreements/${agreementId}/assessments/${d.stage}/${d.kind}`,
        d.kind === 'validate' ? { comment: text } : { reason: text },
      ),
    onSuccess: done,
    onError: (e) => setProblem(problemText(e)),
  });
  if (query.isPending) return <Loading />;
  if (query.isError) return <LoadError error={query.error} onRetry={() => void query.refetch()} />;
  const a = query.data;
  const final = a.stages.find((s) => s.stage === 'final');
  return (
    <Card withBorder padding="lg" component="section">
      <Title order={2} size="h4" mb="sm">
        {t('agreements.assessmentTitle')}
      </Title>
      <Stack>
        {problem && <FormAlert message={problem} />}
        {a.can.sendLinks && running.includes(placementStatus) && (
          <Group gap="xs">
            {(['mid_term', 'final'] as const).map((stage) => (
              <Button
                key={stage}
                variant="light"
                size="xs"
                loading={sendLink.isPending && sendLink.variables === stage}
                onClick={() => sendLink.mutate(stage)}
              >
                {t(`agreements.sendLink.${stage}`)}
              </Button>
            ))}
          </Group>
        )}
        {a.stages.length === 0 && (
          <Text size="sm" c="dimmed">
            {t('agreements.noAssessment')}
          </Text>
        )}
        {a.stages.map((s) => (
          <StageView
            key={s.stage}
            stage={s}
            units={a.units}
            canDecide={a.can.validate && !a.recognition}
            onValidate={() => setDialog({ kind: 'validate', stage: s.stage })}
            onReopen={() => setDialog({ kind: 'reopen', stage: s.stage })}
          />
        ))}
        {a.recognition ? (
          <Recognition recognition={a.recognition} />
        ) : (
          a.can.recognise &&
          final?.status === 'validated' &&
          placementStatus === 'completed' && <RecognitionForm data={a} onDone={done} />
        )}
        <Documents placementId={placementId} learnerId={learnerId} a={a} placementStatus={placementStatus} />
      </Stack>
      <Modal
        opened={dialog !== null}
        onClose={() => setDialog(null)}
        title={dialog ? t(`agreements.${dialog.kind === 'validate' ? 'validate' : 'reopen'}`) : ''}
      >
        <form
          onSubmit={(e: FormEvent) => {
            e.preventDefault();
            if (dialog) decide.mutate(dialog);
          }}
        >
          <Stack>
            {problem && <FormAlert message={problem} />}
            <Textarea
              label={
                dialog?.kind === 'reopen' ? t('agreements.reopenReason') : t('agreements.validationComment')
              }
              required={dialog?.kind === 'reopen'}
              autosize
              minRows={2}
              value={text}
              onChange={(e) => setText(e.currentTarget.value)}
              data-autofocus
            />
            <Group justify="flex-end">
              <Button variant="default" onClick={() => setDialog(null)}>
                {t('common.cancel')}
              </Button>
              <Button type="submit" loading={decide.isPending}>
                {t('agreements.confirm')}
              </Button>
            </Group>
          </Stack>
        </form>
      </Modal>
    </Card>
  );
}

function StageView({
  stage: s,
  units,
  canDecide,
  onValidate,
  onReopen,
}: {
  stage: AssessmentView;
  units: AgreementAssessments['units'];
  canDecide: boolean;
  onValidate: () => void;
  onReopen: () => void;
}) {
  const { t } = useTranslation();
  const locale = currentLocale();
  return (
    <Stack gap="xs">
      <Group justify="space-between">
        <Group gap="xs">
          <Text fw={600}>{t(`agreements.stages.${s.stage}`)}</Text>
          <Badge
            variant="light"
            color={s.status === 'validated' ? 'teal' : s.status === 'submitted' ? 'blue' : 'gray'}
          >
            {t(`agreements.assessmentStatuses.${s.status}`)}
          </Badge>
        </Group>
        {canDecide && (
          <Group gap="xs">
            {s.status === 'submitted' && (
              <Button size="xs" onClick={onValidate}>
                {t('agreements.validate')}
              </Button>
            )}
            {s.status !== 'open' && (
              <Button size="xs" variant="default" onClick={onReopen}>
                {t('agreements.reopen')}
              </Button>
            )}
          </Group>
        )}
      </Group>
      <Text size="xs" c="dimmed">
        {[
          s.assessorName,
          s.submittedAt && t('agreements.submittedAt', { at: formatDateTime(s.submittedAt, locale) }),
          s.validatedAt &&
            t('agreements.validatedAt', {
              at: formatDateTime(s.validatedAt, locale),
              by: s.validatedBy ?? '',
            }),
        ]
          .filter(Boolean)
          .join(' · ')}
      </Text>
      <Table.ScrollContainer minWidth={520} type="native">
        <Table verticalSpacing={4}>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t('agreements.outcome')}</Table.Th>
              <Table.Th>{t('agreements.result')}</Table.Th>
              <Table.Th>{t('agreements.grade')}</Table.Th>
              <Table.Th>{t('agreements.comment')}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {units.flatMap((u) =>
              u.outcomes.map((o) => {
                const r = s.outcomes.find((x) => x.outcomeId === o.id);
                return (
                  <Table.Tr key={o.id}>
                    <Table.Td>
                      <Text size="sm">
                        {u.code}: {locale === 'en' && o.textEn ? o.textEn : o.text}
                      </Text>
                    </Table.Td>
                    <Table.Td>{r?.result ? t(`agreements.results.${r.result}`) : '—'}</Table.Td>
                    <Table.Td>
                      {r?.grade
                        ? r.grade === 'pass' || r.grade === 'fail'
                          ? t(`agreements.passFail.${r.grade}`)
                          : r.grade
                        : '—'}
                    </Table.Td>
                    <Table.Td>{r?.comment || '—'}</Table.Td>
                  </Table.Tr>
                );
              }),
            )}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
      {s.characterisation && (
        <Text size="sm" style={{ whiteSpace: 'pre-wrap' }}>
          <Text span fw={500}>
            {t('agreements.characterisation')}:
          </Text>{' '}
          {s.characterisation}
        </Text>
      )}
      {s.validationComment && (
        <Text size="sm" c="dimmed">
          {t('agreements.validationComment')}: {s.validationComment}
        </Text>
      )}
    </Stack>
  );
}

function Recognition({ recognition: r }: { recognition: NonNullable<AgreementAssessments['recognition']> }) {
  const { t } = useTranslation();
  const locale = currentLocale();
  return (
    <Stack gap="xs">
      <Group gap="xs">
        <Text fw={600}>{t('agreements.recognitionTitle')}</Text>
        <Badge color="teal" variant="light">
          {t('agreements.recognised')}
        </Badge>
      </Group>
      <Text size="xs" c="dimmed">
        {t('agreements.decidedBy', { by: r.decidedBy, at: formatDateTime(r.decidedAt, locale) })}
      </Text>
      <Table verticalSpacing={4}>
        <Table.Tbody>
          {r.units.map((u) => (
            <Table.Tr key={u.unitId}>
              <Table.Td>
                {u.code} {u.title}
              </Table.Td>
              <Table.Td>
                {u.recognised
                  ? t('agreements.creditsN', { count: u.creditPoints })
                  : t('agreements.notRecognised')}
              </Table.Td>
              <Table.Td>{u.grade || '—'}</Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
      {r.grade && (
        <Text size="sm">
          {t('agreements.overallGrade')}: {r.grade}
        </Text>
      )}
      {r.comment && <Text size="sm">{r.comment}</Text>}
    </Stack>
  );
}

function RecognitionForm({
  data,
  onDone,
}: {
  data: AgreementAssessments;
  onDone: (d: AgreementAssessments) => void;
}) {
  const { t } = useTranslation();
  const [rows, setRows] = useState(() =>
    data.units.map((u) => ({
      unitId: u.id,
      label: `${u.code} ${u.title}`,
      recognised: true,
      creditPoints: u.creditPoints,
      grade: '',
    })),
  );
  const [grade, setGrade] = useState('');
  const [comment, setComment] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  const save = useMutation({
    mutationFn: () =>
      api.post<AgreementAssessments>(`/api/agreements/${data.agreementId}/recognition`, {
        units: rows.map(({ label: _, ...r }) => r),
        grade,
        comment,
      }),
    onSuccess: onDone,
    onError: (e) => setProblem(problemText(e)),
  });
  const set = (i: number, change: Partial<(typeof rows)[number]>) =>
    setRows((cur) => cur.map((r, j) => (j === i ? { ...r, ...change } : r)));
  return (
    <form
      onSubmit={(e) => {
        e.preventDefault();
        save.mutate();
      }}
    >
      <Stack gap="xs">
        <Text fw={600}>{t('agreements.recognitionTitle')}</Text>
        <Text size="sm" c="dimmed">
          {t('agreements.recognitionIntro')}
        </Text>
        <FormAlert message={problem} />
        {rows.map((r, i) => (
          <Group key={r.unitId} gap="sm" align="flex-end" wrap="wrap">
            <Checkbox
              label={r.label}
              checked={r.recognised}
              onChange={(e) => set(i, { recognised: e.currentTarget.checked })}
              style={{ flex: '1 1 220px' }}
            />
            <NumberInput
              label={t('agreements.creditPoints')}
              w={120}
              min={0}
              decimalScale={2}
              value={r.creditPoints}
              disabled={!r.recognised}
              onChange={(v) => set(i, { creditPoints: Number(v) || 0 })}
            />
            <TextInput
              label={t('agreements.grade')}
              w={110}
              value={r.grade}
              disabled={!r.recognised}
              onChange={(e) => set(i, { grade: e.currentTarget.value })}
            />
          </Group>
        ))}
        <TextInput
          label={t('agreements.overallGrade')}
          w={160}
          value={grade}
          onChange={(e) => setGrade(e.currentTarget.value)}
        />
        <Textarea
          label={t('agreements.comment')}
          autosize
          minRows={2}
          value={comment}
          onChange={(e) => setComment(e.currentTarget.value)}
        />
        <Group justify="flex-end">
          <Button type="submit" loading={save.isPending}>
            {t('agreements.recordRecognition')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

function Documents({
  placementId,
  learnerId,
  a,
  placementStatus,
}: {
  placementId: string;
  learnerId: string;
  a: AgreementAssessments;
  placementStatus: PlacementStatus;
}) {
  const { t } = useTranslation();
  const final = a.stages.find((s) => s.stage === 'final');
  const docs = [
    ...(a.recognition ? (['transcript'] as const) : []),
    ...(final?.status === 'validated' ? (['europass'] as const) : []),
    ...(['completed', 'recognised', 'closed'].includes(placementStatus) ? (['attendance'] as const) : []),
  ];
  if (docs.length === 0) return null;
  return (
    <Stack gap={4}>
      <Text fw={600}>{t('agreements.documentsTitle')}</Text>
      {docs.map((d) => (
        <Group key={d} gap="sm">
          <Text size="sm" w={260}>
            {t(`agreements.documents.${d}`)}
          </Text>
          {(['lv', 'en'] as const).map((lang) => (
            <Anchor
              key={lang}
              size="sm"
              href={`/api/placements/${placementId}/documents/${d}?userId=${learnerId}&lang=${lang}`}
              download
            >
              PDF {lang.toUpperCase()}
            </Anchor>
          ))}
        </Group>
      ))}
    </Stack>
  );
}
