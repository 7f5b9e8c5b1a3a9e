import { randomUUID } from 'node:crypto';
import type { TemplateInput, TemplateView, templateListQuery } from '@tilts/shared';
import type { z } from 'zod';
import { type Actor, inSchool, type Trx } from '../../db/context.ts';
import type { Deps } from '../../deps.ts';
import { AppError } from '../../errors.ts';
import { actorForAudit, escapeLike, recordAudit } from '../audit/audit.service.ts';
import { templateParts, templateView } from './credentials.repository.ts';

function columns(input: TemplateInput) {
  return {
    title: input.title,
    description: input.description,
    language: input.language,
    document_type: input.documentType,
    learning_outcomes: JSON.stringify(
      input.learningOutcomes.map((o) => ({ id: o.id ?? randomUUID(), text: o.text, kind: o.kind })),
    ),
    unit_id: input.unitId,
    ects: input.ects,
    hours: input.hours,
    eqf_level: input.eqfLevel,
    lki_level: input.lkiLevel,
    assessment_type: input.assessmentType,
    assessment_description: input.assessmentDescription,
    participation_mode: input.participationMode,
    learning_setting: input.learningSetting,
    quality_assurance: input.qualityAssurance,
    prerequisites: input.prerequisites,
    identity_verification: input.identityVerification,
    grading_scheme: input.gradingScheme,
    stacks_into: input.stacksInto,
    further_information: input.furtherInformation,
    valid_months: input.validMonths,
  };
}

/** The parts must be this school's templates, and no template may end up made of itself. */
async function setParts(trx: Trx, schoolId: string, templateId: string, partIds: string[]) {
  const unique = [...new Set(partIds)];
  if (unique.includes(templateId))
    throw new AppError('validation_failed', { fields: { partIds: 'part_cycle' } });
  if (unique.length > 0) {
    const found = await trx
      .selectFrom('credential_templates')
      .select('id')
      .where('school_id', '=', schoolId)
      .where('id', 'in', unique)
      .execute();
    if (found.length !== unique.length)
      throw new AppError('validation_failed', { fields: { partIds: 'invalid' } });
    // Walk down from the new parts: meeting this template again would close a cycle.
    let frontier = unique;
    const seen = new Set<string>();
    while (frontier.length > 0) {
      const next = await trx
        .selectFrom('credential_template_parts')
        .select('part_id')
        .where('template_id', 'in', frontier)
        .execute();
      frontier = [];
      for (const { part_id } of next) {
        if (part_id === templateId)
          throw new AppError('validation_failed', { fields: { partIds: 'part_cycle' } });
        if (!seen.has(part_id)) {
          seen.add(part_id);
          frontier.push(part_id);
        }
      }
    }
  }
  await trx.deleteFrom('credential_template_parts').where('template_id', '=', templateId).execute();
  if (unique.length > 0) {
    await trx
      .insertInto('credential_template_parts')
      .values(unique.map((part_id) => ({ school_id: schoolId, template_id: templateId, part_id })))
      .execute();
  }
}

async function checkUnit(trx: Trx, schoolId: string, unitId: string | null) {
  if (!unitId) return;
  const unit = await trx
    .selectFrom('units')
    .select('id')
    .where('id', '=', unitId)
    .where('school_id', '=', schoolId)
    .executeTakeFirst();
  if (!unit) throw new AppError('validation_failed', { fields: { unitId: 'invalid' } });
}

/** The school's units of the catalogue with their outcomes, for filling a template's outcomes. */
export async function unitOutcomes(deps: Deps, actor: Actor) {
  return inSchool(deps.db, actor.schoolId, async (trx) => {
    const units = await trx
      .selectFrom('units as u')
      .innerJoin('qualifications as q', 'q.id', 'u.qualification_id')
      .select([
        'u.id',
        'u.code',
        'u.title',
        'u.eqf_level',
        'u.credit_points',
        'q.title as qualification',
        'q.lki_level',
      ])
      .where('u.school_id', '=', actor.schoolId)
      .orderBy('q.title')
      .orderBy('u.code')
      .execute();
    const outcomes =
      units.length === 0
        ? []
        : await trx
            .selectFrom('learning_outcomes')
            .select(['unit_id', 'kind', 'text'])
            .where(
              'unit_id',
              'in',
              units.map((u) => u.id),
            )
            .orderBy('position')
            .execute();
    return {
      items: units.map((u) => ({
        id: u.id,
        code: u.code,
        title: u.title,
        qualification: u.qualification,
        eqfLevel: u.eqf_level,
        lkiLevel: u.lki_level,
        creditPoints: Number(u.credit_points),
        outcomes: outcomes
          .filter((o) => o.unit_id === u.id)
          .map((o) => ({ text: o.text, kind: o.kind as 'knowledge' | 'skills' | 'responsibility_autonomy' })),
      })),
    };
  });
}

