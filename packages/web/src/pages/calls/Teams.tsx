import {
  Badge,
  Button,
  Card,
  Checkbox,
  Group,
  List,
  Modal,
  NativeSelect,
  Radio,
  SimpleGrid,
  Stack,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import {
  type CallDetail,
  type CallRanking,
  type CallTeam,
  type TeamInput,
  type TeamPlacementsInput,
  teamInput,
  teamPlacementsInput,
} from '@tilts/shared';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { FormAlert, LoadError, Loading } from '../../components/feedback.tsx';
import { RouterAnchor } from '../../components/links.tsx';
import { currentLocale } from '../../i18n/index.ts';
import { api, errorText } from '../../lib/api.ts';
import { callFormOptionsQuery } from './CallForm.tsx';
import { useNestedForm } from './nested-form.ts';
import { destinationText } from './parts.tsx';

const teamsKey = (callId: string) => ['calls', callId, 'teams'];

/** Selected learners grouped per destination and host, and the placements made from each team. */
export function TeamsTab({ call }: { call: CallDetail }) {
  const { t } = useTranslation();
  const locale = currentLocale();
  const queryClient = useQueryClient();
  const teams = useQuery({
    queryKey: teamsKey(call.id),
    queryFn: () => api.get<CallTeam[]>(`/api/calls/${call.id}/teams`),
  });
  const ranking = useQuery({
    queryKey: ['calls', call.id, 'ranking'],
    queryFn: () => api.get<CallRanking>(`/api/calls/${call.id}/ranking`),
  });
  const [editing, setEditing] = useState<CallTeam | 'new' | null>(null);
  const [placing, setPlacing] = useState<CallTeam | null>(null);
  const remove = useMutation({
    mutationFn: (team: CallTeam) => api.delete<CallTeam[]>(`/api/calls/${call.id}/teams/${team.id}`),
    onSuccess: (next) => queryClient.setQueryData(teamsKey(call.id), next),
    onError: (error) => notifications.show({ color: 'red', message: errorText(error) }),
  });

  if (teams.isPending || ranking.isPending) return <Loading />;
  if (teams.isError) return <LoadError error={teams.error} onRetry={() => void teams.refetch()} />;
  if (ranking.isError) return <LoadError error={ranking.error} onRetry={() => void ranking.refetch()} />;
  const selected = ranking.data.items.filter((a) => a.status === 'selected');
  const canForm = call.canManage && call.status !== 'draft';

  return (
    <Stack>
      <Group justify="space-between">
        <Text size="sm" c="dimmed" maw={640}>
          {t('calls.teamsIntro')}
        </Text>
        {canForm && (
          <Button onClick={() => setEditing('new')} disabled={selected.length === 0}>
            {t('calls.newTeam')}
          </Button>
        )}
      </Group>
      {teams.data.length === 0 ? (
        <Text c="dimmed" py="md">
          {selected.length === 0 ? t('calls.teamsNeedSelection') : t('calls.noTeams')}
        </Text>
      ) : (
        <SimpleGrid cols={{ base: 1, md: 2 }}>
          {teams.data.map((team) => {
            const placed = team.members.some((m) => m.placementId);
            return (
              <Card key={team.id} withBorder radius="md" padding="lg" component="article">
                <Stack gap="xs">
                  <Title order={3} size="h5">
                    {team.name || destinationText(team.destination, locale)}
                  </Title>
                  <Text size="sm">
                    {destinationText({ ...team.destination, hostName: team.hostName }, locale)}
                  </Text>
                  <List size="sm">
                    {team.members.map((m) => (
                      <List.Item key={m.applicationId}>
                        {m.learnerName}{' '}
                        {m.placementId && (
                          <RouterAnchor to="/placements/$id" params={{ id: m.placementId }} size="sm">
                            <Badge size="xs" variant="light" color="teal" style={{ cursor: 'pointer' }}>
                              {t('calls.placementMade')}
                            </Badge>
                          </RouterAnchor>
                        )}
                      </List.Item>
                    ))}
                  </List>
                  {call.canManage && !placed && (
                    <Group gap="xs">
                      <Button size="xs" variant="default" onClick={() => setEditing(team)}>
                        {t('calls.editTeam')}
                      </Button>
                      <Button
                        size="xs"
                        variant="default"
                        color="red"
                        loading={remove.isPending && remove.variables?.id === team.id}
                        onClick={() => remove.mutate(team)}
                      >
                        {t('calls.deleteTeam')}
                      </Button>
                      {call.status === 'decided' && (
                        <Button size="xs" onClick={() => setPlacing(team)}>
                          {t('calls.createPlacements')}
                        </Button>
                      )}
                    </Group>
                  )}
                  {call.canManage && !placed && call.status !== 'decided' && (
                    <Text size="xs" c="dimmed">
                      {t('calls.placementsAfterDecision')}
                    </Text>
                  )}
                </Stack>
              </Card>
            );
          })}
        </SimpleGrid>
      )}
      {editing && (
        <TeamModal
          call={call}
          team={editing === 'new' ? null : editing}
          teams={teams.data}
          ranking={ranking.data}
          onClose={() => setEditing(null)}
        />
      )}
      {placing && <PlacementsModal call={call} team={placing} onClose={() => setPlacing(null)} />}
    </Stack>
  );
}

function TeamModal({
  call,
  team,
  teams,
  ranking,
  onClose,
}: {
  call: CallDetail;
  team: CallTeam | null;
  teams: CallTeam[];
  ranking: CallRanking;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const locale = currentLocale();
  const queryClient = useQueryClient();
  const options = useQuery(callFormOptionsQuery);
  const form = useNestedForm(
    () => ({
      destinationId: team?.destination.id ?? ranking.destinations[0]?.id ?? '',
      hostPartnerId: team?.hostPartnerId ?? '',
      name: team?.name ?? '',
      members: team?.members.map((m) => m.applicationId) ?? ([] as string[]),
    }),
    (key) => ['destinationId', 'hostPartnerId', 'name', 'members'].includes(key),
  );
  const v = form.values;
  const taken = new Set(
    teams.filter((x) => x.id !== team?.id).flatMap((x) => x.members.map((m) => m.applicationId)),
  );
  const candidates = ranking.items.filter(
    (a) => a.status === 'selected' && a.destinationId === v.destinationId && !taken.has(a.id),
  );
  const save = useMutation({
    mutationFn: (body: TeamInput) =>
      team
        ? api.put<CallTeam[]>(`/api/calls/${call.id}/teams/${team.id}`, body)
        : api.post<CallTeam[]>(`/api/calls/${call.id}/teams`, body),
    onSuccess: (next) => {
      queryClient.setQueryData(teamsKey(call.id), next);
      notifications.show({ color: 'teal', message: t('calls.teamSaved') });
      onClose();
    },
    onError: form.fail,
  });
  function submit(event: FormEvent) {
    event.preventDefault();
    const body = form.check(teamInput, { ...v, hostPartnerId: v.hostPartnerId || null });
    if (body) save.mutate(body);
  }
  const destination = ranking.destinations.find((d) => d.id === v.destinationId);
  return (
    <Modal opened onClose={onClose} title={team ? t('calls.editTeam') : t('calls.newTeam')} size="lg">
      <form ref={form.formRef} onSubmit={submit} noValidate>
        <Stack>
          <FormAlert message={form.formError} />
          <NativeSelect
            label={t('calls.destination')}
            required
            value={v.destinationId}
            error={form.errors.destinationId}
            data={ranking.destinations.map((d) => ({ value: d.id, label: destinationText(d, locale) }))}
            onChange={(e) => {
              const destinationId = e.currentTarget.value;
              form.update((c) => ({ ...c, destinationId, members: [] }), 'destinationId', 'members');
            }}
          />
          <NativeSelect
            label={t('calls.host')}
            value={v.hostPartnerId}
            error={form.errors.hostPartnerId}
            data={[
              {
                value: '',
                label: destination?.hostName
                  ? t('calls.destinationHost', { name: destination.hostName })
                  : t('calls.hostLater'),
              },
              ...(options.data?.partners ?? []).map((p) => ({
                value: p.id,
                label: `${p.label} (${p.country})`,
              })),
            ]}
            onChange={(e) => {
              const hostPartnerId = e.currentTarget.value;
              form.update((c) => ({ ...c, hostPartnerId }), 'hostPartnerId');
            }}
          />
          <TextInput
            label={t('calls.teamName')}
            value={v.name}
            error={form.errors.name}
            onChange={(e) => {
              const name = e.currentTarget.value;
              form.update((c) => ({ ...c, name }), 'name');
            }}
          />
          <Checkbox.Group
            label={t('calls.members')}
            description={t('calls.membersHint')}
            required
            value={v.members}
            error={form.errors.members}
            onChange={(members) => form.update((c) => ({ ...c, members }), 'members')}
          >
            <Stack gap={6} mt="xs">
              {candidates.length === 0 ? (
                <Text size="sm" c="dimmed">
                  {t('calls.noCandidates')}
                </Text>
              ) : (
                candidates.map((a) => <Checkbox key={a.id} value={a.id} label={a.learnerName} />)
              )}
            </Stack>
          </Checkbox.Group>
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              {t('common.cancel')}
            </Button>
            <Button type="submit" loading={save.isPending}>
              {t('common.save')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}

function PlacementsModal({ call, team, onClose }: { call: CallDetail; team: CallTeam; onClose: () => void }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const options = useQuery(callFormOptionsQuery);
  const group = team.members.length >= 2;
  const form = useNestedForm(
    () => ({
      mode: group ? 'group' : 'individual',
      activityType: 'short_term_learner',
      startDate: '',
      endDate: '',
      travelDays: '0',
      accompanyingId: '',
      mentorId: '',
    }),
    (key) =>
      ['mode', 'activityType', 'startDate', 'endDate', 'travelDays', 'accompanying', 'mentorId'].includes(
        key,
      ),
  );
  const v = form.values;
  const set = (name: keyof typeof v, errorKey: string = name) => ({
    value: v[name],
    error: form.errors[errorKey],
    onChange: (e: { currentTarget: { value: string } }) => {
      const value = e.currentTarget.value;
      form.update((c) => ({ ...c, [name]: value }), errorKey);
    },
  });
  const create = useMutation({
    mutationFn: (body: TeamPlacementsInput) =>
      api.post<{ placements: { id: string; title: string }[] }>(
        `/api/calls/${call.id}/teams/${team.id}/placements`,
        body,
      ),
    onSuccess: (result) => {
      void queryClient.invalidateQueries({ queryKey: teamsKey(call.id) });
      notifications.show({
        color: 'teal',
        message: t('calls.placementsMade', { count: result.placements.length }),
      });
      onClose();
    },
    onError: form.fail,
  });
  function submit(event: FormEvent) {
    event.preventDefault();
    const body = form.check(teamPlacementsInput, {
      ...v,
      accompanying: v.mode === 'group' && v.accompanyingId ? [v.accompanyingId] : [],
      mentorId: v.mentorId || null,
    });
    if (body) create.mutate(body);
  }
  const staff = options.data?.staff ?? [];
  return (
    <Modal opened onClose={onClose} title={t('calls.createPlacementsTitle')} size="lg">
      <form ref={form.formRef} onSubmit={submit} noValidate>
        <Stack>
          <Text size="sm" c="dimmed">
            {t('calls.createPlacementsIntro')}
          </Text>
          <FormAlert message={form.formError} />
          <Radio.Group
            label={t('calls.placementMode')}
            required
            value={v.mode}
            error={form.errors.mode}
            onChange={(mode) => form.update((c) => ({ ...c, mode }), 'mode')}
          >
            <Stack gap={6} mt="xs">
              <Radio value="group" label={t('calls.modeGroup')} disabled={!group} />
              <Radio value="individual" label={t('calls.modeIndividual', { count: team.members.length })} />
            </Stack>
          </Radio.Group>
          {v.mode === 'individual' && (
            <NativeSelect
              label={t('calls.activityType')}
              data={[
                { value: 'short_term_learner', label: t('calls.shortTerm') },
                { value: 'long_term_learner', label: t('calls.longTerm') },
              ]}
              {...set('activityType')}
            />
          )}
          <SimpleGrid cols={{ base: 1, sm: 3 }}>
            <TextInput label={t('calls.startDate')} type="date" required {...set('startDate')} />
            <TextInput label={t('calls.endDate')} type="date" required {...set('endDate')} />
            <TextInput
              label={t('calls.travelDays')}
              type="number"
              inputMode="numeric"
              min={0}
              max={10}
              {...set('travelDays')}
            />
          </SimpleGrid>
          {v.mode === 'group' && (
            <NativeSelect
              label={t('calls.accompanying')}
              description={t('calls.accompanyingHint')}
              required
              data={[
                { value: '', label: t('calls.choosePerson') },
                ...staff.map((s) => ({ value: s.id, label: s.label })),
              ]}
              {...set('accompanyingId', 'accompanying')}
            />
          )}
          <NativeSelect
            label={t('calls.mentor')}
            data={[
              { value: '', label: t('calls.noMentorYet') },
              ...staff.map((s) => ({ value: s.id, label: s.label })),
            ]}
            {...set('mentorId')}
          />
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              {t('common.cancel')}
            </Button>
            <Button type="submit" loading={create.isPending}>
              {t('calls.createPlacements')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
