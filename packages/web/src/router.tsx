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
  catalogueRoles,
  credentialIssuerRoles,
  ForbiddenError,
  forumRoles,
  hasRole,
  partnerRoles,
  peopleRoles,
  placementManagerRoles,
  registerWriters,
  rulesRoles,
  staffRoles,
} from './lib/access.ts';
import { meQuery, safeRedirect } from './lib/session.ts';
import { auditSearch } from './pages/admin/audit-search.ts';
import { outboxSearch } from './pages/admin/outbox-search.ts';
import { userSearch } from './pages/admin/user-search.ts';
import { WideLayout } from './pages/agreements/WideLayout.tsx';
import { callManagerRoles, callReaderRoles } from './pages/calls/access.ts';
import { callSearch } from './pages/calls/call-search.ts';
import { qualificationSearch } from './pages/catalogue/qualification-search.ts';
import { CredentialPublicLayout } from './pages/credentials/CredentialPublicLayout.tsx';
import { credentialSearch, templateSearch } from './pages/credentials/search.ts';
import { dashboardSearch } from './pages/dashboards/dashboard-search.ts';
import { ForgotPasswordPage } from './pages/ForgotPassword.tsx';
import { HomePage } from './pages/Home.tsx';
import { InvitationPage } from './pages/Invitation.tsx';
import { MagicLinkConsumePage } from './pages/MagicLinkConsume.tsx';
import { MagicLinkRequestPage } from './pages/MagicLinkRequest.tsx';
import { mouEditors, mouReaders } from './pages/mous/MouDocumentView.tsx';
import { mouSearch } from './pages/mous/mou-search.ts';
import { partnerSearch } from './pages/partners/partner-search.ts';
import { placementSearch, programmeSearch, projectSearch } from './pages/projects/search.ts';
import { ResetPasswordPage } from './pages/ResetPassword.tsx';
import { riskSearch } from './pages/risk/search.ts';
import { SignInPage } from './pages/SignIn.tsx';
import {
  faqSearch,
  forumSearch,
  helpSearch,
  reportSearch,
  threadLinkSearch,
} from './pages/support/search.ts';

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

// The page behind a partner's e-mailed MoU link: no account, its own wide frame.
const mouSignRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: 'mou-sign',
  validateSearch: tokenSearch,
  component: lazyRouteComponent(() => import('./pages/mous/MouSign.tsx'), 'MouSignPage'),
});
// The workplace supervisor's messages behind an e-mailed link: no account, its own wide frame.
const threadLinkRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: 'thread',
  validateSearch: threadLinkSearch,
  component: lazyRouteComponent(
    () => import('./pages/support/SupervisorThreadPage.tsx'),
    'SupervisorThreadPage',
  ),
});

// The workplace supervisor confirms the diary behind an e-mailed link: no account, a phone-sized page.
const diaryReviewRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: 'diary-review',
  validateSearch: tokenSearch,
  component: lazyRouteComponent(() => import('./pages/diary/SupervisorDiaryPage.tsx'), 'SupervisorDiaryPage'),
});

// Pages people reach without an account to read a whole document: signing links, the assessment
// link, the public check of an agreement's PDF.
const wideLayout = createRoute({ getParentRoute: () => rootRoute, id: 'wide', component: WideLayout });
const agreementSignRoute = createRoute({
  getParentRoute: () => wideLayout,
  path: 'agreement-sign',
  validateSearch: tokenSearch,
  component: lazyRouteComponent(
    () => import('./pages/agreements/AgreementSignPage.tsx'),
    'AgreementSignPage',
  ),
});
const assessmentLinkRoute = createRoute({
  getParentRoute: () => wideLayout,
  path: 'assessment',
  validateSearch: tokenSearch,
  component: lazyRouteComponent(
    () => import('./pages/agreements/AssessmentLinkPage.tsx'),
    'AssessmentLinkPage',
  ),
});
const agreementCheckRoute = createRoute({
  getParentRoute: () => wideLayout,
  path: 'agreement-check',
  component: lazyRouteComponent(
    () => import('./pages/agreements/AgreementCheckPage.tsx'),
    'AgreementCheckPage',
  ),
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
  component: lazyRouteComponent(() => import('./pages/partners/PartnersList.tsx'), 'PartnersListPage'),
});
const newPartnerRoute = createRoute({
  getParentRoute: () => appLayout,
  path: 'partners/new',
  beforeLoad: requireRole(registerWriters),
  component: lazyRouteComponent(() => import('./pages/partners/PartnerPage.tsx'), 'NewPartnerPage'),
});
const partnerRoute = createRoute({
  getParentRoute: () => appLayout,
  path: 'partners/$partnerId',
  beforeLoad: requireRole(partnerRoles),
  component: lazyRouteComponent(() => import('./pages/partners/PartnerPage.tsx'), 'PartnerPage'),
});

