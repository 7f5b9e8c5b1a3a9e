import { defaultRiskThresholds } from '@tilts/shared';
import type { AccessModule } from './types.ts';

const staff = ['admin', 'coordinator', 'teacher'] as const;
const managers = ['admin', 'coordinator'] as const;
/** Nobody's id: starting a view of them is a 404 for everyone allowed, so no session of the table
 * is left viewing as someone (the view-as tests in risk.test.ts start real ones). */
const nobody = '00000000-0000-4000-8000-000000000000';

/** Learners at risk and view as learner. */
export const riskAccess: AccessModule = {
  rows: [
    { method: 'GET', url: '/api/risk/learners', allowed: staff },
    { method: 'GET', url: '/api/risk/learners.csv', allowed: staff },
    { method: 'GET', url: '/api/risk/mine', allowed: ['learner'] },
    { method: 'GET', url: '/api/risk/thresholds', allowed: managers },
    { method: 'PUT', url: '/api/risk/thresholds', allowed: managers, body: defaultRiskThresholds },
    { method: 'POST', url: '/api/view-as', allowed: staff, body: { learnerId: nobody } },
    { method: 'POST', url: '/api/view-as/stop', allowed: 'session' },
  ],
};
