import {
  Badge,
  Button,
  Card,
  Checkbox,
  Group,
  Modal,
  NumberInput,
  SimpleGrid,
  Stack,
  Table,
  TagsInput,
  Text,
  Title,
} from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { notifications } from '@mantine/notifications';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type GrantRuleSet, type GrantRuleSetInput, grantRuleSetInput } from '@tilts/shared';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { DateField } from '../../components/DateField.tsx';
import { FormAlert, LoadError, Loading } from '../../components/feedback.tsx';
import { PageHeader } from '../../components/PageHeader.tsx';
import { currentLocale } from '../../i18n/index.ts';
import { ApiRequestError, api, errorText } from '../../lib/api.ts';
import { formatDate, formatMoney } from '../../lib/format.ts';
import { validate } from '../../lib/forms.ts';

type Roles = 'learner' | 'staff' | 'accompanying';
const roles: Roles[] = ['learner', 'staff', 'accompanying'];
const groups = ['1', '2', '3'] as const;

function num(value: string | number): number {
  return typeof value === 'number' ? value : Number(value.replace(',', '.'));
}

/** The editor of one call year's rates; every number has its own labelled field. */
function RuleSetForm({
  initial,
  existing,
  onDone,
}: {
  initial: GrantRuleSetInput;
  existing: GrantRuleSet | null;
  onDone: () => void;
}) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const [v, setV] = useState<GrantRuleSetInput>(initial);
  const [problem, setProblem] = useState<string | null>(null);
  const r = v.rules;
  const setRules = (change: Partial<GrantRuleSetInput['rules']>) =>
    setV((x) => ({ ...x, rules: { ...x.rules, ...change } }));
  const save = useMutation({
    mutationFn: (body: GrantRuleSetInput) =>
      existing
        ? api.put<GrantRuleSet>(`/api/grant-rules/${existing.id}`, {
            lockVersion: existing.lockVersion,
            ruleSet: body,
          })
        : api.post<GrantRuleSet>('/api/grant-rules', body),
    onSuccess: () => {
      notifications.show({ color: 'teal', message: t('grantRules.saved') });
      void queryClient.invalidateQueries({ queryKey: ['grant-rules'] });
      onDone();
    },
    // The form keeps every number typed; the server's words come above it.
    onError: (error) =>
      setProblem(
        error instanceof ApiRequestError && Object.keys(error.fields).length
          ? Object.values(error.fields).join(' ')
          : errorText(error),
      ),
  });
  function submit(event: FormEvent) {
    event.preventDefault();
    const checked = validate(grantRuleSetInput, v, currentLocale());
    if (!checked.ok) setProblem(Object.values(checked.errors).join(' '));
    else save.mutate(checked.data);
  }
  const groupCodes = (g: 1 | 2 | 3) =>
    Object.entries(r.countryGroups)
      .filter(([, n]) => n === g)
      .map(([c]) => c);
  const setGroup = (g: 1 | 2 | 3, codes: string[]) => {
    const next = Object.fromEntries(Object.entries(r.countryGroups).filter(([, n]) => n !== g));
    for (const c of codes) next[c.trim().toUpperCase()] = g;
    setRules({ countryGroups: next as GrantRuleSetInput['rules']['countryGroups'] });
  };
  return (
    <form onSubmit={submit} noValidate>
      <Stack>
        <FormAlert message={problem} />
        <SimpleGrid cols={{ base: 1, sm: 3 }}>
          <NumberInput
            label={t('grantRules.callYear')}
            value={v.callYear}
            onChange={(x) => setV({ ...v, callYear: num(x) })}
          />
          <DateField
            label={t('grantRules.validFrom')}
            value={v.validFrom}
            onChange={(d) => setV({ ...v, validFrom: d })}
          />
          <DateField
            label={t('grantRules.validTo')}
            value={v.validTo}
            onChange={(d) => setV({ ...v, validTo: d })}
          />
        </SimpleGrid>
        <Checkbox
          label={t('grantRules.isExample')}
          checked={v.isExample}
          onChange={(e) => setV({ ...v, isExample: e.currentTarget.checked })}
        />
        <Title order={3} size="h5">
          {t('grantRules.bands')}
        </Title>
        <Table.ScrollContainer minWidth={520} type="native">
          <Table>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('grantRules.minKm')}</Table.Th>
                <Table.Th>{t('grantRules.maxKm')}</Table.Th>
                <Table.Th>{t('grantRules.standard')}</Table.Th>
                <Table.Th>{t('grantRules.green')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {r.travelBands.map((b, i) => {
                const setBand = (change: Partial<typeof b>) =>
                  setRules({ travelBands: r.travelBands.map((x, j) => (j === i ? { ...x, ...change } : x)) });
                const label = `${b.minKm}–${b.maxKm ?? '∞'} km`;
                return (
                  <Table.Tr key={`${b.minKm}`}>
                    <Table.Td>
                      <NumberInput
                        aria-label={`${t('grantRules.minKm')} ${label}`}
                        value={b.minKm}
                        onChange={(x) => setBand({ minKm: num(x) })}
                      />
                    </Table.Td>
                    <Table.Td>
                      <NumberInput
                        aria-label={`${t('grantRules.maxKm')} ${label}`}
                        value={b.maxKm ?? ''}
                        onChange={(x) => setBand({ maxKm: x === '' ? null : num(x) })}
                      />
                    </Table.Td>
                    <Table.Td>
                      <NumberInput
                        aria-label={`${t('grantRules.standard')} ${label}`}
                        value={b.standard}
                        decimalScale={2}
                        onChange={(x) => setBand({ standard: num(x) })}
                      />
                    </Table.Td>
                    <Table.Td>
                      <NumberInput
                        aria-label={`${t('grantRules.green')} ${label}`}
                        value={b.green ?? ''}
                        decimalScale={2}
                        onChange={(x) => setBand({ green: x === '' ? null : num(x) })}
                      />
                    </Table.Td>
                  </Table.Tr>
                );
              })}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
        <SimpleGrid cols={{ base: 1, sm: 2 }}>
          <NumberInput
            label={`${t('grantRules.travelDays')}: ${t('grantRules.travelStandard')}`}
            value={r.travelDays.standard}
            onChange={(x) => setRules({ travelDays: { ...r.travelDays, standard: num(x) } })}
          />
          <NumberInput
            label={`${t('grantRules.travelDays')}: ${t('grantRules.travelGreen')}`}
            value={r.travelDays.green}
            onChange={(x) => setRules({ travelDays: { ...r.travelDays, green: num(x) } })}
          />
        </SimpleGrid>
        <Title order={3} size="h5">
          {t('grantRules.groups')}
        </Title>
        {([1, 2, 3] as const).map((g) => (
          <TagsInput
            key={g}
            label={t('grantRules.group', { n: g })}
            description={t('grantRules.groupHint')}
            value={groupCodes(g)}
            onChange={(codes) => setGroup(g, codes)}
          />
        ))}
        <Title order={3} size="h5">
          {t('grantRules.rates')}
        </Title>
        <SimpleGrid cols={{ base: 1, sm: 3 }}>
          {groups.map((g) =>
            roles.map((role) => (
              <NumberInput
                key={`${g}-${role}`}
                label={`${t('grantRules.group', { n: g })}: ${t(`grantRules.${role}`)}`}
                value={r.dailyRates[g][role]}
                decimalScale={2}
                onChange={(x) =>
                  setRules({ dailyRates: { ...r.dailyRates, [g]: { ...r.dailyRates[g], [role]: num(x) } } })
                }
              />
            )),
          )}
        </SimpleGrid>
        <SimpleGrid cols={{ base: 1, sm: 2 }}>
          <NumberInput
            label={t('grantRules.fullRateDays')}
            value={r.fullRateDays}
            onChange={(x) => setRules({ fullRateDays: num(x) })}
          />
          {roles.map((role) => (
            <NumberInput
              key={role}
              label={`${t('grantRules.reducedShare')}: ${t(`grantRules.${role}`)}`}
              value={r.reducedShare[role]}
              step={0.05}
              min={0}
              max={1}
              decimalScale={2}
              onChange={(x) => setRules({ reducedShare: { ...r.reducedShare, [role]: num(x) } })}
            />
          ))}
          <NumberInput
            label={t('grantRules.inclusionSupport')}
            value={r.inclusionSupport}
            decimalScale={2}
            onChange={(x) => setRules({ inclusionSupport: num(x) })}
          />
          <NumberInput
            label={t('grantRules.courseFeePerDay')}
            value={r.courseFeePerDay}
            decimalScale={2}
            onChange={(x) => setRules({ courseFeePerDay: num(x) })}
          />
          <NumberInput
            label={t('grantRules.courseFeeCap')}
            value={r.courseFeeCap}
            decimalScale={2}
            onChange={(x) => setRules({ courseFeeCap: num(x) })}
          />
        </SimpleGrid>
        <Group justify="flex-end">
          <Button variant="default" onClick={onDone}>
            {t('common.cancel')}
          </Button>
          <Button type="submit" loading={save.isPending}>
            {t('common.save')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

export function GrantRulesPage() {
  const { t } = useTranslation();
  const locale = currentLocale();
  const [opened, modal] = useDisclosure(false);
  const [editing, setEditing] = useState<{
    initial: GrantRuleSetInput;
    existing: GrantRuleSet | null;
  } | null>(null);
  const list = useQuery({
    queryKey: ['grant-rules'],
    queryFn: () => api.get<GrantRuleSet[]>('/api/grant-rules'),
  });
  const [problem, setProblem] = useState<string | null>(null);
  async function addYear() {
    setProblem(null);
    const year = new Date().getFullYear();
    const taken = new Set((list.data ?? []).map((s) => s.callYear));
    let callYear = year;
    while (taken.has(callYear)) callYear++;
    try {
      const initial = await api.get<GrantRuleSetInput>('/api/grant-rules/example', { callYear });
      setEditing({ initial, existing: null });
      modal.open();
    } catch (error) {
      setProblem(errorText(error));
    }
  }
  return (
    <>
      <PageHeader
        title={t('grantRules.title')}
        intro={t('grantRules.intro')}
        actions={<Button onClick={() => void addYear()}>{t('grantRules.add')}</Button>}
      />
      <FormAlert message={problem} />
      {list.isPending ? (
        <Loading />
      ) : list.isError ? (
        <LoadError error={list.error} onRetry={() => void list.refetch()} />
      ) : list.data.length === 0 ? (
        <Text c="dimmed">{t('grantRules.empty')}</Text>
      ) : (
        <Stack>
          {list.data.map((s) => (
            <Card key={s.id} withBorder padding="lg">
              <Group justify="space-between">
                <Stack gap={2}>
                  <Title order={2} size="h4">
                    {t('grantRules.callYear')} {s.callYear}
                  </Title>
                  <Text size="sm" c="dimmed">
                    {t('grantRules.period')}: {formatDate(s.validFrom, locale)}–
                    {formatDate(s.validTo, locale)}
                  </Text>
                  <Text size="sm">
                    {s.rules.travelBands
                      .map((b) => `${b.minKm}–${b.maxKm ?? '∞'}: ${formatMoney(b.standard, locale)}`)
                      .join(' · ')}
                  </Text>
                </Stack>
                <Group>
                  {s.isExample && (
                    <Badge color="yellow" variant="light">
                      {t('grantRules.exampleBadge')}
                    </Badge>
                  )}
                  <Button
                    variant="default"
                    onClick={() => {
                      const { id: _i, lockVersion: _l, updatedAt: _u, ...initial } = s;
                      setEditing({ initial, existing: s });
                      modal.open();
                    }}
                  >
                    {t('common.open')}
                  </Button>
                </Group>
              </Group>
            </Card>
          ))}
        </Stack>
      )}
      <Modal opened={opened} onClose={modal.close} title={t('grantRules.title')} size="xl">
        {opened && editing && (
          <RuleSetForm initial={editing.initial} existing={editing.existing} onDone={modal.close} />
        )}
      </Modal>
    </>
  );
}
