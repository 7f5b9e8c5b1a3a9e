import {
  type QualificationDetails,
  type QualificationListQuery,
  type QualificationSummary,
  type qualificationInput,
  type qualificationUpdate,
  type Role,
  searchKey,
  type UnitDetails,
  type unitInput,
  type unitUpdate,
} from '@tilts/shared';
import { sql } from 'kysely';
import type { z } from 'zod';
import { type Actor, inSchool, type Trx } from '../../db/context.ts';
import type { Deps } from '../../deps.ts';
import { AppError } from '../../errors.ts';
import { actorForAudit, escapeLike, recordAudit } from '../audit/audit.service.ts';
import {
  qualificationSearchText,
  qualificationUsage,
  unitsWithOutcomes,
  unitUsage,
} from './catalogue.repository.ts';

type QualificationInput = z.output<typeof qualificationInput>;
type QualificationUpdate = z.output<typeof qualificationUpdate>;
type UnitInput = z.output<typeof unitInput>;
type UnitUpdate = z.output<typeof unitUpdate>;

/** Who may change the catalogue; teachers read it. */
export const catalogueWriters: readonly Role[] = ['admin', 'coordinator'];

function assertWriter(actor: Actor) {
  if (!catalogueWriters.includes(actor.role)) throw new AppError('forbidden');
}

const sortColumns = {
  code: ['q.code'],
  title: ['q.title'],
  eqfLevel: ['q.eqf_level', 'q.code'],
  lkiLevel: ['q.lki_level', 'q.code'],
  createdAt: ['q.created_at'],
} as const;

async function queryQualifications(trx: Trx, actor: Actor, query: QualificationListQuery, all: boolean) {
  let q = trx.selectFrom('qualifications as q').where('q.school_id', '=', actor.schoolId);
  if (query.q) q = q.where('q.search_text', 'like', `%${escapeLike(searchKey(query.q))}%`);
  if (query.eqfLevel) q = q.where('q.eqf_level', '=', query.eqfLevel);
  const { n } = await q.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  let rows = q
    .select(['q.id', 'q.code', 'q.title', 'q.title_en', 'q.eqf_level', 'q.lki_level', 'q.programme'])
    .select((eb) =>
      eb
        .selectFrom('units as u')
        .select((e) => e.fn.countAll<number>().as('c'))
        .whereRef('u.qualification_id', '=', 'q.id')
        .as('unit_count'),
    );
  for (const column of sortColumns[query.sort ?? 'code']) rows = rows.orderBy(column, query.dir);
  rows = rows.orderBy('q.id');
  if (!all) rows = rows.limit(query.pageSize).offset((query.page - 1) * query.pageSize);
  const items: QualificationSummary[] = (await rows.execute()).map((r) => ({
    id: r.id,
    code: r.code,
    title: r.title,
    titleEn: r.title_en,
    eqfLevel: r.eqf_level,
    lkiLevel: r.lki_level,
    programme: r.programme,
    unitCount: Number(r.unit_count ?? 0),
  }));
  return { items, total: Number(n) };
}

/** The school's qualifications, searched (diacritics aside), filtered by EQF level, sorted and paged. */
export async function listQualifications(
  deps: Deps,
  actor: Actor,
  query: QualificationListQuery,
  all = false,
) {
  return inSchool(deps.db, actor.schoolId, async (trx) => {
    const { items, total } = await queryQualifications(trx, actor, query, all);
    return { items, total, page: query.page, pageSize: query.pageSize };
  });
}

async function loadQualification(trx: Trx, actor: Actor, id: string): Promise<QualificationDetails> {
  const q = await trx
    .selectFrom('qualifications')
    .selectAll()
    .where('id', '=', id)
    .where('school_id', '=', actor.schoolId)
    .executeTakeFirst();
  if (!q) throw new AppError('not_found');
  const units = await unitsWithOutcomes(trx, actor.schoolId, { qualificationId: id });
  return {
    id: q.id,
    code: q.code,
    title: q.title,
    titleEn: q.title_en,
    eqfLevel: q.eqf_level,
    lkiLevel: q.lki_level,
    programme: q.programme,
    unitCount: units.length,
    lockVersion: q.lock_version,
    units: units.map((u) => ({
      id: u.id,
      code: u.code,
      title: u.title,
      titleEn: u.titleEn,
      eqfLevel: u.eqfLevel,
      creditPoints: u.creditPoints,
      outcomeCount: u.outcomes.length,
    })),
    createdAt: q.created_at.toISOString(),
    updatedAt: q.updated_at.toISOString(),
  };
}

