import { Button, Card, Group, Modal, SimpleGrid, Stack, Table, Text, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { queryOptions, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { getRouteApi, useNavigate } from '@tanstack/react-router';
import type { QualificationDetails } from '@tilts/shared';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { LoadError, Loading } from '../../components/feedback.tsx';
import { RouterAnchor, RouterButton } from '../../components/links.tsx';
import { PageHeader } from '../../components/PageHeader.tsx';
import { hasRole, registerWriters } from '../../lib/access.ts';
import { ApiRequestError, api, errorText } from '../../lib/api.ts';
import { useMe } from '../../lib/me-context.ts';
import { QualificationForm } from './QualificationForm.tsx';

const route = getRouteApi('/app/catalogue/$qualificationId');

export const qualificationQuery = (id: string) =>
  queryOptions({
    queryKey: ['qualifications', 'one', id],
    queryFn: () => api.get<QualificationDetails>(`/api/catalogue/qualifications/${id}`),
  });

/** Why a delete was refused, in the server's words. */
export function refusal(error: unknown): string {
  const words = error instanceof ApiRequestError ? Object.values(error.fields).join(' ') : '';
  return words || errorText(error);
}

export function QualificationPage() {
  const { t } = useTranslation();
  const me = useMe();
  const canWrite = hasRole(me, registerWriters);
  const { qualificationId } = route.useParams();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const query = useQuery(qualificationQuery(qualificationId));
  const [editing, setEditing] = useState(false);
  const [confirming, setConfirming] = useState(false);

  const remove = useMutation({
    mutationFn: () => api.delete(`/api/catalogue/qualifications/${qualificationId}`),
    onSuccess: async () => {
      notifications.show({ color: 'teal', message: t('catalogue.deleted') });
      queryClient.removeQueries({ queryKey: ['qualifications', 'one', qualificationId] });
      await queryClient.invalidateQueries({ queryKey: ['qualifications'] });
      await navigate({ to: '/catalogue' });
    },
    onError: (error) => {
      setConfirming(false);
      notifications.show({ color: 'red', message: refusal(error) });
    },
  });

  if (query.isPending) return <Loading />;
  if (query.isError) return <LoadError error={query.error} onRetry={() => void query.refetch()} />;
  const q = query.data;

  return (
    <>
      <RouterAnchor to="/catalogue" size="sm">
        ← {t('catalogue.backToList')}
      </RouterAnchor>
      <PageHeader
        title={`${q.title} (${q.code})`}
        intro={q.titleEn || undefined}
        actions={
          canWrite &&
          !editing && (
            <>
              <Button variant="default" onClick={() => setEditing(true)}>
                {t('catalogue.edit')}
              </Button>
              <Button variant="default" color="red" onClick={() => setConfirming(true)}>
                {t('catalogue.delete')}
              </Button>
            </>
          )
        }
      />
      <Card withBorder padding="lg" mb="lg">
        {editing ? (
          <QualificationForm
            qualification={q}
            onCancel={() => setEditing(false)}
            onSaved={(saved) => {
              queryClient.setQueryData(qualificationQuery(qualificationId).queryKey, saved);
              void queryClient.invalidateQueries({ queryKey: ['qualifications', 'list'] });
              notifications.show({ color: 'teal', message: t('catalogue.saved') });
              setEditing(false);
            }}
          />
        ) : (
          <SimpleGrid cols={{ base: 2, sm: 4 }}>
            <Stack gap={2}>
              <Text size="sm" c="dimmed">
                {t('catalogue.eqfLevel')}
              </Text>
              <Text>{q.eqfLevel}</Text>
            </Stack>
            <Stack gap={2}>
              <Text size="sm" c="dimmed">
                {t('catalogue.lkiLevel')}
              </Text>
              <Text>{q.lkiLevel}</Text>
            </Stack>
            <Stack gap={2} style={{ gridColumn: 'span 2' }}>
              <Text size="sm" c="dimmed">
                {t('catalogue.programme')}
              </Text>
              <Text>{q.programme || t('common.none')}</Text>
            </Stack>
          </SimpleGrid>
        )}
      </Card>

      <Group justify="space-between" mb="sm">
        <Title order={2} size="h3">
          {t('catalogue.unitsTitle')}
        </Title>
        {canWrite && (
          <RouterButton to="/catalogue/$qualificationId/units/new" params={{ qualificationId }}>
            {t('catalogue.addUnit')}
          </RouterButton>
        )}
      </Group>
      {q.units.length === 0 ? (
        <Text c="dimmed">{t('catalogue.noUnits')}</Text>
      ) : (
        <Table.ScrollContainer minWidth={560} type="native">
          <Table striped highlightOnHover verticalSpacing="sm">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('catalogue.unitCode')}</Table.Th>
                <Table.Th>{t('catalogue.unitTitle')}</Table.Th>
                <Table.Th>{t('catalogue.eqfLevel')}</Table.Th>
                <Table.Th>{t('catalogue.creditPoints')}</Table.Th>
                <Table.Th>{t('catalogue.outcomeCount')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {q.units.map((u) => (
                <Table.Tr key={u.id}>
                  <Table.Td style={{ whiteSpace: 'nowrap' }}>{u.code}</Table.Td>
                  <Table.Td fw={500}>
                    <RouterAnchor to="/catalogue/units/$unitId" params={{ unitId: u.id }}>
                      {u.title}
                    </RouterAnchor>
                  </Table.Td>
                  <Table.Td>{u.eqfLevel}</Table.Td>
                  <Table.Td>{u.creditPoints.toLocaleString(me.locale)}</Table.Td>
                  <Table.Td>{u.outcomeCount}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}

      <Modal
        opened={confirming}
        onClose={() => setConfirming(false)}
        title={t('catalogue.deleteTitle', { name: q.title })}
      >
        <Stack>
          <Text size="sm">{t('catalogue.deleteQualificationText')}</Text>
          <Group justify="flex-end">
            <Button variant="default" onClick={() => setConfirming(false)} data-autofocus>
              {t('common.cancel')}
            </Button>
            <Button color="red" loading={remove.isPending} onClick={() => remove.mutate()}>
              {t('catalogue.delete')}
            </Button>
          </Group>
        </Stack>
      </Modal>
    </>
  );
}
