import { Alert, Button, Stack, Text, Title } from '@mantine/core';
import { useDocumentTitle } from '@mantine/hooks';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { getRouteApi, useNavigate } from '@tanstack/react-router';
import type { Me } from '@tilts/shared';
import { useTranslation } from 'react-i18next';
import { FormAlert } from '../components/feedback.tsx';
import { RouterAnchor } from '../components/links.tsx';
import { api, errorText } from '../lib/api.ts';
import { completeSignIn } from '../lib/session.ts';

const route = getRouteApi('/public/magic');

/**
 * Signs in with an e-mailed link, but only on a button press: mail scanners open links to check
 * them, and a link used up on load would be gone before the person clicks it.
 */
export function MagicLinkConsumePage() {
  const { t } = useTranslation();
  useDocumentTitle(`${t('auth.magic.title')} · Tilts`);
  const { token } = route.useSearch();
  const navigate = useNavigate();
  const queryClient = useQueryClient();

  const consume = useMutation({
    mutationFn: (value: string) => api.post<Me>('/api/auth/magic-link/consume', { token: value }),
    onSuccess: async (me) => {
      await completeSignIn(queryClient, me);
      await navigate({ to: '/' });
    },
  });

  return (
    <Stack>
      <Title order={1} size="h2">
        {t('auth.magic.title')}
      </Title>
      {!token ? (
        <Alert color="yellow" variant="light">
          {t('auth.magic.missingToken')}
        </Alert>
      ) : (
        <>
          <Text>{t('auth.magic.intro')}</Text>
          <FormAlert message={consume.isError ? errorText(consume.error) : null} />
          <Button onClick={() => consume.mutate(token)} loading={consume.isPending} fullWidth size="md">
            {t('auth.magic.submit')}
          </Button>
        </>
      )}
      <RouterAnchor to="/magic-link" size="sm">
        {t('auth.magic.requestNew')}
      </RouterAnchor>
      <RouterAnchor to="/sign-in" size="sm">
        {t('auth.backToSignIn')}
      </RouterAnchor>
    </Stack>
  );
}
