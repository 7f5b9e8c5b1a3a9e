import {
  ActionIcon,
  Alert,
  Button,
  Fieldset,
  Group,
  MultiSelect,
  NativeSelect,
  Select,
  SimpleGrid,
  Stack,
  Text,
  Textarea,
  TextInput,
} from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { getRouteApi, useNavigate } from '@tanstack/react-router';
import {
  assessmentTypes,
  credentialWords,
  documentTypes,
  identityVerifications,
  learningSettings,
  type OutcomeKind,
  outcomeKinds,
  participationModes,
  type TemplateInput,
  type TemplateView,
  templateInput,
  type UnitOutcomeList,
} from '@tilts/shared';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { FormAlert, LoadError, Loading } from '../../components/feedback.tsx';
import { PageHeader } from '../../components/PageHeader.tsx';
import { currentLocale } from '../../i18n/index.ts';
import { api } from '../../lib/api.ts';
import { useForm } from '../../lib/forms.ts';

interface OutcomeRow {
  key: number;
  id?: string;
  text: string;
  kind: OutcomeKind | '';
}

const editRoute = getRouteApi('/app/credentials/templates/$id');
let nextKey = 1;
const row = (text = '', kind: OutcomeKind | '' = '', id?: string): OutcomeRow => ({
  key: nextKey++,
  text,
  kind,
  id,
});
const levels = ['1', '2', '3', '4', '5', '6', '7', '8'];

function textValues(t?: TemplateView) {
  return {
    title: t?.title ?? '',
    description: t?.description ?? '',
    language: t?.language ?? 'lv',
    documentType: t?.documentType ?? 'module_certificate',
    unitId: t?.unitId ?? '',
    ects: t?.ects === null || t?.ects === undefined ? '' : String(t.ects),
    hours: t ? String(t.hours) : '',
    eqfLevel: t?.eqfLevel ? String(t.eqfLevel) : '',
    lkiLevel: t?.lkiLevel ? String(t.lkiLevel) : '',
    assessmentType: t?.assessmentType ?? 'exam',
    assessmentDescription: t?.assessmentDescription ?? '',
    participationMode: t?.participationMode ?? 'on_site',
    learningSetting: t?.learningSetting ?? 'formal',
    qualityAssurance: t?.qualityAssurance ?? '',
    prerequisites: t?.prerequisites ?? '',
    identityVerification: t?.identityVerification ?? '',
    gradingScheme: t?.gradingScheme ?? '',
    stacksInto: t?.stacksInto ?? '',
    furtherInformation: t?.furtherInformation ?? '',
    validMonths: t?.validMonths ? String(t.validMonths) : '',
  };
}

const num = (value: string) => (value.trim() === '' ? null : Number(value.replace(',', '.')));

