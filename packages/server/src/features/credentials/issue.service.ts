import { randomUUID } from 'node:crypto';
import type { CredentialSummary, credentialListQuery, IssueRequest } from '@tilts/shared';
import { sql } from 'kysely';
import type { z } from 'zod';
import type { Config } from '../../config.ts';
import { type Actor, inSchool, type Trx } from '../../db/context.ts';
import type { Deps } from '../../deps.ts';
import { AppError } from '../../errors.ts';
import { type AuditActor, actorForAudit, escapeLike, recordAudit } from '../audit/audit.service.ts';
import {
  activeSigningKey,
  credentialState,
  loadIssuerProfile,
  loadTemplate,
} from './credentials.repository.ts';
import { ensureIssuer } from './issuer.service.ts';
import {
  type AwardData,
  addMonths,
  buildAchievementCredential,
  type IssuerProfile,
  type LearnerData,
  type TemplateData,
} from './ob3.ts';
import { signCredential } from './sign.ts';
import { allocateStatusPositions } from './status.service.ts';
import { statusEntry } from './status-list.ts';

export interface IssueCredentialOptions {
  /** The caller's transaction (inside `inSchool` for `schoolId`); without it, one is opened here. */
  trx?: Trx;
  schoolId: string;
  learnerUserId: string;
  templateId: string;
  grade?: string | null;
  evidence?: { name: string; narrative?: string; url?: string }[];
  /** Who issues, for the audit log; a system issue names only the school. */
  actor?: AuditActor;
  source?: 'single' | 'placement';
  /** The placement (or other record) the credential was issued from. */
  sourceId?: string | null;
}

/** Everything the mapping needs for one learner of one template, loaded and checked. */
export interface IssueContext {
  school: { id: string; slug: string };
  issuer: IssuerProfile;
  template: TemplateData;
}

export async function loadIssueContext(trx: Trx, config: Config, schoolId: string, templateId: string) {
  const { row, data } = await loadTemplate(trx, schoolId, templateId);
  if (row.archived_at) throw new AppError('conflict', { fields: { templateId: 'template_archived' } });
  const { slug, profile } = await loadIssuerProfile(trx, config, schoolId);
  return { school: { id: schoolId, slug }, issuer: profile, template: data } satisfies IssueContext;
}

export async function loadLearner(trx: Trx, schoolId: string, userId: string): Promise<LearnerData> {
  const learner = await trx
    .selectFrom('users as u')
    .innerJoin('memberships as m', 'm.user_id', 'u.id')
    .select(['u.id', 'u.given_name', 'u.family_name', 'u.email'])
    .where('u.id', '=', userId)
    .where('m.school_id', '=', schoolId)
    .executeTakeFirst();
  if (!learner) throw new AppError('validation_failed', { fields: { learnerId: 'learner_not_member' } });
  return {
    id: learner.id,
    givenName: learner.given_name,
    familyName: learner.family_name,
    email: learner.email,
  };
}

/**
 * For a stacked template: the learner's valid credentials for each part (the newest of each), or
 * null when a part is missing.
 */
export async function partCredentials(trx: Trx, schoolId: string, template: TemplateData, learnerId: string) {
  if (template.parts.length === 0) return [];
  const rows = await trx
    .selectFrom('credentials')
    .select(['id', 'template_id', 'title'])
    .where('school_id', '=', schoolId)
    .where('learner_id', '=', learnerId)
    .where(
      'template_id',
      'in',
      template.parts.map((p) => p.id),
    )
    .where('revoked_at', 'is', null)
    .where('suspended_at', 'is', null)
    .where((eb) => eb.or([eb('valid_until', 'is', null), eb('valid_until', '>', new Date())]))
    .orderBy('issued_at', 'desc')
    .execute();
  const found = template.parts.map((p) => rows.find((r) => r.template_id === p.id));
  if (found.some((f) => !f)) return null;
  return found.map((f) => ({ id: f!.id, title: f!.title }));
}

