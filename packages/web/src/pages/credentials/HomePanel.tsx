import { Card, Skeleton, Stack, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { RouterAnchor } from '../../components/links.tsx';
import { errorText } from '../../lib/api.ts';
import { myCredentialsQuery } from './MyCredentials.tsx';

/** The learner's home-page panel: how many credentials they hold, and the way to them. */
export function MyCredentialsHomePanel() {
  const { t } = useTranslation();
  const list = useQuery(myCredentialsQuery);
  return (
    <Card withBorder radius="md" padding="lg" component="section">
      <Title order={2} size="h4" mb="xs">
        {t('credentials.mine.title')}
      </Title>
      <Stack gap="xs" align="flex-start">
        {list.isPending ? (
          <Skeleton height={20} width="70%" />
        ) : list.isError ? (
          <Text size="sm" c="red">
            {errorText(list.error)}
          </Text>
        ) : (
          <Text>
            {list.data.items.length === 0
              ? t('credentials.mine.empty')
              : t('credentials.mine.count', { count: list.data.items.length })}
          </Text>
        )}
        <RouterAnchor to="/my/credentials">{t('credentials.nav.mine')}</RouterAnchor>
      </Stack>
    </Card>
  );
}
