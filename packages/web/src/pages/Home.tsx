import { Alert, Badge, Card, Group, SimpleGrid, Skeleton, Stack, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import type { Role } from '@tilts/shared';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { fullName } from '../components/AppLayout.tsx';
import { RouterAnchor } from '../components/links.tsx';
import { PageHeader } from '../components/PageHeader.tsx';
import type { Translation } from '../i18n/en.ts';
import { adminRoles, hasRole, partnerRoles } from '../lib/access.ts';
import { api, errorText } from '../lib/api.ts';
import { useMe } from '../lib/me-context.ts';
import { MyApplicationsPanel } from './calls/MyApplicationsPanel.tsx';
import { MyCredentialsHomePanel } from './credentials/HomePanel.tsx';
import { MyDiaryPanel } from './diary/MyDiaryPanel.tsx';
import { mouEditors } from './mous/MouDocumentView.tsx';
import { MousEndingPanel } from './mous/MousEndingPanel.tsx';
import { MyDataPanel } from './people/MyDataPanel.tsx';
import {
  ByStatusPanel,
  MissingPanel,
  MyPlacementsPanel,
  StartingSoonPanel,
} from './placements/HomePanels.tsx';
import { MyTasksPanel } from './plan/MyTasksPanel.tsx';
import { UpcomingDeadlinesPanel } from './plan/UpcomingDeadlinesPanel.tsx';
import { AttentionPanel, MyProgressPanel } from './risk/HomePanels.tsx';

interface Total {
  total: number;
}

function Panel({
  title,
  children,
  planned = false,
}: {
  title: string;
  children: ReactNode;
  planned?: boolean;
}) {
  const { t } = useTranslation();
  return (
    <Card withBorder radius="md" padding="lg" component="section">
      <Group justify="space-between" align="flex-start" wrap="nowrap" mb="xs" gap="xs">
        <Title order={2} size="h4">
          {title}
        </Title>
        {planned && (
          <Badge variant="light" color="gray" style={{ flexShrink: 0 }}>
            {t('common.comingLater')}
          </Badge>
        )}
      </Group>
      {children}
    </Card>
  );
}

function PlannedPanel({ title, text }: { title: string; text: string }) {
  return (
    <Panel title={title} planned>
      <Text size="sm" c="dimmed">
        {text}
      </Text>
    </Panel>
  );
}

/** A count the API already knows (`total` of a one-row page), or what went wrong. */
function useTotal(key: string, path: string, enabled: boolean) {
  return useQuery({
    queryKey: [key, 'total'],
    queryFn: () => api.get<Total>(path, { pageSize: 1 }),
    enabled,
    select: (page) => page.total,
  });
}

function CountPanel({
  title,
  count,
  describe,
  link,
}: {
  title: string;
  count: ReturnType<typeof useTotal>;
  describe: (n: number) => string;
  link: ReactNode;
}) {
  return (
    <Panel title={title}>
      <Stack gap="xs" align="flex-start">
        {count.isPending ? (
          <Skeleton height={20} width="70%" />
        ) : count.isError ? (
          <Text size="sm" c="red">
            {errorText(count.error)}
          </Text>
        ) : (
          <Text>{describe(count.data)}</Text>
        )}
        {link}
      </Stack>
    </Panel>
  );
}

type HomeText = keyof Translation['home'];

const plannedByRole: Record<Role, readonly { title: HomeText; text: HomeText }[]> = {
  admin: [],
  coordinator: [{ title: 'agreementsTitle', text: 'agreementsText' }],
  teacher: [{ title: 'feedbackTitle', text: 'feedbackText' }],
  learner: [],
  supervisor: [{ title: 'confirmTitle', text: 'confirmText' }],
};

/** The start page for the signed-in role: real figures where they exist, and what is coming where not. */
export function HomePage() {
  const { t } = useTranslation();
  const me = useMe();
  const role = me.school?.role ?? null;
  const seesPartners = hasRole(me, partnerRoles);
  const isAdmin = hasRole(me, adminRoles);
  const partners = useTotal('partners', '/api/partners', seesPartners);
  const users = useTotal('users', '/api/admin/users', isAdmin);

  return (
    <>
      <PageHeader
        title={t('home.welcome', { name: me.givenName || fullName(me) })}
        intro={
          me.school && role
            ? t('home.roleAt', { role: t(`roles.${role}`), school: me.school.schoolName })
            : undefined
        }
      />
      {!role ? (
        <Alert color="yellow" variant="light">
          {t('home.noSchool')}
        </Alert>
      ) : (
        <SimpleGrid cols={{ base: 1, sm: 2, lg: 3 }} spacing="md">
          {isAdmin && (
            <CountPanel
              title={t('home.usersTitle')}
              count={users}
              describe={(count) => t('home.usersCount', { count })}
              link={<RouterAnchor to="/admin/users">{t('home.usersLink')}</RouterAnchor>}
            />
          )}
          {seesPartners && (
            <CountPanel
              title={t('home.partnersTitle')}
              count={partners}
              describe={(count) =>
                count === 0 ? t('home.partnersEmpty') : t('home.partnersCount', { count })
              }
              link={<RouterAnchor to="/partners">{t('home.partnersLink')}</RouterAnchor>}
            />
          )}
          {hasRole(me, mouEditors) && <MousEndingPanel />}
          {isAdmin && (
            <Panel title={t('home.adminTitle')}>
              <Stack gap={6} align="flex-start">
                <Text size="sm" c="dimmed">
                  {t('home.adminText')}
                </Text>
                <RouterAnchor to="/admin/school">{t('nav.school')}</RouterAnchor>
                <RouterAnchor to="/admin/outbox">{t('nav.outbox')}</RouterAnchor>
                <RouterAnchor to="/admin/audit">{t('nav.audit')}</RouterAnchor>
              </Stack>
            </Panel>
          )}
          {(role === 'coordinator' || role === 'admin') && (
            <>
              <ByStatusPanel />
              <StartingSoonPanel />
              <MissingPanel />
            </>
          )}
          {(role === 'teacher' || role === 'coordinator' || role === 'admin') && <AttentionPanel />}
          {role === 'learner' && <MyProgressPanel />}
          {role === 'teacher' && (
            <MyPlacementsPanel title={t('homePanels.mentored')} emptyText={t('homePanels.mentoredEmpty')} />
          )}
          {role === 'learner' && (
            <MyPlacementsPanel
              title={t('homePanels.myPlacements')}
              emptyText={t('homePanels.myPlacementsEmpty')}
            />
          )}
          {role === 'learner' && <MyDiaryPanel />}
          {role === 'learner' && <MyTasksPanel />}
          {(role === 'coordinator' || role === 'admin' || role === 'teacher') && <UpcomingDeadlinesPanel />}
          {role === 'learner' && <MyCredentialsHomePanel />}
          {role === 'supervisor' && (
            <MyPlacementsPanel
              title={t('homePanels.supervised')}
              emptyText={t('homePanels.supervisedEmpty')}
            />
          )}
          {role === 'learner' && <MyApplicationsPanel />}
          {role === 'learner' && <MyDataPanel />}
          {plannedByRole[role].map((panel) => (
            <PlannedPanel key={panel.title} title={t(`home.${panel.title}`)} text={t(`home.${panel.text}`)} />
          ))}
        </SimpleGrid>
      )}
    </>
  );
}
