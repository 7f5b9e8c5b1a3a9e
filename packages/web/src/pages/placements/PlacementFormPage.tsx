import {
  Button,
  Card,
  Checkbox,
  Group,
  NativeSelect,
  NumberInput,
  SegmentedControl,
  Select,
  SimpleGrid,
  Stack,
  TagsInput,
  Text,
  Textarea,
  TextInput,
  Title,
} from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { getRouteApi, useNavigate } from '@tanstack/react-router';
import {
  type ActivityType,
  activityDuration,
  activityTypeNames,
  activityTypes,
  type PlacementDetail,
  type PlacementInput,
  type PlacementKind,
  placementInput,
  placementKinds,
  placementModes,
  placementPurposes,
} from '@tilts/shared';
import { type FormEvent, type ReactNode, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { DateField } from '../../components/DateField.tsx';
import { FormAlert, LoadError, Loading } from '../../components/feedback.tsx';
import { RouterAnchor } from '../../components/links.tsx';
import { PageHeader } from '../../components/PageHeader.tsx';
import {
  CountrySelect,
  PartnerPicker,
  PeoplePicker,
  type Person,
  StaffPicker,
} from '../../components/pickers.tsx';
import { currentLocale } from '../../i18n/index.ts';
import { ApiRequestError, api, errorText } from '../../lib/api.ts';
import { type FieldErrors, validate } from '../../lib/forms.ts';
import { placementQuery } from './PlacementPage.tsx';

interface Participant extends Person {
  graduationDate: string;
  fewerOpportunities: boolean;
}

/** Everything the form holds; people keep their names so the pickers can show them. */
interface FormState {
  kind: PlacementKind;
  activityType: ActivityType | '';
  title: string;
  projectId: string;
  programmeId: string;
  hostPartnerId: string | null;
  hostLabel: string;
  destinationCountry: string;
  destinationCity: string;
  supervisorName: string;
  supervisorPosition: string;
  supervisorEmail: string;
  supervisorPhone: string;
  mentor: Person | null;
  startDate: string;
  endDate: string;
  travelDays: string;
  interruptionDays: string;
  greenTravel: boolean;
  mode: (typeof placementModes)[number];
  purpose: string;
  insurance: string;
  plannedHours: string;
  commChannels: string[];
  commEveryDays: string;
  commWeeklyHours: string;
  commWho: string;
  preparesPlacementId: string;
  justification: string;
  unitIds: string[];
  learners: Participant[];
  staff: Participant[];
  accompanying: Participant[];
  notes: string;
}

const empty: FormState = {
  kind: 'internship',
  activityType: '',
  title: '',
  projectId: '',
  programmeId: '',
  hostPartnerId: null,
  hostLabel: '',
  destinationCountry: '',
  destinationCity: '',
  supervisorName: '',
  supervisorPosition: '',
  supervisorEmail: '',
  supervisorPhone: '',
  mentor: null,
  startDate: '',
  endDate: '',
  travelDays: '0',
  interruptionDays: '0',
  greenTravel: false,
  mode: 'on_site',
  purpose: '',
  insurance: '',
  plannedHours: '',
  commChannels: [],
  commEveryDays: '',
  commWeeklyHours: '',
  commWho: '',
  preparesPlacementId: '',
  justification: '',
  unitIds: [],
  learners: [],
  staff: [],
  accompanying: [],
  notes: '',
};

function fromDetail(p: PlacementDetail): FormState {
  const people = (role: string) =>
    p.participants
      .filter((x) => x.role === role)
      .map((x) => ({
        id: x.id,
        name: x.name,
        email: x.email,
        graduationDate: x.graduationDate ?? '',
        fewerOpportunities: x.fewerOpportunities,
      }));
  return {
    kind: p.kind,
    activityType: p.activityType ?? '',
    title: p.title,
    projectId: p.project?.id ?? '',
    programmeId: p.programme?.id ?? '',
    hostPartnerId: p.host?.id ?? null,
    hostLabel: p.host ? `${p.host.name} (${p.host.country})` : '',
    destinationCountry: p.destinationCountry,
    destinationCity: p.destinationCity,
    supervisorName: p.supervisor.name,
    supervisorPosition: p.supervisor.position,
    supervisorEmail: p.supervisor.email,
    supervisorPhone: p.supervisor.phone,
    mentor: p.mentor,
    startDate: p.startDate,
    endDate: p.endDate,
    travelDays: String(p.travelDays),
    interruptionDays: String(p.interruptionDays),
    greenTravel: p.greenTravel,
    mode: p.mode,
    purpose: p.purpose ?? '',
    insurance: p.insurance,
    plannedHours: p.plannedHours ? String(p.plannedHours) : '',
    commChannels: p.communication.channels,
    commEveryDays: p.communication.everyDays ? String(p.communication.everyDays) : '',
    commWeeklyHours: p.communication.weeklyHours !== null ? String(p.communication.weeklyHours) : '',
    commWho: p.communication.who,
    preparesPlacementId: p.preparesPlacement?.id ?? '',
    justification: p.justification,
    unitIds: p.units.map((u) => u.id),
    learners: people('learner'),
    staff: people('staff'),
    accompanying: people('accompanying'),
    notes: p.notes,
  };
}

const orNull = (text: string) => (text.trim() === '' ? null : text.trim());
const numberOrNull = (text: string) => (text.trim() === '' ? null : Number(text));

function toInput(v: FormState): unknown {
  const people = (list: Participant[]) =>
    list.map((x) => ({
      userId: x.id,
      graduationDate: orNull(x.graduationDate),
      fewerOpportunities: x.fewerOpportunities,
    }));
  return {
    kind: v.kind,
    activityType: v.kind === 'erasmus' ? orNull(v.activityType) : null,
    title: v.title,
    projectId: v.kind === 'erasmus' ? orNull(v.projectId) : null,
    programmeId: v.kind !== 'erasmus' ? orNull(v.programmeId) : null,
    qualificationId: null,
    unitIds: v.unitIds,
    hostPartnerId: v.hostPartnerId,
    destinationCountry: orNull(v.destinationCountry) ?? undefined,
    destinationCity: v.destinationCity,
    supervisorName: v.supervisorName,
    supervisorPosition: v.supervisorPosition,
    supervisorEmail: v.supervisorEmail,
    supervisorPhone: v.supervisorPhone,
    mentorId: v.mentor?.id ?? null,
    startDate: v.startDate,
    endDate: v.endDate,
    travelDays: Number(v.travelDays || 0),
    interruptionDays: Number(v.interruptionDays || 0),
    greenTravel: v.greenTravel,
    mode: v.kind === 'virtual_internship' && v.mode === 'on_site' ? 'virtual' : v.mode,
    purpose: v.kind === 'erasmus' ? orNull(v.purpose) : null,
    insurance: v.insurance,
    plannedHours: numberOrNull(v.plannedHours),
    commChannels: v.commChannels,
    commEveryDays: numberOrNull(v.commEveryDays),
    commWeeklyHours: numberOrNull(v.commWeeklyHours),
    commWho: v.commWho,
    preparesPlacementId: orNull(v.preparesPlacementId),
    justification: v.justification,
    learners: people(v.learners),
    staff: people(v.staff),
    accompanying: people(v.accompanying),
    notes: v.notes,
  };
}

function Section({ title, children, hint }: { title: string; hint?: string; children: ReactNode }) {
  return (
    <Card withBorder padding="lg" component="fieldset" style={{ minWidth: 0 }}>
      <Title
        order={2}
        size="h4"
        mb={hint ? 4 : 'sm'}
        component="legend"
        style={{ float: 'left', width: '100%' }}
      >
        {title}
      </Title>
      {hint && (
        <Text size="sm" c="dimmed" mb="sm" style={{ clear: 'both' }}>
          {hint}
        </Text>
      )}
      <Stack gap="sm" style={{ clear: 'both' }}>
        {children}
      </Stack>
    </Card>
  );
}

const hostedActivities: readonly string[] = ['invited_experts', 'hosting_teachers'];
const staffActivities: readonly string[] = [
  'job_shadowing',
  'teaching_assignment',
  'courses_training',
  'preparatory_visit',
  'invited_experts',
  'hosting_teachers',
];

function PlacementForm({ initial, detail }: { initial: FormState; detail: PlacementDetail | null }) {
  const { t } = useTranslation();
  const locale = currentLocale();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const [v, setV] = useState<FormState>(initial);
  const [errors, setErrors] = useState<FieldErrors>({});
  const [formError, setFormError] = useState<string | null>(null);
  const formRef = useRef<HTMLFormElement>(null);
  const projects = useQuery({
    queryKey: ['projects', 'options'],
    queryFn: () => api.get<{ id: string; label: string }[]>('/api/projects/options'),
  });
  const programmes = useQuery({
    queryKey: ['programmes', 'options'],
    queryFn: () => api.get<{ id: string; label: string }[]>('/api/programmes/options'),
  });

  const set = <K extends keyof FormState>(key: K, value: FormState[K]) => {
    setV((current) => ({ ...current, [key]: value }));
    setErrors((current) => (current[key] === undefined ? current : { ...current, [key]: undefined }));
  };
  const err = (key: string) => errors[key];
  const focusProblem = () =>
    requestAnimationFrame(() =>
      (
        formRef.current?.querySelector<HTMLElement>('[aria-invalid="true"]') ??
        formRef.current?.querySelector<HTMLElement>('[role="alert"]')
      )?.focus(),
    );
  const show = (fields: Record<string, string>, message: string | null) => {
    const known = new Set(Object.keys(empty).concat(['activityType', 'projectId', 'mentorId']));
    const own: FieldErrors = {};
    const other: string[] = [];
    for (const [k, text] of Object.entries(fields)) {
      const key = k === 'mentorId' ? 'mentor' : k.split('.')[0]!;
      if (known.has(key)) own[key] ??= text;
      else other.push(text);
    }
    setErrors(own);
    setFormError([message, ...other].filter(Boolean).join(' ') || null);
    focusProblem();
  };

  const save = useMutation({
    mutationFn: (body: PlacementInput) =>
      detail
        ? api.put<PlacementDetail>(`/api/placements/${detail.id}`, {
            lockVersion: detail.lockVersion,
            placement: body,
          })
        : api.post<PlacementDetail>('/api/placements', body),
    onSuccess: (saved) => {
      queryClient.setQueryData(placementQuery(saved.id).queryKey, saved);
      void queryClient.invalidateQueries({ queryKey: ['placements', 'list'] });
      void queryClient.invalidateQueries({ queryKey: ['placements', 'overview'] });
      notifications.show({
        color: 'teal',
        message: detail ? t('placements.saved') : t('placements.created'),
      });
      void navigate({ to: '/placements/$id', params: { id: saved.id } });
    },
    // What was typed stays in the form; the server's words go next to the fields.
    onError: (error) =>
      error instanceof ApiRequestError ? show(error.fields, error.message) : show({}, errorText(error)),
  });

  function submit(event: FormEvent) {
    event.preventDefault();
    const result = validate(placementInput, toInput(v), locale);
    if (!result.ok) {
      show(result.errors as Record<string, string>, null);
      return;
    }
    save.mutate(result.data);
  }

  const erasmus = v.kind === 'erasmus';
  const hosted = hostedActivities.includes(v.activityType);
  const forStaff = erasmus && staffActivities.includes(v.activityType);
  const days =
    v.startDate && v.endDate && v.endDate >= v.startDate
      ? activityDuration(v.startDate, v.endDate, Number(v.interruptionDays || 0))
      : null;
  const numberField = (key: keyof FormState, label: string, extra: { min?: number; max?: number } = {}) => (
    <NumberInput
      label={label}
      min={extra.min ?? 0}
      max={extra.max}
      value={String(v[key])}
      error={err(key)}
      onChange={(value) => set(key, String(value) as never)}
    />
  );

  return (
    <form ref={formRef} onSubmit={submit} noValidate>
      <Stack>
        <FormAlert message={formError} />
        <Section title={t('placements.kind')}>
          <SegmentedControl
            data={placementKinds.map((k) => ({ value: k, label: t(`placements.kinds.${k}`) }))}
            value={v.kind}
            onChange={(k) => set('kind', k as PlacementKind)}
            orientation={window.innerWidth < 640 ? 'vertical' : 'horizontal'}
            fullWidth
            aria-label={t('placements.kind')}
          />
          {erasmus ? (
            <SimpleGrid cols={{ base: 1, sm: 2 }}>
              <NativeSelect
                label={t('placements.activityType')}
                required
                value={v.activityType}
                error={err('activityType')}
                onChange={(e) => set('activityType', e.currentTarget.value as ActivityType)}
                data={[
                  { value: '', label: '—' },
                  ...activityTypes.map((a) => ({ value: a, label: activityTypeNames[locale][a] })),
                ]}
              />
              <NativeSelect
                label={t('placements.project')}
                required
                value={v.projectId}
                error={err('projectId')}
                onChange={(e) => set('projectId', e.currentTarget.value)}
                data={[
                  { value: '', label: '—' },
                  ...(projects.data ?? []).map((p) => ({ value: p.id, label: p.label })),
                ]}
              />
            </SimpleGrid>
          ) : (
            <NativeSelect
              label={t('placements.programme')}
              value={v.programmeId}
              error={err('programmeId')}
              onChange={(e) => set('programmeId', e.currentTarget.value)}
              data={[
                { value: '', label: t('placements.noProgramme') },
                ...(programmes.data ?? []).map((p) => ({ value: p.id, label: p.label })),
              ]}
            />
          )}
          <TextInput
            label={t('placements.name')}
            description={t('placements.nameHint')}
            value={v.title}
            error={err('title')}
            onChange={(e) => set('title', e.currentTarget.value)}
          />
        </Section>

        <Section title={t('placements.destination')}>
          <PartnerPicker
            label={hosted ? t('placements.hostHosted') : t('placements.host')}
            placeholder={t('placements.hostSearch')}
            value={v.hostPartnerId}
            initialLabel={v.hostLabel}
            error={err('hostPartnerId')}
            onChange={(id, partner) => {
              set('hostPartnerId', id);
              if (partner) {
                set('destinationCountry', partner.country);
                if (!v.destinationCity) set('destinationCity', partner.city);
              }
            }}
          />
          <SimpleGrid cols={{ base: 1, sm: 2 }}>
            <CountrySelect
              label={t('placements.destinationCountry')}
              value={v.destinationCountry}
              error={err('destinationCountry')}
              onChange={(c) => set('destinationCountry', c)}
            />
            <TextInput
              label={t('placements.destinationCity')}
              value={v.destinationCity}
              error={err('destinationCity')}
              onChange={(e) => set('destinationCity', e.currentTarget.value)}
            />
          </SimpleGrid>
        </Section>

        <Section title={t('placements.dates')}>
          <SimpleGrid cols={{ base: 1, sm: 2 }}>
            <DateField
              label={t('placements.startDate')}
              required
              value={v.startDate}
              error={err('startDate')}
              onChange={(d) => set('startDate', d)}
            />
            <DateField
              label={t('placements.endDate')}
              required
              value={v.endDate}
              error={err('endDate')}
              onChange={(d) => set('endDate', d)}
            />
          </SimpleGrid>
          {days !== null && (
            <Text size="sm" c="dimmed" aria-live="polite">
              {t('placements.durationLabel')}: {t('placements.duration', { count: days })}
            </Text>
          )}
          <SimpleGrid cols={{ base: 1, sm: 3 }}>
            {numberField('travelDays', t('placements.travelDays'), { max: 10 })}
            {numberField('interruptionDays', t('placements.interruptionDays'))}
            <Checkbox
              mt={{ sm: 30 }}
              label={t('placements.greenTravel')}
              checked={v.greenTravel}
              onChange={(e) => set('greenTravel', e.currentTarget.checked)}
            />
          </SimpleGrid>
        </Section>

        <Section title={t('placements.people')}>
          {!forStaff && (
            <PeoplePicker
              group="learners"
              label={t('placements.learners')}
              description={t('placements.learnersHint')}
              value={v.learners}
              error={err('learners')}
              onChange={(people) =>
                set(
                  'learners',
                  people.map(
                    (p) =>
                      v.learners.find((x) => x.id === p.id) ?? {
                        ...p,
                        graduationDate: '',
                        fewerOpportunities: false,
                      },
                  ),
                )
              }
            />
          )}
          {!forStaff &&
            v.learners.map((l, i) => (
              <Group key={l.id} gap="sm" align="flex-end" wrap="wrap">
                <Text size="sm" fw={500} style={{ flex: '1 1 10rem' }}>
                  {l.name}
                </Text>
                {erasmus && (
                  <DateField
                    label={t('placements.graduationDate')}
                    value={l.graduationDate}
                    onChange={(d) =>
                      set(
                        'learners',
                        v.learners.map((x, j) => (j === i ? { ...x, graduationDate: d } : x)),
                      )
                    }
                    style={{ flex: '0 1 14rem' }}
                  />
                )}
                <Checkbox
                  label={t('placements.fewerOpportunities')}
                  checked={l.fewerOpportunities}
                  onChange={(e) => {
                    const checked = e.currentTarget.checked;
                    set(
                      'learners',
                      v.learners.map((x, j) => (j === i ? { ...x, fewerOpportunities: checked } : x)),
                    );
                  }}
                />
              </Group>
            ))}
          {forStaff && (
            <PeoplePicker
              group="staff"
              label={t('placements.staff')}
              value={v.staff}
              error={err('staff')}
              onChange={(people) =>
                set(
                  'staff',
                  people.map((p) => ({ ...p, graduationDate: '', fewerOpportunities: false })),
                )
              }
            />
          )}
          {erasmus && !forStaff && (
            <PeoplePicker
              group="staff"
              label={t('placements.accompanying')}
              value={v.accompanying}
              error={err('accompanying')}
              onChange={(people) =>
                set(
                  'accompanying',
                  people.map((p) => ({ ...p, graduationDate: '', fewerOpportunities: false })),
                )
              }
            />
          )}
          <StaffPicker
            label={t('placements.mentor')}
            value={v.mentor}
            error={err('mentor')}
            onChange={(p) => set('mentor', p)}
          />
        </Section>

        {!hosted && (
          <Section title={t('placements.supervisor')} hint={t('placements.supervisorHint')}>
            <SimpleGrid cols={{ base: 1, sm: 2 }}>
              <TextInput
                label={t('placements.supervisorName')}
                value={v.supervisorName}
                error={err('supervisorName')}
                onChange={(e) => set('supervisorName', e.currentTarget.value)}
              />
              <TextInput
                label={t('placements.supervisorPosition')}
                value={v.supervisorPosition}
                error={err('supervisorPosition')}
                onChange={(e) => set('supervisorPosition', e.currentTarget.value)}
              />
              <TextInput
                type="email"
                label={t('placements.supervisorEmail')}
                value={v.supervisorEmail}
                error={err('supervisorEmail')}
                onChange={(e) => set('supervisorEmail', e.currentTarget.value)}
              />
              <TextInput
                type="tel"
                label={t('placements.supervisorPhone')}
                value={v.supervisorPhone}
                error={err('supervisorPhone')}
                onChange={(e) => set('supervisorPhone', e.currentTarget.value)}
              />
            </SimpleGrid>
          </Section>
        )}

        <Section title={t('placements.details')}>
          <SimpleGrid cols={{ base: 1, sm: 2 }}>
            <NativeSelect
              label={t('placements.mode')}
              value={v.mode}
              onChange={(e) => set('mode', e.currentTarget.value as FormState['mode'])}
              data={placementModes.map((m) => ({ value: m, label: t(`placements.modes.${m}`) }))}
            />
            {erasmus && (
              <NativeSelect
                label={t('placements.purpose')}
                value={v.purpose}
                onChange={(e) => set('purpose', e.currentTarget.value)}
                data={[
                  { value: '', label: t('placements.noPurpose') },
                  ...placementPurposes.map((p) => ({ value: p, label: t(`placements.purposes.${p}`) })),
                ]}
              />
            )}
            <TextInput
              label={t('placements.insurance')}
              value={v.insurance}
              error={err('insurance')}
              onChange={(e) => set('insurance', e.currentTarget.value)}
            />
            {numberField('plannedHours', t('placements.plannedHours'), { min: 1 })}
          </SimpleGrid>
        </Section>

        {(v.mode !== 'on_site' || v.kind === 'virtual_internship') && (
          <Section title={t('placements.communication')} hint={t('placements.communicationHint')}>
            <TagsInput
              label={t('placements.commChannels')}
              description={t('placements.commChannelsHint')}
              value={v.commChannels}
              error={err('commChannels')}
              onChange={(c) => set('commChannels', c)}
            />
            <SimpleGrid cols={{ base: 1, sm: 2 }}>
              {numberField('commEveryDays', t('placements.commEveryDays'), { min: 1, max: 90 })}
              {numberField('commWeeklyHours', t('placements.commWeeklyHours'), { max: 80 })}
            </SimpleGrid>
            <TextInput
              label={t('placements.commWho')}
              value={v.commWho}
              onChange={(e) => set('commWho', e.currentTarget.value)}
            />
          </Section>
        )}

        {v.activityType === 'preparatory_visit' && erasmus && (
          <Section title={t('placements.prepares')}>
            <PreparesSelect
              value={v.preparesPlacementId}
              error={err('preparesPlacementId')}
              onChange={(id) => set('preparesPlacementId', id)}
            />
            <Textarea
              label={t('placements.justification')}
              autosize
              minRows={3}
              value={v.justification}
              error={err('justification')}
              onChange={(e) => set('justification', e.currentTarget.value)}
            />
          </Section>
        )}

        <Section title={t('placements.notes')}>
          <Textarea
            label={t('placements.notes')}
            autosize
            minRows={2}
            value={v.notes}
            onChange={(e) => set('notes', e.currentTarget.value)}
          />
        </Section>

        <Group>
          <Button type="submit" loading={save.isPending}>
            {t('placements.save')}
          </Button>
          {detail ? (
            <RouterAnchor to="/placements/$id" params={{ id: detail.id }}>
              {t('common.cancel')}
            </RouterAnchor>
          ) : (
            <RouterAnchor to="/placements">{t('common.cancel')}</RouterAnchor>
          )}
        </Group>
      </Stack>
    </form>
  );
}

/** The Erasmus+ mobilities a preparatory visit may prepare. */
function PreparesSelect({
  value,
  error,
  onChange,
}: {
  value: string;
  error?: string;
  onChange: (id: string) => void;
}) {
  const { t } = useTranslation();
  const list = useQuery({
    queryKey: ['placements', 'list', 'erasmus-options'],
    queryFn: () =>
      api.get<{ items: { id: string; title: string; activityType: string | null }[] }>('/api/placements', {
        kind: 'erasmus',
        pageSize: 200,
      }),
  });
  const data = (list.data?.items ?? [])
    .filter((p) => p.activityType !== 'preparatory_visit')
    .map((p) => ({ value: p.id, label: p.title }));
  return (
    <Select
      label={t('placements.prepares')}
      data={data}
      value={value || null}
      error={error}
      searchable
      clearable
      onChange={(id) => onChange(id ?? '')}
    />
  );
}

const editRoute = getRouteApi('/app/placements/$id/edit');

export function NewPlacementPage() {
  const { t } = useTranslation();
  return (
    <>
      <PageHeader title={t('placements.new')} />
      <PlacementForm initial={empty} detail={null} />
    </>
  );
}

export function EditPlacementPage() {
  const { t } = useTranslation();
  const { id } = editRoute.useParams();
  const query = useQuery(placementQuery(id));
  if (query.isPending) return <Loading />;
  if (query.isError) return <LoadError error={query.error} onRetry={() => void query.refetch()} />;
  return (
    <>
      <PageHeader title={`${t('placements.edit')}: ${query.data.title}`} />
      <PlacementForm initial={fromDetail(query.data)} detail={query.data} />
    </>
  );
}
