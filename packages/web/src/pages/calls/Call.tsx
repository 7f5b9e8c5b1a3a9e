import { Alert, Button, Card, Group, List, Modal, SimpleGrid, Stack, Tabs, Text, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { getRouteApi } from '@tanstack/react-router';
import type { CallDetail } from '@tilts/shared';
import { type ReactNode, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { LoadError, Loading } from '../../components/feedback.tsx';
import { RouterAnchor, RouterButton } from '../../components/links.tsx';
import { PageHeader } from '../../components/PageHeader.tsx';
import { currentLocale } from '../../i18n/index.ts';
import { forumRoles, hasRole } from '../../lib/access.ts';
import { api } from '../../lib/api.ts';
import { formatDate } from '../../lib/format.ts';
import { useMe } from '../../lib/me-context.ts';
import { ApplicantsTab } from './Applicants.tsx';
import { callStaffRoles } from './access.ts';
import { callQuery } from './CallForm.tsx';
import { CallStatusBadge, criterionName, destinationText, errorWithFields } from './parts.tsx';
import { SelectionTab } from './Selection.tsx';
import { TeamsTab } from './Teams.tsx';

const route = getRouteApi('/app/calls/$callId');

function Fact({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div>
      <Text size="xs" c="dimmed" tt="uppercase" fw={600}>
        {label}
      </Text>
      <Text component="div">{children}</Text>
    </div>
  );
}

/** One call: its details and, for staff, its applicants, ranking and selection, and teams. */
export function CallPage() {
  const { t } = useTranslation();
  const { callId } = route.useParams();
  const me = useMe();
  const call = useQuery(callQuery(callId));
  const staff = hasRole(me, callStaffRoles);
  const [tab, setTab] = useState<string | null>('applicants');

  if (call.isPending) return <Loading />;
  if (call.isError) return <LoadError error={call.error} onRetry={() => void call.refetch()} />;
  const c = call.data;

  return (
    <>
      <PageHeader
        title={c.title}
        intro={c.projectLabel}
        actions={c.canManage ? <ManageActions call={c} /> : undefined}
      />
      <CallFacts call={c} />
      {c.status !== 'draft' && hasRole(me, forumRoles) && (
        <RouterAnchor
          to="/forum/$projectId"
          params={{ projectId: c.projectId }}
          search={{ callId: c.id }}
          mt="sm"
          display="inline-block"
        >
          {t('calls.forumLink')}
        </RouterAnchor>
      )}
      {!staff && <LearnerBox call={c} />}
      {staff && (
        <Tabs value={tab} onChange={setTab} mt="lg" keepMounted={false}>
          <Tabs.List>
            <Tabs.Tab value="applicants">{t('calls.tabs.applicants')}</Tabs.Tab>
            <Tabs.Tab value="selection">{t('calls.tabs.selection')}</Tabs.Tab>
            <Tabs.Tab value="teams">{t('calls.tabs.teams')}</Tabs.Tab>
          </Tabs.List>
          <Tabs.Panel value="applicants" pt="md">
            <ApplicantsTab call={c} />
          </Tabs.Panel>
          <Tabs.Panel value="selection" pt="md">
            <SelectionTab call={c} />
          </Tabs.Panel>
          <Tabs.Panel value="teams" pt="md">
            <TeamsTab call={c} />
          </Tabs.Panel>
        </Tabs>
      )}
    </>
  );
}

function CallFacts({ call }: { call: CallDetail }) {
  const { t } = useTranslation();
  const locale = currentLocale();
  const weightSum = call.criteria.reduce((s, c) => s + c.weight, 0);
  return (
    <Card withBorder radius="md" padding="lg">
      <Stack gap="md">
        <SimpleGrid cols={{ base: 2, sm: 4 }}>
          <Fact label={t('calls.status')}>
            <CallStatusBadge status={call.status} />
          </Fact>
          <Fact label={t('calls.places')}>{call.places}</Fact>
          <Fact label={t('calls.opensOn')}>{formatDate(call.opensOn, locale)}</Fact>
          <Fact label={t('calls.deadline')}>{formatDate(call.deadline, locale)}</Fact>
        </SimpleGrid>
        {call.description && <Text style={{ whiteSpace: 'pre-wrap' }}>{call.description}</Text>}
        {call.criteriaText && (
          <Fact label={t('calls.criteriaText')}>
            <Text style={{ whiteSpace: 'pre-wrap' }}>{call.criteriaText}</Text>
          </Fact>
        )}
        <SimpleGrid cols={{ base: 1, sm: 2 }}>
          <Fact label={t('calls.destinations')}>
            <List size="sm">
              {call.destinations.map((d) => (
                <List.Item key={d.id}>
                  {destinationText(d, locale)} — {t('calls.placesCount', { count: d.places })}
                </List.Item>
              ))}
            </List>
          </Fact>
          <Fact label={t('calls.criteriaTitle')}>
            <List size="sm">
              {call.criteria.map((c) => (
                <List.Item key={c.key}>
                  {criterionName(c, t)}
                  {weightSum > 0 &&
                    ` — ${t('calls.weightShare', { weight: c.weight, percent: Math.round((c.weight / weightSum) * 100) })}`}
                </List.Item>
              ))}
            </List>
          </Fact>
        </SimpleGrid>
        {call.counts && (
          <Text size="sm" c="dimmed">
            {t('calls.countsLine', call.counts)}
          </Text>
        )}
      </Stack>
    </Card>
  );
}

function LearnerBox({ call }: { call: CallDetail }) {
  const { t } = useTranslation();
  const locale = currentLocale();
  return (
    <Card withBorder radius="md" padding="lg" mt="md">
      <Stack gap="xs" align="flex-start">
        <Title order={2} size="h4">
          {t('calls.yourApplication')}
        </Title>
        {call.myApplicationId ? (
          <RouterAnchor to="/applications/$applicationId" params={{ applicationId: call.myApplicationId }}>
            {t('calls.seeYourApplication')}
          </RouterAnchor>
        ) : call.acceptingApplications ? (
          <>
            <Text size="sm">{t('calls.applyUntil', { date: formatDate(call.deadline, locale) })}</Text>
            <RouterButton to="/calls/$callId/apply" params={{ callId: call.id }}>
              {t('calls.apply')}
            </RouterButton>
          </>
        ) : (
          <Text size="sm" c="dimmed">
            {t('calls.notAccepting')}
          </Text>
        )}
      </Stack>
    </Card>
  );
}

function ManageActions({ call }: { call: CallDetail }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const [deciding, setDeciding] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);
  const done = (next: CallDetail, message: string) => {
    queryClient.setQueryData(callQuery(next.id).queryKey, next);
    void queryClient.invalidateQueries({ queryKey: ['calls'] });
    notifications.show({ color: 'teal', message });
  };
  const status = useMutation({
    mutationFn: (to: 'open' | 'closed') => api.post<CallDetail>(`/api/calls/${call.id}/status`, { to }),
    onSuccess: (next) => done(next, t(next.status === 'open' ? 'calls.opened' : 'calls.closed')),
    onError: (error) => notifications.show({ color: 'red', message: errorWithFields(error) }),
  });
  const decide = useMutation({
    mutationFn: () => api.post<CallDetail>(`/api/calls/${call.id}/decide`),
    onSuccess: (next) => {
      setDeciding(false);
      done(next, t('calls.decided'));
    },
    onError: (error) => setProblem(errorWithFields(error)),
  });
  return (
    <>
      {call.status !== 'decided' && (
        <RouterButton variant="default" to="/calls/$callId/edit" params={{ callId: call.id }}>
          {t('calls.edit')}
        </RouterButton>
      )}
      {(call.status === 'draft' || call.status === 'closed') && (
        <Button variant="default" loading={status.isPending} onClick={() => status.mutate('open')}>
          {call.status === 'draft' ? t('calls.open') : t('calls.reopen')}
        </Button>
      )}
      {call.status === 'open' && (
        <Button variant="default" loading={status.isPending} onClick={() => status.mutate('closed')}>
          {t('calls.close')}
        </Button>
      )}
      {(call.status === 'open' || call.status === 'closed') && (
        <Button
          onClick={() => {
            setProblem(null);
            setDeciding(true);
          }}
        >
          {t('calls.decide')}
        </Button>
      )}
      <Modal opened={deciding} onClose={() => setDeciding(false)} title={t('calls.decideTitle')}>
        <Stack>
          <Text size="sm">{t('calls.decideText')}</Text>
          {problem && (
            <Alert color="red" variant="light" tabIndex={-1}>
              {problem}
            </Alert>
          )}
          <Group justify="flex-end">
            <Button variant="default" onClick={() => setDeciding(false)} data-autofocus>
              {t('common.cancel')}
            </Button>
            <Button loading={decide.isPending} onClick={() => decide.mutate()}>
              {t('calls.decideConfirm')}
            </Button>
          </Group>
        </Stack>
      </Modal>
    </>
  );
}