/** One qualification with its units. */
export async function getQualification(deps: Deps, actor: Actor, id: string) {
  return inSchool(deps.db, actor.schoolId, (trx) => loadQualification(trx, actor, id));
}

function qualificationColumns(input: QualificationInput) {
  return {
    code: input.code,
    title: input.title,
    title_en: input.titleEn,
    eqf_level: input.eqfLevel,
    lki_level: input.lkiLevel,
    programme: input.programme,
    search_text: qualificationSearchText(input),
  };
}

/** A unique code refused: the qualification code in a school, the unit code in a qualification. */
function codeTaken(error: unknown): never {
  if ((error as { code?: string }).code === '23505')
    throw new AppError('conflict', { fields: { code: 'code_taken' } });
  throw error;
}

const auditQualification = (d: QualificationDetails) => {
  const { units: _u, unitCount: _c, createdAt: _a, updatedAt: _b, ...rest } = d;
  return rest;
};

/** Adds a qualification to the catalogue. */
export async function createQualification(deps: Deps, actor: Actor, input: QualificationInput) {
  assertWriter(actor);
  return inSchool(deps.db, actor.schoolId, async (trx) => {
    await assertCodeFree(trx, actor.schoolId, input.code);
    const now = deps.now();
    const row = await trx
      .insertInto('qualifications')
      .values({ ...qualificationColumns(input), school_id: actor.schoolId, created_at: now, updated_at: now })
      .returning('id')
      .executeTakeFirstOrThrow()
      .catch(codeTaken);
    const details = await loadQualification(trx, actor, row.id);
    await recordAudit(trx, actorForAudit(actor), {
      action: 'qualification.created',
      entityType: 'qualification',
      entityId: row.id,
      after: auditQualification(details),
    });
    return details;
  });
}

async function assertCodeFree(trx: Trx, schoolId: string, code: string, self?: string) {
  let q = trx
    .selectFrom('qualifications')
    .select('id')
    .where('school_id', '=', schoolId)
    .where(sql`upper(code)`, '=', code.toUpperCase());
  if (self) q = q.where('id', '<>', self);
  if (await q.executeTakeFirst()) throw new AppError('conflict', { fields: { code: 'code_taken' } });
}

async function lockVersioned(
  trx: Trx,
  table: 'qualifications' | 'units',
  actor: Actor,
  id: string,
  lockVersion: number,
) {
  const row = await trx
    .selectFrom(table)
    .select(['id', 'lock_version'])
    .where('id', '=', id)
    .where('school_id', '=', actor.schoolId)
    .forUpdate()
    .executeTakeFirst();
  if (!row) throw new AppError('not_found');
  if (row.lock_version !== lockVersion)
    throw new AppError('conflict', { fields: { lockVersion: 'stale_version' } });
}

/** Saves an edited qualification; an edit from a stale version is refused. */
export async function updateQualification(deps: Deps, actor: Actor, id: string, input: QualificationUpdate) {
  assertWriter(actor);
  return inSchool(deps.db, actor.schoolId, async (trx) => {
    await lockVersioned(trx, 'qualifications', actor, id, input.lockVersion);
    const before = await loadQualification(trx, actor, id);
    await assertCodeFree(trx, actor.schoolId, input.code, id);
    await trx
      .updateTable('qualifications')
      .set({
        ...qualificationColumns(input),
        lock_version: sql<number>`lock_version + 1`,
        updated_at: deps.now(),
      })
      .where('id', '=', id)
      .execute()
      .catch(codeTaken);
    const after = await loadQualification(trx, actor, id);
    await recordAudit(trx, actorForAudit(actor), {
      action: 'qualification.updated',
      entityType: 'qualification',
      entityId: id,
      before: auditQualification(before),
      after: auditQualification(after),
    });
    return after;
  });
}

