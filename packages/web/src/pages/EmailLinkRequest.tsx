import { Button, Stack, Text, TextInput, Title } from '@mantine/core';
import { useDocumentTitle } from '@mantine/hooks';
import { useMutation } from '@tanstack/react-query';
import { type EmailOnlyRequest, emailOnlyRequest } from '@tilts/shared';
import type { FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { FormAlert, SuccessAlert } from '../components/feedback.tsx';
import { RouterAnchor } from '../components/links.tsx';
import { api } from '../lib/api.ts';
import { useForm } from '../lib/forms.ts';

/**
 * "Send me a link" form shared by the password reset and the e-mailed sign-in link. The answer is
 * the same whether or not the address is known, so the page cannot be used to probe for accounts.
 */
export function EmailLinkRequest({
  endpoint,
  title,
  intro,
  submitLabel,
  sentMessage,
}: {
  endpoint: string;
  title: string;
  intro: string;
  submitLabel: string;
  sentMessage: string;
}) {
  const { t } = useTranslation();
  useDocumentTitle(`${title} · Tilts`);
  const form = useForm({ email: '' });
  const send = useMutation({
    mutationFn: (body: EmailOnlyRequest) => api.post(endpoint, body),
    onError: form.fail,
  });

  function submit(event: FormEvent) {
    event.preventDefault();
    const body = form.check(emailOnlyRequest);
    if (body) send.mutate(body);
  }

  return (
    <form ref={form.formRef} onSubmit={submit} noValidate>
      <Stack>
        <Title order={1} size="h2">
          {title}
        </Title>
        <Text c="dimmed">{intro}</Text>
        {send.isSuccess && <SuccessAlert>{sentMessage}</SuccessAlert>}
        <FormAlert message={form.formError} />
        <TextInput
          label={t('auth.email')}
          type="email"
          autoComplete="email"
          inputMode="email"
          required
          {...form.input('email')}
        />
        <Button type="submit" loading={send.isPending} fullWidth>
          {submitLabel}
        </Button>
        <RouterAnchor to="/sign-in" size="sm">
          {t('auth.backToSignIn')}
        </RouterAnchor>
      </Stack>
    </form>
  );
}
