import type { QueryClient } from '@tanstack/react-query';
import {
  createRootRouteWithContext,
  createRoute,
  createRouter,
  lazyRouteComponent,
  Outlet,
  redirect,
} from '@tanstack/react-router';
import type { Role } from '@tilts/shared';
import { AppLayout } from './components/AppLayout.tsx';
import { PublicLayout } from './components/PublicLayout.tsx';
import { NotFoundView, RouteError } from './components/RouteError.tsx';
import {
  adminRoles,
  credentialIssuerRoles,
  ForbiddenError,
  hasRole,
  partnerRoles,
  peopleRoles,
} from './lib/access.ts';
import { meQuery, safeRedirect } from './lib/session.ts';
import { auditSearch } from './pages/admin/audit-search.ts';
import { outboxSearch } from './pages/admin/outbox-search.ts';
import { userSearch } from './pages/admin/user-search.ts';
import { CredentialPublicLayout } from './pages/credentials/CredentialPublicLayout.tsx';
import { credentialSearch, templateSearch } from './pages/credentials/search.ts';
import { ForgotPasswordPage } from './pages/ForgotPassword.tsx';
import { HomePage } from './pages/Home.tsx';
import { InvitationPage } from './pages/Invitation.tsx';
import { MagicLinkConsumePage } from './pages/MagicLinkConsume.tsx';
import { MagicLinkRequestPage } from './pages/MagicLinkRequest.tsx';
import { partnerSearch } from './pages/partner-search.ts';
import { ResetPasswordPage } from './pages/ResetPassword.tsx';
import { SignInPage } from './pages/SignIn.tsx';

export interface RouterContext {
  queryClient: QueryClient;
}

const tokenSearch = (input: Record<string, unknown>): { token?: string } => ({
  token: typeof input.token === 'string' && input.token ? input.token : undefined,
});

const rootRoute = createRootRouteWithContext<RouterContext>()({
  component: Outlet,
  notFoundComponent: NotFoundView,
});

// Signed-out pages. Only sign-in sends an already signed-in person home; the link pages work either way.
const publicLayout = createRoute({ getParentRoute: () => rootRoute, id: 'public', component: PublicLayout });

const signInRoute = createRoute({
  getParentRoute: () => publicLayout,
  path: 'sign-in',
  validateSearch: (input: Record<string, unknown>): { redirect?: string } => ({
    redirect: safeRedirect(input.redirect),
  }),
  beforeLoad: async ({ context, search }) => {
    const me = await context.queryClient.ensureQueryData(meQuery);
    if (me) throw redirect({ href: search.redirect ?? '/' });
  },
  component: SignInPage,
});
const forgotPasswordRoute = createRoute({
  getParentRoute: () => publicLayout,
  path: 'forgot-password',
  component: ForgotPasswordPage,
});
const resetPasswordRoute = createRoute({
  getParentRoute: () => publicLayout,
  path: 'reset-password',
  validateSearch: tokenSearch,
  component: ResetPasswordPage,
});
const magicLinkRequestRoute = createRoute({
  getParentRoute: () => publicLayout,
  path: 'magic-link',
  component: MagicLinkRequestPage,
});
const magicLinkConsumeRoute = createRoute({
  getParentRoute: () => publicLayout,
  path: 'magic',
  validateSearch: tokenSearch,
  component: MagicLinkConsumePage,
});
const invitationRoute = createRoute({
  getParentRoute: () => publicLayout,
  path: 'invitation',
  validateSearch: tokenSearch,
  component: InvitationPage,
});

// Signed-in pages.
const appLayout = createRoute({
  getParentRoute: () => rootRoute,
  id: 'app',
  beforeLoad: async ({ context, location }) => {
    const me = await context.queryClient.ensureQueryData(meQuery);
    if (!me) throw redirect({ to: '/sign-in', search: { redirect: safeRedirect(location.href) } });
  },
  component: AppLayout,
});

function requireRole(allowed: readonly Role[]) {
  return ({ context }: { context: RouterContext }) => {
    if (!hasRole(context.queryClient.getQueryData(meQuery.queryKey), allowed)) throw new ForbiddenError();
  };
}

const homeRoute = createRoute({ getParentRoute: () => appLayout, path: '/', component: HomePage });

const partnersRoute = createRoute({
  getParentRoute: () => appLayout,
  path: 'partners',
  validateSearch: partnerSearch,
  beforeLoad: requireRole(partnerRoles),
  component: lazyRouteComponent(() => import('./pages/Partners.tsx'), 'PartnersPage'),
});