const catalogueRoute = createRoute({
  getParentRoute: () => appLayout,
  path: 'catalogue',
  validateSearch: qualificationSearch,
  beforeLoad: requireRole(catalogueRoles),
  component: lazyRouteComponent(() => import('./pages/catalogue/Qualifications.tsx'), 'QualificationsPage'),
});
const qualificationRoute = createRoute({
  getParentRoute: () => appLayout,
  path: 'catalogue/$qualificationId',
  beforeLoad: requireRole(catalogueRoles),
  component: lazyRouteComponent(() => import('./pages/catalogue/QualificationPage.tsx'), 'QualificationPage'),
});
const newUnitRoute = createRoute({
  getParentRoute: () => appLayout,
  path: 'catalogue/$qualificationId/units/new',
  beforeLoad: requireRole(registerWriters),
  component: lazyRouteComponent(() => import('./pages/catalogue/UnitPage.tsx'), 'NewUnitPage'),
});
const unitRoute = createRoute({
  getParentRoute: () => appLayout,
  path: 'catalogue/units/$unitId',
  beforeLoad: requireRole(catalogueRoles),
  component: lazyRouteComponent(() => import('./pages/catalogue/UnitPage.tsx'), 'UnitPage'),
});

const rulesRoute = createRoute({
  getParentRoute: () => appLayout,
  path: 'rules',
  beforeLoad: requireRole(rulesRoles),
  component: lazyRouteComponent(() => import('./pages/admin/Rules.tsx'), 'RulesPage'),
});

