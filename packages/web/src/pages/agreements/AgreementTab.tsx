import {
  Alert,
  Anchor,
  Badge,
  Button,
  Card,
  Group,
  Stack,
  Table,
  Text,
  Textarea,
  Title,
} from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { PlacementAgreements, PlacementDetail } from '@tilts/shared';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { FormAlert, LoadError, Loading } from '../../components/feedback.tsx';
import { ApiRequestError, api, errorText } from '../../lib/api.ts';
import { AgreementView, VersionBadge } from './AgreementView.tsx';
import { placementAgreementsQuery } from './queries.ts';

function problemText(error: unknown): string {
  if (error instanceof ApiRequestError) {
    const fields = Object.values(error.fields);
    return fields.length ? fields.join(' ') : error.message;
  }
  return errorText(error);
}

/**
 * The placement's "Learning agreement" tab: one agreement per learner (a whole group made in one
 * action), each learner's own to read and sign, and the staff's way to draft, send and change them.
 */
export function AgreementTab({ placement }: { placement: PlacementDetail }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const query = useQuery(placementAgreementsQuery(placement.id));
  const [selected, setSelected] = useState<string | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const [report, setReport] = useState<string | null>(null);
  const learners = placement.participants.filter((p) => p.role === 'learner');
  const isGroup = learners.length > 1;
  const [programme, setProgramme] = useState<string | null>(null);

  const update = (data: PlacementAgreements) => {
    setProblem(null);
    queryClient.setQueryData(placementAgreementsQuery(placement.id).queryKey, data);
  };
  const generate = useMutation({
    mutationFn: () =>
      api.post<PlacementAgreements>(
        `/api/placements/${placement.id}/agreements`,
        programme === null ? {} : { groupProgramme: programme },
      ),
    onSuccess: (data) => {
      update(data);
      notifications.show({ color: 'teal', message: t('agreements.generated') });
    },
    onError: (e) => setProblem(problemText(e)),
  });
  const saveProgramme = useMutation({
    mutationFn: (text: string) =>
      api.put<PlacementAgreements>(`/api/placements/${placement.id}/group-programme`, { text }),
    onSuccess: (data) => {
      update(data);
      setProgramme(null);
      notifications.show({ color: 'teal', message: t('common.saved') });
    },
    onError: (e) => setProblem(problemText(e)),
  });
  const sendAll = useMutation({
    mutationFn: () =>
      api.post<{ sent: number; notReady: { learner: string; missing: string[] }[] }>(
        `/api/placements/${placement.id}/agreements/send`,
      ),
    onSuccess: (r) => {
      setProblem(null);
      setReport(
        [
          t('agreements.sentCount', { count: r.sent }),
          ...r.notReady.map((n) =>
            t('agreements.notReadyLine', {
              learner: n.learner,
              missing: n.missing.map((m) => t(`agreements.missing.${m as 'host'}`)).join('; '),
            }),
          ),
        ].join('\n'),
      );
      void queryClient.invalidateQueries({ queryKey: ['agreements'] });
    },
    onError: (e) => setProblem(problemText(e)),
  });

  if (learners.length === 0)
    return (
      <Text c="dimmed" size="sm">
        {t('agreements.noLearners')}
      </Text>
    );
  if (query.isPending) return <Loading />;
  if (query.isError) return <LoadError error={query.error} onRetry={() => void query.refetch()} />;
  const list = query.data;
  const current =
    selected && list.agreements.some((a) => a.id === selected) ? selected : (list.agreements[0]?.id ?? null);
  const drafts = list.agreements.filter((a) => a.status === 'draft').length;

  return (
    <Stack>
      {problem && <FormAlert message={problem} />}
      {list.canManage && (list.withoutAgreement.length > 0 || isGroup) && (
        <Card withBorder padding="lg" component="section">
          <Stack gap="sm">
            {list.agreements.length === 0 && <Text size="sm">{t('agreements.noneYet')}</Text>}
            {isGroup && (
              <Textarea
                label={t('agreements.fields.groupProgramme')}
                description={t('agreements.groupProgrammeHint')}
                autosize
                minRows={3}
                value={programme ?? list.groupProgramme}
                onChange={(e) => setProgramme(e.currentTarget.value)}
              />
            )}
            <Group gap="xs">
              {list.withoutAgreement.length > 0 && (
                <Button loading={generate.isPending} onClick={() => generate.mutate()}>
                  {isGroup
                    ? t('agreements.generateGroup', { count: list.withoutAgreement.length })
                    : t('agreements.generate')}
                </Button>
              )}
              {isGroup && programme !== null && list.agreements.length > 0 && (
                <Button
                  variant="default"
                  loading={saveProgramme.isPending}
                  onClick={() => saveProgramme.mutate(programme)}
                >
                  {t('agreements.saveProgramme')}
                </Button>
              )}
              {isGroup && (
                <Anchor
                  size="sm"
                  href={`/api/placements/${placement.id}/documents/group_programme?lang=lv`}
                  download
                >
                  {t('agreements.groupProgrammePdf')}
                </Anchor>
              )}
            </Group>
          </Stack>
        </Card>
      )}
      {list.agreements.length > 1 && (
        <Card withBorder padding="lg" component="section">
          <Group justify="space-between" mb="sm">
            <Title order={2} size="h4">
              {t('agreements.groupTitle')}
            </Title>
            {list.canManage && drafts > 0 && (
              <Button size="xs" loading={sendAll.isPending} onClick={() => sendAll.mutate()}>
                {t('agreements.sendAll', { count: drafts })}
              </Button>
            )}
          </Group>
          {report && (
            <Alert
              color="blue"
              variant="light"
              mb="sm"
              withCloseButton
              onClose={() => setReport(null)}
              style={{ whiteSpace: 'pre-line' }}
            >
              {report}
            </Alert>
          )}
          <Table.ScrollContainer minWidth={480} type="native">
            <Table highlightOnHover verticalSpacing={6}>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>{t('agreements.fields.learner')}</Table.Th>
                  <Table.Th>{t('agreements.version')}</Table.Th>
                  <Table.Th>{t('agreements.signatures')}</Table.Th>
                  <Table.Th>{t('agreements.missingShort')}</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {list.agreements.map((a) => (
                  <Table.Tr key={a.id} bg={a.id === current ? 'teal.0' : undefined}>
                    <Table.Td>
                      <Anchor
                        component="button"
                        type="button"
                        size="sm"
                        onClick={() => setSelected(a.id)}
                        aria-pressed={a.id === current}
                      >
                        {a.learner.name}
                      </Anchor>
                    </Table.Td>
                    <Table.Td>
                      <Group gap={6}>
                        {a.currentVersion}
                        <VersionBadge status={a.status} />
                        {a.recognised && (
                          <Badge color="teal" variant="outline" size="sm">
                            {t('agreements.recognised')}
                          </Badge>
                        )}
                      </Group>
                    </Table.Td>
                    <Table.Td>
                      {a.signaturesNeeded ? `${a.signaturesDone}/${a.signaturesNeeded}` : '—'}
                    </Table.Td>
                    <Table.Td>
                      {a.missing.length ? t('agreements.missingCount', { count: a.missing.length }) : '—'}
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        </Card>
      )}
      {current ? (
        <AgreementView key={current} agreementId={current} />
      ) : (
        !list.canManage && (
          <Text size="sm" c="dimmed">
            {t('agreements.notYetForYou')}
          </Text>
        )
      )}
      {list.canManage && placement.participants.some((p) => p.role === 'accompanying') && (
        <Card withBorder padding="lg" component="section">
          <Title order={2} size="h4" mb="sm">
            {t('agreements.accompanyingTitle')}
          </Title>
          <Stack gap={4}>
            {placement.participants
              .filter((p) => p.role === 'accompanying')
              .map((p) => (
                <Group key={p.id} gap="sm">
                  <Text size="sm" w={220}>
                    {p.name}
                  </Text>
                  {(['lv', 'en'] as const).map((lang) => (
                    <Anchor
                      key={lang}
                      size="sm"
                      href={`/api/placements/${placement.id}/documents/accompanying?userId=${p.id}&lang=${lang}`}
                      download
                    >
                      PDF {lang.toUpperCase()}
                    </Anchor>
                  ))}
                </Group>
              ))}
          </Stack>
        </Card>
      )}
    </Stack>
  );
}