/** Deletes a qualification with its units, unless a placement, programme or memorandum uses it. */
export async function deleteQualification(deps: Deps, actor: Actor, id: string) {
  assertWriter(actor);
  await inSchool(deps.db, actor.schoolId, async (trx) => {
    const row = await trx
      .selectFrom('qualifications')
      .select('id')
      .where('id', '=', id)
      .where('school_id', '=', actor.schoolId)
      .forUpdate()
      .executeTakeFirst();
    if (!row) throw new AppError('not_found');
    const usage = await qualificationUsage(trx, id);
    if (usage.placements + usage.programmes + usage.mous > 0) {
      throw new AppError('conflict', {
        fields: { qualification: { key: 'qualification_in_use', params: usage } },
      });
    }
    const before = await loadQualification(trx, actor, id);
    await trx.deleteFrom('qualifications').where('id', '=', id).execute();
    await recordAudit(trx, actorForAudit(actor), {
      action: 'qualification.deleted',
      entityType: 'qualification',
      entityId: id,
      before: { ...auditQualification(before), units: before.units.map((u) => u.code) },
    });
  });
}

/** Units with their outcomes, by id (another school's ids are simply not there). */
export async function getUnits(deps: Deps, actor: Actor, ids: readonly string[]): Promise<UnitDetails[]> {
  return inSchool(deps.db, actor.schoolId, (trx) => unitsWithOutcomes(trx, actor.schoolId, { ids }));
}

/** Every unit of a qualification with its outcomes. */
export async function getQualificationUnits(deps: Deps, actor: Actor, qualificationId: string) {
  return inSchool(deps.db, actor.schoolId, async (trx) => {
    const q = await trx
      .selectFrom('qualifications')
      .select('id')
      .where('id', '=', qualificationId)
      .where('school_id', '=', actor.schoolId)
      .executeTakeFirst();
    if (!q) throw new AppError('not_found');
    return unitsWithOutcomes(trx, actor.schoolId, { qualificationId });
  });
}

async function loadUnit(trx: Trx, schoolId: string, id: string): Promise<UnitDetails> {
  const [unit] = await unitsWithOutcomes(trx, schoolId, { ids: [id] });
  if (!unit) throw new AppError('not_found');
  return unit;
}

/** One unit with its outcomes. */
export async function getUnit(deps: Deps, actor: Actor, id: string) {
  return inSchool(deps.db, actor.schoolId, (trx) => loadUnit(trx, actor.schoolId, id));
}

function unitColumns(input: UnitInput) {
  return {
    code: input.code,
    title: input.title,
    title_en: input.titleEn,
    eqf_level: input.eqfLevel,
    credit_points: input.creditPoints,
  };
}

async function assertUnitCodeFree(trx: Trx, qualificationId: string, code: string, self?: string) {
  let q = trx
    .selectFrom('units')
    .select('id')
    .where('qualification_id', '=', qualificationId)
    .where(sql`upper(code)`, '=', code.toUpperCase());
  if (self) q = q.where('id', '<>', self);
  if (await q.executeTakeFirst()) throw new AppError('conflict', { fields: { code: 'code_taken' } });
}

/** Writes a unit's outcomes in the order given: new ones added, listed ones changed, the rest removed. */
async function saveOutcomes(
  trx: Trx,
  schoolId: string,
  unitId: string,
  outcomes: UnitInput['outcomes'],
  now: Date,
) {
  const existing = await trx
    .selectFrom('learning_outcomes')
    .select('id')
    .where('unit_id', '=', unitId)
    .execute();
  const known = new Set(existing.map((o) => o.id));
  const problems: Record<string, string> = {};
  outcomes.forEach((o, i) => {
    if (o.id && !known.has(o.id)) problems[`outcomes.${i}.id`] = 'invalid';
  });
  if (Object.keys(problems).length > 0) throw new AppError('validation_failed', { fields: problems });
  const kept = new Set(outcomes.flatMap((o) => (o.id ? [o.id] : [])));
  const gone = existing.filter((o) => !kept.has(o.id)).map((o) => o.id);
  if (gone.length > 0) await trx.deleteFrom('learning_outcomes').where('id', 'in', gone).execute();
  for (const [position, o] of outcomes.entries()) {
    const values = {
      position,
      kind: o.kind,
      text: o.text,
      text_en: o.textEn,
      assessment_criteria: o.assessmentCriteria,
    };
    if (o.id) await trx.updateTable('learning_outcomes').set(values).where('id', '=', o.id).execute();
    else {
      await trx
        .insertInto('learning_outcomes')
        .values({ ...values, school_id: schoolId, unit_id: unitId, created_at: now })
        .execute();
    }
  }
}

