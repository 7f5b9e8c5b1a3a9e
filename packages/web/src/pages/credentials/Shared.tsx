import { Alert, Button, Group, Stack, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { getRouteApi } from '@tanstack/react-router';
import type { sharedCredential } from '@tilts/shared';
import { useTranslation } from 'react-i18next';
import type { z } from 'zod';
import { LoadError, Loading } from '../../components/feedback.tsx';
import { currentLocale } from '../../i18n/index.ts';
import { ApiRequestError, api } from '../../lib/api.ts';
import { formatDate } from '../../lib/format.ts';
import { VerificationView } from './VerificationView.tsx';

type Shared = z.infer<typeof sharedCredential>;
const route = getRouteApi('/credential-public/v/$token');

function download(document: unknown, name: string) {
  const blob = new Blob([JSON.stringify(document, null, 2)], { type: 'application/vc+ld+json' });
  const url = URL.createObjectURL(blob);
  const a = Object.assign(window.document.createElement('a'), { href: url, download: `${name}.json` });
  a.click();
  URL.revokeObjectURL(url);
}

/** What a share link or the PDF's QR code opens: the credential, verified, for anyone. */
export function SharedCredentialPage() {
  const { t } = useTranslation();
  const { token } = route.useParams();
  const shared = useQuery({
    queryKey: ['shared-credential', token, currentLocale()],
    queryFn: () => api.get<Shared>(`/api/shared/${encodeURIComponent(token)}`),
    retry: false,
  });
  if (shared.isPending) return <Loading />;
  if (shared.isError) {
    if (shared.error instanceof ApiRequestError && shared.error.status === 410) {
      return (
        <Alert color="yellow" variant="light" title={t('credentials.verify.sharedTitle')}>
          {t('credentials.verify.linkGone')}
        </Alert>
      );
    }
    return <LoadError error={shared.error} onRetry={() => void shared.refetch()} />;
  }
  const { verification, document, expiresAt } = shared.data;
  return (
    <Stack>
      <Title order={1} size="h2">
        {verification.credential?.title ?? t('credentials.verify.sharedTitle')}
      </Title>
      {expiresAt && (
        <Text c="dimmed">
          {t('credentials.verify.expiresAt', { date: formatDate(expiresAt, currentLocale()) })}
        </Text>
      )}
      <VerificationView result={verification} />
      <Group>
        <Button
          variant="default"
          onClick={() => download(document, verification.credential?.title ?? 'credential')}
        >
          {t('credentials.verify.download')}
        </Button>
      </Group>
    </Stack>
  );
}