const placementsRoute = createRoute({
  getParentRoute: () => appLayout,
  path: 'placements',
  validateSearch: placementSearch,
  component: lazyRouteComponent(() => import('./pages/placements/PlacementsPage.tsx'), 'PlacementsPage'),
});
const newPlacementRoute = createRoute({
  getParentRoute: () => appLayout,
  path: 'placements/new',
  beforeLoad: requireRole(placementManagerRoles),
  component: lazyRouteComponent(() => import('./pages/placements/PlacementFormPage.tsx'), 'NewPlacementPage'),
});
const placementRoute = createRoute({
  getParentRoute: () => appLayout,
  path: 'placements/$id',
  validateSearch: (input: Record<string, unknown>): { tab?: string } => ({
    tab: typeof input.tab === 'string' && /^[a-z-]{1,30}$/.test(input.tab) ? input.tab : undefined,
  }),
  component: lazyRouteComponent(() => import('./pages/placements/PlacementPage.tsx'), 'PlacementPage'),
});
const editPlacementRoute = createRoute({
  getParentRoute: () => appLayout,
  path: 'placements/$id/edit',
  beforeLoad: requireRole(placementManagerRoles),
  component: lazyRouteComponent(
    () => import('./pages/placements/PlacementFormPage.tsx'),
    'EditPlacementPage',
  ),
});
const projectsRoute = createRoute({
  getParentRoute: () => appLayout,
  path: 'projects',
  validateSearch: projectSearch,
  beforeLoad: requireRole(staffRoles),
  component: lazyRouteComponent(() => import('./pages/projects/ProjectsPage.tsx'), 'ProjectsPage'),
});
const projectRoute = createRoute({
  getParentRoute: () => appLayout,
  path: 'projects/$id',
  beforeLoad: requireRole(staffRoles),
  component: lazyRouteComponent(() => import('./pages/grants/ProjectPage.tsx'), 'ProjectPage'),
});
const grantRulesRoute = createRoute({
  getParentRoute: () => appLayout,
  path: 'admin/grant-rules',
  beforeLoad: requireRole(adminRoles),
  component: lazyRouteComponent(() => import('./pages/grants/GrantRulesPage.tsx'), 'GrantRulesPage'),
});
const dashboardRoute = createRoute({
  getParentRoute: () => appLayout,
  path: 'dashboard',
  validateSearch: dashboardSearch,
  beforeLoad: requireRole(placementManagerRoles),
  component: lazyRouteComponent(() => import('./pages/dashboards/DashboardPage.tsx'), 'DashboardPage'),
});
const programmesRoute = createRoute({
  getParentRoute: () => appLayout,
  path: 'programmes',
  validateSearch: programmeSearch,
  beforeLoad: requireRole(staffRoles),
  component: lazyRouteComponent(() => import('./pages/projects/ProgrammesPage.tsx'), 'ProgrammesPage'),
});
const mousRoute = createRoute({
  getParentRoute: () => appLayout,
  path: 'mous',
  validateSearch: mouSearch,
  beforeLoad: requireRole(mouReaders),
  component: lazyRouteComponent(() => import('./pages/mous/MousList.tsx'), 'MousPage'),
});
const mouNewRoute = createRoute({
  getParentRoute: () => appLayout,
  path: 'mous/new',
  beforeLoad: requireRole(mouEditors),
  component: lazyRouteComponent(() => import('./pages/mous/MouForm.tsx'), 'MouNewPage'),
});
const mouDetailRoute = createRoute({
  getParentRoute: () => appLayout,
  path: 'mous/$id',
  beforeLoad: requireRole(mouReaders),
  component: lazyRouteComponent(() => import('./pages/mous/MouDetail.tsx'), 'MouDetailPage'),
});
const mouEditRoute = createRoute({
  getParentRoute: () => appLayout,
  path: 'mous/$id/edit',
  beforeLoad: requireRole(mouEditors),
  component: lazyRouteComponent(() => import('./pages/mous/MouForm.tsx'), 'MouEditPage'),
});
const callsRoute = createRoute({
  getParentRoute: () => appLayout,
  path: 'calls',
  validateSearch: callSearch,
  beforeLoad: requireRole(callReaderRoles),
  component: lazyRouteComponent(() => import('./pages/calls/Calls.tsx'), 'CallsPage'),
});
const newCallRoute = createRoute({
  getParentRoute: () => appLayout,
  path: 'calls/new',
  beforeLoad: requireRole(callManagerRoles),
  component: lazyRouteComponent(() => import('./pages/calls/CallForm.tsx'), 'NewCallPage'),
});
const callRoute = createRoute({
  getParentRoute: () => appLayout,
  path: 'calls/$callId',
  beforeLoad: requireRole(callReaderRoles),
  component: lazyRouteComponent(() => import('./pages/calls/Call.tsx'), 'CallPage'),
});
const editCallRoute = createRoute({
  getParentRoute: () => appLayout,
  path: 'calls/$callId/edit',
  beforeLoad: requireRole(callManagerRoles),
  component: lazyRouteComponent(() => import('./pages/calls/CallForm.tsx'), 'EditCallPage'),
});
const applyRoute = createRoute({
  getParentRoute: () => appLayout,
  path: 'calls/$callId/apply',
  beforeLoad: requireRole(['learner']),
  component: lazyRouteComponent(() => import('./pages/calls/ApplicationForm.tsx'), 'ApplyPage'),
});
const applicationRoute = createRoute({
  getParentRoute: () => appLayout,
  path: 'applications/$applicationId',
  beforeLoad: requireRole(callReaderRoles),
  component: lazyRouteComponent(() => import('./pages/calls/Application.tsx'), 'ApplicationPage'),
});