/** The unsigned credential and the row to store, for one learner at one status position. */
export function prepareCredential(
  ctx: IssueContext,
  config: Config,
  learner: LearnerData,
  position: number,
  grade: string | null,
  evidence: AwardData['evidence'],
  parts: AwardData['partCredentials'],
  issuedAt: Date,
) {
  const credentialId = randomUUID();
  const validUntil = ctx.template.validMonths ? addMonths(issuedAt, ctx.template.validMonths) : null;
  const unsigned = buildAchievementCredential(ctx.issuer, ctx.template, learner, {
    credentialId,
    issuedAt,
    validUntil,
    grade,
    evidence,
    partCredentials: parts,
    status: statusEntry(config.PUBLIC_URL, ctx.school.slug, 'revocation', position),
  });
  return { credentialId, unsigned, validUntil };
}

/**
 * Issues one signed micro-credential to a learner from a template: the recognition step of a placement
 * calls this with its own transaction, grade and evidence; the issue page calls it for one learner.
 */
export async function issueCredential(
  deps: Deps,
  options: IssueCredentialOptions,
): Promise<{ id: string; document: Record<string, unknown> }> {
  const work = async (trx: Trx) => {
    const who = options.actor ?? { schoolId: options.schoolId };
    await ensureIssuer(trx, deps, options.schoolId, who);
    const ctx = await loadIssueContext(trx, deps.config, options.schoolId, options.templateId);
    const learner = await loadLearner(trx, options.schoolId, options.learnerUserId);
    const parts = await partCredentials(trx, options.schoolId, ctx.template, learner.id);
    if (!parts) throw new AppError('conflict', { fields: { templateId: 'parts_missing' } });
    const key = await activeSigningKey(trx, deps.config, options.schoolId, ctx.issuer.did);
    const position = await allocateStatusPositions(trx, deps.config, ctx.school, 1);
    const issuedAt = new Date();
    const grade = options.grade?.trim() || null;
    const evidence = (options.evidence ?? []).map((e) => ({
      name: e.name,
      narrative: e.narrative ?? '',
      url: e.url ?? '',
    }));
    const { credentialId, unsigned, validUntil } = prepareCredential(
      ctx,
      deps.config,
      learner,
      position,
      grade,
      evidence,
      parts,
      issuedAt,
    );
    const signed = await signCredential(unsigned, key, issuedAt);
    await trx
      .insertInto('credentials')
      .values({
        id: credentialId,
        school_id: options.schoolId,
        template_id: ctx.template.id,
        learner_id: learner.id,
        key_id: key.rowId,
        source: options.source ?? 'single',
        source_id: options.sourceId ?? null,
        status_index: position,
        title: ctx.template.title,
        grade,
        document: JSON.stringify(signed),
        issued_at: issuedAt,
        valid_until: validUntil,
        created_by: options.actor?.userId ?? null,
      })
      .execute();
    await recordAudit(trx, who, {
      action: 'credential.issued',
      entityType: 'credential',
      entityId: credentialId,
      after: {
        templateId: ctx.template.id,
        learnerId: learner.id,
        grade,
        source: options.source ?? 'single',
      },
    });
    return { id: credentialId, document: signed as Record<string, unknown> };
  };
  return options.trx ? work(options.trx) : inSchool(deps.db, options.schoolId, work);
}

/** The issue page: one learner, by a coordinator, teacher or admin of the school. */
export async function issueOne(deps: Deps, actor: Actor, input: IssueRequest) {
  return issueCredential(deps, {
    schoolId: actor.schoolId,
    learnerUserId: input.learnerId,
    templateId: input.templateId,
    grade: input.grade,
    evidence: input.evidence,
    actor: actorForAudit(actor),
  });
}

const sortColumns = {
  issuedAt: ['c.issued_at'],
  learner: ['u.family_name', 'u.given_name'],
  title: ['c.title'],
} as const;

