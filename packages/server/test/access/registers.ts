import type { Role } from '@tilts/shared';
import type { AccessModule } from './types.ts';

/**
 * Who may call each route of the registers (partners, catalogue, Erasmus+ rules, CSV imports).
 * Ids are of rows that do not exist: a role that is let in gets 404 or 400, never 401 or 403.
 */
interface RegisterRow {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  url: string;
  body?: unknown;
  allowed: Role[] | 'public' | 'session';
}

const id = '00000000-0000-4000-8000-000000000000';
const staff: Role[] = ['admin', 'coordinator', 'teacher'];
const writers: Role[] = ['admin', 'coordinator'];

const partner = { kind: 'company', legalName: 'SIA Piekļuve', country: 'LV', contacts: [] };
const qualification = {
  code: 'ACC-1',
  title: 'Piekļuve',
  titleEn: '',
  eqfLevel: 4,
  lkiLevel: 4,
  programme: '',
};
const unit = { code: 'U1', title: 'Vienība', titleEn: '', eqfLevel: 4, creditPoints: 1, outcomes: [] };

const registerRows: RegisterRow[] = [
  { method: 'GET', url: '/api/partners', allowed: staff },
  { method: 'GET', url: '/api/partners.csv', allowed: staff },
  { method: 'GET', url: `/api/partners/${id}`, allowed: staff },
  { method: 'POST', url: '/api/partners', body: { ...partner, country: 'XX' }, allowed: writers },
  { method: 'PUT', url: `/api/partners/${id}`, body: { ...partner, lockVersion: 1 }, allowed: writers },
  { method: 'DELETE', url: `/api/partners/${id}`, allowed: writers },

  { method: 'GET', url: '/api/catalogue/qualifications', allowed: staff },
  { method: 'GET', url: '/api/catalogue/qualifications.csv', allowed: staff },
  { method: 'GET', url: `/api/catalogue/qualifications/${id}`, allowed: staff },
  {
    method: 'POST',
    url: '/api/catalogue/qualifications',
    body: { ...qualification, eqfLevel: 0 },
    allowed: writers,
  },
  {
    method: 'PUT',
    url: `/api/catalogue/qualifications/${id}`,
    body: { ...qualification, lockVersion: 1 },
    allowed: writers,
  },
  { method: 'DELETE', url: `/api/catalogue/qualifications/${id}`, allowed: writers },
  { method: 'GET', url: `/api/catalogue/qualifications/${id}/units`, allowed: staff },
  { method: 'POST', url: `/api/catalogue/qualifications/${id}/units`, body: unit, allowed: writers },
  { method: 'GET', url: `/api/catalogue/units?ids=${id}`, allowed: staff },
  { method: 'GET', url: `/api/catalogue/units/${id}`, allowed: staff },
  { method: 'PUT', url: `/api/catalogue/units/${id}`, body: { ...unit, lockVersion: 1 }, allowed: writers },
  { method: 'DELETE', url: `/api/catalogue/units/${id}`, allowed: writers },

  { method: 'GET', url: '/api/rules', allowed: staff },
  { method: 'POST', url: '/api/rules', body: { callYear: 1900 }, allowed: ['admin'] },
  { method: 'PUT', url: '/api/rules/2099', body: { rules: [] }, allowed: ['admin'] },
  { method: 'DELETE', url: '/api/rules/2099', allowed: ['admin'] },

  { method: 'POST', url: '/api/imports/partners', body: 'Nosaukums;Valsts\n', allowed: writers },
  { method: 'GET', url: `/api/imports/${id}`, allowed: writers },
  { method: 'POST', url: `/api/imports/${id}/confirm`, allowed: writers },
  { method: 'GET', url: '/api/imports/partners/template.csv', allowed: writers },
];

/** The route a concrete address calls, as the app registers it. */
function pattern(url: string): string {
  return url
    .split('?')[0]!
    .replace(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/, ':id')
    .replace(/\/rules\/2099$/, '/rules/:year')
    .replace(/^\/api\/imports\/partners/, '/api/imports/:kind');
}

export const registersAccess: AccessModule = {
  rows: registerRows.map((r) => ({
    method: r.method,
    url: pattern(r.url),
    path: () => r.url,
    allowed: r.allowed,
    ...(typeof r.body === 'string'
      ? { body: Buffer.from(r.body), headers: { 'content-type': 'text/csv' } }
      : r.body === undefined
        ? {}
        : { body: r.body as Record<string, unknown> }),
  })),
};