const faqRoute = createRoute({
  getParentRoute: () => appLayout,
  path: 'faq',
  validateSearch: faqSearch,
  component: lazyRouteComponent(() => import('./pages/support/FaqPage.tsx'), 'FaqPage'),
});
const faqReportRoute = createRoute({
  getParentRoute: () => appLayout,
  path: 'faq/report',
  validateSearch: reportSearch,
  beforeLoad: requireRole(placementManagerRoles),
  component: lazyRouteComponent(() => import('./pages/support/TopicsReportPage.tsx'), 'TopicsReportPage'),
});
const forumRoute = createRoute({
  getParentRoute: () => appLayout,
  path: 'forum',
  beforeLoad: requireRole(forumRoles),
  component: lazyRouteComponent(() => import('./pages/support/ForumPages.tsx'), 'ForumProjectsPage'),
});
const forumProjectRoute = createRoute({
  getParentRoute: () => appLayout,
  path: 'forum/$projectId',
  validateSearch: forumSearch,
  beforeLoad: requireRole(forumRoles),
  component: lazyRouteComponent(() => import('./pages/support/ForumPages.tsx'), 'ForumProjectPage'),
});
const forumQuestionRoute = createRoute({
  getParentRoute: () => appLayout,
  path: 'forum/questions/$id',
  beforeLoad: requireRole(forumRoles),
  component: lazyRouteComponent(() => import('./pages/support/ForumPages.tsx'), 'ForumQuestionPage'),
});
const helpRoute = createRoute({
  getParentRoute: () => appLayout,
  path: 'help',
  validateSearch: helpSearch,
  component: lazyRouteComponent(() => import('./pages/support/HelpPages.tsx'), 'HelpTicketsPage'),
});
const helpTicketRoute = createRoute({
  getParentRoute: () => appLayout,
  path: 'help/$id',
  component: lazyRouteComponent(() => import('./pages/support/HelpPages.tsx'), 'HelpTicketPage'),
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
const atRiskRoute = createRoute({
  getParentRoute: () => appLayout,
  path: 'at-risk',
  validateSearch: riskSearch,
  beforeLoad: requireRole(staffRoles),
  component: lazyRouteComponent(() => import('./pages/risk/AtRiskPage.tsx'), 'AtRiskPage'),
});
const riskThresholdsRoute = createRoute({
  getParentRoute: () => appLayout,
  path: 'admin/risk-thresholds',
  beforeLoad: requireRole(placementManagerRoles),
  component: lazyRouteComponent(() => import('./pages/risk/ThresholdsPage.tsx'), 'RiskThresholdsPage'),
});
const adminAuditRoute = createRoute({
  getParentRoute: () => appLayout,
  path: 'admin/audit',
  validateSearch: auditSearch,
  beforeLoad: requireRole(adminRoles),
  component: lazyRouteComponent(() => import('./pages/admin/Audit.tsx'), 'AuditPage'),
});

const placementSettingsRoute = createRoute({
  getParentRoute: () => appLayout,
  path: 'admin/placement-settings',
  beforeLoad: requireRole(adminRoles),
  component: lazyRouteComponent(() => import('./pages/admin/PlacementSettings.tsx'), 'PlacementSettingsPage'),
});
const notificationsRoute = createRoute({
  getParentRoute: () => appLayout,
  path: 'notifications',
  component: lazyRouteComponent(() => import('./pages/plan/NotificationsPage.tsx'), 'NotificationsPage'),
});
const myCalendarRoute = createRoute({
  getParentRoute: () => appLayout,
  path: 'my/calendar',
  component: lazyRouteComponent(() => import('./pages/plan/CalendarPage.tsx'), 'CalendarPage'),
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
  mouSignRoute,
  threadLinkRoute,
  diaryReviewRoute,
  wideLayout.addChildren([agreementSignRoute, assessmentLinkRoute, agreementCheckRoute]),
  appLayout.addChildren([
    homeRoute,
    partnersRoute,
    placementsRoute,
    dashboardRoute,
    newPlacementRoute,
    placementRoute,
    editPlacementRoute,
    projectsRoute,
    projectRoute,
    grantRulesRoute,
    programmesRoute,
    mousRoute,
    mouNewRoute,
    mouDetailRoute,
    mouEditRoute,
    newPartnerRoute,
    partnerRoute,
    catalogueRoute,
    qualificationRoute,
    newUnitRoute,
    unitRoute,
    rulesRoute,
    callsRoute,
    newCallRoute,
    callRoute,
    editCallRoute,
    applyRoute,
    applicationRoute,
    faqRoute,
    faqReportRoute,
    forumRoute,
    forumProjectRoute,
    forumQuestionRoute,
    helpRoute,
    helpTicketRoute,
    adminUsersRoute,
    adminSchoolRoute,
    adminOutboxRoute,
    adminAuditRoute,
    atRiskRoute,
    riskThresholdsRoute,
    placementSettingsRoute,
    myCalendarRoute,
    notificationsRoute,
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
