import { Button, Card, Checkbox, Group, NumberInput, Stack, Text } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import {
  extensionGrantingRoles,
  type PlacementSettingsInput,
  type PlacementSettingsView,
  placementSettingsInput,
} from '@tilts/shared';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { FormAlert, LoadError, Loading } from '../../components/feedback.tsx';
import { RouterAnchor } from '../../components/links.tsx';
import { PageHeader } from '../../components/PageHeader.tsx';
import { api } from '../../lib/api.ts';
import { useForm } from '../../lib/forms.ts';

const settingsKey = ['settings', 'placements'];

function SettingsForm({ settings }: { settings: PlacementSettingsView }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const form = useForm({ reminderDays: String(settings.reminderDays) });
  const [roles, setRoles] = useState<string[]>(settings.extensionRoles);
  const save = useMutation({
    mutationFn: (body: PlacementSettingsInput) =>
      api.put<PlacementSettingsView>('/api/settings/placements', body),
    onSuccess: (saved) => {
      queryClient.setQueryData(settingsKey, saved);
      notifications.show({ color: 'teal', message: t('placementSettings.saved') });
    },
    onError: form.fail,
  });
  function submit(event: FormEvent) {
    event.preventDefault();
    const body = form.check(placementSettingsInput, {
      reminderDays: form.values.reminderDays,
      extensionRoles: roles,
    });
    if (body) save.mutate(body);
  }
  return (
    <form ref={form.formRef} onSubmit={submit} noValidate>
      <Stack gap="md">
        <FormAlert message={form.formError} />
        {!settings.saved && (
          <Text size="sm" c="dimmed">
            {t('placementSettings.defaults')}
          </Text>
        )}
        <NumberInput
          label={t('placementSettings.reminderDays')}
          description={t('placementSettings.reminderDaysHint')}
          min={0}
          max={60}
          maw={320}
          name="reminderDays"
          value={form.values.reminderDays}
          onChange={(value) => form.setValue('reminderDays', String(value))}
          error={form.errors.reminderDays}
        />
        <Checkbox.Group
          label={t('placementSettings.extensionRoles')}
          value={roles}
          onChange={setRoles}
          error={form.errors.extensionRoles}
        >
          <Stack gap={6} mt={6}>
            {extensionGrantingRoles.map((role) => (
              <Checkbox key={role} value={role} label={t(`placementSettings.roles.${role}`)} />
            ))}
          </Stack>
        </Checkbox.Group>
        <Group>
          <Button type="submit" loading={save.isPending}>
            {t('common.save')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

/** The admin's page for the school's placement settings: reminder days and who may grant extensions. */
export function PlacementSettingsPage() {
  const { t } = useTranslation();
  const query = useQuery({
    queryKey: settingsKey,
    queryFn: () => api.get<PlacementSettingsView>('/api/settings/placements'),
  });
  return (
    <>
      <PageHeader title={t('placementSettings.title')} intro={t('placementSettings.intro')} />
      <Card withBorder radius="md" padding="lg" maw={720}>
        {query.isPending ? (
          <Loading />
        ) : query.isError ? (
          <LoadError error={query.error} onRetry={() => void query.refetch()} />
        ) : (
          <SettingsForm settings={query.data} />
        )}
      </Card>
      <Text size="sm" mt="md">
        {/* The thresholds of the at-risk signals have their own page (features/risk). */}
        <RouterAnchor to="/admin/risk-thresholds">{t('placementSettings.riskLink')}</RouterAnchor>
      </Text>
    </>
  );
}
