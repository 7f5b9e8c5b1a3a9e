import { Anchor, Card, Stack, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';

/** The learner's home-page panel: everything Tilts holds about them, as one zip. */
export function MyDataPanel() {
  const { t } = useTranslation();
  return (
    <Card withBorder radius="md" padding="lg" component="section" aria-labelledby="my-data-title">
      <Title order={2} size="h4" mb="xs" id="my-data-title">
        {t('people.myDataTitle')}
      </Title>
      <Stack gap="xs" align="flex-start">
        <Text size="sm" c="dimmed">
          {t('people.myDataText')}
        </Text>
        <Anchor href="/api/me/personal-data.zip" download>
          {t('people.myDataDownload')}
        </Anchor>
      </Stack>
    </Card>
  );
}
