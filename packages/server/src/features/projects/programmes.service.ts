import type { Programme, ProgrammeInput, ProgrammeListQuery } from '@tilts/shared';
import { type Selectable, sql } from 'kysely';
import { type Actor, inSchool, type Trx } from '../../db/context.ts';
import type { ProgrammesTable } from '../../db/schema.ts';
import type { Deps } from '../../deps.ts';
import { AppError } from '../../errors.ts';
import { actorForAudit, escapeLike, recordAudit } from '../audit/audit.service.ts';

const sortColumns = { title: 'title', startDate: 'start_date', hours: 'hours' } as const;

type ProgrammeRow = Selectable<ProgrammesTable> & { placements: number; qualification_title: string | null };

function view(r: ProgrammeRow): Programme {
  return {
    id: r.id,
    kind: r.kind,
    title: r.title,
    qualificationId: r.qualification_id,
    qualificationTitle: r.qualification_title,
    hours: r.hours,
    startDate: r.start_date,
    endDate: r.end_date,
    taskTemplate: r.task_template,
    reminderDays: r.reminder_days,
    placements: Number(r.placements),
    updatedAt: r.updated_at.toISOString(),
  };
}

function detailed(trx: Trx) {
  return trx
    .selectFrom('programmes as p')
    .leftJoin('qualifications as q', 'q.id', 'p.qualification_id')
    .selectAll('p')
    .select('q.title as qualification_title')
    .select(
      sql<number>`(select count(*) from placements pl where pl.programme_id = p.id)::int`.as('placements'),
    );
}

/** The school's internship and DVB programmes, searched, filtered, sorted and paged. */
export async function listProgrammes(deps: Deps, actor: Actor, query: ProgrammeListQuery, all = false) {
  return inSchool(deps.db, actor.schoolId, async (trx) => {
    let q = trx.selectFrom('programmes as p');
    if (query.kind) q = q.where('p.kind', '=', query.kind);
    if (query.q) q = q.where('p.title', 'ilike', `%${escapeLike(query.q)}%`);
    const { n } = await q.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    let rows = detailed(trx)
      .where('p.id', 'in', q.select('p.id'))
      .orderBy(`p.${sortColumns[query.sort ?? 'startDate']}`, query.sort ? query.dir : 'desc')
      .orderBy('p.id');
    if (!all) rows = rows.limit(query.pageSize).offset((query.page - 1) * query.pageSize);
    const items = (await rows.execute()).map(view);
    return { items, total: Number(n), page: query.page, pageSize: query.pageSize };
  });
}

export async function getProgramme(deps: Deps, actor: Actor, id: string): Promise<Programme> {
  return inSchool(deps.db, actor.schoolId, async (trx) => {
    const row = await detailed(trx).where('p.id', '=', id).executeTakeFirst();
    if (!row) throw new AppError('not_found');
    return view(row);
  });
}

async function assertQualification(trx: Trx, id: string | null) {
  if (!id) return;
  const found = await trx.selectFrom('qualifications').select('id').where('id', '=', id).executeTakeFirst();
  if (!found) throw new AppError('validation_failed', { fields: { qualificationId: 'not_in_school' } });
}

function values(input: ProgrammeInput) {
  return {
    kind: input.kind,
    title: input.title,
    qualification_id: input.qualificationId,
    hours: input.hours,
    start_date: input.startDate,
    end_date: input.endDate,
    task_template: JSON.stringify(input.taskTemplate),
    reminder_days: input.reminderDays,
  };
}

/** Creates an internship or DVB programme with its template of tasks. */
export async function createProgramme(deps: Deps, actor: Actor, input: ProgrammeInput): Promise<Programme> {
  return inSchool(deps.db, actor.schoolId, async (trx) => {
    await assertQualification(trx, input.qualificationId);
    const { id } = await trx
      .insertInto('programmes')
      .values({ ...values(input), school_id: actor.schoolId })
      .returning('id')
      .executeTakeFirstOrThrow();
    await recordAudit(trx, actorForAudit(actor), {
      action: 'programme.created',
      entityType: 'programme',
      entityId: id,
      after: input,
    });
    return view(await detailed(trx).where('p.id', '=', id).executeTakeFirstOrThrow());
  });
}

export async function updateProgramme(deps: Deps, actor: Actor, id: string, input: ProgrammeInput) {
  return inSchool(deps.db, actor.schoolId, async (trx) => {
    const before = await detailed(trx).where('p.id', '=', id).forUpdate('p').executeTakeFirst();
    if (!before) throw new AppError('not_found');
    await assertQualification(trx, input.qualificationId);
    await trx
      .updateTable('programmes')
      .set({ ...values(input), updated_at: deps.now() })
      .where('id', '=', id)
      .execute();
    await recordAudit(trx, actorForAudit(actor), {
      action: 'programme.updated',
      entityType: 'programme',
      entityId: id,
      before: view(before),
      after: input,
    });
    return view(await detailed(trx).where('p.id', '=', id).executeTakeFirstOrThrow());
  });
}

export async function programmeOptions(deps: Deps, actor: Actor) {
  return inSchool(deps.db, actor.schoolId, async (trx) => {
    const rows = await trx
      .selectFrom('programmes')
      .select(['id', 'title', 'kind', 'start_date'])
      .orderBy('start_date', 'desc')
      .execute();
    return rows.map((r) => ({ id: r.id, label: r.title }));
  });
}