const adminUsersRoute = createRoute({
  getParentRoute: () => appLayout,
  path: 'admin/users',
  validateSearch: userSearch,
  beforeLoad: requireRole(peopleRoles),
  component: lazyRouteComponent(() => import('./pages/admin/Users.tsx'), 'UsersPage'),
});
const adminSchoolRoute = createRoute({
  getParentRoute: () => appLayout,
  path: 'admin/school',
  beforeLoad: requireRole(adminRoles),
  component: lazyRouteComponent(() => import('./pages/admin/School.tsx'), 'SchoolPage'),
});
const adminOutboxRoute = createRoute({
  getParentRoute: () => appLayout,
  path: 'admin/outbox',
  validateSearch: outboxSearch,
  beforeLoad: requireRole(peopleRoles),
  component: lazyRouteComponent(() => import('./pages/admin/Outbox.tsx'), 'OutboxPage'),
});
const adminAuditRoute = createRoute({
  getParentRoute: () => appLayout,
  path: 'admin/audit',
  validateSearch: auditSearch,
  beforeLoad: requireRole(adminRoles),
  component: lazyRouteComponent(() => import('./pages/admin/Audit.tsx'), 'AuditPage'),
});

// Micro-credentials: the holder's own page, staff pages, and the public verifier (no sign-in).
const myCredentialsRoute = createRoute({
  getParentRoute: () => appLayout,
  path: 'my/credentials',
  component: lazyRouteComponent(() => import('./pages/credentials/MyCredentials.tsx'), 'MyCredentialsPage'),
});
const credentialTemplatesRoute = createRoute({
  getParentRoute: () => appLayout,
  path: 'credentials/templates',
  validateSearch: templateSearch,
  beforeLoad: requireRole(adminRoles),
  component: lazyRouteComponent(() => import('./pages/credentials/Templates.tsx'), 'TemplatesPage'),
});
const newCredentialTemplateRoute = createRoute({
  getParentRoute: () => appLayout,
  path: 'credentials/templates/new',
  beforeLoad: requireRole(adminRoles),
  component: lazyRouteComponent(() => import('./pages/credentials/TemplateForm.tsx'), 'NewTemplatePage'),
});
const credentialTemplateRoute = createRoute({
  getParentRoute: () => appLayout,
  path: 'credentials/templates/$id',
  beforeLoad: requireRole(adminRoles),
  component: lazyRouteComponent(() => import('./pages/credentials/TemplateForm.tsx'), 'EditTemplatePage'),
});
const credentialIssuerRoute = createRoute({
  getParentRoute: () => appLayout,
  path: 'credentials/issuer',
  beforeLoad: requireRole(adminRoles),
  component: lazyRouteComponent(() => import('./pages/credentials/Issuer.tsx'), 'IssuerPage'),
});
const issueCredentialsRoute = createRoute({
  getParentRoute: () => appLayout,
  path: 'credentials/issue',
  beforeLoad: requireRole(credentialIssuerRoles),
  component: lazyRouteComponent(() => import('./pages/credentials/Issue.tsx'), 'IssuePage'),
});
const issuedCredentialsRoute = createRoute({
  getParentRoute: () => appLayout,
  path: 'credentials/issued',
  validateSearch: credentialSearch,
  beforeLoad: requireRole(credentialIssuerRoles),
  component: lazyRouteComponent(() => import('./pages/credentials/Issued.tsx'), 'IssuedPage'),
});
const credentialPublicLayout = createRoute({
  getParentRoute: () => rootRoute,
  id: 'credential-public',
  component: CredentialPublicLayout,
});
const verifyRoute = createRoute({
  getParentRoute: () => credentialPublicLayout,
  path: 'verify',
  component: lazyRouteComponent(() => import('./pages/credentials/Verify.tsx'), 'VerifyPage'),
});
const sharedCredentialRoute = createRoute({
  getParentRoute: () => credentialPublicLayout,
  path: 'v/$token',
  component: lazyRouteComponent(() => import('./pages/credentials/Shared.tsx'), 'SharedCredentialPage'),
});

const routeTree = rootRoute.addChildren([
  publicLayout.addChildren([
    signInRoute,
    forgotPasswordRoute,
    resetPasswordRoute,
    magicLinkRequestRoute,
    magicLinkConsumeRoute,
    invitationRoute,
  ]),
  appLayout.addChildren([
    homeRoute,
    partnersRoute,
    adminUsersRoute,
    adminSchoolRoute,
    adminOutboxRoute,
    adminAuditRoute,
    myCredentialsRoute,
    credentialTemplatesRoute,
    newCredentialTemplateRoute,
    credentialTemplateRoute,
    credentialIssuerRoute,
    issueCredentialsRoute,
    issuedCredentialsRoute,
  ]),
  credentialPublicLayout.addChildren([verifyRoute, sharedCredentialRoute]),
]);

export function makeRouter(queryClient: QueryClient) {
  return createRouter({
    routeTree,
    context: { queryClient },
    defaultPreload: 'intent',
    // Data comes from TanStack Query, which has its own cache; the router should always ask it.
    defaultPreloadStaleTime: 0,
    defaultErrorComponent: RouteError,
    defaultNotFoundComponent: NotFoundView,
    scrollRestoration: true,
  });
}

declare module '@tanstack/react-router' {
  interface Register {
    router: ReturnType<typeof makeRouter>;
  }
}
