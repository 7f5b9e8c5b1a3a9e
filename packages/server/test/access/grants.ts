import { exampleGrantRules } from '@tilts/shared';
import type { AccessModule } from './types.ts';

const managers = ['admin', 'coordinator'] as const;
const ruleSet = { callYear: 2031, validFrom: '2031-06-01', validTo: '2033-12-31', rules: exampleGrantRules };

/** Grant rates, a placement's grant, project totals and the participant report (records from the placements module). */
export const grantAccess: AccessModule = {
  async setup(t, w) {
    const row = await t.deps.db
      .insertInto('grant_rule_sets')
      .values({
        school_id: w.schoolA.id,
        call_year: 2030,
        valid_from: '2030-06-01',
        valid_to: '2032-12-31',
        rules: JSON.stringify(exampleGrantRules),
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    w.records.grantRuleSet = row.id;
  },
  rows: [
    { method: 'GET', url: '/api/grant-rules', allowed: managers },
    {
      method: 'GET',
      url: '/api/grant-rules/example',
      path: () => '/api/grant-rules/example?callYear=2031',
      allowed: ['admin'],
    },
    { method: 'POST', url: '/api/grant-rules', body: ruleSet, allowed: ['admin'] },
    {
      method: 'PUT',
      url: '/api/grant-rules/:id',
      path: (w) => `/api/grant-rules/${w.records.grantRuleSet}`,
      body: {
        lockVersion: 1,
        ruleSet: { ...ruleSet, callYear: 2030, validFrom: '2030-06-01', validTo: '2032-12-31' },
      },
      allowed: ['admin'],
      schoolARecord: true,
    },
    {
      method: 'GET',
      url: '/api/cities',
      path: () => '/api/cities?country=DE&q=Dre',
      allowed: ['admin', 'coordinator', 'teacher'],
    },
    {
      method: 'GET',
      url: '/api/placements/:id/grant',
      path: (w) => `/api/placements/${w.records.placement}/grant`,
      allowed: ['admin', 'coordinator', 'teacher', 'learner'],
      schoolARecord: true,
    },
    {
      method: 'PUT',
      url: '/api/placements/:id/destination',
      path: (w) => `/api/placements/${w.records.placement}/destination`,
      body: { city: 'Rīga', lat: null, lon: null },
      allowed: managers,
      schoolARecord: true,
    },
    {
      method: 'GET',
      url: '/api/projects/:id/grants',
      path: (w) => `/api/projects/${w.records.project}/grants`,
      allowed: managers,
      schoolARecord: true,
    },
    {
      method: 'GET',
      url: '/api/projects/:id/report',
      path: (w) => `/api/projects/${w.records.project}/report`,
      allowed: managers,
      schoolARecord: true,
    },
    {
      method: 'GET',
      url: '/api/projects/:id/report.csv',
      path: (w) => `/api/projects/${w.records.project}/report.csv`,
      allowed: managers,
      schoolARecord: true,
    },
    {
      method: 'GET',
      url: '/api/projects/:id/report.xlsx',
      path: (w) => `/api/projects/${w.records.project}/report.xlsx`,
      allowed: managers,
      schoolARecord: true,
    },
  ],
};
