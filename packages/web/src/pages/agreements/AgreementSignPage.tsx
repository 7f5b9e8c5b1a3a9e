import { Alert, Anchor, Button, Card, Checkbox, Group, Stack, Text, TextInput, Title } from '@mantine/core';
import { useDocumentTitle } from '@mantine/hooks';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { getRouteApi } from '@tanstack/react-router';
import { type LinkSignRequest, linkSignRequest, type SigningLinkView } from '@tilts/shared';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { FormAlert, Loading } from '../../components/feedback.tsx';
import { ApiRequestError, api, errorText } from '../../lib/api.ts';
import { useForm } from '../../lib/forms.ts';
import { AgreementContentView, SignatureList } from './AgreementContentView.tsx';
import { pdfLinks } from './queries.ts';

const route = getRouteApi('/wide/agreement-sign');

/**
 * The page behind an e-mailed signing link: the host's representative or a guardian reads the
 * version, downloads it as a PDF if they like, and signs without an account.
 */
export function AgreementSignPage() {
  const { t } = useTranslation();
  useDocumentTitle(`${t('agreements.signPage.title')} · Tilts`);
  const { token } = route.useSearch();
  const query = useQuery({
    queryKey: ['agreement-link', token],
    queryFn: () => api.get<SigningLinkView>('/api/agreement-links', { token }),
    enabled: Boolean(token),
    retry: false,
  });
  if (!token)
    return (
      <Alert color="orange" variant="light">
        {t('agreements.signPage.noToken')}
      </Alert>
    );
  if (query.isPending) return <Loading />;
  if (query.isError)
    return (
      <Stack>
        <Title order={1} size="h2">
          {t('agreements.signPage.title')}
        </Title>
        <Alert color="red" variant="light">
          {errorText(query.error)} {t('agreements.signPage.askSchool')}
        </Alert>
      </Stack>
    );
  return <SignView token={token} view={query.data} />;
}

function SignView({ token, view }: { token: string; view: SigningLinkView }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const [consent, setConsent] = useState(false);
  const [signed, setSigned] = useState(view.alreadySigned);
  const [data, setData] = useState(view);
  const form = useForm({ name: view.expectedName, position: '' });
  const c = data.content;
  const links = pdfLinks(`/api/agreement-links/pdf?token=${encodeURIComponent(token)}`);
  const sign = useMutation({
    mutationFn: (body: LinkSignRequest) =>
      api.post<SigningLinkView>('/api/agreement-links/sign', { ...body, token }),
    onSuccess: (after) => {
      setData(after);
      setSigned(true);
    },
    onError: (error) => {
      form.fail(error);
      // The version changed since this page opened: show the one that is there now.
      if (error instanceof ApiRequestError && error.status === 409)
        void queryClient
          .fetchQuery({
            queryKey: ['agreement-link', token],
            queryFn: () => api.get<SigningLinkView>('/api/agreement-links', { token }),
          })
          .then(setData);
    },
  });
  function submit(e: FormEvent) {
    e.preventDefault();
    if (!consent) return form.setFormError(t('agreements.consentNeeded'));
    const body = form.check(linkSignRequest, {
      ...form.values,
      contentHash: data.contentHash,
      consent: true,
    });
    if (body) sign.mutate(body);
  }
  return (
    <Stack>
      <Title order={1} size="h2">
        {t(`agreements.kinds.${data.kind}`)}: {c.learner.givenName} {c.learner.familyName}
      </Title>
      <Text>
        {t('agreements.signPage.intro', {
          school: c.school.name,
          party: t(`agreements.parties.${data.party}`),
          version: data.version,
        })}
      </Text>
      <Group gap="sm">
        <Anchor href={links.lv} download>
          {t('agreements.pdfLv')}
        </Anchor>
        <Anchor href={links.en} download>
          {t('agreements.pdfEn')}
        </Anchor>
      </Group>
      <AgreementContentView content={c} />
      <Card withBorder padding="lg" component="section">
        <Title order={2} size="h4" mb="sm">
          {t('agreements.signatures')}
        </Title>
        <SignatureList signatures={data.signatures} />
        <Text size="xs" c="dimmed" mt="sm" style={{ overflowWrap: 'anywhere' }}>
          SHA-256: {data.contentHash}
        </Text>
      </Card>
      {signed ? (
        <Alert color="teal" variant="light" role="status" title={t('agreements.signPage.thanks')}>
          {t('agreements.signPage.signedText')}
        </Alert>
      ) : (
        <Card withBorder padding="lg" component="section">
          <form ref={form.formRef} onSubmit={submit} noValidate>
            <Stack>
              <Title order={2} size="h4">
                {t('agreements.signPage.signTitle')}
              </Title>
              <FormAlert message={form.formError} />
              <TextInput
                label={t('agreements.fields.name')}
                required
                autoComplete="name"
                {...form.input('name')}
              />
              <TextInput
                label={t('agreements.fields.position')}
                autoComplete="organization-title"
                {...form.input('position')}
              />
              <Checkbox
                label={t('agreements.consent')}
                checked={consent}
                onChange={(e) => setConsent(e.currentTarget.checked)}
              />
              <Group justify="flex-end">
                <Button type="submit" loading={sign.isPending}>
                  {t('agreements.sign')}
                </Button>
              </Group>
            </Stack>
          </form>
        </Card>
      )}
    </Stack>
  );
}
