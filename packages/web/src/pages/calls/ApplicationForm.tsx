import {
  Button,
  Card,
  Checkbox,
  Group,
  NativeSelect,
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
  type ApplicationDetail,
  type ApplicationInput,
  applicationInput,
  type CallDetail,
  cefrLevels,
} from '@tilts/shared';
import type { FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { FormAlert, LoadError, Loading } from '../../components/feedback.tsx';
import { PageHeader } from '../../components/PageHeader.tsx';
import { currentLocale } from '../../i18n/index.ts';
import { api } from '../../lib/api.ts';
import { formatDate } from '../../lib/format.ts';
import { callQuery } from './CallForm.tsx';
import { useNestedForm } from './nested-form.ts';
import { destinationText } from './parts.tsx';

export const applicationQuery = (id: string) =>
  queryOptions({
    queryKey: ['applications', id],
    queryFn: () => api.get<ApplicationDetail>(`/api/applications/${id}`),
  });

const route = getRouteApi('/app/calls/$callId/apply');

interface Values {
  motivation: string;
  languages: { language: string; level: string }[];
  destinations: string[];
  isMinor: boolean;
  guardianConsent: boolean;
  dataConsent: boolean;
  photoConsent: boolean;
}

/** A learner's application to one call: new, or their own to change before the deadline. */
export function ApplyPage() {
  const { callId } = route.useParams();
  const call = useQuery(callQuery(callId));
  const mineId = call.data?.myApplicationId ?? null;
  const mine = useQuery({ ...applicationQuery(mineId ?? ''), enabled: mineId !== null });
  const failed = call.error ?? mine.error;
  if (failed) return <LoadError error={failed} />;
  if (!call.data || (mineId && !mine.data)) return <Loading />;
  return <ApplicationForm call={call.data} application={mine.data ?? null} />;
}

function ApplicationForm({ call, application }: { call: CallDetail; application: ApplicationDetail | null }) {
  const { t } = useTranslation();
  const locale = currentLocale();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const editing = application !== null && application.status !== 'withdrawn';
  const form = useNestedForm<Values>(
    () =>
      application
        ? {
            motivation: application.motivation,
            languages: application.languages.map((l) => ({ ...l })),
            destinations: application.destinations.map((d) => d.id),
            isMinor: call.minorOnRecord ?? application.isMinor,
            guardianConsent: application.guardianConsent,
            dataConsent: application.dataConsent,
            photoConsent: application.photoConsent,
          }
        : {
            motivation: '',
            languages: [{ language: '', level: '' }],
            destinations: call.destinations.length === 1 ? [call.destinations[0]!.id] : [],
            isMinor: call.minorOnRecord ?? false,
            guardianConsent: false,
            dataConsent: false,
            photoConsent: false,
          },
    (key) =>
      /^(motivation|languages|destinations|guardianConsent|dataConsent)$/.test(key) ||
      /^languages\.\d+\.(language|level)$/.test(key),
  );
  const v = form.values;
  const byId = new Map(call.destinations.map((d) => [d.id, d]));
  const remaining = call.destinations.filter((d) => !v.destinations.includes(d.id));
  const setLanguage = (i: number, change: Partial<Values['languages'][number]>, name: string) =>
    form.update(
      (c) => ({ ...c, languages: c.languages.map((l, j) => (j === i ? { ...l, ...change } : l)) }),
      `languages.${i}.${name}`,
      'languages',
    );
  const moveDestination = (i: number, by: -1 | 1) =>
    form.update((c) => {
      const next = [...c.destinations];
      const [item] = next.splice(i, 1);
      next.splice(i + by, 0, item!);
      return { ...c, destinations: next };
    }, 'destinations');

  const save = useMutation({
    mutationFn: (body: ApplicationInput) =>
      editing
        ? api.put<ApplicationDetail>(`/api/applications/${application.id}`, body)
        : api.post<ApplicationDetail>(`/api/calls/${call.id}/applications`, body),
    onSuccess: (saved) => {
      queryClient.setQueryData(applicationQuery(saved.id).queryKey, saved);
      void queryClient.invalidateQueries({ queryKey: ['calls'] });
      void queryClient.invalidateQueries({ queryKey: ['applications', 'mine'] });
      notifications.show({
        color: 'teal',
        message: editing ? t('calls.applicationSaved') : t('calls.applied'),
      });
      void navigate({ to: '/applications/$applicationId', params: { applicationId: saved.id } });
    },
    onError: form.fail,
  });

  function submit(event: FormEvent) {
    event.preventDefault();
    const body = form.check(applicationInput, v);
    if (body) save.mutate(body);
  }

  return (
    <>
      <PageHeader
        title={
          editing
            ? t('calls.editApplicationTitle', { title: call.title })
            : t('calls.applyTitle', { title: call.title })
        }
        intro={t('calls.applyUntil', { date: formatDate(call.deadline, locale) })}
      />
      <form ref={form.formRef} onSubmit={submit} noValidate>
        <Stack maw={760}>
          <FormAlert message={form.formError} />
          {call.criteriaText && (
            <Card withBorder padding="md">
              <Text size="sm" fw={600}>
                {t('calls.criteriaText')}
              </Text>
              <Text size="sm" style={{ whiteSpace: 'pre-wrap' }}>
                {call.criteriaText}
              </Text>
            </Card>
          )}
          <Textarea
            label={t('calls.motivation')}
            description={t('calls.motivationHint')}
            required
            autosize
            minRows={5}
            value={v.motivation}
            error={form.errors.motivation}
            onChange={(e) => {
              const motivation = e.currentTarget.value;
              form.update((c) => ({ ...c, motivation }), 'motivation');
            }}
          />

          <Card withBorder padding="md" component="fieldset">
            <Title order={2} size="h5" component="legend" px={4}>
              {t('calls.languages')}
            </Title>
            <Text size="sm" c="dimmed" mb="xs">
              {t('calls.languagesHint')}
            </Text>
            {form.errors.languages && (
              <Text c="red" size="sm" role="alert" tabIndex={-1} mb="xs">
                {form.errors.languages}
              </Text>
            )}
            <Stack gap="xs">
              {v.languages.map((l, i) => (
                // biome-ignore lint/suspicious/noArrayIndexKey: rows have no id of their own; the index is their place in the form.
                <Group key={i} align="flex-end" gap="xs" wrap="wrap">
                  <TextInput
                    label={t('calls.language')}
                    required
                    value={l.language}
                    error={form.errors[`languages.${i}.language`]}
                    onChange={(e) => setLanguage(i, { language: e.currentTarget.value }, 'language')}
                    style={{ flex: '1 1 12rem' }}
                  />
                  <NativeSelect
                    label={t('calls.level')}
                    required
                    value={l.level}
                    error={form.errors[`languages.${i}.level`]}
                    data={[
                      { value: '', label: t('calls.chooseLevel') },
                      ...cefrLevels.map((x) => ({ value: x, label: x })),
                    ]}
                    onChange={(e) => setLanguage(i, { level: e.currentTarget.value }, 'level')}
                    w={150}
                  />
                  <Button
                    variant="subtle"
                    color="red"
                    disabled={v.languages.length <= 1}
                    onClick={() =>
                      form.update(
                        (c) => ({ ...c, languages: c.languages.filter((_, j) => j !== i) }),
                        'languages',
                      )
                    }
                  >
                    {t('calls.remove')}
                  </Button>
                </Group>
              ))}
            </Stack>
            <Group mt="sm">
              <Button
                variant="default"
                size="xs"
                onClick={() =>
                  form.update((c) => ({ ...c, languages: [...c.languages, { language: '', level: '' }] }))
                }
              >
                {t('calls.addLanguage')}
              </Button>
            </Group>
          </Card>

          <Card withBorder padding="md" component="fieldset">
            <Title order={2} size="h5" component="legend" px={4}>
              {t('calls.preferredDestinations')}
            </Title>
            <Text size="sm" c="dimmed" mb="xs">
              {t('calls.preferredHint')}
            </Text>
            {form.errors.destinations && (
              <Text c="red" size="sm" role="alert" tabIndex={-1} mb="xs">
                {form.errors.destinations}
              </Text>
            )}
            <Stack gap="xs">
              {v.destinations.map((id, i) => {
                const d = byId.get(id);
                const name = d ? destinationText(d, locale) : id;
                return (
                  <Group key={id} gap="xs" wrap="nowrap">
                    <Text fw={600} w={24}>
                      {i + 1}.
                    </Text>
                    <Text style={{ flex: 1 }}>{name}</Text>
                    <Button
                      size="compact-xs"
                      variant="default"
                      disabled={i === 0}
                      aria-label={t('calls.moveUp', { name })}
                      onClick={() => moveDestination(i, -1)}
                    >
                      ↑
                    </Button>
                    <Button
                      size="compact-xs"
                      variant="default"
                      disabled={i === v.destinations.length - 1}
                      aria-label={t('calls.moveDown', { name })}
                      onClick={() => moveDestination(i, 1)}
                    >
                      ↓
                    </Button>
                    <Button
                      size="compact-xs"
                      variant="subtle"
                      color="red"
                      aria-label={t('calls.removeNamed', { name })}
                      onClick={() =>
                        form.update(
                          (c) => ({ ...c, destinations: c.destinations.filter((x) => x !== id) }),
                          'destinations',
                        )
                      }
                    >
                      ✕
                    </Button>
                  </Group>
                );
              })}
            </Stack>
            {remaining.length > 0 && (
              <NativeSelect
                mt="sm"
                label={t('calls.addDestinationChoice')}
                value=""
                data={[
                  { value: '', label: t('calls.chooseDestination') },
                  ...remaining.map((d) => ({ value: d.id, label: destinationText(d, locale) })),
                ]}
                onChange={(e) => {
                  const id = e.currentTarget.value;
                  if (id)
                    form.update((c) => ({ ...c, destinations: [...c.destinations, id] }), 'destinations');
                }}
              />
            )}
          </Card>

          <Card withBorder padding="md" component="fieldset">
            <Title order={2} size="h5" component="legend" px={4}>
              {t('calls.consents')}
            </Title>
            <Stack gap="sm">
              <Checkbox
                label={t('calls.dataConsent')}
                required
                checked={v.dataConsent}
                error={form.errors.dataConsent}
                onChange={(e) => {
                  const dataConsent = e.currentTarget.checked;
                  form.update((c) => ({ ...c, dataConsent }), 'dataConsent');
                }}
              />
              {call.minorOnRecord === null ? (
                <Checkbox
                  label={t('calls.isMinor')}
                  checked={v.isMinor}
                  onChange={(e) => {
                    const isMinor = e.currentTarget.checked;
                    form.update((c) => ({ ...c, isMinor }), 'guardianConsent');
                  }}
                />
              ) : (
                call.minorOnRecord && (
                  <Text size="sm" c="dimmed">
                    {t('calls.minorOnRecord')}
                  </Text>
                )
              )}
              {(v.isMinor || call.minorOnRecord || form.errors.guardianConsent) && (
                <Checkbox
                  label={t('calls.guardianConsent')}
                  required
                  checked={v.guardianConsent}
                  error={form.errors.guardianConsent}
                  onChange={(e) => {
                    const guardianConsent = e.currentTarget.checked;
                    form.update((c) => ({ ...c, guardianConsent }), 'guardianConsent');
                  }}
                />
              )}
              <Checkbox
                label={t('calls.photoConsent')}
                checked={v.photoConsent}
                onChange={(e) => {
                  const photoConsent = e.currentTarget.checked;
                  form.update((c) => ({ ...c, photoConsent }));
                }}
              />
            </Stack>
          </Card>

          <Group justify="flex-end">
            <Button
              variant="default"
              onClick={() => void navigate({ to: '/calls/$callId', params: { callId: call.id } })}
            >
              {t('common.cancel')}
            </Button>
            <Button type="submit" loading={save.isPending}>
              {editing ? t('common.save') : t('calls.submitApplication')}
            </Button>
          </Group>
        </Stack>
      </form>
    </>
  );
}
