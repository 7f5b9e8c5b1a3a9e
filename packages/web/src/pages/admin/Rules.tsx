import {
  Alert,
  Button,
  Card,
  Checkbox,
  Group,
  Modal,
  NativeSelect,
  SegmentedControl,
  SimpleGrid,
  Stack,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { notifications } from '@mantine/notifications';
import { queryOptions, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import {
  activityTypeNames,
  type CreateRulesYearRequest,
  createRulesYearRequest,
  errorMessages,
  type MobilityRuleRow,
  type RulesList,
  type RulesYear,
  updateRulesRequest,
} from '@tilts/shared';
import { type FormEvent, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { FormAlert, LoadError, Loading } from '../../components/feedback.tsx';
import { PageHeader } from '../../components/PageHeader.tsx';
import { currentLocale } from '../../i18n/index.ts';
import { adminRoles, hasRole } from '../../lib/access.ts';
import { ApiRequestError, api, errorText } from '../../lib/api.ts';
import { type FieldErrors, useForm } from '../../lib/forms.ts';
import { useMe } from '../../lib/me-context.ts';
import { validateDeep } from '../../lib/nested-errors.ts';

const rulesQuery = queryOptions({ queryKey: ['rules'], queryFn: () => api.get<RulesList>('/api/rules') });

/** A rule as its form holds it: numbers as typed text, empty for "no limit". */
interface RuleDraft {
  activityType: MobilityRuleRow['activityType'];
  participants: MobilityRuleRow['participants'];
  minDays: string;
  maxDays: string;
  minLearners: string;
  needsAccompanyingStaff: boolean;
  graduateMonths: string;
  needsLinkedMobility: boolean;
}

const text = (n: number | null) => (n === null ? '' : String(n));
const draftsOf = (year: RulesYear): RuleDraft[] =>
  year.rules.map((r) => ({
    ...r,
    minDays: text(r.minDays),
    maxDays: text(r.maxDays),
    minLearners: text(r.minLearners),
    graduateMonths: text(r.graduateMonths),
  }));

function YearForm({ year, canEdit }: { year: RulesYear; canEdit: boolean }) {
  const { t } = useTranslation();
  const locale = currentLocale();
  const queryClient = useQueryClient();
  const [rules, setRules] = useState<RuleDraft[]>(() => draftsOf(year));
  const [errors, setErrors] = useState<FieldErrors>({});
  const [formError, setFormError] = useState<string | null>(null);
  const [confirmDelete, deleteModal] = useDisclosure(false);
  const formRef = useRef<HTMLFormElement>(null);
  const showProblems = (fields: FieldErrors, message: string | null) => {
    setErrors(fields);
    setFormError(message);
    requestAnimationFrame(() =>
      (
        formRef.current?.querySelector<HTMLElement>('[aria-invalid="true"]') ??
        formRef.current?.querySelector<HTMLElement>('[role="alert"]')
      )?.focus(),
    );
  };

  const body = () => ({ rules: rules.map(({ participants: _p, ...r }) => r) });
  const save = useMutation({
    mutationFn: () => api.put<RulesYear>(`/api/rules/${year.callYear}`, body()),
    onSuccess: (saved) => {
      setRules(draftsOf(saved));
      void queryClient.invalidateQueries({ queryKey: rulesQuery.queryKey });
      notifications.show({ color: 'teal', message: t('rules.saved', { year: year.callYear }) });
    },
    onError: (error) => {
      if (error instanceof ApiRequestError) showProblems(error.fields, error.message);
      else showProblems({}, errorText(error));
    },
  });
  const remove = useMutation({
    mutationFn: () => api.delete(`/api/rules/${year.callYear}`),
    onSuccess: () => {
      deleteModal.close();
      notifications.show({ color: 'teal', message: t('rules.deleted', { year: year.callYear }) });
      void queryClient.invalidateQueries({ queryKey: rulesQuery.queryKey });
    },
    onError: (error) => {
      deleteModal.close();
      const words = error instanceof ApiRequestError ? Object.values(error.fields).join(' ') : '';
      notifications.show({ color: 'red', message: words || errorText(error) });
    },
  });

  function submit(event: FormEvent) {
    event.preventDefault();
    const result = validateDeep(updateRulesRequest, body(), locale);
    if (!result.ok) {
      showProblems(result.errors, errorMessages[locale].validation_failed);
      return;
    }
    setErrors({});
    setFormError(null);
    save.mutate();
  }

  const change = (index: number, patch: Partial<RuleDraft>) => {
    setRules((list) => list.map((r, i) => (i === index ? { ...r, ...patch } : r)));
    const keys = Object.keys(patch).map((k) => `rules.${index}.${k}`);
    setErrors((all) => Object.fromEntries(Object.entries(all).filter(([k]) => !keys.includes(k))));
  };

  return (
    <form ref={formRef} onSubmit={submit} noValidate>
      <Stack>
        <FormAlert message={formError} />
        {rules.map((r, i) => {
          const err = (field: string) => errors[`rules.${i}.${field}`];
          const number = (field: 'minDays' | 'maxDays' | 'minLearners' | 'graduateMonths', label: string) => (
            <TextInput
              label={label}
              inputMode="numeric"
              value={r[field]}
              placeholder={
                field === 'graduateMonths'
                  ? t('rules.graduatesNo')
                  : field === 'minLearners'
                    ? undefined
                    : t('rules.noLimit')
              }
              error={err(field)}
              readOnly={!canEdit}
              onChange={(e) => change(i, { [field]: e.currentTarget.value })}
            />
          );
          return (
            <Card key={r.activityType} withBorder padding="md" component="fieldset" style={{ margin: 0 }}>
              <Text component="legend" fw={600} px={4}>
                {activityTypeNames[locale][r.activityType]}{' '}
                <Text span size="sm" c="dimmed" fw={400}>
                  ({t(`rules.participants.${r.participants}`)})
                </Text>
              </Text>
              <SimpleGrid cols={{ base: 2, sm: 4 }}>
                {number('minDays', t('rules.minDays'))}
                {number('maxDays', t('rules.maxDays'))}
                {r.participants === 'learners' && number('minLearners', t('rules.minLearners'))}
                {r.participants === 'learners' && number('graduateMonths', t('rules.graduateMonths'))}
              </SimpleGrid>
              <Group mt="sm" gap="lg">
                <Checkbox
                  label={t('rules.accompanying')}
                  checked={r.needsAccompanyingStaff}
                  disabled={!canEdit}
                  onChange={(e) => change(i, { needsAccompanyingStaff: e.currentTarget.checked })}
                />
                <Checkbox
                  label={t('rules.linked')}
                  checked={r.needsLinkedMobility}
                  disabled={!canEdit}
                  onChange={(e) => change(i, { needsLinkedMobility: e.currentTarget.checked })}
                />
              </Group>
            </Card>
          );
        })}
        {canEdit && (
          <Group justify="space-between">
            <Button variant="subtle" color="red" onClick={deleteModal.open}>
              {t('rules.deleteYear', { year: year.callYear })}
            </Button>
            <Button type="submit" loading={save.isPending}>
              {t('rules.save', { year: year.callYear })}
            </Button>
          </Group>
        )}
      </Stack>
      <Modal
        opened={confirmDelete}
        onClose={deleteModal.close}
        title={t('rules.deleteYearTitle', { year: year.callYear })}
      >
        <Stack>
          <Text size="sm">{t('rules.deleteYearText')}</Text>
          <Group justify="flex-end">
            <Button variant="default" onClick={deleteModal.close} data-autofocus>
              {t('common.cancel')}
            </Button>
            <Button color="red" loading={remove.isPending} onClick={() => remove.mutate()}>
              {t('rules.deleteYear', { year: year.callYear })}
            </Button>
          </Group>
        </Stack>
      </Modal>
    </form>
  );
}

function AddYearForm({
  years,
  onAdded,
  onCancel,
}: {
  years: number[];
  onAdded: (year: number) => void;
  onCancel: () => void;
}) {
  const { t } = useTranslation();
  const latest = years[0] ?? new Date().getFullYear() - 1;
  const form = useForm({ callYear: String(latest + 1), copyFrom: years.length ? String(latest) : '' });
  const add = useMutation({
    mutationFn: (body: CreateRulesYearRequest) => api.post<RulesYear>('/api/rules', body),
    onSuccess: (created) => onAdded(created.callYear),
    onError: form.fail,
  });
  function submit(event: FormEvent) {
    event.preventDefault();
    const body = form.check(createRulesYearRequest, {
      callYear: form.values.callYear,
      ...(form.values.copyFrom ? { copyFrom: form.values.copyFrom } : {}),
    });
    if (body) add.mutate(body);
  }
  return (
    <form ref={form.formRef} onSubmit={submit} noValidate>
      <Stack>
        <FormAlert message={form.formError} />
        <TextInput
          label={t('rules.year')}
          required
          inputMode="numeric"
          data-autofocus
          {...form.input('callYear')}
        />
        <NativeSelect
          label={t('rules.copyFrom')}
          data={[
            ...years.map((y) => ({ value: String(y), label: t('rules.yearN', { year: y }) })),
            { value: '', label: t('rules.copyDefaults') },
          ]}
          {...form.input('copyFrom')}
        />
        <Group justify="flex-end">
          <Button variant="default" onClick={onCancel}>
            {t('common.cancel')}
          </Button>
          <Button type="submit" loading={add.isPending}>
            {t('rules.addYear')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

export function RulesPage() {
  const { t } = useTranslation();
  const me = useMe();
  const canEdit = hasRole(me, adminRoles);
  const query = useQuery(rulesQuery);
  const queryClient = useQueryClient();
  const [chosen, setChosen] = useState<number | null>(null);
  const [adding, addModal] = useDisclosure(false);

  if (query.isPending) return <Loading />;
  if (query.isError) return <LoadError error={query.error} onRetry={() => void query.refetch()} />;
  const years = query.data.years;
  const thisYear = new Date().getFullYear();
  const shown =
    years.find((y) => y.callYear === chosen) ?? years.find((y) => y.callYear === thisYear) ?? years[0];

  return (
    <>
      <PageHeader
        title={t('rules.title')}
        intro={t('rules.intro')}
        actions={canEdit && <Button onClick={addModal.open}>{t('rules.addYear')}</Button>}
      />
      {!canEdit && (
        <Alert color="gray" variant="light" mb="md">
          {t('rules.readOnly')}
        </Alert>
      )}
      {!shown ? (
        <Text c="dimmed">{t('rules.empty')}</Text>
      ) : (
        <Stack>
          <Stack gap={4}>
            <Text size="sm" fw={500} id="rules-year-label">
              {t('rules.year')}
            </Text>
            <SegmentedControl
              aria-labelledby="rules-year-label"
              value={String(shown.callYear)}
              onChange={(value) => setChosen(Number(value))}
              data={years.map((y) => ({ value: String(y.callYear), label: String(y.callYear) }))}
              style={{ alignSelf: 'flex-start', maxWidth: '100%', overflowX: 'auto' }}
            />
          </Stack>
          <Title order={2} size="h3">
            {t('rules.yearN', { year: shown.callYear })}
          </Title>
          <YearForm key={shown.callYear} year={shown} canEdit={canEdit} />
        </Stack>
      )}
      <Modal opened={adding} onClose={addModal.close} title={t('rules.addYearTitle')}>
        {adding && (
          <AddYearForm
            years={years.map((y) => y.callYear)}
            onCancel={addModal.close}
            onAdded={(year) => {
              addModal.close();
              setChosen(year);
              notifications.show({ color: 'teal', message: t('rules.added', { year }) });
              void queryClient.invalidateQueries({ queryKey: rulesQuery.queryKey });
            }}
          />
        )}
      </Modal>
    </>
  );
}
