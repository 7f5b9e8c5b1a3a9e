import type { AccessModule } from './types.ts';

const managers = ['admin', 'coordinator'] as const;

/** The coordinator's dashboards and each chart's CSV. */
export const dashboardAccess: AccessModule = {
  rows: [
    { method: 'GET', url: '/api/dashboard', allowed: managers },
    { method: 'GET', url: '/api/dashboard/risk', allowed: managers },
    {
      method: 'GET',
      url: '/api/dashboard/:chart.csv',
      path: () => '/api/dashboard/status.csv',
      allowed: managers,
    },
  ],
};
