import { Alert, Button, PasswordInput, Stack, Text, TextInput, Title } from '@mantine/core';
import { useDocumentTitle } from '@mantine/hooks';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { getRouteApi, useNavigate } from '@tanstack/react-router';
import {
  type AcceptInvitationRequest,
  acceptInvitationRequest,
  type invitationInfo,
  type Me,
} from '@tilts/shared';
import type { FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { z } from 'zod';
import { FormAlert, Loading } from '../components/feedback.tsx';
import { RouterAnchor } from '../components/links.tsx';
import { api, errorText } from '../lib/api.ts';
import { useForm } from '../lib/forms.ts';
import { completeSignIn } from '../lib/session.ts';

type InvitationInfo = z.infer<typeof invitationInfo>;

const route = getRouteApi('/public/invitation');

function AcceptForm({ token, info }: { token: string; info: InvitationInfo }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const form = useForm({ givenName: '', familyName: '', password: '', passwordRepeat: '' });

  const accept = useMutation({
    mutationFn: (body: AcceptInvitationRequest) => api.post<Me>('/api/auth/invitations/accept', body),
    onSuccess: async (me) => {
      await completeSignIn(queryClient, me);
      await navigate({ to: '/' });
    },
    onError: form.fail,
  });

  function submit(event: FormEvent) {
    event.preventDefault();
    const { givenName, familyName, password, passwordRepeat } = form.values;
    // An empty password means "sign in by e-mailed link"; it is left out rather than sent empty.
    const body = form.check(acceptInvitationRequest, {
      token,
      givenName,
      familyName,
      password: info.hasAccount || !password ? undefined : password,
      passwordRepeat: info.hasAccount || !passwordRepeat ? undefined : passwordRepeat,
    });
    if (body) accept.mutate(body);
  }

  return (
    <form ref={form.formRef} onSubmit={submit} noValidate>
      <Stack>
        <Text>{t('auth.invitation.intro', { school: info.schoolName, role: t(`roles.${info.role}`) })}</Text>
        <Text size="sm" c="dimmed">
          {t('auth.invitation.forEmail', { email: info.email })}
        </Text>
        {info.hasAccount && (
          <Alert color="blue" variant="light">
            {t('auth.invitation.hasAccount')}
          </Alert>
        )}
        <FormAlert message={form.formError} />
        <TextInput
          label={t('auth.invitation.givenName')}
          autoComplete="given-name"
          required
          {...form.input('givenName')}
        />
        <TextInput
          label={t('auth.invitation.familyName')}
          autoComplete="family-name"
          required
          {...form.input('familyName')}
        />
        {!info.hasAccount && (
          <>
            <PasswordInput
              label={t('auth.invitation.passwordOptional')}
              description={t('auth.invitation.passwordOptionalHint')}
              autoComplete="new-password"
              {...form.input('password')}
            />
            <PasswordInput
              label={t('auth.passwordRepeat')}
              autoComplete="new-password"
              {...form.input('passwordRepeat')}
            />
          </>
        )}
        <Button type="submit" loading={accept.isPending} fullWidth>
          {t('auth.invitation.submit')}
        </Button>
      </Stack>
    </form>
  );
}

export function InvitationPage() {
  const { t } = useTranslation();
  useDocumentTitle(`${t('auth.invitation.title')} · Tilts`);
  const { token } = route.useSearch();
  const info = useQuery({
    queryKey: ['invitation', token],
    queryFn: () => api.get<InvitationInfo>(`/api/auth/invitations/${encodeURIComponent(token ?? '')}`),
    enabled: Boolean(token),
    retry: false,
    staleTime: Number.POSITIVE_INFINITY,
  });

  return (
    <Stack>
      <Title order={1} size="h2">
        {t('auth.invitation.title')}
      </Title>
      {!token ? (
        <Alert color="yellow" variant="light">
          {t('auth.invitation.missingToken')}
        </Alert>
      ) : info.isPending ? (
        <Loading />
      ) : info.isError ? (
        <FormAlert message={errorText(info.error)} />
      ) : (
        <AcceptForm token={token} info={info.data} />
      )}
      <RouterAnchor to="/sign-in" size="sm">
        {t('auth.backToSignIn')}
      </RouterAnchor>
    </Stack>
  );
}
