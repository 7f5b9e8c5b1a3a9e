import {
  Alert,
  AppShell,
  Box,
  Burger,
  Button,
  Divider,
  Group,
  NativeSelect,
  ScrollArea,
  Stack,
  Text,
} from '@mantine/core';
import { useDisclosure, useMediaQuery } from '@mantine/hooks';
import { notifications } from '@mantine/notifications';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Navigate, Outlet, useLocation, useNavigate } from '@tanstack/react-router';
import type { Me } from '@tilts/shared';
import { useTranslation } from 'react-i18next';
import {
  adminRoles,
  catalogueRoles,
  credentialIssuerRoles,
  forumRoles,
  hasRole,
  partnerRoles,
  peopleRoles,
  placementManagerRoles,
  rulesRoles,
  staffRoles,
} from '../lib/access.ts';
import { api, errorText } from '../lib/api.ts';
import { MeContext } from '../lib/me-context.ts';
import { meQuery, replaceMe, safeRedirect, signOut } from '../lib/session.ts';
import { callReaderRoles } from '../pages/calls/access.ts';
import { mouReaders } from '../pages/mous/MouDocumentView.tsx';
import { HelpButton } from '../pages/support/HelpButton.tsx';
import { UnreadBadge } from '../pages/support/UnreadBadge.tsx';
import { Loading } from './feedback.tsx';
import { LanguageSwitch } from './LanguageSwitch.tsx';
import { RouterAnchor, RouterNavLink } from './links.tsx';
import { NotificationBell } from './NotificationBell.tsx';

export function fullName(person: { givenName: string; familyName: string; email?: string }): string {
  const name = `${person.givenName} ${person.familyName}`.trim();
  return name || person.email || '';
}

function SchoolSwitcher({ me }: { me: Me }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const mutation = useMutation({
    mutationFn: (schoolId: string) => api.post<Me>('/api/auth/switch-school', { schoolId }),
    onSuccess: async (next) => {
      replaceMe(queryClient, next);
      await navigate({ to: '/' });
    },
    onError: (error) =>
      notifications.show({ color: 'red', title: t('header.switchFailed'), message: errorText(error) }),
  });
  return (
    <NativeSelect
      label={t('header.school')}
      value={me.school?.schoolId ?? ''}
      disabled={mutation.isPending}
      onChange={(event) => mutation.mutate(event.currentTarget.value)}
      data={me.memberships.map((m) => ({ value: m.schoolId, label: m.schoolName }))}
      mb="sm"
    />
  );
}

function Navigation({ me, onNavigate }: { me: Me; onNavigate: () => void }) {
  const { t } = useTranslation();
  return (
    <Stack gap={2}>
      <RouterNavLink to="/" label={t('nav.home')} activeOptions={{ exact: true }} onClick={onNavigate} />
      <RouterNavLink
        to="/placements"
        label={t('nav.placements')}
        rightSection={<UnreadBadge />}
        onClick={onNavigate}
      />
      {hasRole(me, placementManagerRoles) && (
        <RouterNavLink to="/dashboard" label={t('dashboard.title')} onClick={onNavigate} />
      )}
      {hasRole(me, staffRoles) && (
        <RouterNavLink to="/at-risk" label={t('risk.nav.atRisk')} onClick={onNavigate} />
      )}
      {hasRole(me, staffRoles) && (
        <>
          <RouterNavLink to="/projects" label={t('nav.projects')} onClick={onNavigate} />
          <RouterNavLink to="/programmes" label={t('nav.programmes')} onClick={onNavigate} />
        </>
      )}
      {hasRole(me, partnerRoles) && (
        <RouterNavLink to="/partners" label={t('nav.partners')} onClick={onNavigate} />
      )}
      {hasRole(me, mouReaders) && <RouterNavLink to="/mous" label={t('nav.mous')} onClick={onNavigate} />}
      {hasRole(me, catalogueRoles) && (
        <RouterNavLink to="/catalogue" label={t('nav.catalogue')} onClick={onNavigate} />
      )}
      {hasRole(me, rulesRoles) && <RouterNavLink to="/rules" label={t('nav.rules')} onClick={onNavigate} />}
      {hasRole(me, callReaderRoles) && (
        <RouterNavLink to="/calls" label={t('nav.calls')} onClick={onNavigate} />
      )}
      <RouterNavLink to="/faq" label={t('support.nav.faq')} onClick={onNavigate} />
      {hasRole(me, forumRoles) && (
        <RouterNavLink to="/forum" label={t('support.nav.forum')} onClick={onNavigate} />
      )}
      <RouterNavLink to="/help" label={t('support.nav.help')} onClick={onNavigate} />
      <RouterNavLink to="/my/calendar" label={t('calendar.nav')} onClick={onNavigate} />
      <Divider my="xs" label={t('credentials.nav.section')} labelPosition="left" />
      <RouterNavLink to="/my/credentials" label={t('credentials.nav.mine')} onClick={onNavigate} />
      {hasRole(me, credentialIssuerRoles) && (
        <>
          <RouterNavLink to="/credentials/issue" label={t('credentials.nav.issue')} onClick={onNavigate} />
          <RouterNavLink to="/credentials/issued" label={t('credentials.nav.issued')} onClick={onNavigate} />
        </>
      )}
      {hasRole(me, adminRoles) && (
        <>
          <RouterNavLink
            to="/credentials/templates"
            label={t('credentials.nav.templates')}
            onClick={onNavigate}
          />
          <RouterNavLink to="/credentials/issuer" label={t('credentials.nav.issuer')} onClick={onNavigate} />
        </>
      )}
      <RouterNavLink to="/verify" label={t('credentials.nav.verify')} onClick={onNavigate} />
      {hasRole(me, peopleRoles) && (
        <>
          <Divider my="xs" label={t('nav.adminSection')} labelPosition="left" />
          <RouterNavLink to="/admin/users" label={t('nav.users')} onClick={onNavigate} />
          {hasRole(me, adminRoles) && (
            <>
              <RouterNavLink to="/admin/school" label={t('nav.school')} onClick={onNavigate} />
              <RouterNavLink
                to="/admin/placement-settings"
                label={t('placementSettings.nav')}
                onClick={onNavigate}
              />
            </>
          )}
          <RouterNavLink to="/admin/outbox" label={t('nav.outbox')} onClick={onNavigate} />
          <RouterNavLink to="/admin/risk-thresholds" label={t('risk.nav.thresholds')} onClick={onNavigate} />
          {hasRole(me, adminRoles) && (
            <>
              <RouterNavLink to="/admin/grant-rules" label={t('nav.grantRules')} onClick={onNavigate} />
              <RouterNavLink to="/admin/audit" label={t('nav.audit')} onClick={onNavigate} />
            </>
          )}
        </>
      )}
    </Stack>
  );
}

