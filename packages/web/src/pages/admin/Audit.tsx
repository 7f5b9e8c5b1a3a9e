import { Button, Code, Fieldset, Group, SimpleGrid, Table, Text, TextInput } from '@mantine/core';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { getRouteApi } from '@tanstack/react-router';
import type { auditPage } from '@tilts/shared';
import { Fragment, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { z } from 'zod';
import { LoadError, Loading } from '../../components/feedback.tsx';
import { CsvLink, Pager, SearchField } from '../../components/list.tsx';
import { PageHeader } from '../../components/PageHeader.tsx';
import { currentLocale } from '../../i18n/index.ts';
import { api, withQuery } from '../../lib/api.ts';
import { formatDateTime } from '../../lib/format.ts';
import { optionalIsoDate } from '../../lib/list-search.ts';
import type { AuditSearch } from './audit-search.ts';

type AuditPage = z.infer<typeof auditPage>;
type AuditEntry = AuditPage['items'][number];

const route = getRouteApi('/app/admin/audit');
const pageSize = 25;
const columns = 6;

function json(value: unknown): string {
  return value === null || value === undefined ? '—' : JSON.stringify(value, null, 2);
}

function hasChanges(entry: AuditEntry): boolean {
  return (entry.before ?? null) !== null || (entry.after ?? null) !== null;
}

function Changes({ entry, id }: { entry: AuditEntry; id: string }) {
  const { t } = useTranslation();
  return (
    <SimpleGrid cols={{ base: 1, md: 2 }} id={id} py="xs">
      <div>
        <Text size="sm" fw={600} mb={4}>
          {t('audit.before')}
        </Text>
        <Code block>{json(entry.before)}</Code>
      </div>
      <div>
        <Text size="sm" fw={600} mb={4}>
          {t('audit.after')}
        </Text>
        <Code block>{json(entry.after)}</Code>
      </div>
    </SimpleGrid>
  );
}

/** Who changed what and when, filterable, with each entry's before and after on request. */
export function AuditPage() {
  const { t } = useTranslation();
  const locale = currentLocale();
  const search = route.useSearch();
  const navigate = route.useNavigate();
  const [expanded, setExpanded] = useState<ReadonlySet<string>>(new Set());
  const page = search.page ?? 1;
  const filters = {
    q: search.q,
    action: search.action,
    actor: search.actor,
    entityType: search.entityType,
    from: search.from,
    to: search.to,
    sort: 'createdAt',
    dir: 'desc',
  };
  const filtered = Boolean(
    search.q || search.action || search.actor || search.entityType || search.from || search.to,
  );

  const list = useQuery({
    queryKey: ['audit', 'list', filters, page],
    queryFn: ({ signal }) => api.get<AuditPage>('/api/admin/audit', { ...filters, page, pageSize }, signal),
    placeholderData: keepPreviousData,
  });

  function setFilter(name: keyof Omit<AuditSearch, 'page'>, value: string | undefined) {
    void navigate({ search: (prev) => ({ ...prev, [name]: value, page: undefined }), replace: true });
  }

  function toggle(id: string) {
    setExpanded((current) => {
      const next = new Set(current);
      if (next.has(id)) next.delete(id);
      else next.add(id);
      return next;
    });
  }

  return (
    <>
      <PageHeader
        title={t('audit.title')}
        intro={t('audit.intro')}
        actions={<CsvLink href={withQuery('/api/admin/audit.csv', filters)} />}
      />
      <Fieldset legend={t('audit.filters')} mb="md">
        <SimpleGrid cols={{ base: 1, sm: 2, lg: 3 }}>
          <SearchField
            label={t('audit.searchLabel')}
            placeholder={t('audit.searchPlaceholder')}
            value={search.q}
            onSearch={(value) => setFilter('q', value)}
          />
          <SearchField
            label={t('audit.action')}
            placeholder="user.invited"
            value={search.action}
            onSearch={(value) => setFilter('action', value)}
          />
          <SearchField
            label={t('audit.actor')}
            placeholder={t('audit.actorPlaceholder')}
            value={search.actor}
            onSearch={(value) => setFilter('actor', value)}
          />
          <SearchField
            label={t('audit.entityType')}
            placeholder="user"
            value={search.entityType}
            onSearch={(value) => setFilter('entityType', value)}
          />
          <TextInput
            type="date"
            label={t('audit.from')}
            value={search.from ?? ''}
            max={search.to}
            onChange={(event) => setFilter('from', optionalIsoDate(event.currentTarget.value))}
          />
          <TextInput
            type="date"
            label={t('audit.to')}
            value={search.to ?? ''}
            min={search.from}
            onChange={(event) => setFilter('to', optionalIsoDate(event.currentTarget.value))}
          />
        </SimpleGrid>
        {filtered && (
          <Group mt="md">
            <Button variant="subtle" size="xs" onClick={() => void navigate({ search: {} })}>
              {t('audit.clearFilters')}
            </Button>
          </Group>
        )}
      </Fieldset>

      {list.isPending ? (
        <Loading />
      ) : list.isError ? (
        <LoadError error={list.error} onRetry={() => void list.refetch()} />
      ) : list.data.items.length === 0 ? (
        <Text c="dimmed" py="lg">
          {t('audit.empty')}
        </Text>
      ) : (
        <>
          <Table.ScrollContainer minWidth={860} type="native">
            <Table verticalSpacing="sm" aria-busy={list.isFetching}>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>{t('audit.when')}</Table.Th>
                  <Table.Th>{t('audit.actor')}</Table.Th>
                  <Table.Th>{t('audit.action')}</Table.Th>
                  <Table.Th>{t('audit.entityType')}</Table.Th>
                  <Table.Th>{t('audit.entityId')}</Table.Th>
                  <Table.Th>{t('audit.changes')}</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {list.data.items.map((entry) => {
                  const open = expanded.has(entry.id);
                  const detailsId = `audit-changes-${entry.id}`;
                  return (
                    <Fragment key={entry.id}>
                      <Table.Tr>
                        <Table.Td style={{ whiteSpace: 'nowrap' }}>
                          {formatDateTime(entry.createdAt, locale)}
                        </Table.Td>
                        <Table.Td>{entry.actorEmail ?? t('audit.system')}</Table.Td>
                        <Table.Td>
                          <Code>{entry.action}</Code>
                        </Table.Td>
                        <Table.Td>{entry.entityType}</Table.Td>
                        <Table.Td>
                          <Text size="xs" ff="monospace" style={{ overflowWrap: 'anywhere' }}>
                            {entry.entityId ?? t('common.none')}
                          </Text>
                        </Table.Td>
                        <Table.Td>
                          {hasChanges(entry) ? (
                            <Button
                              size="xs"
                              variant="default"
                              aria-expanded={open}
                              aria-controls={open ? detailsId : undefined}
                              onClick={() => toggle(entry.id)}
                            >
                              {open ? t('audit.hideChanges') : t('audit.showChanges')}
                            </Button>
                          ) : (
                            t('common.none')
                          )}
                        </Table.Td>
                      </Table.Tr>
                      {open && (
                        <Table.Tr>
                          <Table.Td colSpan={columns} bg="gray.0">
                            <Changes entry={entry} id={detailsId} />
                          </Table.Td>
                        </Table.Tr>
                      )}
                    </Fragment>
                  );
                })}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
          <Pager
            page={page}
            pageSize={pageSize}
            total={list.data.total}
            onPage={(next) =>
              void navigate({ search: (prev) => ({ ...prev, page: next > 1 ? next : undefined }) })
            }
          />
        </>
      )}
    </>
  );
}
