import {
  Button,
  Card,
  Checkbox,
  Group,
  SegmentedControl,
  SimpleGrid,
  Stack,
  Text,
  Textarea,
  TextInput,
  Title,
} from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import {
  type AgreementDetail,
  type AgreementDraftInput,
  agreementDraftInput,
  type GradingScale,
  type OutcomePlace,
  type VersionDetail,
} from '@tilts/shared';
import { type FormEvent, type ReactNode, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { DateField } from '../../components/DateField.tsx';
import { FormAlert } from '../../components/feedback.tsx';
import { currentLocale } from '../../i18n/index.ts';
import { ApiRequestError, api, errorText } from '../../lib/api.ts';
import { type FieldErrors, validate } from '../../lib/forms.ts';
import { agreementQuery } from './queries.ts';

type Editable = Omit<AgreementDraftInput, 'lockVersion'>;

/** The editable part of a version, as the form starts from it. */
export function editableOf(v: VersionDetail): Editable {
  const c = v.content;
  return {
    startDate: c.period.startDate,
    endDate: c.period.endDate,
    units: c.units.map((u) => ({
      unitId: u.id,
      activities: u.activities,
      outcomes: u.outcomes.map((o) => ({ outcomeId: o.id, included: o.included, place: o.place })),
    })),
    hostMentor: { ...c.hostMentor },
    hostSignatory: { ...c.hostSignatory },
    schoolSignatory: { ...c.schoolSignatory },
    responsibilities: { ...c.responsibilities },
    insurance: c.insurance,
    assessmentMethod: c.assessment.method,
    grading: c.assessment.grading,
    recognition: c.recognition,
    notes: c.notes,
  };
}

function Section({ title, children }: { title: string; children: ReactNode }) {
  return (
    <Card withBorder padding="lg" component="fieldset" style={{ minWidth: 0 }}>
      <Title order={3} size="h5" mb="sm" component="legend" style={{ float: 'left', width: '100%' }}>
        {title}
      </Title>
      <Stack gap="sm" style={{ clear: 'both' }}>
        {children}
      </Stack>
    </Card>
  );
}

/**
 * The school's part of a draft: the period, the outcomes (and, for DVB, where each is learned), the
 * activities at the host, the people, the responsibilities, insurance and assessment. A save refused
 * because someone else saved first keeps everything typed here.
 */
export function AgreementEditor({
  agreement,
  version,
  onDone,
}: {
  agreement: AgreementDetail;
  version: VersionDetail;
  onDone: () => void;
}) {
  const { t } = useTranslation();
  const locale = currentLocale();
  const queryClient = useQueryClient();
  const [v, setV] = useState<Editable>(() => editableOf(version));
  const [lockVersion, setLockVersion] = useState(version.lockVersion);
  const [errors, setErrors] = useState<FieldErrors>({});
  const [formError, setFormError] = useState<string | null>(null);
  const [stale, setStale] = useState(false);
  const formRef = useRef<HTMLFormElement>(null);
  const c = version.content;
  const dvb = c.kind === 'learning_contract';

  const set = <K extends keyof Editable>(key: K, value: Editable[K]) =>
    setV((cur) => ({ ...cur, [key]: value }));
  const setIn = <K extends 'hostMentor' | 'hostSignatory' | 'schoolSignatory' | 'responsibilities'>(
    key: K,
    field: keyof Editable[K],
    value: string,
  ) => setV((cur) => ({ ...cur, [key]: { ...cur[key], [field]: value } }));
  const setUnit = (unitId: string, change: (u: Editable['units'][number]) => Editable['units'][number]) =>
    setV((cur) => ({ ...cur, units: cur.units.map((u) => (u.unitId === unitId ? change(u) : u)) }));

  const show = (fields: Record<string, string>, message: string | null) => {
    const own: FieldErrors = {};
    const other: string[] = [];
    for (const [k, text] of Object.entries(fields)) {
      if (k === 'lockVersion') other.push(text);
      else own[k] = text;
    }
    setErrors(own);
    setFormError([message, ...other, ...Object.values(own)].filter(Boolean).join(' ') || null);
    requestAnimationFrame(() => formRef.current?.querySelector<HTMLElement>('[role="alert"]')?.focus());
  };

  const save = useMutation({
    mutationFn: (body: AgreementDraftInput) =>
      api.put<AgreementDetail>(`/api/agreements/${agreement.id}/versions/${version.version}`, body),
    onSuccess: (saved) => {
      queryClient.setQueryData(agreementQuery(agreement.id).queryKey, saved);
      void queryClient.invalidateQueries({ queryKey: ['agreements', 'placement', agreement.placementId] });
      notifications.show({ color: 'teal', message: t('agreements.saved') });
      onDone();
    },
    onError: (error) => {
      if (error instanceof ApiRequestError) {
        setStale(error.status === 409 && 'lockVersion' in error.fields);
        show(error.fields, error.message);
      } else show({}, errorText(error));
    },
  });

  function submit(event: FormEvent) {
    event.preventDefault();
    const checked = validate(agreementDraftInput, { ...v, lockVersion }, locale);
    if (!checked.ok) return show(checked.errors as Record<string, string>, null);
    save.mutate(checked.data);
  }

  /** Takes the newest lock version and saves what is typed over it: the person decided, nothing lost. */
  async function saveOverNewest() {
    const fresh = await queryClient.fetchQuery({ ...agreementQuery(agreement.id), staleTime: 0 });
    setLockVersion(fresh.current.lockVersion);
    setStale(false);
    const checked = validate(agreementDraftInput, { ...v, lockVersion: fresh.current.lockVersion }, locale);
    if (checked.ok) save.mutate(checked.data);
  }

  const text = (
    label: string,
    value: string,
    onChange: (s: string) => void,
    extra: { error?: string; type?: string } = {},
  ) => <TextInput label={label} value={value} onChange={(e) => onChange(e.currentTarget.value)} {...extra} />;

  return (
    <form ref={formRef} onSubmit={submit} noValidate>
      <Stack>
        <FormAlert message={formError}>
          {stale && (
            <Button mt="xs" size="xs" variant="default" onClick={() => void saveOverNewest()}>
              {t('agreements.saveOverNewest')}
            </Button>
          )}
        </FormAlert>
        <Section title={t('agreements.fields.period')}>
          <SimpleGrid cols={{ base: 1, sm: 2 }}>
            <DateField
              label={t('agreements.fields.startDate')}
              required
              value={v.startDate}
              onChange={(d) => set('startDate', d)}
              error={errors.startDate}
            />
            <DateField
              label={t('agreements.fields.endDate')}
              required
              value={v.endDate}
              onChange={(d) => set('endDate', d)}
              error={errors.endDate}
            />
          </SimpleGrid>
        </Section>
        <Section title={dvb ? t('agreements.sections.individualPlan') : t('agreements.sections.outcomes')}>
          {c.units.length === 0 && (
            <Text size="sm" c="dimmed">
              {t('agreements.noUnits')}
            </Text>
          )}
          {c.units.map((unit) => {
            const edit = v.units.find((u) => u.unitId === unit.id);
            if (!edit) return null;
            return (
              <Stack key={unit.id} gap="xs">
                <Text fw={600} size="sm">
                  {unit.code} {unit.title} ·{' '}
                  {t('agreements.unitFacts', { eqf: unit.eqfLevel, credits: unit.creditPoints })}
                </Text>
                {unit.outcomes.map((o) => {
                  const oe = edit.outcomes.find((x) => x.outcomeId === o.id);
                  if (!oe) return null;
                  const setOutcome = (change: Partial<typeof oe>) =>
                    setUnit(unit.id, (u) => ({
                      ...u,
                      outcomes: u.outcomes.map((x) => (x.outcomeId === o.id ? { ...x, ...change } : x)),
                    }));
                  return (
                    <Group key={o.id} gap="sm" wrap="nowrap" align="flex-start" justify="space-between">
                      <Checkbox
                        label={o.text}
                        checked={oe.included}
                        onChange={(e) => setOutcome({ included: e.currentTarget.checked })}
                      />
                      {dvb && oe.included && (
                        <SegmentedControl
                          size="xs"
                          aria-label={t('agreements.placeLabel', { outcome: o.text })}
                          value={oe.place}
                          onChange={(p) => setOutcome({ place: p as OutcomePlace })}
                          data={[
                            { value: 'workplace', label: t('agreements.places.workplace') },
                            { value: 'school', label: t('agreements.places.school') },
                          ]}
                        />
                      )}
                    </Group>
                  );
                })}
                <Textarea
                  label={t('agreements.fields.activities')}
                  description={t('agreements.activitiesHint')}
                  autosize
                  minRows={2}
                  value={edit.activities}
                  onChange={(e) => {
                    const value = e.currentTarget.value;
                    setUnit(unit.id, (u) => ({ ...u, activities: value }));
                  }}
                />
              </Stack>
            );
          })}
        </Section>
        <Section title={t('agreements.sections.people')}>
          <Text size="sm" fw={500}>
            {t('agreements.fields.hostMentor')}
          </Text>
          <SimpleGrid cols={{ base: 1, sm: 2 }}>
            {text(t('agreements.fields.name'), v.hostMentor.name, (s) => setIn('hostMentor', 'name', s))}
            {text(t('agreements.fields.position'), v.hostMentor.position, (s) =>
              setIn('hostMentor', 'position', s),
            )}
            {text(t('agreements.fields.email'), v.hostMentor.email, (s) => setIn('hostMentor', 'email', s), {
              type: 'email',
            })}
            {text(t('agreements.fields.phone'), v.hostMentor.phone, (s) => setIn('hostMentor', 'phone', s))}
          </SimpleGrid>
          <Text size="sm" fw={500}>
            {t('agreements.fields.hostSignatory')}
          </Text>
          <Text size="xs" c="dimmed">
            {t('agreements.hostSignatoryHint')}
          </Text>
          <SimpleGrid cols={{ base: 1, sm: 3 }}>
            {text(t('agreements.fields.name'), v.hostSignatory.name, (s) =>
              setIn('hostSignatory', 'name', s),
            )}
            {text(t('agreements.fields.position'), v.hostSignatory.position, (s) =>
              setIn('hostSignatory', 'position', s),
            )}
            {text(
              t('agreements.fields.email'),
              v.hostSignatory.email,
              (s) => setIn('hostSignatory', 'email', s),
              { type: 'email' },
            )}
          </SimpleGrid>
          <Text size="sm" fw={500}>
            {t('agreements.fields.schoolSignatory')}
          </Text>
          <SimpleGrid cols={{ base: 1, sm: 2 }}>
            {text(t('agreements.fields.name'), v.schoolSignatory.name, (s) =>
              setIn('schoolSignatory', 'name', s),
            )}
            {text(t('agreements.fields.position'), v.schoolSignatory.position, (s) =>
              setIn('schoolSignatory', 'position', s),
            )}
          </SimpleGrid>
        </Section>
        <Section title={t('agreements.sections.responsibilities')}>
          {(['school', 'host', 'learner'] as const).map((k) => (
            <Textarea
              key={k}
              label={t(`agreements.fields.${k}Duties`)}
              autosize
              minRows={2}
              value={v.responsibilities[k]}
              onChange={(e) => setIn('responsibilities', k, e.currentTarget.value)}
            />
          ))}
        </Section>
        <Section title={t('agreements.sections.terms')}>
          <Textarea
            label={t('agreements.fields.insurance')}
            autosize
            minRows={1}
            value={v.insurance}
            onChange={(e) => set('insurance', e.currentTarget.value)}
          />
          <Textarea
            label={t('agreements.fields.assessmentMethod')}
            autosize
            minRows={2}
            value={v.assessmentMethod}
            onChange={(e) => set('assessmentMethod', e.currentTarget.value)}
          />
          <Stack gap={4}>
            <Text size="sm" fw={500} id="grading-label">
              {t('agreements.fields.grading')}
            </Text>
            <SegmentedControl
              aria-labelledby="grading-label"
              value={v.grading}
              onChange={(g) => set('grading', g as GradingScale)}
              data={[
                { value: 'scale_10', label: t('agreements.gradings.scale_10') },
                { value: 'pass_fail', label: t('agreements.gradings.pass_fail') },
              ]}
            />
          </Stack>
          <Textarea
            label={t('agreements.fields.recognition')}
            autosize
            minRows={2}
            value={v.recognition}
            onChange={(e) => set('recognition', e.currentTarget.value)}
          />
          <Textarea
            label={t('agreements.fields.notes')}
            autosize
            minRows={2}
            value={v.notes}
            onChange={(e) => set('notes', e.currentTarget.value)}
          />
        </Section>
        <Group justify="flex-end">
          <Button variant="default" onClick={onDone}>
            {t('common.cancel')}
          </Button>
          <Button type="submit" loading={save.isPending}>
            {t('agreements.saveDraft')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
