import { Button, Card, Group, NumberInput, Stack, Text, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { queryOptions, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type RetentionView, retentionSettings } from '@tilts/shared';
import { useTranslation } from 'react-i18next';
import { FormAlert, LoadError, Loading } from '../../components/feedback.tsx';
import { currentLocale } from '../../i18n/index.ts';
import { api } from '../../lib/api.ts';
import { formatDate } from '../../lib/format.ts';
import { useForm } from '../../lib/forms.ts';

const retentionQuery = queryOptions({
  queryKey: ['retention'],
  queryFn: () => api.get<RetentionView>('/api/admin/retention'),
});

function RetentionForm({ view }: { view: RetentionView }) {
  const { t } = useTranslation();
  const locale = currentLocale();
  const queryClient = useQueryClient();
  const form = useForm({ retentionYears: String(view.retentionYears) });
  const save = useMutation({
    mutationFn: (body: unknown) => api.put<RetentionView>('/api/admin/retention', body),
    onSuccess: (saved) => {
      queryClient.setQueryData(retentionQuery.queryKey, saved);
      notifications.show({ color: 'teal', message: t('common.saved') });
    },
    onError: form.fail,
  });
  return (
    <form
      ref={form.formRef}
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        const body = form.check(retentionSettings);
        if (body) save.mutate(body);
      }}
    >
      <Stack gap="sm">
        <FormAlert message={form.formError} />
        <Group align="flex-end">
          <NumberInput
            label={t('people.retentionYears')}
            min={1}
            max={50}
            allowDecimal={false}
            value={form.values.retentionYears}
            onChange={(v) => form.setValue('retentionYears', String(v))}
            error={form.errors.retentionYears}
            name="retentionYears"
            w={220}
          />
          <Button type="submit" loading={save.isPending}>
            {t('common.save')}
          </Button>
        </Group>
        <Text size="sm">
          {t('people.retentionStatus', {
            cutoff: formatDate(view.cutoff, locale),
            due: view.due,
            anonymised: view.anonymised,
          })}
        </Text>
      </Stack>
    </form>
  );
}

/** The school page's card: how long learners' personal data is kept after their last placement. */
export function RetentionCard() {
  const { t } = useTranslation();
  const view = useQuery(retentionQuery);
  return (
    <Card withBorder padding="lg" component="section" aria-labelledby="retention-title">
      <Title order={2} size="h4" mb="xs" id="retention-title">
        {t('people.retentionTitle')}
      </Title>
      <Text size="sm" c="dimmed" mb="sm">
        {t('people.retentionIntro')}
      </Text>
      {view.isPending ? (
        <Loading />
      ) : view.isError ? (
        <LoadError error={view.error} onRetry={() => void view.refetch()} />
      ) : (
        <RetentionForm key={view.data.retentionYears} view={view.data} />
      )}
    </Card>
  );
}
