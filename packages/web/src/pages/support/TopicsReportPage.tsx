import { Group, Table, Text } from '@mantine/core';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { getRouteApi } from '@tanstack/react-router';
import type { TopicReport } from '@tilts/shared';
import { useTranslation } from 'react-i18next';
import { DateField } from '../../components/DateField.tsx';
import { LoadError, Loading } from '../../components/feedback.tsx';
import { RouterAnchor } from '../../components/links.tsx';
import { CsvLink } from '../../components/list.tsx';
import { PageHeader } from '../../components/PageHeader.tsx';
import { api, withQuery } from '../../lib/api.ts';
import { topicName } from './common.tsx';

const route = getRouteApi('/app/faq/report');

/**
 * The school's report of what people ask about (seed 001, 2.5: the FAQ shows the institution its
 * most common problems): forum questions and help requests by topic, and the FAQ's views and votes.
 */
export function TopicsReportPage() {
  const { t } = useTranslation();
  const search = route.useSearch();
  const navigate = route.useNavigate();
  const filters = { from: search.from, to: search.to };
  const report = useQuery({
    queryKey: ['faq', 'report', filters],
    queryFn: ({ signal }) => api.get<TopicReport>('/api/faq/report', filters, signal),
    placeholderData: keepPreviousData,
  });
  const shown = report.data;
  return (
    <>
      <RouterAnchor to="/faq" size="sm">
        ← {t('faqReport.back')}
      </RouterAnchor>
      <PageHeader
        title={t('faqReport.title')}
        intro={t('faqReport.intro')}
        actions={<CsvLink href={withQuery('/api/faq/report.csv', filters)} />}
      />
      <Group mb="md" align="flex-end">
        <DateField
          label={t('faqReport.from')}
          value={search.from ?? shown?.from ?? ''}
          onChange={(from) => void navigate({ search: (prev) => ({ ...prev, from: from || undefined }) })}
        />
        <DateField
          label={t('faqReport.to')}
          value={search.to ?? shown?.to ?? ''}
          onChange={(to) => void navigate({ search: (prev) => ({ ...prev, to: to || undefined }) })}
        />
      </Group>
      {report.isPending ? (
        <Loading />
      ) : report.isError ? (
        <LoadError error={report.error} onRetry={() => void report.refetch()} />
      ) : report.data.rows.length === 0 ? (
        <Text c="dimmed" py="lg">
          {t('faqReport.empty')}
        </Text>
      ) : (
        <Table.ScrollContainer minWidth={640} type="native">
          <Table striped verticalSpacing="sm" aria-busy={report.isFetching}>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('faqReport.topic')}</Table.Th>
                <Table.Th ta="right">{t('faqReport.asked')}</Table.Th>
                <Table.Th ta="right">{t('faqReport.forumQuestions')}</Table.Th>
                <Table.Th ta="right">{t('faqReport.helpTickets')}</Table.Th>
                <Table.Th ta="right">{t('faqReport.faqViews')}</Table.Th>
                <Table.Th ta="right">{t('faqReport.helpful')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {report.data.rows.map((r) => (
                <Table.Tr key={r.topic}>
                  <Table.Td fw={500}>{topicName(r.topic)}</Table.Td>
                  <Table.Td ta="right" fw={700}>
                    {r.asked}
                  </Table.Td>
                  <Table.Td ta="right">{r.forumQuestions}</Table.Td>
                  <Table.Td ta="right">{r.helpTickets}</Table.Td>
                  <Table.Td ta="right">{r.faqViews}</Table.Td>
                  <Table.Td ta="right">
                    {r.helpfulYes} / {r.helpfulNo}
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
    </>
  );
}
