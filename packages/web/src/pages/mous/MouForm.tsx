import {
  ActionIcon,
  Alert,
  Button,
  Card,
  Group,
  MultiSelect,
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
import {
  countryName,
  type FieldIssue,
  fieldMessage,
  type Locale,
  locales,
  type MouDetail,
  type MouOptions,
  mouDraftRequest,
  mouUpdateRequest,
} from '@tilts/shared';
import { type FormEvent, type ReactNode, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { FormAlert, LoadError, Loading } from '../../components/feedback.tsx';
import { RouterAnchor } from '../../components/links.tsx';
import { PageHeader } from '../../components/PageHeader.tsx';
import { currentLocale } from '../../i18n/index.ts';
import { ApiRequestError, api, errorText } from '../../lib/api.ts';
import { mouDetailQuery } from './MouDetail.tsx';

const optionsQuery = queryOptions({
  queryKey: ['mous', 'options'],
  queryFn: () => api.get<MouOptions>('/api/mous/options'),
});

const partyFields = [
  'organisationName',
  'country',
  'address',
  'phone',
  'website',
  'contactName',
  'contactPosition',
  'signatoryName',
  'signatoryPosition',
  'signatoryEmail',
] as const;
type PartyField = (typeof partyFields)[number];
type PartnerState = Record<PartyField, string> & { partnerId: string; locale: Locale };
const schoolFields = [
  'phone',
  'website',
  'contactName',
  'contactPosition',
  'signatoryName',
  'signatoryPosition',
  'signatoryEmail',
] as const;
type SchoolField = (typeof schoolFields)[number];

const textFields = [
  'objectives',
  'assessment',
  'documentation',
  'validation',
  'recognition',
  'responsibilities',
  'evaluation',
] as const;

interface FormState {
  title: string;
  objectives: string;
  assessment: string;
  documentation: string;
  validation: string;
  recognition: string;
  responsibilities: string;
  evaluation: string;
  qualificationIds: string[];
  unitIds: string[];
  minDurationDays: string;
  maxDurationDays: string;
  validFrom: string;
  validUntil: string;
  school: Record<SchoolField, string>;
  partners: PartnerState[];
}

function emptyState(): FormState {
  return {
    title: '',
    objectives: '',
    assessment: '',
    documentation: '',
    validation: '',
    recognition: '',
    responsibilities: '',
    evaluation: '',
    qualificationIds: [],
    unitIds: [],
    minDurationDays: '',
    maxDurationDays: '',
    validFrom: '',
    validUntil: '',
    school: Object.fromEntries(schoolFields.map((f) => [f, ''])) as Record<SchoolField, string>,
    partners: [],
  };
}

function stateFrom(mou: MouDetail): FormState {
  const school = mou.parties.find((p) => p.isSchool);
  return {
    title: mou.title,
    objectives: mou.objectives,
    assessment: mou.assessment,
    documentation: mou.documentation,
    validation: mou.validation,
    recognition: mou.recognition,
    responsibilities: mou.responsibilities,
    evaluation: mou.evaluation,
    qualificationIds: mou.qualificationIds,
    unitIds: mou.unitIds,
    minDurationDays: mou.minDurationDays ? String(mou.minDurationDays) : '',
    maxDurationDays: mou.maxDurationDays ? String(mou.maxDurationDays) : '',
    validFrom: mou.validFrom ?? '',
    validUntil: mou.validUntil ?? '',
    school: Object.fromEntries(schoolFields.map((f) => [f, school?.[f] ?? ''])) as Record<
      SchoolField,
      string
    >,
    partners: mou.parties
      .filter((p) => !p.isSchool)
      .map((p) => ({
        ...(Object.fromEntries(partyFields.map((f) => [f, p[f]])) as Record<PartyField, string>),
        partnerId: p.partnerId ?? '',
        locale: p.locale,
      })),
  };
}

function numberOrNull(value: string): number | null {
  return value.trim() === '' ? null : Number(value);
}

/** The request body: every field as the form shows it, so the server keeps exactly what was typed. */
function bodyOf(state: FormState) {
  return {
    ...state,
    minDurationDays: numberOrNull(state.minDurationDays),
    maxDurationDays: numberOrNull(state.maxDurationDays),
    validFrom: state.validFrom || null,
    validUntil: state.validUntil || null,
  };
}

type Errors = Record<string, string>;

function FormSection({ title, children }: { title: string; children: ReactNode }) {
  return (
    <Card withBorder padding="lg" component="section" aria-label={title}>
      <Title order={2} size="h4" mb="sm">
        {title}
      </Title>
      <Stack>{children}</Stack>
    </Card>
  );
}

function MouForm({
  options,
  initial,
  mou,
}: {
  options: MouOptions;
  initial: FormState;
  /** The draft being edited; none for a new one. */
  mou?: MouDetail;
}) {
  const { t } = useTranslation();
  const locale = currentLocale();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const [state, setState] = useState<FormState>(initial);
  const [errors, setErrors] = useState<Errors>({});
  const [formError, setFormError] = useState<string | null>(null);
  const [adding, setAdding] = useState('');
  // The version this editor started from; a background refetch must not move it, or a save would
  // silently overwrite someone else's change.
  const [lockVersion] = useState(mou?.lockVersion);
  const formRef = useRef<HTMLFormElement>(null);

  const focusFirstProblem = () =>
    requestAnimationFrame(() => {
      const form = formRef.current;
      (
        form?.querySelector<HTMLElement>('[aria-invalid="true"]') ??
        form?.querySelector<HTMLElement>('[role="alert"]')
      )?.focus();
    });

  const clear = (key: string) =>
    setErrors((current) => {
      if (current[key] === undefined) return current;
      const { [key]: _, ...rest } = current;
      return rest;
    });
  const set = <K extends keyof FormState>(key: K, value: FormState[K]) => {
    setState((s) => ({ ...s, [key]: value }));
    clear(key);
  };
  const setSchool = (key: SchoolField, value: string) => {
    setState((s) => ({ ...s, school: { ...s.school, [key]: value } }));
    clear(`school.${key}`);
  };
  const setPartner = (index: number, key: PartyField | 'locale', value: string) => {
    setState((s) => ({
      ...s,
      partners: s.partners.map((p, i) => (i === index ? { ...p, [key]: value } : p)),
    }));
    clear(`partners.${index}.${key}`);
  };

  /** Shows problems by field path ("partners.1.signatoryEmail"); others go above the form. */
  function show(fields: Errors, message: string | null) {
    const known = new Set<string>([
      'title',
      ...textFields,
      'qualificationIds',
      'unitIds',
      'minDurationDays',
      'maxDurationDays',
      'validFrom',
      'validUntil',
      ...schoolFields.map((f) => `school.${f}`),
      ...state.partners.flatMap((_, i) =>
        [...partyFields, 'locale', 'partnerId'].map((f) => `partners.${i}.${f}`),
      ),
    ]);
    const own: Errors = {};
    const other: string[] = [];
    for (const [key, text] of Object.entries(fields)) {
      if (known.has(key)) own[key] = text;
      else other.push(text);
    }
    setErrors(own);
    const lines = [message, ...other].filter(Boolean);
    setFormError(lines.length ? lines.join(' ') : null);
    focusFirstProblem();
  }

  const save = useMutation({
    mutationFn: (body: unknown) =>
      mou
        ? api.put<MouDetail>(`/api/mous/${mou.id}`, body).then((d) => d.id)
        : api.post<{ id: string }>('/api/mous', body).then((r) => r.id),
    onSuccess: async (id) => {
      void queryClient.invalidateQueries({ queryKey: ['mous'] });
      notifications.show({ color: 'teal', message: mou ? t('mous.form.saved') : t('mous.form.created') });
      await navigate({ to: '/mous/$id', params: { id } });
    },
    // What was typed stays in the form, whatever the refusal (a stale version included).
    onError: (error) =>
      error instanceof ApiRequestError ? show(error.fields, error.message) : show({}, errorText(error)),
  });

  function submit(event: FormEvent) {
    event.preventDefault();
    const body = mou ? { ...bodyOf(state), lockVersion } : bodyOf(state);
    const result = (mou ? mouUpdateRequest : mouDraftRequest).safeParse(body);
    if (!result.success) {
      const fields: Errors = {};
      for (const issue of result.error.issues) {
        const key = issue.path.join('.');
        fields[key] ??= fieldMessage(issue as FieldIssue, locale);
      }
      show(fields, t('mous.form.problems'));
      return;
    }
    setErrors({});
    setFormError(null);
    save.mutate(result.data);
  }

  const available = options.partners.filter((p) => !state.partners.some((s) => s.partnerId === p.id));
  function addPartner() {
    const p = options.partners.find((o) => o.id === adding);
    if (!p) return;
    setState((s) => ({
      ...s,
      partners: [
        ...s.partners,
        {
          partnerId: p.id,
          organisationName: p.legalName,
          country: p.country,
          address: p.address,
          phone: p.phone,
          website: p.website,
          contactName: p.contactName,
          contactPosition: p.contactPosition,
          signatoryName: p.contactName,
          signatoryPosition: p.contactPosition,
          signatoryEmail: p.contactEmail.toLowerCase(),
          locale: p.country === 'LV' ? 'lv' : 'en',
        },
      ],
    }));
    setAdding('');
    clear('partners');
  }
  function removePartner(index: number) {
    setState((s) => ({ ...s, partners: s.partners.filter((_, i) => i !== index) }));
    // Positions move up: field errors no longer point at the right card.
    setErrors({});
  }

  const chosenQualifications = new Set(state.qualificationIds);
  const unitOptions = options.units.filter(
    (u) => chosenQualifications.has(u.qualificationId ?? '') || state.unitIds.includes(u.id),
  );
  const entryLabel = (e: { code: string; title: string; titleEn: string }) =>
    `${e.code} ${locale === 'en' && e.titleEn ? e.titleEn : e.title}`;

  const text = (name: (typeof textFields)[number], label: string, required = false) => (
    <Textarea
      label={label}
      name={name}
      required={required}
      autosize
      minRows={3}
      value={state[name]}
      error={errors[name]}
      onChange={(event) => set(name, event.currentTarget.value)}
    />
  );

  return (
    <form ref={formRef} onSubmit={submit} noValidate>
      <Stack gap="lg">
        <FormAlert message={formError} />
        <FormSection title={t('mous.form.contents')}>
          <TextInput
            label={t('mous.form.titleField')}
            name="title"
            required
            value={state.title}
            error={errors.title}
            onChange={(event) => set('title', event.currentTarget.value)}
          />
          {text('objectives', t('mous.sections.objectives'), true)}
        </FormSection>

        <FormSection title={t('mous.sections.parties')}>
          <Card withBorder padding="md" bg="gray.0">
            <Stack gap="xs">
              <Text fw={600}>{options.school.name}</Text>
              <Text size="xs" c="dimmed">
                {t('mous.party.schoolDetailsHint')} {countryName(options.school.country, locale)}
                {options.school.address ? ` · ${options.school.address}` : ''}
              </Text>
              <SimpleGrid cols={{ base: 1, sm: 2 }}>
                {schoolFields.map((f) => (
                  <TextInput
                    key={f}
                    label={t(`mous.party.${f}`)}
                    name={`school.${f}`}
                    type={f === 'signatoryEmail' ? 'email' : undefined}
                    value={state.school[f]}
                    error={errors[`school.${f}`]}
                    onChange={(event) => setSchool(f, event.currentTarget.value)}
                  />
                ))}
              </SimpleGrid>
            </Stack>
          </Card>
          {state.partners.map((p, i) => (
            <Card
              key={p.partnerId}
              withBorder
              padding="md"
              component="fieldset"
              aria-label={p.organisationName}
            >
              <Stack gap="xs">
                <Group justify="space-between" wrap="nowrap">
                  <Text fw={600}>{p.organisationName || t('common.none')}</Text>
                  <ActionIcon
                    variant="subtle"
                    color="red"
                    aria-label={t('mous.form.removePartner', { name: p.organisationName })}
                    onClick={() => removePartner(i)}
                  >
                    ✕
                  </ActionIcon>
                </Group>
                {errors[`partners.${i}.partnerId`] && (
                  <Text size="sm" c="red" role="alert">
                    {errors[`partners.${i}.partnerId`]}
                  </Text>
                )}
                <Text size="xs" c="dimmed">
                  {t('mous.form.partnerCopied')}
                </Text>
                <SimpleGrid cols={{ base: 1, sm: 2 }}>
                  {partyFields.map((f) => (
                    <TextInput
                      key={f}
                      label={t(`mous.party.${f}`)}
                      name={`partners.${i}.${f}`}
                      required={f === 'organisationName' || f === 'country'}
                      type={f === 'signatoryEmail' ? 'email' : undefined}
                      description={f === 'signatoryEmail' ? t('mous.party.signatoryEmailHint') : undefined}
                      maxLength={f === 'country' ? 2 : undefined}
                      value={p[f]}
                      error={errors[`partners.${i}.${f}`]}
                      onChange={(event) => setPartner(i, f, event.currentTarget.value)}
                    />
                  ))}
                  <NativeSelect
                    label={t('mous.party.locale')}
                    name={`partners.${i}.locale`}
                    value={p.locale}
                    onChange={(event) => setPartner(i, 'locale', event.currentTarget.value)}
                    data={locales.map((l) => ({ value: l, label: t(`lang.${l}`) }))}
                  />
                </SimpleGrid>
              </Stack>
            </Card>
          ))}
          {errors.partners && (
            <Text size="sm" c="red" role="alert">
              {errors.partners}
            </Text>
          )}
          {available.length > 0 ? (
            <Group align="flex-end">
              <NativeSelect
                label={t('mous.form.addPartner')}
                value={adding}
                onChange={(event) => setAdding(event.currentTarget.value)}
                data={[
                  { value: '', label: t('mous.form.choosePartner') },
                  ...available.map((p) => ({ value: p.id, label: `${p.legalName} (${p.country})` })),
                ]}
                style={{ flex: '1 1 18rem' }}
              />
              <Button variant="default" onClick={addPartner} disabled={!adding}>
                {t('mous.form.addPartnerButton')}
              </Button>
            </Group>
          ) : (
            <Text size="sm" c="dimmed">
              {t('mous.form.noPartnersLeft')}
            </Text>
          )}
        </FormSection>

        <FormSection title={t('mous.form.catalogue')}>
          {options.qualifications.length === 0 ? (
            <Text size="sm" c="dimmed">
              {t('mous.form.noCatalogue')}
            </Text>
          ) : (
            <>
              <MultiSelect
                label={t('mous.form.qualifications')}
                searchable
                clearable
                data={options.qualifications.map((q) => ({ value: q.id, label: entryLabel(q) }))}
                value={state.qualificationIds}
                error={errors.qualificationIds}
                onChange={(ids) => {
                  // Units of a qualification taken away go with it.
                  const keep = new Set(ids);
                  setState((s) => ({
                    ...s,
                    qualificationIds: ids,
                    unitIds: s.unitIds.filter((u) =>
                      keep.has(options.units.find((o) => o.id === u)?.qualificationId ?? ''),
                    ),
                  }));
                  clear('qualificationIds');
                  clear('unitIds');
                }}
              />
              <MultiSelect
                label={t('mous.form.units')}
                description={t('mous.form.unitsHint')}
                searchable
                clearable
                data={unitOptions.map((u) => ({ value: u.id, label: entryLabel(u) }))}
                value={state.unitIds}
                error={errors.unitIds}
                onChange={(ids) => set('unitIds', ids)}
              />
            </>
          )}
        </FormSection>

        <FormSection title={t('mous.sections.outcomes')}>
          {text('assessment', t('mous.sections.assessment'), true)}
          {text('documentation', t('mous.sections.documentation'))}
          {text('validation', t('mous.sections.validation'))}
          {text('recognition', t('mous.sections.recognition'))}
          {text('responsibilities', t('mous.sections.responsibilities'))}
        </FormSection>

        <FormSection title={`${t('mous.sections.duration')}, ${t('mous.sections.validity').toLowerCase()}`}>
          <SimpleGrid cols={{ base: 1, sm: 2 }}>
            <TextInput
              label={t('mous.sections.minDuration')}
              name="minDurationDays"
              type="number"
              inputMode="numeric"
              min={1}
              value={state.minDurationDays}
              error={errors.minDurationDays}
              onChange={(event) => set('minDurationDays', event.currentTarget.value)}
            />
            <TextInput
              label={t('mous.sections.maxDuration')}
              name="maxDurationDays"
              type="number"
              inputMode="numeric"
              min={1}
              value={state.maxDurationDays}
              error={errors.maxDurationDays}
              onChange={(event) => set('maxDurationDays', event.currentTarget.value)}
            />
            <TextInput
              label={t('mous.sections.validFrom')}
              name="validFrom"
              type="date"
              required
              value={state.validFrom}
              error={errors.validFrom}
              onChange={(event) => set('validFrom', event.currentTarget.value)}
            />
            <TextInput
              label={t('mous.sections.validUntil')}
              name="validUntil"
              type="date"
              required
              value={state.validUntil}
              error={errors.validUntil}
              onChange={(event) => set('validUntil', event.currentTarget.value)}
            />
          </SimpleGrid>
          {text('evaluation', t('mous.sections.evaluation'))}
        </FormSection>

        <Group>
          <Button type="submit" loading={save.isPending}>
            {t('mous.form.save')}
          </Button>
          {mou && (
            <RouterAnchor to="/mous/$id" params={{ id: mou.id }}>
              {t('mous.form.back')}
            </RouterAnchor>
          )}
        </Group>
      </Stack>
    </form>
  );
}

/** A new memorandum: the school is a party already; partners and the rest are added here. */
export function MouNewPage() {
  const { t } = useTranslation();
  const options = useQuery(optionsQuery);
  return (
    <>
      <PageHeader title={t('mous.form.newTitle')} intro={t('mous.form.intro')} />
      {options.isPending ? (
        <Loading />
      ) : options.isError ? (
        <LoadError error={options.error} onRetry={() => void options.refetch()} />
      ) : (
        <MouForm options={options.data} initial={emptyState()} />
      )}
    </>
  );
}

const editRoute = getRouteApi('/app/mous/$id/edit');

/** Editing a draft; anything already sent or signed opens read-only with a way back. */
export function MouEditPage() {
  const { t } = useTranslation();
  const { id } = editRoute.useParams();
  const options = useQuery(optionsQuery);
  const mou = useQuery(mouDetailQuery(id));
  const failed = options.error ?? mou.error;
  return (
    <>
      <PageHeader
        title={t('mous.form.editTitle')}
        intro={
          mou.data ? `${mou.data.title} · ${t('mous.version', { version: mou.data.version })}` : undefined
        }
      />
      {failed ? (
        <LoadError
          error={failed}
          onRetry={() => {
            void options.refetch();
            void mou.refetch();
          }}
        />
      ) : !options.data || !mou.data ? (
        <Loading />
      ) : mou.data.status !== 'draft' ? (
        <Alert color="yellow" variant="light">
          <Stack gap="xs" align="flex-start">
            <Text size="sm">{t(`mous.statuses.${mou.data.status}`)}</Text>
            <RouterAnchor to="/mous/$id" params={{ id }}>
              {t('mous.form.back')}
            </RouterAnchor>
          </Stack>
        </Alert>
      ) : (
        <MouForm key={mou.data.id} options={options.data} initial={stateFrom(mou.data)} mou={mou.data} />
      )}
    </>
  );
}
