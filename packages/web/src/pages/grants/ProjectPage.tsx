import {
  Alert,
  Button,
  Card,
  Group,
  List,
  Modal,
  SimpleGrid,
  Stack,
  Table,
  Text,
  Title,
} from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { useQuery } from '@tanstack/react-query';
import { getRouteApi } from '@tanstack/react-router';
import {
  type ActivityType,
  activityTypeNames,
  type Project,
  type projectGrants,
  type reportCheck,
} from '@tilts/shared';
import { useTranslation } from 'react-i18next';
import type { z } from 'zod';
import { LoadError, Loading } from '../../components/feedback.tsx';
import { RouterAnchor } from '../../components/links.tsx';
import { PageHeader } from '../../components/PageHeader.tsx';
import { currentLocale } from '../../i18n/index.ts';
import { api } from '../../lib/api.ts';
import { formatDate, formatMoney } from '../../lib/format.ts';
import { useMe } from '../../lib/me-context.ts';
import { ProjectForm } from '../projects/ProjectsPage.tsx';
import { problemText } from './GrantTab.tsx';

const route = getRouteApi('/app/projects/$id');

function Figure({ label, value, color }: { label: string; value: string; color?: string }) {
  return (
    <Card withBorder padding="md">
      <Text size="sm" c="dimmed">
        {label}
      </Text>
      <Text fz="xl" fw={700} c={color}>
        {value}
      </Text>
    </Card>
  );
}

/** The report's check: how many rows, and each problem by row, before anyone downloads it. */
function ReportCheck({ projectId }: { projectId: string }) {
  const { t } = useTranslation();
  const check = useQuery({
    queryKey: ['projects', 'report', projectId],
    queryFn: () => api.get<z.infer<typeof reportCheck>>(`/api/projects/${projectId}/report`),
    enabled: false,
  });
  return (
    <Card withBorder padding="lg" component="section">
      <Title order={2} size="h4" mb={4}>
        {t('projectPage.report')}
      </Title>
      <Text size="sm" c="dimmed" mb="sm">
        {t('projectPage.reportIntro')}
      </Text>
      <Group mb="sm">
        <Button variant="light" loading={check.isFetching} onClick={() => void check.refetch()}>
          {t('projectPage.check')}
        </Button>
        <Button component="a" variant="default" href={`/api/projects/${projectId}/report.csv`} download>
          {t('projectPage.downloadCsv')}
        </Button>
        <Button component="a" variant="default" href={`/api/projects/${projectId}/report.xlsx`} download>
          {t('projectPage.downloadXlsx')}
        </Button>
      </Group>
      {check.isError && <LoadError error={check.error} />}
      {check.data && (
        <Stack gap="xs" aria-live="polite">
          <Text size="sm">{t('projectPage.rows', { count: check.data.rows })}</Text>
          {check.data.problems.length === 0 ? (
            <Alert color="teal" variant="light">
              {t('projectPage.noProblems')}
            </Alert>
          ) : (
            <Alert color="orange" variant="light" title={t('projectPage.problems')}>
              <List size="sm">
                {check.data.problems.map((p, i) => (
                  // biome-ignore lint/suspicious/noArrayIndexKey: the same problem may repeat on rows.
                  <List.Item key={i}>
                    {p.row > 0 && `${t('projectPage.row', { row: p.row })} · `}
                    {p.participant && `${p.participant}: `}
                    {problemText(p)}
                  </List.Item>
                ))}
              </List>
            </Alert>
          )}
        </Stack>
      )}
    </Card>
  );
}

export function ProjectPage() {
  const { t } = useTranslation();
  const locale = currentLocale();
  const { id } = route.useParams();
  const me = useMe();
  const manages = me.school?.role === 'admin' || me.school?.role === 'coordinator';
  const [editing, edit] = useDisclosure(false);
  const project = useQuery({
    queryKey: ['projects', 'detail', id],
    queryFn: () => api.get<Project>(`/api/projects/${id}`),
  });
  const grants = useQuery({
    queryKey: ['projects', 'grants', id],
    queryFn: () => api.get<z.infer<typeof projectGrants>>(`/api/projects/${id}/grants`),
    enabled: manages,
  });
  if (project.isPending) return <Loading />;
  if (project.isError) return <LoadError error={project.error} onRetry={() => void project.refetch()} />;
  const p = project.data;
  const money = (n: number) => formatMoney(n, locale);
  return (
    <>
      <RouterAnchor to="/projects" size="sm">
        ← {t('projectPage.back')}
      </RouterAnchor>
      <PageHeader
        title={p.title}
        intro={`${p.projectNumber} · ${p.action} · ${formatDate(p.startDate, locale)}–${formatDate(p.endDate, locale)}`}
        actions={
          manages && (
            <Button variant="default" onClick={edit.open}>
              {t('projects.edit')}
            </Button>
          )
        }
      />
      <Stack>
        {manages && grants.data && (
          <>
            {grants.data.isExample && (
              <Alert color="yellow" variant="light">
                {t('grants.example')}
              </Alert>
            )}
            <SimpleGrid cols={{ base: 1, sm: 3 }}>
              <Figure label={t('projectPage.budget')} value={money(grants.data.budget)} />
              <Figure label={t('projectPage.granted')} value={money(grants.data.total)} />
              <Figure
                label={t('projectPage.remaining')}
                value={money(grants.data.remaining)}
                color={grants.data.remaining < 0 ? 'red' : undefined}
              />
            </SimpleGrid>
            {grants.data.byActivity.length > 0 && (
              <Card withBorder padding="lg" component="section">
                <Title order={2} size="h4" mb="sm">
                  {t('projectPage.byActivity')}
                </Title>
                <Table>
                  <Table.Tbody>
                    {grants.data.byActivity.map((a) => (
                      <Table.Tr key={a.activity}>
                        <Table.Td>
                          {activityTypeNames[locale][a.activity as ActivityType] ?? a.activity}
                        </Table.Td>
                        <Table.Td>
                          {t('projectPage.participants')}: {a.participants}
                        </Table.Td>
                        <Table.Td fw={600}>{money(a.total)}</Table.Td>
                      </Table.Tr>
                    ))}
                  </Table.Tbody>
                </Table>
              </Card>
            )}
            {grants.data.unpriced.length > 0 && (
              <Alert color="orange" variant="light" title={t('projectPage.unpriced')}>
                <List size="sm">
                  {grants.data.unpriced.map((u) => (
                    <List.Item key={u.id}>
                      <RouterAnchor
                        to="/placements/$id"
                        params={{ id: u.id }}
                        search={{ tab: 'grant' }}
                        size="sm"
                      >
                        {u.title}
                      </RouterAnchor>
                      : {u.problems.map(problemText).join(' ')}
                    </List.Item>
                  ))}
                </List>
              </Alert>
            )}
          </>
        )}
        {manages && grants.isError && <LoadError error={grants.error} />}
        <RouterAnchor to="/placements" search={{ projectId: p.id }} size="sm">
          {t('projects.placements')}: {p.placements}
        </RouterAnchor>
        {manages && <ReportCheck projectId={p.id} />}
      </Stack>
      <Modal opened={editing} onClose={edit.close} title={t('projects.edit')} size="lg">
        {editing && <ProjectForm project={p} onDone={edit.close} />}
      </Modal>
    </>
  );
}
