import { Button, Card, NativeSelect, Stack, Text, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useMutation, useQuery } from '@tanstack/react-query';
import type { PlacementDetail, templatePage } from '@tilts/shared';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { z } from 'zod';
import { FormAlert } from '../../components/feedback.tsx';
import { ApiRequestError, api, errorText } from '../../lib/api.ts';

/** On a recognised placement: issue a learner the micro-credential for what the school recognised. */
export function IssueFromPlacement({ placement }: { placement: PlacementDetail }) {
  const { t } = useTranslation();
  const learners = placement.participants.filter((x) => x.role === 'learner');
  const [learnerId, setLearnerId] = useState(learners[0]?.id ?? '');
  const [templateId, setTemplateId] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  const templates = useQuery({
    queryKey: ['credentials', 'templates', 'options'],
    queryFn: () => api.get<z.infer<typeof templatePage>>('/api/credentials/templates', { pageSize: 200 }),
  });
  const issue = useMutation({
    mutationFn: () =>
      api.post<{ id: string }>(`/api/placements/${placement.id}/credentials`, { learnerId, templateId }),
    onSuccess: () => {
      setProblem(null);
      notifications.show({ color: 'teal', message: t('credentials.fromPlacement.issued') });
    },
    onError: (error) =>
      setProblem(
        error instanceof ApiRequestError && Object.keys(error.fields).length
          ? Object.values(error.fields).join(' ')
          : errorText(error),
      ),
  });
  const items = templates.data?.items ?? [];
  const chosen = templateId || items[0]?.id || '';
  function submit(event: FormEvent) {
    event.preventDefault();
    if (chosen !== templateId) setTemplateId(chosen);
    issue.mutate();
  }
  return (
    <Card withBorder padding="lg" component="section">
      <Title order={2} size="h4" mb={4}>
        {t('credentials.fromPlacement.title')}
      </Title>
      <Text size="sm" c="dimmed" mb="sm">
        {t('credentials.fromPlacement.intro')}
      </Text>
      {templates.isSuccess && items.length === 0 ? (
        <Text size="sm">{t('credentials.fromPlacement.noTemplates')}</Text>
      ) : (
        <form onSubmit={submit}>
          <Stack gap="sm">
            <FormAlert message={problem} />
            <NativeSelect
              label={t('credentials.fromPlacement.learner')}
              value={learnerId}
              onChange={(e) => setLearnerId(e.currentTarget.value)}
              data={learners.map((l) => ({ value: l.id, label: l.name }))}
            />
            <NativeSelect
              label={t('credentials.fromPlacement.template')}
              value={chosen}
              onChange={(e) => setTemplateId(e.currentTarget.value)}
              data={items.map((x) => ({ value: x.id, label: x.title }))}
            />
            <Button type="submit" loading={issue.isPending} style={{ alignSelf: 'flex-start' }}>
              {t('credentials.fromPlacement.submit')}
            </Button>
          </Stack>
        </form>
      )}
    </Card>
  );
}
