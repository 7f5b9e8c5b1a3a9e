import {
  Alert,
  Box,
  Button,
  Card,
  Checkbox,
  Code,
  Container,
  Group,
  Paper,
  Stack,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { useDocumentTitle } from '@mantine/hooks';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { getRouteApi } from '@tanstack/react-router';
import { type MouLinkView, mouLinkSignRequest } from '@tilts/shared';
import { type FormEvent, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { FormAlert, LoadError, Loading } from '../../components/feedback.tsx';
import { LanguageSwitch } from '../../components/LanguageSwitch.tsx';
import { applyLocale, currentLocale } from '../../i18n/index.ts';
import { api } from '../../lib/api.ts';
import { useForm } from '../../lib/forms.ts';
import { MouDocumentView, MouStatusBadge } from './MouDocumentView.tsx';

const route = getRouteApi('/mou-sign');

function SignForm({
  view,
  token,
  onSigned,
}: {
  view: MouLinkView;
  token: string;
  onSigned: (v: MouLinkView) => void;
}) {
  const { t } = useTranslation();
  const party = view.document.parties.find((p) => p.id === view.partyId)!;
  const form = useForm({ name: party.signatoryName, position: party.signatoryPosition, consent: '' });
  const sign = useMutation({
    mutationFn: (body: unknown) => api.post<MouLinkView>('/api/mou-signing/sign', body),
    onSuccess: onSigned,
    onError: form.fail,
  });
  function submit(event: FormEvent) {
    event.preventDefault();
    const body = form.check(mouLinkSignRequest, {
      token,
      contentHash: view.document.contentHash,
      name: form.values.name,
      position: form.values.position,
      consent: form.values.consent === 'yes',
    });
    if (body) sign.mutate(body);
  }
  return (
    <Card withBorder padding="lg" component="section" aria-labelledby="sign-title">
      <form ref={form.formRef} onSubmit={submit} noValidate>
        <Stack>
          <Title order={2} size="h4" id="sign-title">
            {t('mous.sign.formTitle')}
          </Title>
          <FormAlert message={form.formError} />
          <TextInput label={t('mous.sign.name')} required autoComplete="name" {...form.input('name')} />
          <TextInput
            label={t('mous.sign.position')}
            autoComplete="organization-title"
            {...form.input('position')}
          />
          <Checkbox
            name="consent"
            label={t('mous.sign.consent', { organisation: party.organisationName })}
            checked={form.values.consent === 'yes'}
            onChange={(event) => form.setValue('consent', event.currentTarget.checked ? 'yes' : '')}
            error={form.errors.consent}
          />
          <Text size="xs" c="dimmed" style={{ overflowWrap: 'anywhere' }}>
            {t('mous.sign.contentHash')}: <Code>{view.document.contentHash}</Code>
          </Text>
          <Group>
            <Button type="submit" size="md" loading={sign.isPending}>
              {t('mous.sign.submit')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Card>
  );
}

/**
 * The page behind the e-mailed link: a partner's representative reads the memorandum, downloads
 * it, and signs without an account. Nothing is used up by opening it, only by signing.
 */
export function MouSignPage() {
  const { t } = useTranslation();
  const { token } = route.useSearch();
  const queryClient = useQueryClient();
  const [signed, setSigned] = useState<MouLinkView | null>(null);
  const spoken = useRef(false);
  const key = ['mou-signing', token] as const;
  const view = useQuery({
    queryKey: key,
    queryFn: () => api.get<MouLinkView>('/api/mou-signing', { token }),
    enabled: Boolean(token),
    retry: false,
    staleTime: Number.POSITIVE_INFINITY,
  });
  useDocumentTitle(`${view.data?.document.title ?? t('mous.sign.title')} · Tilts`);

  // The link was written in the signatory's language; start there, once (they can switch).
  useEffect(() => {
    if (view.data && !spoken.current) {
      spoken.current = true;
      if (view.data.locale !== currentLocale()) applyLocale(view.data.locale);
    }
  }, [view.data]);

  const current = signed ?? view.data;
  const party = current?.document.parties.find((p) => p.id === current.partyId);
  const pdf = (lang: string) => `/api/mou-signing/pdf?token=${encodeURIComponent(token ?? '')}&lang=${lang}`;

  return (
    <Box bg="gray.0" mih="100dvh" py={{ base: 'md', sm: 'xl' }} px="md">
      <Container size={880} p={0}>
        <Group justify="space-between" mb="md" component="header">
          <Text fw={800} fz={26} c="teal.8">
            {t('app.name')}
          </Text>
          <LanguageSwitch />
        </Group>
        <Paper component="main" id="main" withBorder shadow="xs" p={{ base: 'md', sm: 'xl' }} radius="md">
          {!token ? (
            <Alert color="yellow" variant="light">
              {t('mous.sign.missingToken')}
            </Alert>
          ) : view.isPending ? (
            <Loading />
          ) : view.isError ? (
            <LoadError error={view.error} />
          ) : current && party ? (
            <Stack gap="lg">
              <Stack gap={4}>
                <Text size="sm" c="dimmed">
                  {t('mous.sign.title')}
                </Text>
                <Title order={1} size="h2">
                  {current.document.title}
                </Title>
                <Group gap="sm">
                  <MouStatusBadge status={current.document.status} />
                  <Text size="sm" c="dimmed">
                    {t('mous.version', { version: current.document.version })}
                  </Text>
                </Group>
              </Stack>
              {signed ? (
                <Alert color="teal" variant="light" role="status">
                  {signed.document.status === 'active' ? t('mous.sign.doneActive') : t('mous.sign.done')}
                </Alert>
              ) : party.signature ? (
                <Alert color="teal" variant="light">
                  {t('mous.sign.alreadySigned', { organisation: party.organisationName })}
                </Alert>
              ) : (
                <Text>
                  {t('mous.sign.intro', { school: current.schoolName, organisation: party.organisationName })}
                </Text>
              )}
              <Text size="sm" c="dimmed">
                {t('mous.sign.nature')}
              </Text>
              {/* The signing link is used up by signing; the signed text comes by e-mail once in force. */}
              {!signed && (
                <Group gap="sm">
                  <Button component="a" href={pdf(currentLocale())} target="_blank" variant="default">
                    {t('mous.sign.download')}
                  </Button>
                  <Button
                    component="a"
                    href={pdf(currentLocale() === 'lv' ? 'en' : 'lv')}
                    target="_blank"
                    variant="subtle"
                  >
                    {currentLocale() === 'lv' ? t('mous.detail.pdfEn') : t('mous.detail.pdfLv')}
                  </Button>
                </Group>
              )}
              <MouDocumentView doc={current.document} ownSchool={false} />
              {!signed && current.canSign ? (
                <SignForm
                  view={current}
                  token={token}
                  onSigned={(result) => {
                    setSigned(result);
                    queryClient.setQueryData(key, result);
                    window.scrollTo({ top: 0, behavior: 'smooth' });
                  }}
                />
              ) : (
                !signed &&
                !party.signature && (
                  <Alert color="yellow" variant="light">
                    {t('mous.sign.notOpen', { status: t(`mous.statuses.${current.document.status}`) })}
                  </Alert>
                )
              )}
            </Stack>
          ) : null}
        </Paper>
        <Text size="xs" c="dimmed" ta="center" mt="md">
          {t('app.tagline')}
        </Text>
      </Container>
    </Box>
  );
}
