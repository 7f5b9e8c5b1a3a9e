import { Button, Card, Group, SimpleGrid, Stack, TextInput, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { queryOptions, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import {
  errorMessages,
  type FieldIssue,
  fieldMessage,
  type RiskThresholds,
  riskDirection,
  riskSignalNames,
  riskSignals,
  riskThresholdsInput,
} from '@tilts/shared';
import type { FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { FormAlert, LoadError, Loading } from '../../components/feedback.tsx';
import { PageHeader } from '../../components/PageHeader.tsx';
import { currentLocale } from '../../i18n/index.ts';
import { api } from '../../lib/api.ts';
import { useForm } from '../../lib/forms.ts';

interface ThresholdsResponse {
  thresholds: RiskThresholds;
  defaults: RiskThresholds;
}

const thresholdsQuery = queryOptions({
  queryKey: ['risk', 'thresholds'],
  queryFn: () => api.get<ThresholdsResponse>('/api/risk/thresholds'),
});

type Values = Record<string, string>;

function toValues(t: RiskThresholds): Values {
  const values: Values = {};
  for (const s of riskSignals) {
    values[`${s}.amber`] = String(t[s].amber);
    values[`${s}.red`] = String(t[s].red);
  }
  return values;
}

function fromValues(values: Values) {
  return Object.fromEntries(
    riskSignals.map((s) => [s, { amber: values[`${s}.amber`]?.trim(), red: values[`${s}.red`]?.trim() }]),
  );
}

/** The school's amber and red per signal, with the defaults shown next to each (admins, coordinators). */
export function RiskThresholdsPage() {
  const { t } = useTranslation();
  const query = useQuery(thresholdsQuery);
  return (
    <>
      <PageHeader title={t('risk.thresholdsTitle')} intro={t('risk.thresholdsIntro')} />
      {query.isPending ? (
        <Loading />
      ) : query.isError ? (
        <LoadError error={query.error} onRetry={() => void query.refetch()} />
      ) : (
        <ThresholdsForm data={query.data} />
      )}
    </>
  );
}

function ThresholdsForm({ data }: { data: ThresholdsResponse }) {
  const { t } = useTranslation();
  const locale = currentLocale();
  const queryClient = useQueryClient();
  const form = useForm<Values>(toValues(data.thresholds));
  const save = useMutation({
    mutationFn: (body: RiskThresholds) => api.put<ThresholdsResponse>('/api/risk/thresholds', body),
    onSuccess: (updated) => {
      queryClient.setQueryData(thresholdsQuery.queryKey, updated);
      void queryClient.invalidateQueries({ queryKey: ['risk', 'list'] });
      notifications.show({ color: 'teal', message: t('risk.saved') });
    },
    onError: form.fail,
  });

  function submit(event: FormEvent) {
    event.preventDefault();
    const result = riskThresholdsInput.safeParse(fromValues(form.values));
    if (!result.success) {
      const fields: Record<string, string> = {};
      for (const issue of result.error.issues) {
        const key = issue.path.join('.');
        fields[key] ??= fieldMessage(issue as FieldIssue, locale);
      }
      form.showErrors(fields, errorMessages[locale].validation_failed);
      return;
    }
    save.mutate(result.data as RiskThresholds);
  }

  return (
    <form ref={form.formRef} onSubmit={submit} noValidate>
      <Stack gap="md">
        <FormAlert message={form.formError} />
        {riskSignals.map((s) => {
          const below = riskDirection[s] === 'below';
          return (
            <Card key={s} withBorder radius="md" padding="md" component="fieldset">
              <Title order={2} size="h5" mb="xs" component="legend">
                {riskSignalNames[locale][s]}
              </Title>
              <SimpleGrid cols={{ base: 1, xs: 2 }} spacing="sm">
                <TextInput
                  label={below ? t('risk.amberBelow') : t('risk.amber')}
                  description={t('risk.defaultValue', { value: data.defaults[s].amber })}
                  inputMode="numeric"
                  {...form.input(`${s}.amber`)}
                />
                <TextInput
                  label={below ? t('risk.redBelow') : t('risk.red')}
                  description={t('risk.defaultValue', { value: data.defaults[s].red })}
                  inputMode="numeric"
                  {...form.input(`${s}.red`)}
                />
              </SimpleGrid>
            </Card>
          );
        })}
        <Group>
          <Button type="submit" loading={save.isPending}>
            {t('risk.save')}
          </Button>
          <Button variant="default" onClick={() => form.setValues(toValues(data.defaults))}>
            {t('risk.resetDefaults')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