async function view(trx: Trx, schoolId: string, id: string): Promise<TemplateView> {
  const row = await trx
    .selectFrom('credential_templates')
    .selectAll()
    .where('id', '=', id)
    .where('school_id', '=', schoolId)
    .executeTakeFirst();
  if (!row) throw new AppError('not_found');
  const { n } = await trx
    .selectFrom('credentials')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('template_id', '=', id)
    .executeTakeFirstOrThrow();
  return templateView(row, await templateParts(trx, id), Number(n));
}

/** Creates a credential template with every EU element; the school's details fill the awarding body. */
export async function createTemplate(deps: Deps, actor: Actor, input: TemplateInput) {
  return inSchool(deps.db, actor.schoolId, async (trx) => {
    await checkUnit(trx, actor.schoolId, input.unitId);
    const { id } = await trx
      .insertInto('credential_templates')
      .values({ school_id: actor.schoolId, ...columns(input) })
      .returning('id')
      .executeTakeFirstOrThrow();
    await setParts(trx, actor.schoolId, id, input.partIds);
    const result = await view(trx, actor.schoolId, id);
    await recordAudit(trx, actorForAudit(actor), {
      action: 'credential_template.created',
      entityType: 'credential_template',
      entityId: id,
      after: input,
    });
    return result;
  });
}

/**
 * Changes a template. Credentials already issued keep what they were signed with; the change applies
 * to the next ones.
 */
export async function updateTemplate(deps: Deps, actor: Actor, id: string, input: TemplateInput) {
  return inSchool(deps.db, actor.schoolId, async (trx) => {
    const before = await view(trx, actor.schoolId, id);
    await checkUnit(trx, actor.schoolId, input.unitId);
    await trx
      .updateTable('credential_templates')
      .set({ ...columns(input), updated_at: new Date() })
      .where('id', '=', id)
      .where('school_id', '=', actor.schoolId)
      .execute();
    await setParts(trx, actor.schoolId, id, input.partIds);
    const after = await view(trx, actor.schoolId, id);
    await recordAudit(trx, actorForAudit(actor), {
      action: 'credential_template.updated',
      entityType: 'credential_template',
      entityId: id,
      before,
      after: input,
    });
    return after;
  });
}

/** Archives a template (no new credentials from it) or brings it back. */
export async function setTemplateArchived(deps: Deps, actor: Actor, id: string, archived: boolean) {
  return inSchool(deps.db, actor.schoolId, async (trx) => {
    const before = await view(trx, actor.schoolId, id);
    if (before.archived !== archived) {
      await trx
        .updateTable('credential_templates')
        .set({ archived_at: archived ? new Date() : null, updated_at: new Date() })
        .where('id', '=', id)
        .execute();
      await recordAudit(trx, actorForAudit(actor), {
        action: archived ? 'credential_template.archived' : 'credential_template.restored',
        entityType: 'credential_template',
        entityId: id,
      });
    }
    return view(trx, actor.schoolId, id);
  });
}

export async function getTemplate(deps: Deps, actor: Actor, id: string) {
  return inSchool(deps.db, actor.schoolId, (trx) => view(trx, actor.schoolId, id));
}

const sortColumn = { title: 'title', createdAt: 'created_at' } as const;

/** The school's templates, searched, sorted and paged; archived ones only when asked. */
export async function listTemplates(
  deps: Deps,
  actor: Actor,
  query: z.infer<typeof templateListQuery>,
  all = false,
) {
  return inSchool(deps.db, actor.schoolId, async (trx) => {
    let q = trx.selectFrom('credential_templates as t').where('t.school_id', '=', actor.schoolId);
    q = q.where('t.archived_at', query.archived === 'true' ? 'is not' : 'is', null);
    if (query.q) q = q.where('t.title', 'ilike', `%${escapeLike(query.q)}%`);
    const { n } = await q.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    let rows = q
      .select([
        't.id',
        't.title',
        't.document_type',
        't.ects',
        't.hours',
        't.eqf_level',
        't.archived_at',
        't.created_at',
        (eb) =>
          eb
            .selectFrom('credentials as c')
            .select((e) => e.fn.countAll<number>().as('n'))
            .whereRef('c.template_id', '=', 't.id')
            .as('issued'),
      ])
      .orderBy(sortColumn[query.sort ?? 'title'], query.dir)
      .orderBy('t.id');
    if (!all) rows = rows.limit(query.pageSize).offset((query.page - 1) * query.pageSize);
    const items = (await rows.execute()).map((r) => ({
      id: r.id,
      title: r.title,
      documentType: r.document_type as TemplateInput['documentType'],
      ects: r.ects === null ? null : Number(r.ects),
      hours: r.hours,
      eqfLevel: r.eqf_level,
      archived: r.archived_at !== null,
      issuedCount: Number(r.issued ?? 0),
      createdAt: r.created_at.toISOString(),
    }));
    return { items, total: Number(n), page: query.page, pageSize: query.pageSize };
  });
}