const auditUnit = (u: UnitDetails) => {
  const { qualificationTitle: _t, ...rest } = u;
  return rest;
};

/** Adds a unit of learning outcomes, with its outcomes, to a qualification. */
export async function createUnit(deps: Deps, actor: Actor, qualificationId: string, input: UnitInput) {
  assertWriter(actor);
  return inSchool(deps.db, actor.schoolId, async (trx) => {
    const q = await trx
      .selectFrom('qualifications')
      .select('id')
      .where('id', '=', qualificationId)
      .where('school_id', '=', actor.schoolId)
      .forUpdate()
      .executeTakeFirst();
    if (!q) throw new AppError('not_found');
    await assertUnitCodeFree(trx, qualificationId, input.code);
    const now = deps.now();
    const row = await trx
      .insertInto('units')
      .values({
        ...unitColumns(input),
        school_id: actor.schoolId,
        qualification_id: qualificationId,
        created_at: now,
        updated_at: now,
      })
      .returning('id')
      .executeTakeFirstOrThrow()
      .catch(codeTaken);
    await saveOutcomes(trx, actor.schoolId, row.id, input.outcomes, now);
    const details = await loadUnit(trx, actor.schoolId, row.id);
    await recordAudit(trx, actorForAudit(actor), {
      action: 'unit.created',
      entityType: 'unit',
      entityId: row.id,
      after: auditUnit(details),
    });
    return details;
  });
}

/** Saves an edited unit and its ordered outcomes; an edit from a stale version is refused. */
export async function updateUnit(deps: Deps, actor: Actor, id: string, input: UnitUpdate) {
  assertWriter(actor);
  return inSchool(deps.db, actor.schoolId, async (trx) => {
    await lockVersioned(trx, 'units', actor, id, input.lockVersion);
    const before = await loadUnit(trx, actor.schoolId, id);
    await assertUnitCodeFree(trx, before.qualificationId, input.code, id);
    const now = deps.now();
    await trx
      .updateTable('units')
      .set({ ...unitColumns(input), lock_version: sql<number>`lock_version + 1`, updated_at: now })
      .where('id', '=', id)
      .execute()
      .catch(codeTaken);
    await saveOutcomes(trx, actor.schoolId, id, input.outcomes, now);
    const after = await loadUnit(trx, actor.schoolId, id);
    await recordAudit(trx, actorForAudit(actor), {
      action: 'unit.updated',
      entityType: 'unit',
      entityId: id,
      before: auditUnit(before),
      after: auditUnit(after),
    });
    return after;
  });
}

/** Deletes a unit with its outcomes, unless a memorandum names it. */
export async function deleteUnit(deps: Deps, actor: Actor, id: string) {
  assertWriter(actor);
  await inSchool(deps.db, actor.schoolId, async (trx) => {
    const row = await trx
      .selectFrom('units')
      .select('id')
      .where('id', '=', id)
      .where('school_id', '=', actor.schoolId)
      .forUpdate()
      .executeTakeFirst();
    if (!row) throw new AppError('not_found');
    const usage = await unitUsage(trx, id);
    if (usage.mous > 0)
      throw new AppError('conflict', { fields: { unit: { key: 'unit_in_use', params: usage } } });
    const before = await loadUnit(trx, actor.schoolId, id);
    await trx.deleteFrom('units').where('id', '=', id).execute();
    await recordAudit(trx, actorForAudit(actor), {
      action: 'unit.deleted',
      entityType: 'unit',
      entityId: id,
      before: auditUnit(before),
    });
  });
}
