import { Anchor, Box, Container, Group, Paper, Text } from '@mantine/core';
import { Outlet } from '@tanstack/react-router';
import { useTranslation } from 'react-i18next';
import { LanguageSwitch } from '../../components/LanguageSwitch.tsx';

/** The frame of the public verification pages: wider than the sign-in card, no account needed. */
export function CredentialPublicLayout() {
  const { t } = useTranslation();
  return (
    <Box bg="gray.0" mih="100dvh" py={{ base: 'md', sm: 'xl' }} px="md">
      <Container size={860} p={0}>
        <Group justify="space-between" mb="md" component="header">
          <Anchor href="/" fw={800} fz={26} c="teal.8" underline="never">
            {t('app.name')}
          </Anchor>
          <LanguageSwitch />
        </Group>
        <Paper component="main" id="main" withBorder shadow="xs" p={{ base: 'md', sm: 'xl' }} radius="md">
          <Outlet />
        </Paper>
        <Text size="xs" c="dimmed" ta="center" mt="md">
          {t('app.tagline')}
        </Text>
      </Container>
    </Box>
  );
}
