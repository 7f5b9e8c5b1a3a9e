import {
  ActionIcon,
  Badge,
  Button,
  Card,
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
import { queryOptions, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { getRouteApi, useNavigate } from '@tanstack/react-router';
import { type OutcomeKind, outcomeKinds, type UnitDetails, type UnitInput, unitInput } from '@tilts/shared';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { FormAlert, LoadError, Loading } from '../../components/feedback.tsx';
import { RouterAnchor } from '../../components/links.tsx';
import { PageHeader } from '../../components/PageHeader.tsx';
import { currentLocale } from '../../i18n/index.ts';
import { hasRole, registerWriters } from '../../lib/access.ts';
import { ApiRequestError, api } from '../../lib/api.ts';
import { type FieldErrors, useForm } from '../../lib/forms.ts';
import { useMe } from '../../lib/me-context.ts';
import { splitErrors, validateDeep } from '../../lib/nested-errors.ts';
import { levels } from './QualificationForm.tsx';
import { qualificationQuery, refusal } from './QualificationPage.tsx';

const unitRoute = getRouteApi('/app/catalogue/units/$unitId');
const newUnitRoute = getRouteApi('/app/catalogue/$qualificationId/units/new');

const unitQuery = (id: string) =>
  queryOptions({
    queryKey: ['units', id],
    queryFn: () => api.get<UnitDetails>(`/api/catalogue/units/${id}`),
  });

interface OutcomeDraft {
  key: string;
  id?: string;
  kind: OutcomeKind;
  text: string;
  textEn: string;
  assessmentCriteria: string;
}

let nextKey = 0;
const draftKey = () => `o${++nextKey}`;

function fieldsOf(u?: UnitDetails, eqfLevel?: number) {
  return {
    code: u?.code ?? '',
    title: u?.title ?? '',
    titleEn: u?.titleEn ?? '',
    eqfLevel: String(u?.eqfLevel ?? eqfLevel ?? 4),
    creditPoints: u ? String(u.creditPoints).replace('.', currentLocale() === 'lv' ? ',' : '.') : '',
  };
}
const outcomesOf = (u?: UnitDetails): OutcomeDraft[] =>
  (u?.outcomes ?? []).map((o) => ({
    key: draftKey(),
    id: o.id,
    kind: o.kind,
    text: o.text,
    textEn: o.textEn,
    assessmentCriteria: o.assessmentCriteria,
  }));

/** A unit and its ordered learning outcomes: add, change, move up or down, remove; saved together. */
function UnitForm({
  unit,
  qualificationId,
  eqfLevel,
  onSaved,
  onCancel,
}: {
  unit?: UnitDetails;
  qualificationId: string;
  eqfLevel?: number;
  onSaved: (saved: UnitDetails) => void;
  onCancel: () => void;
}) {
  const { t } = useTranslation();
  const form = useForm(fieldsOf(unit, eqfLevel));
  const [outcomes, setOutcomes] = useState<OutcomeDraft[]>(() => outcomesOf(unit));
  const [outcomeErrors, setOutcomeErrors] = useState<FieldErrors>({});
  const [lockVersion, setLockVersion] = useState(unit?.lockVersion ?? 1);
  const [stale, setStale] = useState(false);

  const save = useMutation({
    mutationFn: (body: UnitInput) =>
      unit
        ? api.put<UnitDetails>(`/api/catalogue/units/${unit.id}`, { ...body, lockVersion })
        : api.post<UnitDetails>(`/api/catalogue/qualifications/${qualificationId}/units`, body),
    onSuccess: (saved) => {
      // New outcomes now have ids, and the next save starts from the saved version.
      form.setValues(fieldsOf(saved));
      setOutcomes(outcomesOf(saved));
      setLockVersion(saved.lockVersion);
      onSaved(saved);
    },
    onError: (error) => {
      if (error instanceof ApiRequestError) {
        const { top, nested } = splitErrors(error.fields, 'outcomes');
        setOutcomeErrors(nested);
        const isStale = error.code === 'conflict' && Boolean(error.fields.lockVersion);
        setStale(isStale);
        // A stale save has one message that says it all; others get the general one too.
        form.showErrors(top, isStale ? null : error.message);
      } else form.fail(error);
    },
  });
  const reload = useMutation({ mutationFn: () => api.get<UnitDetails>(`/api/catalogue/units/${unit?.id}`) });

  async function resolve(keepMine: boolean) {
    const latest = await reload.mutateAsync();
    if (!keepMine) {
      form.setValues(fieldsOf(latest));
      setOutcomes(outcomesOf(latest));
      setOutcomeErrors({});
    }
    setLockVersion(latest.lockVersion);
    setStale(false);
    form.setFormError(null);
  }

  const body = () => ({ ...form.values, outcomes: outcomes.map(({ key: _k, ...o }) => o) });

  function submit(event: FormEvent) {
    event.preventDefault();
    const result = validateDeep(unitInput, body(), currentLocale());
    if (!result.ok) {
      const { top, nested } = splitErrors(result.errors, 'outcomes');
      setOutcomeErrors(nested);
      form.showErrors(top, null);
      return;
    }
    save.mutate(body() as UnitInput);
  }

  const change = (index: number, patch: Partial<OutcomeDraft>) => {
    setOutcomes((list) => list.map((o, i) => (i === index ? { ...o, ...patch } : o)));
    const keys = Object.keys(patch).map((k) => `outcomes.${index}.${k}`);
    setOutcomeErrors((errors) =>
      Object.fromEntries(Object.entries(errors).filter(([k]) => !keys.includes(k))),
    );
  };
  const move = (index: number, by: number) => {
    setOutcomes((list) => {
      const next = [...list];
      const [item] = next.splice(index, 1);
      if (item) next.splice(index + by, 0, item);
      return next;
    });
    setOutcomeErrors({});
  };

  return (
    <form ref={form.formRef} onSubmit={submit} noValidate>
      <Stack>
        <FormAlert message={form.formError}>
          {stale && (
            <Group mt="xs" gap="xs">
              <Button
                size="xs"
                variant="default"
                loading={reload.isPending}
                onClick={() => void resolve(true)}
              >
                {t('catalogue.keepMine')}
              </Button>
              <Button
                size="xs"
                variant="default"
                loading={reload.isPending}
                onClick={() => void resolve(false)}
              >
                {t('catalogue.loadSaved')}
              </Button>
            </Group>
          )}
        </FormAlert>
        <SimpleGrid cols={{ base: 1, sm: 2 }}>
          <TextInput label={t('catalogue.unitCode')} required {...form.input('code')} />
          <TextInput label={t('catalogue.unitTitle')} required {...form.input('title')} />
          <TextInput label={t('catalogue.titleEn')} lang="en" {...form.input('titleEn')} />
          <SimpleGrid cols={2}>
            <NativeSelect
              label={t('catalogue.eqfLevel')}
              required
              data={levels}
              {...form.input('eqfLevel')}
            />
            <TextInput
              label={t('catalogue.creditPoints')}
              description={t('catalogue.creditPointsHint')}
              inputMode="decimal"
              {...form.input('creditPoints')}
            />
          </SimpleGrid>
        </SimpleGrid>

        <Title order={2} size="h4" mt="sm">
          {t('catalogue.outcomes')}
        </Title>
        {outcomes.length === 0 && (
          <Text size="sm" c="dimmed">
            {t('catalogue.noOutcomes')}
          </Text>
        )}
        {outcomes.map((o, i) => {
          const err = (field: string) => outcomeErrors[`outcomes.${i}.${field}`];
          const label = t('catalogue.outcomeN', { n: i + 1 });
          return (
            <Card key={o.key} withBorder padding="md" component="fieldset" style={{ margin: 0 }}>
              <Text component="legend" fw={600} size="sm" px={4}>
                {label}
              </Text>
              <Stack gap="sm">
                <Group justify="space-between" align="flex-end">
                  <NativeSelect
                    label={t('catalogue.outcomeKind')}
                    value={o.kind}
                    error={err('kind')}
                    onChange={(e) => change(i, { kind: e.currentTarget.value as OutcomeKind })}
                    data={outcomeKinds.map((k) => ({ value: k, label: t(`catalogue.kinds.${k}`) }))}
                    style={{ flex: '1 1 14rem' }}
                  />
                  <Group gap={4}>
                    <ActionIcon
                      variant="default"
                      size="lg"
                      disabled={i === 0}
                      onClick={() => move(i, -1)}
                      aria-label={`${t('catalogue.moveUp')}: ${label}`}
                    >
                      ↑
                    </ActionIcon>
                    <ActionIcon
                      variant="default"
                      size="lg"
                      disabled={i === outcomes.length - 1}
                      onClick={() => move(i, 1)}
                      aria-label={`${t('catalogue.moveDown')}: ${label}`}
                    >
                      ↓
                    </ActionIcon>
                    <Button
                      size="xs"
                      variant="subtle"
                      color="red"
                      onClick={() => {
                        setOutcomes((list) => list.filter((_, j) => j !== i));
                        setOutcomeErrors({});
                      }}
                    >
                      {t('catalogue.removeOutcome')}
                    </Button>
                  </Group>
                </Group>
                <Textarea
                  label={t('catalogue.outcomeText')}
                  required
                  autosize
                  minRows={2}
                  value={o.text}
                  error={err('text')}
                  onChange={(e) => change(i, { text: e.currentTarget.value })}
                />
                <Textarea
                  label={t('catalogue.outcomeTextEn')}
                  lang="en"
                  autosize
                  minRows={1}
                  value={o.textEn}
                  error={err('textEn')}
                  onChange={(e) => change(i, { textEn: e.currentTarget.value })}
                />
                <Textarea
                  label={t('catalogue.assessmentCriteria')}
                  autosize
                  minRows={1}
                  value={o.assessmentCriteria}
                  error={err('assessmentCriteria')}
                  onChange={(e) => change(i, { assessmentCriteria: e.currentTarget.value })}
                />
              </Stack>
            </Card>
          );
        })}
        <Group>
          <Button
            variant="default"
            onClick={() =>
              setOutcomes((list) => [
                ...list,
                { key: draftKey(), kind: 'knowledge', text: '', textEn: '', assessmentCriteria: '' },
              ])
            }
          >
            {t('catalogue.addOutcome')}
          </Button>
        </Group>
        <Group justify="flex-end" mt="md">
          <Button variant="default" onClick={onCancel}>
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

function UnitView({ unit }: { unit: UnitDetails }) {
  const { t } = useTranslation();
  return (
    <Stack>
      <Text>
        {t('catalogue.eqfLevel')}: {unit.eqfLevel} · {t('catalogue.creditPoints')}:{' '}
        {unit.creditPoints.toLocaleString(currentLocale())}
      </Text>
      <Title order={2} size="h4">
        {t('catalogue.outcomes')}
      </Title>
      {unit.outcomes.length === 0 && <Text c="dimmed">{t('catalogue.noOutcomes')}</Text>}
      <Stack component="ol" gap="sm" pl="md">
        {unit.outcomes.map((o) => (
          <li key={o.id}>
            <Badge variant="light" mr="xs">
              {t(`catalogue.kinds.${o.kind}`)}
            </Badge>
            <Text span>{o.text}</Text>
            {o.assessmentCriteria && (
              <Text size="sm" c="dimmed">
                {t('catalogue.assessmentCriteria')}: {o.assessmentCriteria}
              </Text>
            )}
          </li>
        ))}
      </Stack>
    </Stack>
  );
}

export function UnitPage() {
  const { t } = useTranslation();
  const me = useMe();
  const canWrite = hasRole(me, registerWriters);
  const { unitId } = unitRoute.useParams();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const query = useQuery(unitQuery(unitId));
  const [confirming, setConfirming] = useState(false);

  const remove = useMutation({
    mutationFn: () => api.delete(`/api/catalogue/units/${unitId}`),
    onSuccess: async () => {
      const qualificationId = query.data?.qualificationId ?? '';
      notifications.show({ color: 'teal', message: t('catalogue.deleted') });
      queryClient.removeQueries({ queryKey: ['units', unitId] });
      await queryClient.invalidateQueries({ queryKey: ['qualifications'] });
      await navigate({ to: '/catalogue/$qualificationId', params: { qualificationId } });
    },
    onError: (error) => {
      setConfirming(false);
      notifications.show({ color: 'red', message: refusal(error) });
    },
  });

  if (query.isPending) return <Loading />;
  if (query.isError) return <LoadError error={query.error} onRetry={() => void query.refetch()} />;
  const unit = query.data;
  const back = (
    <RouterAnchor
      to="/catalogue/$qualificationId"
      params={{ qualificationId: unit.qualificationId }}
      size="sm"
    >
      ← {t('catalogue.backToQualification', { name: unit.qualificationTitle })}
    </RouterAnchor>
  );
  return (
    <>
      {back}
      <PageHeader
        title={`${unit.title} (${unit.code})`}
        intro={unit.titleEn || undefined}
        actions={
          canWrite && (
            <Button variant="default" color="red" onClick={() => setConfirming(true)}>
              {t('catalogue.delete')}
            </Button>
          )
        }
      />
      <Card withBorder padding="lg" maw={960}>
        {canWrite ? (
          <UnitForm
            unit={unit}
            qualificationId={unit.qualificationId}
            onCancel={() =>
              void navigate({
                to: '/catalogue/$qualificationId',
                params: { qualificationId: unit.qualificationId },
              })
            }
            onSaved={(saved) => {
              queryClient.setQueryData(unitQuery(unitId).queryKey, saved);
              void queryClient.invalidateQueries({ queryKey: ['qualifications'] });
              notifications.show({ color: 'teal', message: t('catalogue.unitSaved') });
            }}
          />
        ) : (
          <UnitView unit={unit} />
        )}
      </Card>
      <Modal
        opened={confirming}
        onClose={() => setConfirming(false)}
        title={t('catalogue.deleteTitle', { name: unit.title })}
      >
        <Stack>
          <Text size="sm">{t('catalogue.deleteUnitText')}</Text>
          <Group justify="flex-end">
            <Button variant="default" onClick={() => setConfirming(false)} data-autofocus>
              {t('common.cancel')}
            </Button>
            <Button color="red" loading={remove.isPending} onClick={() => remove.mutate()}>
              {t('catalogue.delete')}
            </Button>
          </Group>
        </Stack>
      </Modal>
    </>
  );
}

export function NewUnitPage() {
  const { t } = useTranslation();
  const { qualificationId } = newUnitRoute.useParams();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const qualification = useQuery(qualificationQuery(qualificationId));
  if (qualification.isPending) return <Loading />;
  if (qualification.isError)
    return <LoadError error={qualification.error} onRetry={() => void qualification.refetch()} />;
  const toQualification = () =>
    void navigate({ to: '/catalogue/$qualificationId', params: { qualificationId } });
  return (
    <>
      <RouterAnchor to="/catalogue/$qualificationId" params={{ qualificationId }} size="sm">
        ← {t('catalogue.backToQualification', { name: qualification.data.title })}
      </RouterAnchor>
      <PageHeader title={t('catalogue.newUnitTitle')} intro={qualification.data.title} />
      <Card withBorder padding="lg" maw={960}>
        <UnitForm
          qualificationId={qualificationId}
          eqfLevel={qualification.data.eqfLevel}
          onCancel={toQualification}
          onSaved={(saved) => {
            queryClient.setQueryData(unitQuery(saved.id).queryKey, saved);
            void queryClient.invalidateQueries({ queryKey: ['qualifications'] });
            notifications.show({ color: 'teal', message: t('catalogue.unitCreated') });
            void navigate({ to: '/catalogue/units/$unitId', params: { unitId: saved.id } });
          }}
        />
      </Card>
    </>
  );
}
