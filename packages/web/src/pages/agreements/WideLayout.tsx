import { Box, Container, Group, Paper, Text } from '@mantine/core';
import { Outlet } from '@tanstack/react-router';
import { useTranslation } from 'react-i18next';
import { LanguageSwitch } from '../../components/LanguageSwitch.tsx';

/** The frame of the pages people reach without an account to read a whole document: wider than sign-in. */
export function WideLayout() {
  const { t } = useTranslation();
  return (
    <Box bg="gray.0" mih="100dvh" py={{ base: 'md', sm: 'xl' }} px={{ base: 'xs', sm: 'md' }}>
      <Container size={960} p={0}>
        <Group justify="space-between" mb="md" component="header">
          <Text fw={800} fz={26} c="teal.8">
            {t('app.name')}
          </Text>
          <LanguageSwitch />
        </Group>
        <Paper component="main" id="main" withBorder shadow="xs" p={{ base: 'sm', sm: 'xl' }} radius="md">
          <Outlet />
        </Paper>
        <Text size="xs" c="dimmed" ta="center" mt="md">
          {t('app.tagline')}
        </Text>
      </Container>
    </Box>
  );
}
