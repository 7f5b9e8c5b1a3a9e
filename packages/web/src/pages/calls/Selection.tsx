import { Alert, Badge, Button, Group, List, NativeSelect, Stack, Table, Text, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { CallDetail, CallRanking, RankedApplication, SelectionInput } from '@tilts/shared';
import type { TFunction } from 'i18next';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { LoadError, Loading } from '../../components/feedback.tsx';
import { RouterAnchor } from '../../components/links.tsx';
import { currentLocale } from '../../i18n/index.ts';
import { api } from '../../lib/api.ts';
import { criterionName, destinationText, errorWithFields } from './parts.tsx';

type Outcome = '' | 'selected' | 'reserve' | 'not_selected';
interface Choice {
  outcome: Outcome;
  destinationId: string;
}

const rankingQuery = (callId: string) => ({
  queryKey: ['calls', callId, 'ranking'],
  queryFn: () => api.get<CallRanking>(`/api/calls/${callId}/ranking`),
});

/** The ranking by weighted total, and the coordinator's selection: who goes where, the reserve list, the rest. */
export function SelectionTab({ call }: { call: CallDetail }) {
  const ranking = useQuery(rankingQuery(call.id));
  if (ranking.isPending) return <Loading />;
  if (ranking.isError) return <LoadError error={ranking.error} onRetry={() => void ranking.refetch()} />;
  // A new key after each save starts the editor again from what the server kept.
  return (
    <SelectionEditor
      key={JSON.stringify(ranking.data.items.map((a) => [a.id, a.status, a.reserveRank]))}
      call={call}
      ranking={ranking.data}
    />
  );
}

function initialChoices(ranking: CallRanking): Record<string, Choice> {
  const fallback = ranking.destinations[0]?.id ?? '';
  return Object.fromEntries(
    ranking.items.map((a) => [
      a.id,
      {
        outcome: a.status === 'submitted' || a.status === 'withdrawn' ? '' : a.status,
        destinationId: a.destinationId ?? a.preferences[0] ?? fallback,
      },
    ]),
  );
}

function tieText(a: RankedApplication, ranking: CallRanking, t: TFunction): string | null {
  const tie = a.tieBreak;
  if (!tie) return a.tiedWith.length ? t('calls.tieBehind', { names: a.tiedWith.join(', ') }) : null;
  if (tie.by === 'criterion') {
    const c = ranking.criteria.find((x) => x.key === tie.criterion);
    return t('calls.tieByCriterion', {
      name: tie.aheadOf,
      criterion: c ? criterionName(c, t) : tie.criterion,
      mine: tie.mine,
      theirs: tie.theirs,
    });
  }
  return tie.by === 'submitted_at'
    ? t('calls.tieBySubmitted', { name: tie.aheadOf })
    : t('calls.tieByName', { name: tie.aheadOf });
}

function SelectionEditor({ call, ranking }: { call: CallDetail; ranking: CallRanking }) {
  const { t } = useTranslation();
  const locale = currentLocale();
  const queryClient = useQueryClient();
  const editable = call.canManage && (ranking.status === 'open' || ranking.status === 'closed');
  const [choices, setChoices] = useState(() => initialChoices(ranking));
  const [reserve, setReserve] = useState<string[]>(() =>
    ranking.items
      .filter((a) => a.status === 'reserve')
      .sort((a, b) => (a.reserveRank ?? 0) - (b.reserveRank ?? 0))
      .map((a) => a.id),
  );
  const [problem, setProblem] = useState<string | null>(null);
  const byId = new Map(ranking.items.map((a) => [a.id, a]));

  const choose = (id: string, change: Partial<Choice>) => {
    setChoices((current) => ({ ...current, [id]: { ...current[id]!, ...change } }));
    if (change.outcome !== undefined)
      setReserve((current) => {
        const without = current.filter((x) => x !== id);
        return change.outcome === 'reserve' ? [...without, id] : without;
      });
  };
  const move = (index: number, by: -1 | 1) =>
    setReserve((current) => {
      const next = [...current];
      const [item] = next.splice(index, 1);
      next.splice(index + by, 0, item!);
      return next;
    });

  /** Fills the selection from the ranking: the best up to the places, each to the first preference with room. */
  const suggest = () => {
    const room = new Map(ranking.destinations.map((d) => [d.id, d.places]));
    const next: Record<string, Choice> = {};
    const nextReserve: string[] = [];
    let left = ranking.places;
    for (const a of ranking.items) {
      if (a.rank === null) {
        next[a.id] = { outcome: '', destinationId: choices[a.id]!.destinationId };
        continue;
      }
      const wanted = [...a.preferences, ...ranking.destinations.map((d) => d.id)].find(
        (d) => (room.get(d) ?? 0) > 0,
      );
      if (left > 0 && wanted) {
        next[a.id] = { outcome: 'selected', destinationId: wanted };
        room.set(wanted, (room.get(wanted) ?? 0) - 1);
        left--;
      } else {
        next[a.id] = { outcome: 'reserve', destinationId: choices[a.id]!.destinationId };
        nextReserve.push(a.id);
      }
    }
    setChoices(next);
    setReserve(nextReserve);
  };

  const save = useMutation({
    mutationFn: (body: SelectionInput) => api.put<CallRanking>(`/api/calls/${call.id}/selection`, body),
    onSuccess: (next) => {
      setProblem(null);
      queryClient.setQueryData(rankingQuery(call.id).queryKey, next);
      void queryClient.invalidateQueries({ queryKey: ['calls', 'detail', call.id] });
      void queryClient.invalidateQueries({ queryKey: ['calls', call.id, 'applications'] });
      notifications.show({ color: 'teal', message: t('calls.selectionSaved') });
    },
    onError: (error) => setProblem(errorWithFields(error)),
  });

  const selected = ranking.items.filter((a) => choices[a.id]?.outcome === 'selected');
  const body: SelectionInput = {
    selected: selected.map((a) => ({ applicationId: a.id, destinationId: choices[a.id]!.destinationId })),
    reserve,
    notSelected: ranking.items.filter((a) => choices[a.id]?.outcome === 'not_selected').map((a) => a.id),
  };
  const undecided = ranking.items.filter((a) => !choices[a.id]?.outcome).length;

  if (ranking.items.length === 0)
    return (
      <Text c="dimmed" py="lg">
        {t('calls.noApplicants')}
      </Text>
    );

  return (
    <Stack>
      <Group justify="space-between" align="flex-end">
        <Stack gap={2}>
          <Text fw={600} c={selected.length > ranking.places ? 'red' : undefined} aria-live="polite">
            {t('calls.selectedOf', { count: selected.length, places: ranking.places })}
          </Text>
          <Text size="sm" c="dimmed">
            {ranking.destinations
              .map((d) => {
                const n = selected.filter((a) => choices[a.id]!.destinationId === d.id).length;
                return `${destinationText({ ...d, hostName: null }, locale)}: ${n}/${d.places}`;
              })
              .join(' · ')}
            {undecided > 0 && ` · ${t('calls.undecidedCount', { count: undecided })}`}
          </Text>
        </Stack>
        {editable && (
          <Group gap="xs">
            <Button variant="default" onClick={suggest}>
              {t('calls.suggest')}
            </Button>
            <Button loading={save.isPending} onClick={() => save.mutate(body)}>
              {t('calls.saveSelection')}
            </Button>
          </Group>
        )}
      </Group>
      {!editable && (
        <Text size="sm" c="dimmed">
          {ranking.status === 'decided' ? t('calls.selectionFinal') : t('calls.selectionReadOnly')}
        </Text>
      )}
      {problem && (
        <Alert color="red" variant="light" tabIndex={-1}>
          {problem}
        </Alert>
      )}
      <Table.ScrollContainer minWidth={860} type="native">
        <Table striped verticalSpacing="sm">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t('calls.rank')}</Table.Th>
              <Table.Th>{t('calls.applicant')}</Table.Th>
              <Table.Th>{t('calls.total')}</Table.Th>
              <Table.Th>{t('calls.preferences')}</Table.Th>
              <Table.Th>{t('calls.outcome')}</Table.Th>
              <Table.Th>{t('calls.destination')}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {ranking.items.map((a) => {
              const choice = choices[a.id]!;
              const tie = tieText(a, ranking, t);
              return (
                <Table.Tr key={a.id}>
                  <Table.Td>{a.rank ?? t('common.none')}</Table.Td>
                  <Table.Td>
                    <RouterAnchor to="/applications/$applicationId" params={{ applicationId: a.id }} fw={500}>
                      {a.learnerName}
                    </RouterAnchor>
                  </Table.Td>
                  <Table.Td>
                    <Group gap={6} wrap="nowrap">
                      <Text fw={600}>
                        {a.total === null ? t('calls.notInterviewed') : a.total.toFixed(2)}
                      </Text>
                      {a.tiedWith.length > 0 && (
                        <Badge size="sm" variant="light" color="grape">
                          {t('calls.tie')}
                        </Badge>
                      )}
                    </Group>
                    {tie && (
                      <Text size="xs" c="dimmed" maw={280}>
                        {tie}
                      </Text>
                    )}
                  </Table.Td>
                  <Table.Td>
                    <Text size="sm">
                      {a.preferences
                        .map((id) => ranking.destinations.find((d) => d.id === id))
                        .filter((d) => d !== undefined)
                        .map((d, i) => `${i + 1}. ${destinationText({ ...d, hostName: null }, locale)}`)
                        .join(', ')}
                    </Text>
                  </Table.Td>
                  <Table.Td>
                    <NativeSelect
                      aria-label={t('calls.outcomeOf', { name: a.learnerName })}
                      size="xs"
                      disabled={!editable}
                      value={choice.outcome}
                      onChange={(e) => choose(a.id, { outcome: e.currentTarget.value as Outcome })}
                      data={[
                        { value: '', label: t('calls.undecided') },
                        { value: 'selected', label: t('calls.applicationStatuses.selected') },
                        { value: 'reserve', label: t('calls.applicationStatuses.reserve') },
                        { value: 'not_selected', label: t('calls.applicationStatuses.not_selected') },
                      ]}
                    />
                  </Table.Td>
                  <Table.Td>
                    {choice.outcome === 'selected' && (
                      <NativeSelect
                        aria-label={t('calls.destinationOf', { name: a.learnerName })}
                        size="xs"
                        disabled={!editable}
                        value={choice.destinationId}
                        onChange={(e) => choose(a.id, { destinationId: e.currentTarget.value })}
                        data={ranking.destinations.map((d) => ({
                          value: d.id,
                          label: destinationText({ ...d, hostName: null }, locale),
                        }))}
                      />
                    )}
                  </Table.Td>
                </Table.Tr>
              );
            })}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>

      <Title order={2} size="h4">
        {t('calls.reserveList')}
      </Title>
      {reserve.length === 0 ? (
        <Text size="sm" c="dimmed">
          {t('calls.reserveEmpty')}
        </Text>
      ) : (
        <List type="ordered" spacing="xs">
          {reserve.map((id, i) => (
            <List.Item key={id}>
              <Group gap="xs">
                <Text>{byId.get(id)?.learnerName}</Text>
                {editable && (
                  <>
                    <Button
                      size="compact-xs"
                      variant="default"
                      disabled={i === 0}
                      aria-label={t('calls.moveUp', { name: byId.get(id)?.learnerName })}
                      onClick={() => move(i, -1)}
                    >
                      ↑
                    </Button>
                    <Button
                      size="compact-xs"
                      variant="default"
                      disabled={i === reserve.length - 1}
                      aria-label={t('calls.moveDown', { name: byId.get(id)?.learnerName })}
                      onClick={() => move(i, 1)}
                    >
                      ↓
                    </Button>
                  </>
                )}
              </Group>
            </List.Item>
          ))}
        </List>
      )}
    </Stack>
  );
}