/** While a member of staff views as a learner: who, that it is read only, and the way out. */
function ViewAsBanner({ me }: { me: Me }) {
  const { t } = useTranslation();
  const exit = useMutation({
    mutationFn: () => api.post<Me>('/api/view-as/stop'),
    onSuccess: () => window.location.assign('/at-risk'),
    onError: (error) => notifications.show({ color: 'red', message: errorText(error) }),
  });
  return (
    <Alert
      color="orange"
      variant="filled"
      mb="md"
      role="status"
      data-testid="view-as-banner"
      style={{ position: 'sticky', top: 68, zIndex: 50 }}
    >
      <Group justify="space-between" gap="sm">
        <Text fw={600}>{me.school ? t('viewAs.banner', { name: fullName(me) }) : t('viewAs.gone')}</Text>
        <Button
          size="compact-sm"
          variant="white"
          color="dark"
          loading={exit.isPending}
          onClick={() => exit.mutate()}
        >
          {t('viewAs.exit')}
        </Button>
      </Group>
    </Alert>
  );
}

/** The signed-in frame: header with school, name, language and sign-out; navigation for the role. */
export function AppLayout() {
  const { t } = useTranslation();
  const { data: me } = useQuery(meQuery);
  const location = useLocation();
  const [opened, { toggle, close }] = useDisclosure(false);
  const wide = useMediaQuery('(min-width: 48em)', true, { getInitialValueInEffect: false });

  if (me === null)
    return <Navigate to="/sign-in" search={{ redirect: safeRedirect(location.href) }} replace />;
  if (!me) return <Loading />;

  const name = fullName(me);
  const schoolName = me.school?.schoolName ?? '';
  const showNav = wide || opened;

  return (
    <MeContext value={me}>
      <a className="skip-link" href="#main">
        {t('app.skipToContent')}
      </a>
      <AppShell
        header={{ height: 60 }}
        navbar={{ width: 270, breakpoint: 'sm', collapsed: { mobile: !opened } }}
        padding={{ base: 'sm', sm: 'lg' }}
      >
        <AppShell.Header>
          <Group h="100%" px={{ base: 'sm', sm: 'md' }} justify="space-between" wrap="nowrap" gap="sm">
            <Group gap="sm" wrap="nowrap" style={{ minWidth: 0 }}>
              <Burger
                opened={opened}
                onClick={toggle}
                hiddenFrom="sm"
                size="sm"
                aria-label={opened ? t('nav.closeMenu') : t('nav.openMenu')}
                aria-expanded={opened}
                aria-controls="main-nav"
              />
              <RouterAnchor to="/" fw={800} fz={22} c="teal.8" underline="never" onClick={close}>
                {t('app.name')}
              </RouterAnchor>
              {wide && schoolName && (
                <Text c="dimmed" truncate="end" data-testid="header-school">
                  {schoolName}
                </Text>
              )}
            </Group>
            {/* Tighter on a phone, so the name of the app keeps its room next to the bell. */}
            <Group gap={wide ? 'sm' : 6} wrap="nowrap">
              <NotificationBell compact={!wide} />
              <HelpButton compact={!wide} />
              {wide && (
                <Text size="sm" fw={500} truncate="end" maw={220} data-testid="header-user">
                  {name}
                </Text>
              )}
              <LanguageSwitch />
              <Button variant="default" size="compact-sm" onClick={() => void signOut()}>
                {t('auth.signOut')}
              </Button>
            </Group>
          </Group>
        </AppShell.Header>

        <AppShell.Navbar id="main-nav" component="nav" aria-label={t('nav.label')}>
          {showNav && (
            // The list is longer than a laptop screen for an admin: it scrolls on its own.
            <AppShell.Section grow component={ScrollArea} p="sm" type="auto">
              {!wide && (
                <Box mb="sm">
                  <Text fw={600} data-testid="header-user">
                    {name}
                  </Text>
                  {schoolName && (
                    <Text size="sm" c="dimmed" data-testid="header-school">
                      {schoolName}
                    </Text>
                  )}
                </Box>
              )}
              {me.memberships.length > 1 && <SchoolSwitcher me={me} />}
              <Navigation me={me} onNavigate={close} />
            </AppShell.Section>
          )}
        </AppShell.Navbar>

        <AppShell.Main id="main" tabIndex={-1}>
          <Box maw={1200}>
            {me.viewingAs && <ViewAsBanner me={me} />}
            <Outlet />
          </Box>
        </AppShell.Main>
      </AppShell>
    </MeContext>
  );
}
