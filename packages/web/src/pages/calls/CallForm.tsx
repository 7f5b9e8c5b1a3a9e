import {
  Button,
  Card,
  Group,
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
  type CallDetail,
  type callFormOptions,
  callInput,
  defaultCriteria,
  isNamedCriterion,
  namedCriteria,
  type optionList,
} from '@tilts/shared';
import type { FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { z } from 'zod';
import { FormAlert, LoadError, Loading } from '../../components/feedback.tsx';
import { PageHeader } from '../../components/PageHeader.tsx';
import { api } from '../../lib/api.ts';
import { useNestedForm } from './nested-form.ts';
import { criterionName } from './parts.tsx';

type Options = z.infer<typeof callFormOptions>;

export const callFormOptionsQuery = queryOptions({
  queryKey: ['calls', 'form-options'],
  queryFn: () => api.get<Options>('/api/calls/form-options'),
});
const projectOptionsQuery = queryOptions({
  queryKey: ['projects', 'options'],
  queryFn: () => api.get<z.infer<typeof optionList>>('/api/projects/options'),
});
export const callQuery = (id: string) =>
  queryOptions({ queryKey: ['calls', 'detail', id], queryFn: () => api.get<CallDetail>(`/api/calls/${id}`) });

interface CriterionRow {
  key: string;
  label: string;
  weight: string;
}
interface DestinationRow {
  id?: string;
  country: string;
  city: string;
  hostPartnerId: string;
  places: string;
}
interface Values {
  projectId: string;
  title: string;
  description: string;
  criteriaText: string;
  places: string;
  opensOn: string;
  deadline: string;
  criteria: CriterionRow[];
  destinations: DestinationRow[];
}

const emptyDestination = (): DestinationRow => ({ country: '', city: '', hostPartnerId: '', places: '1' });

function valuesOf(call: CallDetail | null, projects: { id: string }[]): Values {
  if (!call)
    return {
      projectId: projects[0]?.id ?? '',
      title: '',
      description: '',
      criteriaText: '',
      places: '',
      opensOn: '',
      deadline: '',
      criteria: defaultCriteria.map((c) => ({ ...c, weight: String(c.weight) })),
      destinations: [emptyDestination()],
    };
  return {
    projectId: call.projectId,
    title: call.title,
    description: call.description,
    criteriaText: call.criteriaText,
    places: String(call.places),
    opensOn: call.opensOn,
    deadline: call.deadline,
    criteria: call.criteria.map((c) => ({ ...c, weight: String(c.weight) })),
    destinations: call.destinations.map((d) => ({
      id: d.id,
      country: d.country,
      city: d.city,
      hostPartnerId: d.hostPartnerId ?? '',
      places: String(d.places),
    })),
  };
}

function toBody(v: Values) {
  return {
    ...v,
    criteria: v.criteria.map((c) => ({ ...c, weight: c.weight })),
    destinations: v.destinations.map((d) => ({ ...d, hostPartnerId: d.hostPartnerId || null })),
  };
}

const editRoute = getRouteApi('/app/calls/$callId/edit');

export function NewCallPage() {
  return <CallFormLoader callId={null} />;
}

export function EditCallPage() {
  const { callId } = editRoute.useParams();
  return <CallFormLoader callId={callId} />;
}

function CallFormLoader({ callId }: { callId: string | null }) {
  const projects = useQuery(projectOptionsQuery);
  const options = useQuery(callFormOptionsQuery);
  const call = useQuery({ ...callQuery(callId ?? ''), enabled: callId !== null });
  const failed = projects.error ?? options.error ?? call.error;
  if (failed) return <LoadError error={failed} />;
  if (!projects.data || !options.data || (callId && !call.data)) return <Loading />;
  return <CallForm call={call.data ?? null} projects={projects.data} options={options.data} />;
}

/** Creating or editing a call: its project, texts, places and dates, criteria with weights, destinations. */
function CallForm({
  call,
  projects,
  options,
}: {
  call: CallDetail | null;
  projects: z.infer<typeof optionList>;
  options: Options;
}) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const form = useNestedForm<Values>(
    () => valuesOf(call, projects),
    (key) =>
      /^(projectId|title|description|criteriaText|places|opensOn|deadline|criteria|destinations)$/.test(
        key,
      ) ||
      /^criteria\.\d+\.(label|weight)$/.test(key) ||
      /^destinations\.\d+\.(hostPartnerId|country|city|places)$/.test(key),
  );
  const v = form.values;
  const field = (name: keyof Omit<Values, 'criteria' | 'destinations'>) => ({
    name,
    value: v[name],
    error: form.errors[name],
    onChange: (event: { currentTarget: { value: string } }) => {
      const value = event.currentTarget.value;
      form.update((c) => ({ ...c, [name]: value }), name);
    },
  });
  const setCriterion = (i: number, change: Partial<CriterionRow>, name: string) =>
    form.update(
      (c) => ({ ...c, criteria: c.criteria.map((r, j) => (j === i ? { ...r, ...change } : r)) }),
      `criteria.${i}.${name}`,
      'criteria',
    );
  const setDestination = (i: number, change: Partial<DestinationRow>, name: string) =>
    form.update(
      (c) => ({ ...c, destinations: c.destinations.map((r, j) => (j === i ? { ...r, ...change } : r)) }),
      `destinations.${i}.${name}`,
      'destinations',
    );

  const save = useMutation({
    mutationFn: (body: z.output<typeof callInput>) =>
      call
        ? api.put<CallDetail>(`/api/calls/${call.id}`, { lockVersion: call.lockVersion, call: body })
        : api.post<CallDetail>('/api/calls', body),
    onSuccess: (saved) => {
      queryClient.setQueryData(callQuery(saved.id).queryKey, saved);
      void queryClient.invalidateQueries({ queryKey: ['calls', 'list'] });
      notifications.show({ color: 'teal', message: t('calls.saved') });
      void navigate({ to: '/calls/$callId', params: { callId: saved.id } });
    },
    onError: form.fail,
  });

  function submit(event: FormEvent) {
    event.preventDefault();
    const body = form.check(callInput, toBody(v));
    if (body) save.mutate(body);
  }

  const unusedNamed = namedCriteria.filter((k) => !v.criteria.some((c) => c.key === k));

  return (
    <>
      <PageHeader title={call ? t('calls.editTitle', { title: call.title }) : t('calls.newTitle')} />
      <form ref={form.formRef} onSubmit={submit} noValidate>
        <Stack maw={820}>
          <FormAlert message={form.formError} />
          <NativeSelect
            label={t('calls.project')}
            required
            data={[
              { value: '', label: t('calls.chooseProject') },
              ...projects.map((p) => ({ value: p.id, label: p.label })),
            ]}
            {...field('projectId')}
          />
          {projects.length === 0 && (
            <Text size="sm" c="dimmed">
              {t('calls.noProjects')}
            </Text>
          )}
          <TextInput label={t('calls.callTitle')} required {...field('title')} />
          <Textarea label={t('calls.description')} autosize minRows={3} {...field('description')} />
          <Textarea
            label={t('calls.criteriaText')}
            description={t('calls.criteriaTextHint')}
            autosize
            minRows={2}
            {...field('criteriaText')}
          />
          <SimpleGrid cols={{ base: 1, sm: 3 }}>
            <TextInput
              label={t('calls.places')}
              type="number"
              inputMode="numeric"
              min={1}
              required
              {...field('places')}
            />
            <TextInput label={t('calls.opensOn')} type="date" required {...field('opensOn')} />
            <TextInput
              label={t('calls.deadline')}
              description={t('calls.deadlineHint')}
              type="date"
              required
              {...field('deadline')}
            />
          </SimpleGrid>

          <Card withBorder padding="md" component="fieldset">
            <Title order={2} size="h5" component="legend" px={4}>
              {t('calls.criteriaTitle')}
            </Title>
            <Text size="sm" c="dimmed" mb="sm">
              {t('calls.criteriaIntro')}
            </Text>
            {form.errors.criteria && (
              <Text c="red" size="sm" role="alert" tabIndex={-1} mb="xs">
                {form.errors.criteria}
              </Text>
            )}
            <Stack gap="xs">
              {v.criteria.map((c, i) => (
                <Group key={c.key} align="flex-end" wrap="wrap" gap="xs">
                  {isNamedCriterion(c.key) ? (
                    <Text style={{ flex: '1 1 14rem' }} pb={8}>
                      {criterionName(c, t)}
                    </Text>
                  ) : (
                    <TextInput
                      label={t('calls.criterionName')}
                      value={c.label}
                      required
                      error={form.errors[`criteria.${i}.label`]}
                      onChange={(e) => setCriterion(i, { label: e.currentTarget.value }, 'label')}
                      style={{ flex: '1 1 14rem' }}
                    />
                  )}
                  <TextInput
                    label={t('calls.weight')}
                    aria-label={t('calls.weightOf', { name: criterionName(c, t) })}
                    type="number"
                    inputMode="numeric"
                    min={0}
                    max={10}
                    value={c.weight}
                    error={form.errors[`criteria.${i}.weight`]}
                    onChange={(e) => setCriterion(i, { weight: e.currentTarget.value }, 'weight')}
                    w={110}
                  />
                  <Button
                    variant="subtle"
                    color="red"
                    disabled={v.criteria.length <= 1}
                    onClick={() =>
                      form.update((cur) => ({ ...cur, criteria: cur.criteria.filter((_, j) => j !== i) }))
                    }
                  >
                    {t('calls.remove')}
                  </Button>
                </Group>
              ))}
            </Stack>
            <Group mt="sm" gap="xs">
              {unusedNamed.map((key) => (
                <Button
                  key={key}
                  variant="default"
                  size="xs"
                  onClick={() =>
                    form.update((cur) => ({
                      ...cur,
                      criteria: [...cur.criteria, { key, label: '', weight: '1' }],
                    }))
                  }
                >
                  {t('calls.addNamed', { name: t(`calls.criteria.${key}`) })}
                </Button>
              ))}
              <Button
                variant="default"
                size="xs"
                onClick={() =>
                  form.update((cur) => {
                    let n = 1;
                    while (cur.criteria.some((c) => c.key === `own_${n}`)) n++;
                    return {
                      ...cur,
                      criteria: [...cur.criteria, { key: `own_${n}`, label: '', weight: '1' }],
                    };
                  })
                }
              >
                {t('calls.addCriterion')}
              </Button>
            </Group>
          </Card>

          <Card withBorder padding="md" component="fieldset">
            <Title order={2} size="h5" component="legend" px={4}>
              {t('calls.destinations')}
            </Title>
            {form.errors.destinations && (
              <Text c="red" size="sm" role="alert" tabIndex={-1} mb="xs">
                {form.errors.destinations}
              </Text>
            )}
            <Stack gap="md">
              {v.destinations.map((d, i) => (
                <Card key={d.id ?? `new-${i}`} withBorder padding="sm" radius="sm">
                  <Text size="sm" fw={600} mb={4}>
                    {t('calls.destinationNumber', { n: i + 1 })}
                  </Text>
                  <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="xs">
                    <NativeSelect
                      label={t('calls.host')}
                      value={d.hostPartnerId}
                      error={form.errors[`destinations.${i}.hostPartnerId`]}
                      data={[
                        { value: '', label: t('calls.hostLater') },
                        ...options.partners.map((p) => ({ value: p.id, label: `${p.label} (${p.country})` })),
                      ]}
                      onChange={(e) => {
                        const id = e.currentTarget.value;
                        const partner = options.partners.find((p) => p.id === id);
                        setDestination(
                          i,
                          partner
                            ? {
                                hostPartnerId: id,
                                country: d.country || partner.country,
                                city: d.city || partner.city,
                              }
                            : { hostPartnerId: id },
                          'hostPartnerId',
                        );
                      }}
                    />
                    <TextInput
                      label={t('calls.country')}
                      description={t('calls.countryHint')}
                      required
                      maxLength={2}
                      value={d.country}
                      error={form.errors[`destinations.${i}.country`]}
                      onChange={(e) =>
                        setDestination(i, { country: e.currentTarget.value.toUpperCase() }, 'country')
                      }
                    />
                    <TextInput
                      label={t('calls.city')}
                      value={d.city}
                      error={form.errors[`destinations.${i}.city`]}
                      onChange={(e) => setDestination(i, { city: e.currentTarget.value }, 'city')}
                    />
                    <TextInput
                      label={t('calls.destinationPlaces')}
                      type="number"
                      inputMode="numeric"
                      min={1}
                      required
                      value={d.places}
                      error={form.errors[`destinations.${i}.places`]}
                      onChange={(e) => setDestination(i, { places: e.currentTarget.value }, 'places')}
                    />
                  </SimpleGrid>
                  <Group justify="flex-end" mt="xs">
                    <Button
                      variant="subtle"
                      color="red"
                      size="xs"
                      disabled={v.destinations.length <= 1}
                      onClick={() =>
                        form.update(
                          (cur) => ({ ...cur, destinations: cur.destinations.filter((_, j) => j !== i) }),
                          'destinations',
                        )
                      }
                    >
                      {t('calls.removeDestination')}
                    </Button>
                  </Group>
                </Card>
              ))}
            </Stack>
            <Group mt="sm">
              <Button
                variant="default"
                size="xs"
                onClick={() =>
                  form.update((cur) => ({ ...cur, destinations: [...cur.destinations, emptyDestination()] }))
                }
              >
                {t('calls.addDestination')}
              </Button>
            </Group>
          </Card>

          <Group justify="flex-end">
            <Button
              variant="default"
              onClick={() =>
                call
                  ? void navigate({ to: '/calls/$callId', params: { callId: call.id } })
                  : void navigate({ to: '/calls' })
              }
            >
              {t('common.cancel')}
            </Button>
            <Button type="submit" loading={save.isPending}>
              {call ? t('common.save') : t('calls.create')}
            </Button>
          </Group>
        </Stack>
      </form>
    </>
  );
}
