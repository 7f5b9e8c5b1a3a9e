import { Badge, Card, Group, Select, Stack, Switch, Table, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { type AgreementDetail, diffContent } from '@tilts/shared';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { LoadError, Loading } from '../../components/feedback.tsx';
import { versionQuery } from './queries.ts';

/**
 * Any two versions side by side, the fields that differ marked. The diff is the shared pure function
 * (`diffContent`), so what is marked here is what its tests say.
 */
export function VersionCompare({ agreement }: { agreement: AgreementDetail }) {
  const { t } = useTranslation();
  const numbers = agreement.versions.map((v) => v.version);
  const [a, setA] = useState(String(numbers.at(-2) ?? 1));
  const [b, setB] = useState(String(numbers.at(-1) ?? 1));
  const [onlyChanges, setOnlyChanges] = useState(true);
  const qa = useQuery(versionQuery(agreement.id, Number(a)));
  const qb = useQuery(versionQuery(agreement.id, Number(b)));
  const labels = t('agreements.diffLabels', { returnObjects: true }) as Record<string, string>;
  const options = agreement.versions.map((v) => ({
    value: String(v.version),
    label: t('agreements.versionLabel', { version: v.version, status: t(`agreements.statuses.${v.status}`) }),
  }));
  const label = (parts: string[]) => parts.map((p) => labels[p] ?? p).join(' › ');
  return (
    <Card withBorder padding="lg" component="section">
      <Title order={3} size="h5" mb="sm">
        {t('agreements.compareTitle')}
      </Title>
      <Stack gap="sm">
        <Group gap="sm" align="flex-end">
          <Select
            label={t('agreements.compareA')}
            data={options}
            value={a}
            onChange={(x) => x && setA(x)}
            allowDeselect={false}
            w={220}
          />
          <Select
            label={t('agreements.compareB')}
            data={options}
            value={b}
            onChange={(x) => x && setB(x)}
            allowDeselect={false}
            w={220}
          />
          <Switch
            label={t('agreements.onlyChanges')}
            checked={onlyChanges}
            onChange={(e) => setOnlyChanges(e.currentTarget.checked)}
          />
        </Group>
        {(qa.isPending || qb.isPending) && <Loading />}
        {qa.isError && <LoadError error={qa.error} />}
        {qb.isError && <LoadError error={qb.error} />}
        {qa.data &&
          qb.data &&
          (() => {
            const rows = diffContent(qa.data.content, qb.data.content).filter(
              (r) => !onlyChanges || r.changed,
            );
            if (rows.length === 0)
              return (
                <Text size="sm" c="dimmed">
                  {t('agreements.noDifferences')}
                </Text>
              );
            return (
              <Table.ScrollContainer minWidth={560} type="native">
                <Table
                  striped={false}
                  withTableBorder
                  verticalSpacing={4}
                  aria-label={t('agreements.compareTitle')}
                >
                  <Table.Thead>
                    <Table.Tr>
                      <Table.Th>{t('agreements.field')}</Table.Th>
                      <Table.Th>{t('agreements.versionN', { version: a })}</Table.Th>
                      <Table.Th>{t('agreements.versionN', { version: b })}</Table.Th>
                    </Table.Tr>
                  </Table.Thead>
                  <Table.Tbody>
                    {rows.map((r) => (
                      <Table.Tr
                        key={r.key}
                        bg={r.changed ? 'yellow.0' : undefined}
                        data-changed={r.changed || undefined}
                      >
                        <Table.Td>
                          <Text size="xs">{label(r.label)}</Text>
                          {r.changed && (
                            <Badge size="xs" color="yellow" variant="light">
                              {r.before === null
                                ? t('agreements.added')
                                : r.after === null
                                  ? t('agreements.removed')
                                  : t('agreements.changed')}
                            </Badge>
                          )}
                        </Table.Td>
                        <Table.Td style={{ whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' }}>
                          <Text
                            size="sm"
                            td={r.changed && r.before !== null ? 'line-through' : undefined}
                            c={r.changed ? 'red.8' : undefined}
                          >
                            {r.before ?? '—'}
                          </Text>
                        </Table.Td>
                        <Table.Td style={{ whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' }}>
                          <Text
                            size="sm"
                            fw={r.changed ? 600 : undefined}
                            c={r.changed ? 'teal.9' : undefined}
                          >
                            {r.after ?? '—'}
                          </Text>
                        </Table.Td>
                      </Table.Tr>
                    ))}
                  </Table.Tbody>
                </Table>
              </Table.ScrollContainer>
            );
          })()}
      </Stack>
    </Card>
  );
}
