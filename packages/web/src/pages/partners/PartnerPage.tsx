import { Alert, Button, Card, Group, Modal, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { queryOptions, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { getRouteApi, useNavigate } from '@tanstack/react-router';
import type { PartnerDetails } from '@tilts/shared';
import { type ReactNode, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { LoadError, Loading } from '../../components/feedback.tsx';
import { RouterAnchor } from '../../components/links.tsx';
import { PageHeader } from '../../components/PageHeader.tsx';
import { currentLocale } from '../../i18n/index.ts';
import { hasRole, registerWriters } from '../../lib/access.ts';
import { ApiRequestError, api, errorText } from '../../lib/api.ts';
import { formatDateTime } from '../../lib/format.ts';
import { useMe } from '../../lib/me-context.ts';
import { PartnerForm } from './PartnerForm.tsx';

const route = getRouteApi('/app/partners/$partnerId');

const partnerQuery = (id: string) =>
  queryOptions({
    queryKey: ['partners', 'one', id],
    queryFn: () => api.get<PartnerDetails>(`/api/partners/${id}`),
  });

function Field({ label, children }: { label: string; children: ReactNode }) {
  return (
    <Stack gap={2}>
      <Text size="sm" c="dimmed">
        {label}
      </Text>
      <Text style={{ overflowWrap: 'anywhere' }}>{children}</Text>
    </Stack>
  );
}

function PartnerView({ partner }: { partner: PartnerDetails }) {
  const { t } = useTranslation();
  const none = t('common.none');
  return (
    <Stack gap="lg">
      <Card withBorder padding="lg" component="section">
        <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="md">
          <Field label={t('partners.kind')}>{t(`partners.kinds.${partner.kind}`)}</Field>
          <Field label={t('partners.registrationNumber')}>{partner.registrationNumber || none}</Field>
          <Field label={t('partners.country')}>{partner.countryName}</Field>
          <Field label={t('partners.city')}>{partner.city || none}</Field>
          <Field label={t('partners.legalAddress')}>{partner.legalAddress || none}</Field>
          <Field label={t('partners.website')}>
            {partner.website ? (
              <a href={partner.website} target="_blank" rel="noreferrer noopener">
                {partner.website}
              </a>
            ) : (
              none
            )}
          </Field>
          <Field label={t('partners.sector')}>{partner.sector || none}</Field>
          <Field label={t('partners.erasmusOid')}>{partner.erasmusOid || none}</Field>
        </SimpleGrid>
        {partner.notes && (
          <Stack gap={2} mt="md">
            <Text size="sm" c="dimmed">
              {t('partners.notes')}
            </Text>
            <Text style={{ whiteSpace: 'pre-wrap' }}>{partner.notes}</Text>
          </Stack>
        )}
        <Text size="xs" c="dimmed" mt="md">
          {t('partners.updatedAt')}: {formatDateTime(partner.updatedAt, currentLocale())}
        </Text>
      </Card>
      <Card withBorder padding="lg" component="section" aria-labelledby="contacts-title">
        <Title order={2} size="h4" mb="sm" id="contacts-title">
          {t('partners.contacts')}
        </Title>
        {partner.contacts.length === 0 ? (
          <Text size="sm" c="dimmed">
            {t('partners.noContacts')}
          </Text>
        ) : (
          <SimpleGrid cols={{ base: 1, sm: 2 }}>
            {partner.contacts.map((c) => (
              <Stack key={c.id} gap={2}>
                <Text fw={600}>
                  {c.name}
                  {c.isPrimary && (
                    <Text span size="sm" c="dimmed">
                      {' '}
                      ({t('partners.primary')})
                    </Text>
                  )}
                </Text>
                {c.position && <Text size="sm">{c.position}</Text>}
                {c.email && (
                  <Text size="sm">
                    <a href={`mailto:${c.email}`}>{c.email}</a>
                  </Text>
                )}
                {c.phone && (
                  <Text size="sm">
                    <a href={`tel:${c.phone.replace(/[^+0-9]/g, '')}`}>{c.phone}</a>
                  </Text>
                )}
              </Stack>
            ))}
          </SimpleGrid>
        )}
      </Card>
    </Stack>
  );
}

export function PartnerPage() {
  const { t } = useTranslation();
  const me = useMe();
  const canWrite = hasRole(me, registerWriters);
  const { partnerId } = route.useParams();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const partner = useQuery(partnerQuery(partnerId));
  const [editing, setEditing] = useState(false);
  const [confirming, setConfirming] = useState(false);

  const remove = useMutation({
    mutationFn: () => api.delete(`/api/partners/${partnerId}`),
    onSuccess: async () => {
      notifications.show({ color: 'teal', message: t('partners.deleted') });
      queryClient.removeQueries({ queryKey: ['partners', 'one', partnerId] });
      await queryClient.invalidateQueries({ queryKey: ['partners'] });
      await navigate({ to: '/partners' });
    },
    onError: (error) => {
      setConfirming(false);
      const words = error instanceof ApiRequestError ? Object.values(error.fields).join(' ') : '';
      notifications.show({ color: 'red', message: words || errorText(error) });
      void partner.refetch();
    },
  });

  if (partner.isPending) return <Loading />;
  if (partner.isError) return <LoadError error={partner.error} onRetry={() => void partner.refetch()} />;
  const p = partner.data;
  const inUse = p.usage.placements + p.usage.mous > 0;

  return (
    <>
      <RouterAnchor to="/partners" size="sm">
        ← {t('partners.backToList')}
      </RouterAnchor>
      <PageHeader
        title={p.legalName}
        actions={
          canWrite &&
          !editing && (
            <>
              <Button variant="default" onClick={() => setEditing(true)}>
                {t('partners.edit')}
              </Button>
              <Button variant="default" color="red" disabled={inUse} onClick={() => setConfirming(true)}>
                {t('partners.delete')}
              </Button>
            </>
          )
        }
      />
      {canWrite && inUse && !editing && (
        <Alert color="gray" variant="light" mb="md">
          {t('partners.inUse', p.usage)}
        </Alert>
      )}
      {editing ? (
        <Card withBorder padding="lg">
          <PartnerForm
            partner={p}
            onCancel={() => setEditing(false)}
            onSaved={(saved) => {
              queryClient.setQueryData(partnerQuery(partnerId).queryKey, saved);
              void queryClient.invalidateQueries({ queryKey: ['partners', 'list'] });
              notifications.show({ color: 'teal', message: t('partners.saved') });
              setEditing(false);
            }}
          />
        </Card>
      ) : (
        <PartnerView partner={p} />
      )}
      <Modal
        opened={confirming}
        onClose={() => setConfirming(false)}
        title={t('partners.deleteTitle', { name: p.legalName })}
      >
        <Stack>
          <Text size="sm">{t('partners.deleteText')}</Text>
          <Group justify="flex-end">
            <Button variant="default" onClick={() => setConfirming(false)} data-autofocus>
              {t('common.cancel')}
            </Button>
            <Button color="red" loading={remove.isPending} onClick={() => remove.mutate()}>
              {t('partners.delete')}
            </Button>
          </Group>
        </Stack>
      </Modal>
    </>
  );
}

export function NewPartnerPage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  return (
    <>
      <RouterAnchor to="/partners" size="sm">
        ← {t('partners.backToList')}
      </RouterAnchor>
      <PageHeader title={t('partners.newTitle')} />
      <Card withBorder padding="lg" maw={960}>
        <PartnerForm
          onCancel={() => void navigate({ to: '/partners' })}
          onSaved={(saved) => {
            queryClient.setQueryData(partnerQuery(saved.id).queryKey, saved);
            void queryClient.invalidateQueries({ queryKey: ['partners', 'list'] });
            notifications.show({ color: 'teal', message: t('partners.created') });
            void navigate({ to: '/partners/$partnerId', params: { partnerId: saved.id } });
          }}
        />
      </Card>
    </>
  );
}