function TemplateEditor({ template }: { template?: TemplateView }) {
  const { t } = useTranslation();
  const locale = currentLocale();
  const w = credentialWords[locale];
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const form = useForm(textValues(template));
  const [outcomes, setOutcomes] = useState<OutcomeRow[]>(
    template ? template.learningOutcomes.map((o) => row(o.text, o.kind ?? '', o.id)) : [row()],
  );
  const [partIds, setPartIds] = useState<string[]>(template?.partIds ?? []);

  const others = useQuery({
    queryKey: ['credential-templates', 'all'],
    queryFn: () =>
      api.get<{ items: { id: string; title: string }[] }>('/api/credentials/templates', { pageSize: 200 }),
  });
  const units = useQuery({
    queryKey: ['credential-units'],
    queryFn: () => api.get<UnitOutcomeList>('/api/credentials/units'),
  });

  const save = useMutation({
    mutationFn: (body: TemplateInput) =>
      template
        ? api.put<TemplateView>(`/api/credentials/templates/${template.id}`, body)
        : api.post<TemplateView>('/api/credentials/templates', body),
    onSuccess: (saved) => {
      void queryClient.invalidateQueries({ queryKey: ['credential-templates'] });
      queryClient.setQueryData(['credential-template', saved.id], saved);
      notifications.show({
        color: 'teal',
        message: template ? t('credentials.form.saved') : t('credentials.form.created'),
      });
      if (!template) void navigate({ to: '/credentials/templates/$id', params: { id: saved.id } });
    },
    onError: form.fail,
  });
  const archive = useMutation({
    mutationFn: (archived: boolean) =>
      api.patch<TemplateView>(`/api/credentials/templates/${template?.id}/archived`, { archived }),
    onSuccess: (saved) => {
      queryClient.setQueryData(['credential-template', saved.id], saved);
      void queryClient.invalidateQueries({ queryKey: ['credential-templates'] });
    },
    onError: form.fail,
  });

  function fillFromUnit(unitId: string | null) {
    form.setValue('unitId', unitId ?? '');
    const unit = units.data?.items.find((u) => u.id === unitId);
    if (!unit) return;
    if (unit.outcomes.length > 0) setOutcomes(unit.outcomes.map((o) => row(o.text, o.kind)));
    if (!form.values.eqfLevel) form.setValue('eqfLevel', String(unit.eqfLevel));
    if (!form.values.lkiLevel) form.setValue('lkiLevel', String(unit.lkiLevel));
    if (!form.values.title) form.setValue('title', unit.title);
  }

  function submit(event: FormEvent) {
    event.preventDefault();
    const v = form.values;
    const body = form.check(templateInput, {
      title: v.title,
      description: v.description,
      language: v.language,
      documentType: v.documentType,
      learningOutcomes: outcomes
        .filter((o) => o.text.trim() !== '' || outcomes.length === 1)
        .map((o) => ({ ...(o.id ? { id: o.id } : {}), text: o.text, kind: o.kind || null })),
      unitId: v.unitId || null,
      ects: num(v.ects),
      hours: v.hours.trim() === '' ? undefined : Number(v.hours),
      eqfLevel: num(v.eqfLevel),
      lkiLevel: num(v.lkiLevel),
      assessmentType: v.assessmentType,
      assessmentDescription: v.assessmentDescription,
      participationMode: v.participationMode,
      learningSetting: v.learningSetting,
      qualityAssurance: v.qualityAssurance,
      prerequisites: v.prerequisites,
      identityVerification: v.identityVerification || null,
      gradingScheme: v.gradingScheme,
      stacksInto: v.stacksInto,
      furtherInformation: v.furtherInformation,
      validMonths: num(v.validMonths),
      partIds,
    });
    if (body) save.mutate(body);
  }

  const options = <K extends string>(codes: readonly K[], words: Record<K, string>) =>
    codes.map((value) => ({ value, label: words[value] }));
  const levelOptions = [
    { value: '', label: t('credentials.form.levelNone') },
    ...levels.map((l) => ({ value: l, label: l })),
  ];

  return (
    <form ref={form.formRef} onSubmit={submit} noValidate>
      <Stack>
        <FormAlert message={form.formError} />
        {template?.archived && (
          <Alert color="gray" variant="light">
            {t('credentials.form.archivedNote')}
          </Alert>
        )}
        {template && template.issuedCount > 0 && (
          <Text size="sm" c="dimmed">
            {t('credentials.form.editNote')}
          </Text>
        )}
        <Fieldset legend={t('credentials.form.mandatory')}>
          <Stack>
            <TextInput
              label={t('credentials.form.title')}
              required
              maxLength={200}
              {...form.input('title')}
            />
            <SimpleGrid cols={{ base: 1, sm: 2 }}>
              <NativeSelect
                label={t('credentials.form.documentType')}
                required
                data={options(documentTypes, w.documentType)}
                {...form.input('documentType')}
              />
              <NativeSelect
                label={t('credentials.form.language')}
                data={[
                  { value: 'lv', label: t('lang.lv') },
                  { value: 'en', label: t('lang.en') },
                ]}
                {...form.input('language')}
              />
            </SimpleGrid>
            <Fieldset legend={t('credentials.form.outcomes')} variant="unstyled">
              <Stack gap="xs">
                <Text size="sm" c="dimmed">
                  {t('credentials.form.outcomesHint')}
                </Text>
                {units.data && (
                  <Select
                    label={t('credentials.form.fromUnit')}
                    placeholder={
                      units.data.items.length
                        ? t('credentials.form.unitPlaceholder')
                        : t('credentials.form.fromUnitNone')
                    }
                    disabled={units.data.items.length === 0}
                    data={units.data.items.map((u) => ({
                      value: u.id,
                      label: `${u.code} ${u.title} (${u.qualification})`,
                    }))}
                    value={form.values.unitId || null}
                    onChange={fillFromUnit}
                    clearable
                    searchable
                  />
                )}
                {outcomes.map((o, i) => (
                  <Group key={o.key} align="flex-end" gap="xs" wrap="nowrap">
                    <Textarea
                      label={t('credentials.form.outcome', { n: i + 1 })}
                      value={o.text}
                      autosize
                      minRows={1}
                      maxLength={500}
                      required={i === 0}
                      onChange={(event) => {
                        const text = event.currentTarget.value;
                        setOutcomes((all) => all.map((x) => (x.key === o.key ? { ...x, text } : x)));
                      }}
                      style={{ flex: 1 }}
                      error={i === 0 ? form.errors.learningOutcomes : undefined}
                    />
                    <NativeSelect
                      label={t('credentials.form.outcomeKind', { n: i + 1 })}
                      value={o.kind}
                      data={[
                        { value: '', label: t('credentials.form.kindNone') },
                        ...options(outcomeKinds, w.outcomeKind),
                      ]}
                      onChange={(event) => {
                        const kind = event.currentTarget.value as OutcomeKind | '';
                        setOutcomes((all) => all.map((x) => (x.key === o.key ? { ...x, kind } : x)));
                      }}
                      w={190}
                    />
                    <ActionIcon
                      variant="subtle"
                      color="red"
                      size="lg"
                      mb={4}
                      disabled={outcomes.length === 1}
                      aria-label={t('credentials.form.removeOutcome', { n: i + 1 })}
                      onClick={() => setOutcomes((all) => all.filter((x) => x.key !== o.key))}
                    >
                      ×
                    </ActionIcon>
                  </Group>
                ))}
                <Button variant="light" w="fit-content" onClick={() => setOutcomes((all) => [...all, row()])}>
                  {t('credentials.form.addOutcome')}
                </Button>
              </Stack>
            </Fieldset>
            <SimpleGrid cols={{ base: 1, sm: 2, md: 4 }}>
              <TextInput label={t('credentials.form.ects')} inputMode="decimal" {...form.input('ects')} />
              <TextInput
                label={t('credentials.form.hours')}
                inputMode="numeric"
                required
                {...form.input('hours')}
              />
              <NativeSelect
                label={t('credentials.form.eqf')}
                data={levelOptions}
                {...form.input('eqfLevel')}
              />
              <NativeSelect
                label={t('credentials.form.lki')}
                data={levelOptions}
                {...form.input('lkiLevel')}
              />
            </SimpleGrid>
            <SimpleGrid cols={{ base: 1, sm: 2 }}>
              <NativeSelect
                label={t('credentials.form.assessmentType')}
                required
                data={options(assessmentTypes, w.assessmentType)}
                {...form.input('assessmentType')}
              />
              <TextInput
                label={t('credentials.form.assessmentDescription')}
                maxLength={1000}
                {...form.input('assessmentDescription')}
              />
              <NativeSelect
                label={t('credentials.form.participationMode')}
                required
                data={options(participationModes, w.participationMode)}
                {...form.input('participationMode')}
              />
              <NativeSelect
                label={t('credentials.form.learningSetting')}
                required
                data={options(learningSettings, w.learningSetting)}
                {...form.input('learningSetting')}
              />
            </SimpleGrid>
            <Textarea
              label={t('credentials.form.qualityAssurance')}
              description={t('credentials.form.qualityAssuranceHint')}
              required
              autosize
              minRows={2}
              maxLength={1000}
              {...form.input('qualityAssurance')}
            />
            <Text size="sm" c="dimmed">
              {t('credentials.form.awardingBodyNote')}
            </Text>
          </Stack>
        </Fieldset>
        <Fieldset legend={t('credentials.form.optional')}>
          <Stack>
            <Textarea
              label={t('credentials.form.description')}
              autosize
              minRows={2}
              maxLength={2000}
              {...form.input('description')}
            />
            <Textarea
              label={t('credentials.form.prerequisites')}
              autosize
              minRows={1}
              maxLength={1000}
              {...form.input('prerequisites')}
            />
            <SimpleGrid cols={{ base: 1, sm: 2 }}>
              <NativeSelect
                label={t('credentials.form.identityVerification')}
                data={[
                  { value: '', label: t('credentials.form.identityNone') },
                  ...options(identityVerifications, w.identityVerification),
                ]}
                {...form.input('identityVerification')}
              />
              <TextInput
                label={t('credentials.form.gradingScheme')}
                maxLength={500}
                {...form.input('gradingScheme')}
              />
            </SimpleGrid>
            <MultiSelect
              label={t('credentials.form.parts')}
              data={(others.data?.items ?? [])
                .filter((o) => o.id !== template?.id)
                .map((o) => ({ value: o.id, label: o.title }))}
              value={partIds}
              onChange={setPartIds}
              searchable
              clearable
              error={form.errors.partIds}
            />
            <TextInput
              label={t('credentials.form.stacksInto')}
              maxLength={500}
              {...form.input('stacksInto')}
            />
            <Textarea
              label={t('credentials.form.furtherInformation')}
              autosize
              minRows={1}
              maxLength={1000}
              {...form.input('furtherInformation')}
            />
            <TextInput
              label={t('credentials.form.validMonths')}
              description={t('credentials.form.validMonthsHint')}
              inputMode="numeric"
              maw={240}
              {...form.input('validMonths')}
            />
          </Stack>
        </Fieldset>
        <Group>
          <Button type="submit" loading={save.isPending}>
            {t('common.save')}
          </Button>
          {template && (
            <Button
              variant="default"
              loading={archive.isPending}
              onClick={() => archive.mutate(!template.archived)}
            >
              {template.archived ? t('credentials.form.restore') : t('credentials.form.archive')}
            </Button>
          )}
        </Group>
      </Stack>
    </form>
  );
}

export function NewTemplatePage() {
  const { t } = useTranslation();
  return (
    <>
      <PageHeader title={t('credentials.form.newTitle')} />
      <TemplateEditor />
    </>
  );
}

export function EditTemplatePage() {
  const { t } = useTranslation();
  const { id } = editRoute.useParams();
  const template = useQuery({
    queryKey: ['credential-template', id],
    queryFn: () => api.get<TemplateView>(`/api/credentials/templates/${id}`),
  });
  return (
    <>
      <PageHeader
        title={template.data?.title ?? t('credentials.form.editTitle')}
        intro={t('credentials.form.editTitle')}
      />
      {template.isPending ? (
        <Loading />
      ) : template.isError ? (
        <LoadError error={template.error} onRetry={() => void template.refetch()} />
      ) : (
        <TemplateEditor key={template.data.id} template={template.data} />
      )}
    </>
  );
}
