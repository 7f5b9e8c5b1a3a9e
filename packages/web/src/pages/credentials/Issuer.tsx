import {
  Alert,
  Anchor,
  Badge,
  Button,
  Code,
  Group,
  Modal,
  Stack,
  Table,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { notifications } from '@mantine/notifications';
import { queryOptions, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type IssuerView, issuerSettingsInput } from '@tilts/shared';
import type { FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { FormAlert, LoadError, Loading } from '../../components/feedback.tsx';
import { PageHeader } from '../../components/PageHeader.tsx';
import { currentLocale } from '../../i18n/index.ts';
import { api, errorText } from '../../lib/api.ts';
import { formatDateTime } from '../../lib/format.ts';
import { useForm } from '../../lib/forms.ts';

const issuerQuery = queryOptions({
  queryKey: ['credential-issuer'],
  queryFn: () => api.get<IssuerView>('/api/credentials/issuer'),
});

function ProfileForm({ issuer }: { issuer: IssuerView }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const form = useForm({ region: issuer.region, website: issuer.website });
  const save = useMutation({
    mutationFn: (body: unknown) => api.put<IssuerView>('/api/credentials/issuer', body),
    onSuccess: (next) => {
      queryClient.setQueryData(issuerQuery.queryKey, next);
      notifications.show({ color: 'teal', message: t('common.saved') });
    },
    onError: form.fail,
  });
  function submit(event: FormEvent) {
    event.preventDefault();
    const body = form.check(issuerSettingsInput);
    if (body) save.mutate(body);
  }
  return (
    <form ref={form.formRef} onSubmit={submit} noValidate>
      <Stack>
        <FormAlert message={form.formError} />
        <Group align="flex-end">
          <TextInput label={t('credentials.issuer.region')} maxLength={100} {...form.input('region')} />
          <TextInput
            label={t('credentials.issuer.website')}
            inputMode="url"
            {...form.input('website')}
            style={{ flex: 1 }}
          />
          <Button type="submit" loading={save.isPending}>
            {t('common.save')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

/** The admin's view of the school as an issuer: its DID, profile additions, keys and rotation. */
export function IssuerPage() {
  const { t } = useTranslation();
  const locale = currentLocale();
  const queryClient = useQueryClient();
  const [opened, { open, close }] = useDisclosure(false);
  const issuer = useQuery(issuerQuery);
  const rotate = useMutation({
    mutationFn: () => api.post<IssuerView>('/api/credentials/issuer/rotate-key'),
    onSuccess: (next) => {
      queryClient.setQueryData(issuerQuery.queryKey, next);
      close();
      notifications.show({ color: 'teal', message: t('credentials.issuer.rotated') });
    },
    onError: (error) => notifications.show({ color: 'red', message: errorText(error) }),
  });

  return (
    <>
      <PageHeader title={t('credentials.issuer.title')} intro={t('credentials.issuer.intro')} />
      {issuer.isPending ? (
        <Loading />
      ) : issuer.isError ? (
        <LoadError error={issuer.error} onRetry={() => void issuer.refetch()} />
      ) : (
        <Stack gap="xl">
          {!issuer.data.signingEnabled && (
            <Alert color="yellow" variant="light">
              {t('credentials.issuer.signingOff')}
            </Alert>
          )}
          <Stack gap={4}>
            <Text fw={500}>{t('credentials.issuer.did')}</Text>
            <Code block>{issuer.data.did}</Code>
            <Anchor href={issuer.data.didDocumentUrl} target="_blank" size="sm">
              {t('credentials.issuer.didDocument')}
            </Anchor>
          </Stack>
          <Stack gap="xs">
            <Title order={2} size="h4">
              {t('credentials.issuer.profile')}
            </Title>
            <ProfileForm issuer={issuer.data} />
          </Stack>
          <Stack gap="xs">
            <Group justify="space-between">
              <Title order={2} size="h4">
                {t('credentials.issuer.keys')}
              </Title>
              <Button variant="default" onClick={open} disabled={!issuer.data.signingEnabled}>
                {t('credentials.issuer.rotate')}
              </Button>
            </Group>
            <Table.ScrollContainer minWidth={640} type="native">
              <Table verticalSpacing="sm">
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th>{t('credentials.issuer.keyNo')}</Table.Th>
                    <Table.Th>{t('credentials.issuer.publicKey')}</Table.Th>
                    <Table.Th>{t('credentials.issuer.createdAt')}</Table.Th>
                    <Table.Th>{t('credentials.issuer.retiredAt')}</Table.Th>
                    <Table.Th>{t('credentials.issuer.signed')}</Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {issuer.data.keys.map((key) => (
                    <Table.Tr key={key.id}>
                      <Table.Td>
                        #key-{key.keyNo}{' '}
                        {!key.retiredAt && (
                          <Badge color="teal" size="sm">
                            {t('credentials.issuer.active')}
                          </Badge>
                        )}
                      </Table.Td>
                      <Table.Td>
                        <Code style={{ wordBreak: 'break-all' }}>{key.publicKeyMultibase}</Code>
                      </Table.Td>
                      <Table.Td>{formatDateTime(key.createdAt, locale)}</Table.Td>
                      <Table.Td>
                        {key.retiredAt ? formatDateTime(key.retiredAt, locale) : t('common.none')}
                      </Table.Td>
                      <Table.Td>{key.credentialsSigned}</Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            </Table.ScrollContainer>
          </Stack>
          <Modal opened={opened} onClose={close} title={t('credentials.issuer.rotateTitle')}>
            <Stack>
              <Text size="sm">{t('credentials.issuer.rotateText')}</Text>
              <Group justify="flex-end">
                <Button variant="default" onClick={close}>
                  {t('common.cancel')}
                </Button>
                <Button color="orange" loading={rotate.isPending} onClick={() => rotate.mutate()}>
                  {t('credentials.issuer.rotate')}
                </Button>
              </Group>
            </Stack>
          </Modal>
        </Stack>
      )}
    </>
  );
}
