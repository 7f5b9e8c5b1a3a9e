import { Alert, Button, Stack, Text, Title } from '@mantine/core';
import { useDocumentTitle } from '@mantine/hooks';
import { type ErrorComponentProps, useRouter } from '@tanstack/react-router';
import { useTranslation } from 'react-i18next';
import { ForbiddenError } from '../lib/access.ts';
import { ApiRequestError, errorText } from '../lib/api.ts';
import { RouterButton } from './links.tsx';

export function ForbiddenView() {
  const { t } = useTranslation();
  useDocumentTitle(`${t('errors.forbiddenTitle')} · Tilts`);
  return (
    <Stack align="flex-start">
      <Title order={1} size="h2">
        {t('errors.forbiddenTitle')}
      </Title>
      <Text>{t('errors.forbidden')}</Text>
      <RouterButton to="/" variant="default">
        {t('common.goHome')}
      </RouterButton>
    </Stack>
  );
}

export function NotFoundView() {
  const { t } = useTranslation();
  useDocumentTitle(`${t('errors.notFoundTitle')} · Tilts`);
  return (
    <Stack align="flex-start" p="md">
      <Title order={1} size="h2">
        {t('errors.notFoundTitle')}
      </Title>
      <Text>{t('errors.notFound')}</Text>
      <RouterButton to="/" variant="default">
        {t('common.goHome')}
      </RouterButton>
    </Stack>
  );
}

/** What a route shows when loading it failed: no access, or the error's words and a retry. */
export function RouteError({ error, reset }: ErrorComponentProps) {
  const { t } = useTranslation();
  const router = useRouter();
  if (error instanceof ForbiddenError || (error instanceof ApiRequestError && error.status === 403)) {
    return <ForbiddenView />;
  }
  return (
    <Stack p="md" align="flex-start">
      <Alert color="red" variant="light" title={t('errors.genericTitle')} w="100%">
        <Text size="sm">{errorText(error)}</Text>
      </Alert>
      <Button
        variant="default"
        onClick={() => {
          reset();
          void router.invalidate();
        }}
      >
        {t('common.retry')}
      </Button>
    </Stack>
  );
}
