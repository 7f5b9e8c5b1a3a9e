import type { Project, ProjectInput, ProjectListQuery } from '@tilts/shared';
import { type Selectable, sql } from 'kysely';
import { type Actor, inSchool, type Trx } from '../../db/context.ts';
import type { ProjectsTable } from '../../db/schema.ts';
import type { Deps } from '../../deps.ts';
import { AppError } from '../../errors.ts';
import { actorForAudit, escapeLike, recordAudit } from '../audit/audit.service.ts';

const sortColumns = {
  title: 'title',
  callYear: 'call_year',
  startDate: 'start_date',
  projectNumber: 'project_number',
} as const;

type ProjectRow = Selectable<ProjectsTable> & { placements: number };

function view(r: ProjectRow): Project {
  return {
    id: r.id,
    action: r.action,
    callYear: r.call_year,
    projectNumber: r.project_number,
    title: r.title,
    budgetEur: Number(r.budget_eur),
    startDate: r.start_date,
    endDate: r.end_date,
    placements: Number(r.placements),
    updatedAt: r.updated_at.toISOString(),
  };
}

function withCounts(trx: Trx) {
  return trx
    .selectFrom('projects as p')
    .selectAll('p')
    .select(
      sql<number>`(select count(*) from placements pl where pl.project_id = p.id)::int`.as('placements'),
    );
}

/** The school's Erasmus+ projects, searched, filtered, sorted and paged. */
export async function listProjects(deps: Deps, actor: Actor, query: ProjectListQuery, all = false) {
  return inSchool(deps.db, actor.schoolId, async (trx) => {
    let q = trx.selectFrom('projects as p');
    if (query.action) q = q.where('p.action', '=', query.action);
    if (query.callYear) q = q.where('p.call_year', '=', query.callYear);
    if (query.q) {
      const like = `%${escapeLike(query.q)}%`;
      q = q.where((eb) => eb.or([eb('p.title', 'ilike', like), eb('p.project_number', 'ilike', like)]));
    }
    const { n } = await q.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    let rows = withCounts(trx)
      .where('p.id', 'in', q.select('p.id'))
      .orderBy(`p.${sortColumns[query.sort ?? 'startDate']}`, query.sort ? query.dir : 'desc')
      .orderBy('p.id');
    if (!all) rows = rows.limit(query.pageSize).offset((query.page - 1) * query.pageSize);
    const items = (await rows.execute()).map(view);
    return { items, total: Number(n), page: query.page, pageSize: query.pageSize };
  });
}

export async function getProject(deps: Deps, actor: Actor, id: string): Promise<Project> {
  return inSchool(deps.db, actor.schoolId, async (trx) => {
    const row = await withCounts(trx).where('p.id', '=', id).executeTakeFirst();
    if (!row) throw new AppError('not_found');
    return view(row);
  });
}

function values(input: ProjectInput) {
  return {
    action: input.action,
    call_year: input.callYear,
    project_number: input.projectNumber,
    title: input.title,
    budget_eur: input.budgetEur,
    start_date: input.startDate,
    end_date: input.endDate,
  };
}

async function assertNumberFree(trx: Trx, projectNumber: string, exceptId?: string) {
  let q = trx.selectFrom('projects').select('id').where('project_number', '=', projectNumber);
  if (exceptId) q = q.where('id', '!=', exceptId);
  if (await q.executeTakeFirst())
    throw new AppError('conflict', { fields: { projectNumber: 'project_number_taken' } });
}

/** Registers an Erasmus+ project (its call year decides which activity rules its placements follow). */
export async function createProject(deps: Deps, actor: Actor, input: ProjectInput): Promise<Project> {
  return inSchool(deps.db, actor.schoolId, async (trx) => {
    await assertNumberFree(trx, input.projectNumber);
    const { id } = await trx
      .insertInto('projects')
      .values({ ...values(input), school_id: actor.schoolId })
      .returning('id')
      .executeTakeFirstOrThrow();
    await recordAudit(trx, actorForAudit(actor), {
      action: 'project.created',
      entityType: 'project',
      entityId: id,
      after: input,
    });
    return view((await withCounts(trx).where('p.id', '=', id).executeTakeFirstOrThrow()) as ProjectRow);
  });
}

/**
 * Changes a project. Its period may not shrink past a placement of it: the placement would fall
 * outside the project, which the placement rules forbid.
 */
export async function updateProject(deps: Deps, actor: Actor, id: string, input: ProjectInput) {
  return inSchool(deps.db, actor.schoolId, async (trx) => {
    const before = await trx
      .selectFrom('projects')
      .selectAll()
      .where('id', '=', id)
      .forUpdate()
      .executeTakeFirst();
    if (!before) throw new AppError('not_found');
    await assertNumberFree(trx, input.projectNumber, id);
    const outside = await trx
      .selectFrom('placements')
      .select(['start_date', 'end_date'])
      .where('project_id', '=', id)
      .where('status', 'not in', ['cancelled'])
      .where((eb) => eb.or([eb('start_date', '<', input.startDate), eb('end_date', '>', input.endDate)]))
      .executeTakeFirst();
    if (outside) {
      throw new AppError('conflict', {
        fields: {
          startDate: {
            key: 'placements_outside',
            params: { start: outside.start_date, end: outside.end_date },
          },
        },
      });
    }
    await trx
      .updateTable('projects')
      .set({ ...values(input), updated_at: deps.now() })
      .where('id', '=', id)
      .execute();
    await recordAudit(trx, actorForAudit(actor), {
      action: 'project.updated',
      entityType: 'project',
      entityId: id,
      before: view({ ...before, placements: 0 }),
      after: input,
    });
    return view((await withCounts(trx).where('p.id', '=', id).executeTakeFirstOrThrow()) as ProjectRow);
  });
}

/** Projects as picker options, newest call first. */
export async function projectOptions(deps: Deps, actor: Actor) {
  return inSchool(deps.db, actor.schoolId, async (trx) => {
    const rows = await trx
      .selectFrom('projects')
      .select(['id', 'project_number', 'title', 'call_year'])
      .orderBy('call_year', 'desc')
      .orderBy('title')
      .execute();
    return rows.map((r) => ({ id: r.id, label: `${r.project_number} · ${r.title} (${r.call_year})` }));
  });
}
