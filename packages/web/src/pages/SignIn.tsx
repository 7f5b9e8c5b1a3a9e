import { Button, PasswordInput, Stack, Text, TextInput, Title } from '@mantine/core';
import { useDocumentTitle } from '@mantine/hooks';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { getRouteApi, useNavigate } from '@tanstack/react-router';
import { type LoginRequest, loginRequest, type Me } from '@tilts/shared';
import type { FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { FormAlert } from '../components/feedback.tsx';
import { RouterAnchor } from '../components/links.tsx';
import { api } from '../lib/api.ts';
import { useForm } from '../lib/forms.ts';
import { completeSignIn } from '../lib/session.ts';

const route = getRouteApi('/public/sign-in');

export function SignInPage() {
  const { t } = useTranslation();
  useDocumentTitle(`${t('auth.signInTitle')} · Tilts`);
  const { redirect } = route.useSearch();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const form = useForm({ email: '', password: '' });

  const signIn = useMutation({
    mutationFn: (body: LoginRequest) => api.post<Me>('/api/auth/login', body),
    onSuccess: async (me) => {
      await completeSignIn(queryClient, me);
      await navigate({ href: redirect ?? '/' });
    },
    onError: form.fail,
  });

  function submit(event: FormEvent) {
    event.preventDefault();
    const body = form.check(loginRequest);
    if (body) signIn.mutate(body);
  }

  return (
    <form ref={form.formRef} onSubmit={submit} noValidate>
      <Stack>
        <Title order={1} size="h2">
          {t('auth.signInTitle')}
        </Title>
        <Text c="dimmed">{t('auth.signInIntro')}</Text>
        <FormAlert message={form.formError} />
        <TextInput
          label={t('auth.email')}
          type="email"
          autoComplete="username"
          inputMode="email"
          required
          {...form.input('email')}
        />
        <PasswordInput
          label={t('auth.password')}
          autoComplete="current-password"
          required
          {...form.input('password')}
        />
        <Button type="submit" loading={signIn.isPending} fullWidth>
          {t('auth.signIn')}
        </Button>
        <Stack gap={6}>
          <RouterAnchor to="/forgot-password" size="sm">
            {t('auth.forgotPassword')}
          </RouterAnchor>
          <RouterAnchor to="/magic-link" size="sm">
            {t('auth.useMagicLink')}
          </RouterAnchor>
        </Stack>
      </Stack>
    </form>
  );
}
