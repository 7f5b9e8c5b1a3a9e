import { Alert, Button, PasswordInput, Stack, Text, Title } from '@mantine/core';
import { useDocumentTitle } from '@mantine/hooks';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { getRouteApi, useNavigate } from '@tanstack/react-router';
import { type Me, type SetPasswordRequest, setPasswordRequest } from '@tilts/shared';
import type { FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { FormAlert } from '../components/feedback.tsx';
import { RouterAnchor } from '../components/links.tsx';
import { api } from '../lib/api.ts';
import { useForm } from '../lib/forms.ts';
import { completeSignIn } from '../lib/session.ts';

const route = getRouteApi('/public/reset-password');

export function ResetPasswordPage() {
  const { t } = useTranslation();
  useDocumentTitle(`${t('auth.reset.title')} · Tilts`);
  const { token } = route.useSearch();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const form = useForm({ password: '', passwordRepeat: '' });

  const save = useMutation({
    mutationFn: (body: SetPasswordRequest) => api.post<Me>('/api/auth/password-reset/confirm', body),
    onSuccess: async (me) => {
      await completeSignIn(queryClient, me);
      await navigate({ to: '/' });
    },
    onError: form.fail,
  });

  function submit(event: FormEvent) {
    event.preventDefault();
    const body = form.check(setPasswordRequest, { token, ...form.values });
    if (body) save.mutate(body);
  }

  const requestNew = (
    <RouterAnchor to="/forgot-password" size="sm">
      {t('auth.reset.requestNew')}
    </RouterAnchor>
  );

  return (
    <Stack>
      <Title order={1} size="h2">
        {t('auth.reset.title')}
      </Title>
      {!token ? (
        <>
          <Alert color="yellow" variant="light">
            {t('auth.reset.missingToken')}
          </Alert>
          {requestNew}
        </>
      ) : (
        <form ref={form.formRef} onSubmit={submit} noValidate>
          <Stack>
            <Text c="dimmed">{t('auth.reset.intro')}</Text>
            <FormAlert message={form.formError} />
            <PasswordInput
              label={t('auth.newPassword')}
              description={t('auth.passwordHint')}
              autoComplete="new-password"
              required
              {...form.input('password')}
            />
            <PasswordInput
              label={t('auth.passwordRepeat')}
              autoComplete="new-password"
              required
              {...form.input('passwordRepeat')}
            />
            <Button type="submit" loading={save.isPending} fullWidth>
              {t('auth.reset.submit')}
            </Button>
            {requestNew}
          </Stack>
        </form>
      )}
      <RouterAnchor to="/sign-in" size="sm">
        {t('auth.backToSignIn')}
      </RouterAnchor>
    </Stack>
  );
}