/** The school's issued credentials, searched, filtered by state, template or batch, sorted and paged. */
export async function listCredentials(
  deps: Deps,
  actor: Actor,
  query: z.infer<typeof credentialListQuery>,
  all = false,
) {
  return inSchool(deps.db, actor.schoolId, async (trx) => {
    let q = trx
      .selectFrom('credentials as c')
      .innerJoin('users as u', 'u.id', 'c.learner_id')
      .where('c.school_id', '=', actor.schoolId);
    if (query.templateId) q = q.where('c.template_id', '=', query.templateId);
    if (query.batchId) q = q.where('c.batch_id', '=', query.batchId);
    if (query.state === 'revoked') q = q.where('c.revoked_at', 'is not', null);
    if (query.state === 'suspended')
      q = q.where('c.revoked_at', 'is', null).where('c.suspended_at', 'is not', null);
    if (query.state === 'expired') {
      q = q
        .where('c.revoked_at', 'is', null)
        .where('c.suspended_at', 'is', null)
        .where('c.valid_until', '<', new Date());
    }
    if (query.state === 'active') {
      q = q
        .where('c.revoked_at', 'is', null)
        .where('c.suspended_at', 'is', null)
        .where((eb) => eb.or([eb('c.valid_until', 'is', null), eb('c.valid_until', '>=', new Date())]));
    }
    if (query.q) {
      const like = `%${escapeLike(query.q)}%`;
      q = q.where((eb) =>
        eb.or([
          eb('c.title', 'ilike', like),
          eb('u.email', 'ilike', like),
          eb(sql<string>`u.given_name || ' ' || u.family_name`, 'ilike', like),
        ]),
      );
    }
    const { n } = await q.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    let rows = q.select([
      'c.id',
      'c.title',
      'c.learner_id',
      'u.given_name',
      'u.family_name',
      'u.email',
      'c.grade',
      'c.issued_at',
      'c.valid_until',
      'c.revoked_at',
      'c.revoked_reason',
      'c.suspended_at',
      'c.suspended_reason',
    ]);
    for (const column of sortColumns[query.sort ?? 'issuedAt']) {
      rows = rows.orderBy(column, query.sort ? query.dir : 'desc');
    }
    rows = rows.orderBy('c.id');
    if (!all) rows = rows.limit(query.pageSize).offset((query.page - 1) * query.pageSize);
    const items: CredentialSummary[] = (await rows.execute()).map((r) => ({
      id: r.id,
      title: r.title,
      learnerId: r.learner_id,
      learnerName: `${r.given_name} ${r.family_name}`.trim(),
      learnerEmail: r.email,
      grade: r.grade,
      issuedAt: r.issued_at.toISOString(),
      validUntil: r.valid_until?.toISOString() ?? null,
      state: credentialState(r),
      revokedReason: r.revoked_reason,
      suspendedReason: r.suspended_reason,
    }));
    return { items, total: Number(n), page: query.page, pageSize: query.pageSize };
  });
}

/** The learners of the school, for the single-issue form's picker. */
export async function listLearners(deps: Deps, actor: Actor, q: string | undefined) {
  return inSchool(deps.db, actor.schoolId, async (trx) => {
    let query = trx
      .selectFrom('memberships as m')
      .innerJoin('users as u', 'u.id', 'm.user_id')
      .select(['u.id', 'u.given_name', 'u.family_name', 'u.email'])
      .where('m.school_id', '=', actor.schoolId)
      .where('m.role', '=', 'learner')
      .where('m.is_active', '=', true);
    if (q) {
      const like = `%${escapeLike(q)}%`;
      query = query.where((eb) =>
        eb.or([
          eb('u.email', 'ilike', like),
          eb(sql<string>`u.given_name || ' ' || u.family_name`, 'ilike', like),
        ]),
      );
    }
    const rows = await query.orderBy('u.family_name').orderBy('u.given_name').limit(50).execute();
    return {
      items: rows.map((r) => ({ id: r.id, name: `${r.given_name} ${r.family_name}`.trim(), email: r.email })),
    };
  });
}

/** One issued credential's signed JSON, for the school's staff. */
export async function schoolCredentialDocument(deps: Deps, actor: Actor, id: string) {
  return inSchool(deps.db, actor.schoolId, async (trx) => {
    const row = await trx
      .selectFrom('credentials')
      .select(['document', 'title'])
      .where('id', '=', id)
      .where('school_id', '=', actor.schoolId)
      .executeTakeFirst();
    if (!row) throw new AppError('not_found');
    return row;
  });
}
