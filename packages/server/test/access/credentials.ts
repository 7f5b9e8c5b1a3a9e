import { templateInput } from '@tilts/shared';
import { actorForAudit } from '../../src/features/audit/audit.service.ts';
import { createBatch } from '../../src/features/credentials/batch.service.ts';
import { issueCredential } from '../../src/features/credentials/issue.service.ts';
import { createTemplate } from '../../src/features/credentials/templates.service.ts';
import { templateBody } from '../support/credentials.ts';
import type { AccessModule } from './types.ts';

// An id and a token no row has: an allowed caller gets past the access check and then a 404 or 410.
const id = '00000000-0000-4000-8000-000000000001';
const admin = ['admin'] as const;
const issuers = ['admin', 'coordinator', 'teacher'] as const;
const managers = ['admin', 'coordinator'] as const;
const csv = { body: Buffer.from('email\nlearner@a.test\n'), headers: { 'content-type': 'text/csv' } };

/** Micro-credentials: templates and keys (admin), issuing (staff), status (managers), own (session), public. */
export const credentialAccess: AccessModule = {
  async setup(t, w) {
    const actor = {
      userId: w.users.admin.id,
      email: w.users.admin.email,
      schoolId: w.schoolA.id,
      role: 'admin' as const,
      locale: 'lv' as const,
    };
    const template = await createTemplate(t.deps, actor, templateInput.parse(templateBody()));
    w.records.credentialTemplate = template.id;
    const credential = await issueCredential(t.deps, {
      schoolId: w.schoolA.id,
      learnerUserId: w.users.learner.id,
      templateId: template.id,
      actor: actorForAudit(actor),
    });
    w.records.credential = credential.id;
    const batch = await createBatch(t.deps, actor, template.id, csv.body, false);
    w.records.credentialBatch = batch.id;
  },
  rows: [
    {
      method: 'POST',
      url: '/api/placements/:id/credentials',
      path: (w) => `/api/placements/${w.records.placement}/credentials`,
      body: (w) => ({ learnerId: w.users.learner.id, templateId: w.records.credentialTemplate }),
      allowed: issuers,
      schoolARecord: true,
    },
    { method: 'GET', url: '/api/credentials/templates', allowed: issuers },
    { method: 'GET', url: '/api/credentials/templates.csv', allowed: issuers },
    { method: 'POST', url: '/api/credentials/templates', body: templateBody(), allowed: admin },
    {
      method: 'GET',
      url: '/api/credentials/templates/:id',
      path: (w) => `/api/credentials/templates/${w.records.credentialTemplate}`,
      allowed: issuers,
      schoolARecord: true,
    },
    {
      method: 'PUT',
      url: '/api/credentials/templates/:id',
      path: (w) => `/api/credentials/templates/${w.records.credentialTemplate}`,
      body: templateBody(),
      allowed: admin,
      schoolARecord: true,
    },
    {
      method: 'PATCH',
      url: '/api/credentials/templates/:id/archived',
      path: (w) => `/api/credentials/templates/${w.records.credentialTemplate}/archived`,
      body: { archived: false },
      allowed: admin,
      schoolARecord: true,
    },
    { method: 'GET', url: '/api/credentials/units', allowed: admin },
    { method: 'GET', url: '/api/credentials/issuer', allowed: admin },
    { method: 'PUT', url: '/api/credentials/issuer', body: { region: 'Rīga', website: '' }, allowed: admin },
    { method: 'POST', url: '/api/credentials/issuer/rotate-key', allowed: admin },
    { method: 'GET', url: '/api/credentials/learners', allowed: issuers },
    {
      method: 'POST',
      url: '/api/credentials',
      body: (w) => ({ templateId: w.records.credentialTemplate, learnerId: w.users.learner.id }),
      allowed: issuers,
    },
    { method: 'GET', url: '/api/credentials', allowed: issuers },
    { method: 'GET', url: '/api/credentials.csv', allowed: issuers },
    {
      method: 'GET',
      url: '/api/credentials/:id/credential.json',
      path: (w) => `/api/credentials/${w.records.credential}/credential.json`,
      allowed: issuers,
      schoolARecord: true,
    },
    {
      method: 'POST',
      url: '/api/credentials/:id/status',
      path: (w) => `/api/credentials/${w.records.credential}/status`,
      body: { action: 'suspend', reason: 'Access table' },
      allowed: managers,
      schoolARecord: true,
    },
    {
      method: 'POST',
      url: '/api/credentials/batches/preview',
      path: (w) => `/api/credentials/batches/preview?templateId=${w.records.credentialTemplate}`,
      ...csv,
      allowed: managers,
    },
    {
      method: 'POST',
      url: '/api/credentials/batches',
      path: (w) => `/api/credentials/batches?templateId=${w.records.credentialTemplate}`,
      ...csv,
      allowed: managers,
    },
    { method: 'GET', url: '/api/credentials/batches', allowed: managers },
    {
      method: 'GET',
      url: '/api/credentials/batches/:id',
      path: (w) => `/api/credentials/batches/${w.records.credentialBatch}`,
      allowed: managers,
      schoolARecord: true,
    },
    { method: 'GET', url: '/api/my/credentials', allowed: 'session' },
    {
      method: 'GET',
      url: '/api/my/credentials/:id/credential.json',
      path: (w) => `/api/my/credentials/${w.records.credential}/credential.json`,
      allowed: 'session',
      schoolARecord: true,
    },
    {
      method: 'GET',
      url: '/api/my/credentials/:id/credential.pdf',
      path: (w) => `/api/my/credentials/${w.records.credential}/credential.pdf`,
      allowed: 'session',
      schoolARecord: true,
    },
    {
      method: 'GET',
      url: '/api/my/credentials/:id/elm.jsonld',
      path: (w) => `/api/my/credentials/${w.records.credential}/elm.jsonld`,
      allowed: 'session',
      schoolARecord: true,
    },
    {
      method: 'POST',
      url: '/api/my/credentials/:id/shares',
      path: (w) => `/api/my/credentials/${w.records.credential}/shares`,
      body: {},
      allowed: 'session',
      schoolARecord: true,
    },
    {
      method: 'POST',
      url: '/api/my/credentials/:id/linkedin',
      path: (w) => `/api/my/credentials/${w.records.credential}/linkedin`,
      allowed: 'session',
      schoolARecord: true,
    },
    { method: 'DELETE', url: '/api/my/shares/:id', path: () => `/api/my/shares/${id}`, allowed: 'session' },
    { method: 'GET', url: '/schools/:slug/did.json', path: () => '/schools/a/did.json', allowed: 'public' },
    {
      method: 'GET',
      url: '/api/credentials/status/:slug/:purpose/:listNo',
      path: () => '/api/credentials/status/a/revocation/0',
      allowed: 'public',
    },
    // A real share link shows its holder to anyone, by design; the row uses one that does not exist.
    {
      method: 'GET',
      url: '/api/shared/:token',
      path: () => `/api/shared/${'x'.repeat(24)}`,
      allowed: 'public',
    },
    { method: 'POST', url: '/api/verify', body: {}, allowed: 'public' },
  ],
};
