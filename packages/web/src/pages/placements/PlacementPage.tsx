import {
  Alert,
  Badge,
  Button,
  Card,
  Group,
  List,
  Modal,
  SimpleGrid,
  Stack,
  Table,
  Tabs,
  Text,
  Textarea,
  Title,
} from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { queryOptions, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { getRouteApi } from '@tanstack/react-router';
import {
  countryName,
  editableStatuses,
  type PlacementDetail,
  type PlacementStatus,
  statusesNeedingReason,
} from '@tilts/shared';
import { type ReactNode, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { FormAlert, LoadError, Loading } from '../../components/feedback.tsx';
import { RouterAnchor, RouterButton } from '../../components/links.tsx';
import { PageHeader } from '../../components/PageHeader.tsx';
import { currentLocale } from '../../i18n/index.ts';
import { credentialIssuerRoles, hasRole } from '../../lib/access.ts';
import { ApiRequestError, api, errorText } from '../../lib/api.ts';
import { formatDate, formatDateTime } from '../../lib/format.ts';
import { useMe } from '../../lib/me-context.ts';
import { AgreementTab } from '../agreements/AgreementTab.tsx';
import { IssueFromPlacement } from '../credentials/IssueFromPlacement.tsx';
import { ContactsTab, ContactsTabLabel } from '../diary/ContactsTab.tsx';
import { DiaryTab } from '../diary/DiaryTab.tsx';
import { GrantTab } from '../grants/GrantTab.tsx';
import { PlanTab } from '../plan/PlanTab.tsx';
import { AboutTab, IntroductionsCard } from '../support/AboutTab.tsx';
import { GoalsTab } from '../support/GoalsTab.tsx';
import { MessagesTab, MessagesTabLabel } from '../support/MessagesTab.tsx';

import { StatusBadge, useKindLabel } from './PlacementsPage.tsx';

const route = getRouteApi('/app/placements/$id');

export const placementQuery = (id: string) =>
  queryOptions({
    queryKey: ['placements', 'detail', id],
    queryFn: () => api.get<PlacementDetail>(`/api/placements/${id}`),
  });

function Facts({ title, rows }: { title: string; rows: [string, ReactNode][] }) {
  return (
    <Card withBorder padding="lg" component="section">
      <Title order={2} size="h4" mb="sm">
        {title}
      </Title>
      <Stack gap={6}>
        {rows.map(([label, value]) => (
          <Group key={label} gap="xs" wrap="nowrap" align="flex-start">
            <Text size="sm" c="dimmed" w={170} style={{ flexShrink: 0 }}>
              {label}
            </Text>
            <Text size="sm" style={{ overflowWrap: 'anywhere' }}>
              {value === '' || value === null || value === undefined ? '—' : value}
            </Text>
          </Group>
        ))}
      </Stack>
    </Card>
  );
}

function StatusActions({ placement }: { placement: PlacementDetail }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const [target, setTarget] = useState<PlacementStatus | null>(null);
  const [reason, setReason] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  const move = useMutation({
    mutationFn: (body: { to: PlacementStatus; reason: string }) =>
      api.post<PlacementDetail>(`/api/placements/${placement.id}/status`, body),
    onSuccess: (updated) => {
      queryClient.setQueryData(placementQuery(placement.id).queryKey, updated);
      void queryClient.invalidateQueries({ queryKey: ['placements', 'list'] });
      notifications.show({
        color: 'teal',
        message: t('placements.statusChanged', { status: t(`placements.statuses.${updated.status}`) }),
      });
      setTarget(null);
      setReason('');
    },
    onError: (error) => {
      const fields = error instanceof ApiRequestError ? Object.values(error.fields) : [];
      setProblem(fields.length ? fields.join(' ') : errorText(error));
    },
  });
  if (placement.allowedTransitions.length === 0) return null;
  const start = (to: PlacementStatus) => {
    setProblem(null);
    if (statusesNeedingReason.includes(to)) setTarget(to);
    else move.mutate({ to, reason: '' });
  };
  return (
    <Card withBorder padding="lg" component="section">
      <Title order={2} size="h4" mb="sm">
        {t('placements.actions')}
      </Title>
      <Stack gap="sm">
        {problem && !target && <FormAlert message={problem} />}
        <Group gap="xs">
          {placement.allowedTransitions.map((to) => (
            <Button
              key={to}
              variant={to === 'cancelled' || to === 'interrupted' ? 'default' : 'light'}
              color={to === 'cancelled' || to === 'interrupted' ? 'red' : undefined}
              loading={move.isPending && move.variables?.to === to}
              onClick={() => start(to)}
            >
              {t(`placements.moveTo.${to}`)}
            </Button>
          ))}
        </Group>
      </Stack>
      <Modal
        opened={target !== null}
        onClose={() => setTarget(null)}
        title={target ? t(`placements.moveTo.${target}`) : ''}
      >
        <form
          onSubmit={(e) => {
            e.preventDefault();
            if (target) move.mutate({ to: target, reason });
          }}
        >
          <Stack>
            {problem && <FormAlert message={problem} />}
            <Textarea
              label={t('placements.reason')}
              description={t('placements.reasonTitle')}
              required
              autosize
              minRows={3}
              value={reason}
              onChange={(e) => setReason(e.currentTarget.value)}
              data-autofocus
            />
            <Group justify="flex-end">
              <Button variant="default" onClick={() => setTarget(null)}>
                {t('common.cancel')}
              </Button>
              <Button type="submit" color="red" loading={move.isPending}>
                {t('placements.confirm')}
              </Button>
            </Group>
          </Stack>
        </form>
      </Modal>
    </Card>
  );
}

/**
 * One placement: its overview, and a tab for each part of its life (the learning agreement, the
 * diary and tasks, messages) that the features add. The open tab is in the address (`?tab=`).
 */
export function PlacementPage() {
  const { t } = useTranslation();
  const { id } = route.useParams();
  const search = route.useSearch();
  const navigate = route.useNavigate();
  const kindLabel = useKindLabel();
  const me = useMe();
  const role = me.school?.role;
  const query = useQuery(placementQuery(id));
  if (query.isPending) return <Loading />;
  if (query.isError) return <LoadError error={query.error} onRetry={() => void query.refetch()} />;
  const p = query.data;
  const showsGrant = p.kind === 'erasmus' && role !== 'supervisor';
  // The supervisor confirms the diary through their e-mailed link; contacts are the school staff's.
  const showsDiary = role !== 'supervisor';
  const showsContacts = role === 'admin' || role === 'coordinator' || role === 'teacher';
  return (
    <>
      <RouterAnchor to="/placements" size="sm">
        ← {t('placements.back')}
      </RouterAnchor>
      <PageHeader
        title={p.title}
        intro={kindLabel(p)}
        actions={
          <>
            <StatusBadge status={p.status} />
            {p.canManage && editableStatuses.includes(p.status) && (
              <RouterButton to="/placements/$id/edit" params={{ id: p.id }} variant="default">
                {t('placements.edit')}
              </RouterButton>
            )}
          </>
        }
      />
      <Tabs
        value={search.tab ?? 'overview'}
        onChange={(tab) =>
          void navigate({
            search: { tab: tab === 'overview' ? undefined : (tab ?? undefined) },
            replace: true,
          })
        }
        keepMounted={false}
      >
        <Tabs.List mb="md">
          <Tabs.Tab value="overview">{t('placements.overview')}</Tabs.Tab>
          <Tabs.Tab value="agreement">{t('agreements.tab')}</Tabs.Tab>
          <Tabs.Tab value="plan">{t('plan.tab')}</Tabs.Tab>
          {showsDiary && <Tabs.Tab value="diary">{t('diary.tab')}</Tabs.Tab>}
          {showsContacts && (
            <Tabs.Tab value="contacts">
              <ContactsTabLabel placementId={p.id} />
            </Tabs.Tab>
          )}
          {showsGrant && <Tabs.Tab value="grant">{t('grants.tab')}</Tabs.Tab>}
          <Tabs.Tab value="about">{t('support.tabs.about')}</Tabs.Tab>
          <Tabs.Tab value="messages">
            <MessagesTabLabel placementId={p.id} />
          </Tabs.Tab>
          {me.school?.role !== 'supervisor' && <Tabs.Tab value="goals">{t('support.tabs.goals')}</Tabs.Tab>}
        </Tabs.List>
        <Tabs.Panel value="overview">
          <PlacementOverview p={p} />
        </Tabs.Panel>
        {showsDiary && (
          <Tabs.Panel value="diary">
            <DiaryTab placementId={p.id} />
          </Tabs.Panel>
        )}
        {showsContacts && (
          <Tabs.Panel value="contacts">
            <ContactsTab placementId={p.id} />
          </Tabs.Panel>
        )}
        {showsGrant && (
          <Tabs.Panel value="grant">
            <GrantTab placementId={p.id} canManage={p.canManage} />
          </Tabs.Panel>
        )}
        <Tabs.Panel value="about">
          <AboutTab placementId={p.id} />
        </Tabs.Panel>
        <Tabs.Panel value="plan">
          <PlanTab placementId={p.id} />
        </Tabs.Panel>
        <Tabs.Panel value="messages">
          <MessagesTab placementId={p.id} />
        </Tabs.Panel>
        {me.school?.role !== 'supervisor' && (
          <Tabs.Panel value="goals">
            <GoalsTab placementId={p.id} />
          </Tabs.Panel>
        )}
        <Tabs.Panel value="agreement">
          <AgreementTab placement={p} />
        </Tabs.Panel>
      </Tabs>
    </>
  );
}

function PlacementOverview({ p }: { p: PlacementDetail }) {
  const { t } = useTranslation();
  const canIssue = hasRole(useMe(), credentialIssuerRoles);
  const locale = currentLocale();
  const kindLabel = useKindLabel();
  const notStarted = ['draft', 'planned', 'ready'].includes(p.status);
  const where = [p.destinationCity, countryName(p.destinationCountry, locale)].filter(Boolean).join(', ');
  return (
    <Stack>
      <IntroductionsCard placementId={p.id} />
      {p.statusReason && (
        <Alert color="orange" variant="light" title={t(`placements.statuses.${p.status}`)}>
          {p.statusReason}
        </Alert>
      )}
      {notStarted &&
        (p.missing.length > 0 ? (
          <Alert color="orange" variant="light" title={t('placements.missingTitle')}>
            <List size="sm">
              {p.missing.map((m) => (
                <List.Item key={m}>{t(`placements.missing.${m}`)}</List.Item>
              ))}
            </List>
          </Alert>
        ) : (
          <Alert color="teal" variant="light">
            {t('placements.nothingMissing')}
          </Alert>
        ))}
      {!p.canManage && (
        <Text size="sm" c="dimmed">
          {t('placements.readOnly')}
        </Text>
      )}
      {p.canManage && <StatusActions placement={p} />}
      {canIssue && (p.status === 'recognised' || p.status === 'closed') && (
        <IssueFromPlacement placement={p} />
      )}
      <SimpleGrid cols={{ base: 1, md: 2 }}>
        <Facts
          title={t('placements.details')}
          rows={[
            [t('placements.kind'), kindLabel(p)],
            ...(p.project ? [[t('placements.project'), p.project.label] as [string, ReactNode]] : []),
            ...(p.programme ? [[t('placements.programme'), p.programme.label] as [string, ReactNode]] : []),
            [t('placements.dates'), `${formatDate(p.startDate, locale)}–${formatDate(p.endDate, locale)}`],
            [t('placements.durationLabel'), t('placements.duration', { count: p.durationDays })],
            [t('placements.travelDays'), p.travelDays],
            [t('placements.mode'), t(`placements.modes.${p.mode}`)],
            ...(p.kind === 'erasmus'
              ? [
                  [
                    t('placements.purpose'),
                    p.purpose ? t(`placements.purposes.${p.purpose}`) : t('placements.noPurpose'),
                  ] as [string, ReactNode],
                ]
              : []),
            [t('placements.insurance'), p.insurance],
            [t('placements.plannedHours'), p.plannedHours ?? ''],
          ]}
        />
        <Facts
          title={t('placements.host')}
          rows={[
            [t('placements.host'), p.host?.name ?? t('placements.noHost')],
            [t('placements.destination'), where],
            [
              t('placements.supervisor'),
              [p.supervisor.name, p.supervisor.position].filter(Boolean).join(', '),
            ],
            [t('placements.supervisorEmail'), p.supervisor.email],
            [t('placements.supervisorPhone'), p.supervisor.phone],
            [t('placements.mentor'), p.mentor ? `${p.mentor.name} (${p.mentor.email})` : ''],
          ]}
        />
      </SimpleGrid>
      {p.units.length > 0 && (
        <Card withBorder padding="lg" component="section">
          <Title order={2} size="h4" mb="sm">
            {t('placements.units')}
          </Title>
          <Stack gap={4}>
            {p.units.map((u) => (
              <Text size="sm" key={u.id}>
                {u.code} {u.title} · EQF {u.eqfLevel} ·{' '}
                {t('placements.creditPoints', { count: u.creditPoints })}
              </Text>
            ))}
          </Stack>
        </Card>
      )}
      <Card withBorder padding="lg" component="section">
        <Title order={2} size="h4" mb="sm">
          {t('placements.participants')}
        </Title>
        {p.participants.length === 0 ? (
          <Text c="dimmed" size="sm">
            {t('placements.none')}
          </Text>
        ) : (
          <Table.ScrollContainer minWidth={480} type="native">
            <Table>
              <Table.Tbody>
                {p.participants.map((x) => (
                  <Table.Tr key={x.participantId}>
                    <Table.Td fw={500}>{x.name}</Table.Td>
                    <Table.Td>{x.email}</Table.Td>
                    <Table.Td>
                      <Badge variant="light" color="gray">
                        {t(`placements.roles.${x.role}`)}
                      </Badge>
                    </Table.Td>
                    <Table.Td>
                      {x.graduationDate &&
                        `${t('placements.graduationDate')}: ${formatDate(x.graduationDate, locale)}`}
                      {x.fewerOpportunities && ` ${t('placements.fewerOpportunities')}`}
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        )}
      </Card>
      {p.mode !== 'on_site' && (
        <Facts
          title={t('placements.communication')}
          rows={[
            [t('placements.commChannels'), p.communication.channels.join(', ')],
            [t('placements.commEveryDays'), p.communication.everyDays ?? ''],
            [t('placements.commWeeklyHours'), p.communication.weeklyHours ?? ''],
            [t('placements.commWho'), p.communication.who],
          ]}
        />
      )}
      {p.preparesPlacement && (
        <Facts
          title={t('placements.prepares')}
          rows={[
            [t('placements.prepares'), p.preparesPlacement.label],
            [t('placements.justification'), p.justification],
          ]}
        />
      )}
      {p.notes && <Facts title={t('placements.notes')} rows={[[t('placements.notes'), p.notes]]} />}
      <Card withBorder padding="lg" component="section">
        <Title order={2} size="h4" mb="sm">
          {t('placements.history')}
        </Title>
        {p.history.length === 0 ? (
          <Text size="sm" c="dimmed">
            {t('placements.noHistory')}
          </Text>
        ) : (
          <Stack gap={4}>
            {p.history.map((h) => (
              <Text size="sm" key={`${h.at}-${h.to}`}>
                {t('placements.changedBy', {
                  from: t(`placements.statuses.${h.from}`),
                  to: t(`placements.statuses.${h.to}`),
                  by: h.by ?? '—',
                  at: formatDateTime(h.at, locale),
                })}
                {h.reason && ` · ${h.reason}`}
              </Text>
            ))}
          </Stack>
        )}
      </Card>
    </Stack>
  );
}
