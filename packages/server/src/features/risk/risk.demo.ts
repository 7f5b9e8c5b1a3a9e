import { addDays } from '@tilts/shared';
import { type Kysely, sql } from 'kysely';
import type { DB } from '../../db/schema.ts';

/**
 * Small factories for the records the at-risk signals read (the demo school, the tests and the
 * benchmark share them): they write rows the way the diary, plan and contact features store them.
 */

/** One diary entry per day from `from` to `to`, both included. */
export async function insertDiaryDays(
  db: Kysely<DB>,
  o: {
    schoolId: string;
    placementId: string;
    learnerId: string;
    from: string;
    to: string;
    hours?: number;
    status?: 'submitted' | 'confirmed' | 'returned';
  },
) {
  await sql`
    insert into diary_entries (school_id, placement_id, learner_id, entry_date, hours, work_done, status)
    select ${o.schoolId}, ${o.placementId}, ${o.learnerId}, d::date, ${o.hours ?? 8}, 'Darbs uzņēmumā', ${o.status ?? 'confirmed'}
    from generate_series(${o.from}::date, ${o.to}::date, interval '1 day') d
    on conflict (placement_id, learner_id, entry_date) do nothing
  `.execute(db);
}

/** Tasks with these deadlines for the learner; the first `done` of them done. */
export async function insertTasks(
  db: Kysely<DB>,
  o: { schoolId: string; placementId: string; learnerId: string; dueDates: string[]; done: number },
) {
  for (const [i, due] of o.dueDates.entries()) {
    const task = await db
      .insertInto('placement_tasks')
      .values({
        school_id: o.schoolId,
        placement_id: o.placementId,
        title: `Uzdevums ${i + 1}`,
        due_date: due,
        position: i,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await db
      .insertInto('task_progress')
      .values({
        school_id: o.schoolId,
        task_id: task.id,
        placement_id: o.placementId,
        learner_id: o.learnerId,
        due_date: due,
        done_at: i < o.done ? new Date(`${addDays(due, -1)}T12:00:00Z`) : null,
      })
      .execute();
  }
}

/** A contact that took place (or, with `planned`, one planned ahead). */
export async function insertContact(
  db: Kysely<DB>,
  o: { schoolId: string; placementId: string; date: string; planned?: boolean },
) {
  await db
    .insertInto('placement_contacts')
    .values({
      school_id: o.schoolId,
      placement_id: o.placementId,
      contact_date: o.date,
      channel: 'phone',
      participants: 'Mentors, audzēknis',
      planned: o.planned ?? false,
    })
    .execute();
}

/**
 * A submitted assessment of the learner's outcomes on an agreement made just for it: `achieved` of
 * `total` outcomes achieved, the rest partly. Enough for the at-risk signal, not a real agreement.
 */
export async function insertSubmittedAssessment(
  db: Kysely<DB>,
  o: {
    schoolId: string;
    placementId: string;
    learnerId: string;
    achieved: number;
    total: number;
    submittedAt: Date;
    stage?: 'mid_term' | 'final';
  },
) {
  const participant = await db
    .selectFrom('placement_participants')
    .select('id')
    .where('placement_id', '=', o.placementId)
    .where('user_id', '=', o.learnerId)
    .executeTakeFirstOrThrow();
  let agreement = await db
    .selectFrom('agreements')
    .select('id')
    .where('placement_id', '=', o.placementId)
    .where('learner_id', '=', o.learnerId)
    .executeTakeFirst();
  agreement ??= await db
    .insertInto('agreements')
    .values({
      school_id: o.schoolId,
      placement_id: o.placementId,
      participant_id: participant.id,
      learner_id: o.learnerId,
      kind: 'internship_agreement',
      signed_version: 1,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  let version = await db
    .selectFrom('agreement_versions')
    .select('id')
    .where('agreement_id', '=', agreement.id)
    .executeTakeFirst();
  version ??= await db
    .insertInto('agreement_versions')
    .values({
      school_id: o.schoolId,
      agreement_id: agreement.id,
      version: 1,
      status: 'signed',
      content: JSON.stringify({}),
      content_hash: '0'.repeat(64),
      signed_at: o.submittedAt,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  const assessment = await db
    .insertInto('assessments')
    .values({
      school_id: o.schoolId,
      agreement_id: agreement.id,
      version_id: version.id,
      stage: o.stage ?? 'mid_term',
      status: 'submitted',
      submitted_at: o.submittedAt,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  await db
    .insertInto('assessment_outcomes')
    .values(
      Array.from({ length: o.total }, (_, i) => ({
        school_id: o.schoolId,
        assessment_id: assessment.id,
        outcome_id: `o${i + 1}`,
        result: i < o.achieved ? ('achieved' as const) : ('partly' as const),
      })),
    )
    .execute();
}

/**
 * The demo school's at-risk screen has something to show: the virtual internship's learner writes
 * every day but the last contact is older than the plan's three days (amber). The demo learner's
 * internship has no diary yet, so it shows red until they write (the diary's own demo may add some).
 */
export async function seedDemoRisk(db: Kysely<DB>, schoolId: string, today: string) {
  const virtual = await db
    .selectFrom('placements as p')
    .innerJoin('placement_participants as pp', 'pp.placement_id', 'p.id')
    .select(['p.id', 'p.start_date', 'pp.user_id'])
    .where('p.school_id', '=', schoolId)
    .where('p.status', '=', 'in_progress')
    .where('p.comm_every_days', 'is not', null)
    .where('pp.role', '=', 'learner')
    .executeTakeFirst();
  if (!virtual) return;
  await insertDiaryDays(db, {
    schoolId,
    placementId: virtual.id,
    learnerId: virtual.user_id,
    from: virtual.start_date,
    to: addDays(today, -1),
    hours: 6,
  });
  await insertContact(db, { schoolId, placementId: virtual.id, date: addDays(virtual.start_date, 1) });
  await insertContact(db, { schoolId, placementId: virtual.id, date: addDays(today, 2), planned: true });
}
