import {
  Alert,
  Badge,
  Button,
  Card,
  Group,
  NumberInput,
  Select,
  Stack,
  Table,
  Text,
  Title,
} from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { countryName, fieldMessage, type PlacementGrant } from '@tilts/shared';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { FormAlert, LoadError, Loading } from '../../components/feedback.tsx';
import { currentLocale } from '../../i18n/index.ts';
import { api, errorText } from '../../lib/api.ts';
import { formatMoney } from '../../lib/format.ts';

/** Words for a grant problem, the same as the server's field messages. */
export function problemText(problem: { key: string; params: Record<string, string | number> }) {
  return fieldMessage({ code: 'custom', message: problem.key, params: problem.params }, currentLocale());
}

/** When the city table does not know the destination: pick a suggestion or type coordinates. */
function PlacePicker({ placementId, grant }: { placementId: string; grant: PlacementGrant }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const [lat, setLat] = useState<string | number>('');
  const [lon, setLon] = useState<string | number>('');
  const [problem, setProblem] = useState<string | null>(null);
  const save = useMutation({
    mutationFn: (body: { city: string; lat: number | null; lon: number | null }) =>
      api.put(`/api/placements/${placementId}/destination`, body),
    onSuccess: () => {
      notifications.show({ color: 'teal', message: t('grants.placeSet') });
      void queryClient.invalidateQueries({ queryKey: ['placements'] });
    },
    onError: (error) => setProblem(errorText(error)),
  });
  return (
    <Stack gap="sm">
      <FormAlert message={problem} />
      {grant.suggestions.length > 0 && (
        <Select
          label={t('grants.pickCity')}
          data={grant.suggestions.map((c, i) => ({
            value: String(i),
            label: `${c.name} (${c.population.toLocaleString(currentLocale())})`,
          }))}
          onChange={(value) => {
            const city = value === null ? undefined : grant.suggestions[Number(value)];
            if (city) save.mutate({ city: city.name, lat: city.lat, lon: city.lon });
          }}
        />
      )}
      <Text size="sm" c="dimmed">
        {t('grants.cityHelp')}
      </Text>
      <Group align="flex-end">
        <NumberInput
          label={t('grants.lat')}
          value={lat}
          onChange={setLat}
          min={-90}
          max={90}
          decimalScale={5}
        />
        <NumberInput
          label={t('grants.lon')}
          value={lon}
          onChange={setLon}
          min={-180}
          max={180}
          decimalScale={5}
        />
        <Button
          variant="default"
          loading={save.isPending}
          onClick={() =>
            save.mutate({
              city: grant.to.city,
              lat: lat === '' ? null : Number(lat),
              lon: lon === '' ? null : Number(lon),
            })
          }
        >
          {t('grants.useCoordinates')}
        </Button>
      </Group>
    </Stack>
  );
}

/** A placement's Erasmus+ grant with its breakdown per participant, always from today's data. */
export function GrantTab({ placementId, canManage }: { placementId: string; canManage: boolean }) {
  const { t } = useTranslation();
  const locale = currentLocale();
  const query = useQuery({
    queryKey: ['placements', 'grant', placementId],
    queryFn: () => api.get<PlacementGrant>(`/api/placements/${placementId}/grant`),
  });
  if (query.isPending) return <Loading />;
  if (query.isError) return <LoadError error={query.error} onRetry={() => void query.refetch()} />;
  const g = query.data;
  const money = (n: number) => formatMoney(n, locale);
  return (
    <Stack>
      {g.isExample && (
        <Alert color="yellow" variant="light">
          {t('grants.example')}
        </Alert>
      )}
      <Card withBorder padding="lg">
        <Group justify="space-between" align="flex-start">
          <Stack gap={4}>
            <Title order={2} size="h4">
              {t('grants.title')}
            </Title>
            <Text size="sm">
              {t('grants.from')}: {g.from.city}, {countryName(g.from.country, locale)} · {t('grants.to')}:{' '}
              {g.to.city}, {countryName(g.to.country, locale)}
            </Text>
            {g.lines[0] && (
              <Text size="sm" c="dimmed">
                {t('grants.distance')}: {g.lines[0].distanceKm} km
                {g.lines[0].distanceBand && ` · ${t('grants.band', { band: g.lines[0].distanceBand })}`}
                {g.countryGroup && ` · ${t('grants.group', { group: g.countryGroup })}`}
              </Text>
            )}
          </Stack>
          {g.computed && (
            <Badge size="xl" variant="light" color="teal">
              {money(g.total)}
            </Badge>
          )}
        </Group>
      </Card>
      {!g.computed ? (
        <Alert color="orange" variant="light" title={t('grants.notComputed')}>
          <Stack gap="sm">
            {g.problems.map((p) => (
              <Text size="sm" key={p.key}>
                {problemText(p)}
              </Text>
            ))}
            {canManage && g.problems.some((p) => p.key === 'city_not_found') && (
              <PlacePicker placementId={placementId} grant={g} />
            )}
          </Stack>
        </Alert>
      ) : (
        <Table.ScrollContainer minWidth={760} type="native">
          <Table striped verticalSpacing="sm">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('grants.participant')}</Table.Th>
                <Table.Th>{t('grants.travel')}</Table.Th>
                <Table.Th>{t('grants.days')}</Table.Th>
                <Table.Th>{t('grants.rate')}</Table.Th>
                <Table.Th>{t('grants.support')}</Table.Th>
                <Table.Th>{t('grants.inclusion')}</Table.Th>
                <Table.Th>{t('grants.courseFees')}</Table.Th>
                <Table.Th>{t('grants.total')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {g.lines.map((l) => (
                <Table.Tr key={l.participantId}>
                  <Table.Td>
                    {l.name}
                    <Text size="xs" c="dimmed">
                      {t(`placements.roles.${l.role}`)}
                    </Text>
                  </Table.Td>
                  <Table.Td>{money(l.travel)}</Table.Td>
                  <Table.Td>
                    {l.fundedDays}
                    <Text size="xs" c="dimmed">
                      {t('grants.daysDetail', { full: l.fullRateDays, reduced: l.reducedDays })}
                    </Text>
                  </Table.Td>
                  <Table.Td>{money(l.dailyRate)}</Table.Td>
                  <Table.Td>{money(l.individualSupport)}</Table.Td>
                  <Table.Td>{money(l.inclusionSupport)}</Table.Td>
                  <Table.Td>{money(l.courseFees)}</Table.Td>
                  <Table.Td fw={600}>{money(l.total)}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
    </Stack>
  );
}
