import { type OutcomeKind, searchKey, type UnitDetails } from '@tilts/shared';
import { type Kysely, sql } from 'kysely';
import type { Trx } from '../../db/context.ts';
import type { DB } from '../../db/schema.ts';

export function qualificationSearchText(q: {
  code: string;
  title: string;
  titleEn: string;
  programme: string;
}) {
  return searchKey([q.code, q.title, q.titleEn, q.programme].filter(Boolean).join(' | '));
}

/**
 * Units with their qualification and ordered outcomes: by id, or every unit of one qualification.
 * Three queries whatever the number of units. The MoU, learning agreement and credential features
 * read units through this (inside their own school transaction).
 */
export async function unitsWithOutcomes(
  trx: Trx | Kysely<DB>,
  schoolId: string,
  filter: { ids: readonly string[] } | { qualificationId: string },
): Promise<UnitDetails[]> {
  let q = trx
    .selectFrom('units as u')
    .innerJoin('qualifications as q', 'q.id', 'u.qualification_id')
    .where('u.school_id', '=', schoolId)
    .select([
      'u.id',
      'u.qualification_id',
      'q.code as qualification_code',
      'q.title as qualification_title',
      'u.code',
      'u.title',
      'u.title_en',
      'u.eqf_level',
      'u.credit_points',
      'u.lock_version',
    ]);
  if ('ids' in filter) {
    if (filter.ids.length === 0) return [];
    q = q.where('u.id', 'in', filter.ids);
  } else {
    q = q.where('u.qualification_id', '=', filter.qualificationId);
  }
  const units = await q.orderBy('q.code').orderBy('u.code').orderBy('u.id').execute();
  if (units.length === 0) return [];
  const outcomes = await trx
    .selectFrom('learning_outcomes')
    .select(['id', 'unit_id', 'position', 'kind', 'text', 'text_en', 'assessment_criteria'])
    .where(
      'unit_id',
      'in',
      units.map((u) => u.id),
    )
    .orderBy('position')
    .orderBy('created_at')
    .orderBy('id')
    .execute();
  const byUnit = new Map<string, UnitDetails['outcomes']>();
  for (const o of outcomes) {
    const list = byUnit.get(o.unit_id) ?? [];
    list.push({
      id: o.id,
      position: o.position,
      kind: o.kind as OutcomeKind,
      text: o.text,
      textEn: o.text_en,
      assessmentCriteria: o.assessment_criteria,
    });
    byUnit.set(o.unit_id, list);
  }
  return units.map((u) => ({
    id: u.id,
    qualificationId: u.qualification_id,
    qualificationCode: u.qualification_code,
    qualificationTitle: u.qualification_title,
    code: u.code,
    title: u.title,
    titleEn: u.title_en,
    eqfLevel: u.eqf_level,
    creditPoints: Number(u.credit_points),
    lockVersion: u.lock_version,
    outcomes: byUnit.get(u.id) ?? [],
  }));
}

/** What refers to a qualification: placements, programmes, and memoranda naming it or one of its units. */
export async function qualificationUsage(trx: Trx, id: string) {
  const r = await sql<{ placements: number; programmes: number; mous: number }>`
    select
      (select count(*) from placements where qualification_id = ${id})::int as placements,
      (select count(*) from programmes where qualification_id = ${id})::int as programmes,
      (select count(*) from mous m where ${id}::uuid = any(m.qualification_ids)
        or m.unit_ids && array(select u.id from units u where u.qualification_id = ${id}))::int as mous`.execute(
    trx,
  );
  const row = r.rows[0] ?? { placements: 0, programmes: 0, mous: 0 };
  return { placements: Number(row.placements), programmes: Number(row.programmes), mous: Number(row.mous) };
}

/** How many memoranda name a unit. */
export async function unitUsage(trx: Trx, id: string) {
  const r = await sql<{ mous: number }>`
    select count(*)::int as mous from mous where ${id}::uuid = any(unit_ids)`.execute(trx);
  return { mous: Number(r.rows[0]?.mous ?? 0) };
}
