import { createHash } from 'node:crypto';
import type { RetentionSettings, RetentionView } from '@tilts/shared';
import { sql } from 'kysely';
import { type Actor, inSchool, type Trx } from '../../db/context.ts';
import type { Deps } from '../../deps.ts';
import { AppError } from '../../errors.ts';
import { actorForAudit, recordAudit } from '../audit/audit.service.ts';
import { schoolToday } from '../calls/calls.repository.ts';

const DEFAULT_RETENTION_YEARS = 5;

/** The date `years` before `today` (YYYY-MM-DD); 29 February falls back to the 28th. */
export function yearsBefore(today: string, years: number): string {
  const [y, m, d] = today.split('-').map(Number) as [number, number, number];
  const date = new Date(Date.UTC(y - years, m - 1, d));
  if (date.getUTCMonth() !== m - 1) date.setUTCDate(0);
  return date.toISOString().slice(0, 10);
}

/** A pseudonym that stays the same for one person (the same learner is one row in any statistics). */
export function pseudonymOf(userId: string): { givenName: string; familyName: string; email: string } {
  const tag = createHash('sha256').update(userId).digest('hex').slice(0, 8).toUpperCase();
  // .invalid is reserved (RFC 2606): mail to it is never delivered anywhere.
  return { givenName: 'Anonimizēts', familyName: tag, email: `anonymised-${userId}@anonymised.invalid` };
}

async function retentionYears(trx: Trx, schoolId: string): Promise<number> {
  const row = await trx
    .selectFrom('school_placement_settings')
    .select('retention_years')
    .where('school_id', '=', schoolId)
    .executeTakeFirst();
  return row?.retention_years ?? DEFAULT_RETENTION_YEARS;
}

/** Learners of the school whose last placement ended before `cutoff` and who are not yet anonymised. */
async function dueLearners(trx: Trx, schoolId: string, cutoff: string) {
  return (
    await sql<{ user_id: string; last_end: string }>`
      select pp.user_id, max(p.end_date)::text as last_end
      from placement_participants pp
      join placements p on p.id = pp.placement_id
      join memberships m on m.user_id = pp.user_id and m.school_id = pp.school_id and m.role = 'learner'
      join users u on u.id = pp.user_id
      where pp.school_id = ${schoolId} and u.anonymised_at is null
      group by pp.user_id
      having max(p.end_date) < ${cutoff}::date`.execute(trx)
  ).rows;
}

/**
 * Replaces one learner's personal data with a pseudonym, in the caller's transaction. What the
 * statistics count stays (placements, participants, statuses, countries, dates, assessments'
 * results); what identifies the person or is their own words goes. Issued credentials are not
 * touched: their signed JSON is the learner's, and it must keep verifying.
 */
export async function anonymiseLearner(trx: Trx, schoolId: string, userId: string, now: Date) {
  const user = await trx
    .selectFrom('users')
    .select(['email'])
    .where('id', '=', userId)
    .executeTakeFirstOrThrow();
  const p = pseudonymOf(userId);
  const name = `${p.givenName} ${p.familyName}`;
  await trx
    .updateTable('users')
    .set({
      email: p.email,
      given_name: p.givenName,
      family_name: p.familyName,
      password_hash: null,
      is_active: false,
      anonymised_at: now,
      updated_at: now,
    })
    .where('id', '=', userId)
    .execute();
  await trx
    .updateTable('memberships')
    .set({ is_active: false })
    .where('user_id', '=', userId)
    .where('school_id', '=', schoolId)
    .execute();
  await trx
    .updateTable('learner_profiles')
    .set({
      date_of_birth: null,
      date_of_birth_sealed: null,
      national_id_sealed: null,
      group_name: '',
      guardian_name: '',
      guardian_email: '',
      guardian_phone: '',
      updated_at: now,
    })
    .where('user_id', '=', userId)
    .execute();
  // Sessions and every link that could sign them in or show their data.
  await trx.deleteFrom('sessions').where('user_id', '=', userId).execute();
  await trx
    .deleteFrom('auth_tokens')
    .where((eb) => eb.or([eb('user_id', '=', userId), eb(sql`lower(email)`, '=', user.email.toLowerCase())]))
    .execute();
  await trx.deleteFrom('calendar_feeds').where('user_id', '=', userId).execute();
  await trx.deleteFrom('notifications').where('user_id', '=', userId).execute();
  await trx
    .updateTable('credential_shares')
    .set({ revoked_at: now, label: '' })
    .where('credential_id', 'in', trx.selectFrom('credentials').select('id').where('learner_id', '=', userId))
    .where('revoked_at', 'is', null)
    .execute();
  // Their own words, blanked; the rows stay, so counts of entries and messages stay right.
  await trx
    .updateTable('diary_entries')
    .set({ work_done: '', reflection: '' })
    .where('learner_id', '=', userId)
    .execute();
  await trx
    .updateTable('diary_comments')
    .set({ body: '', author_name: name })
    .where('author_id', '=', userId)
    .execute();
  await trx
    .updateTable('placement_messages')
    .set({ body: '', author_name: name })
    .where('author_id', '=', userId)
    .execute();
  await trx
    .updateTable('placement_introductions')
    .set({ body: '', author_name: name })
    .where('author_id', '=', userId)
    .execute();
  await trx
    .updateTable('placement_intakes')
    .set({ prior_knowledge: '', social_environment: '', expectations: '', needs: '' })
    .where('learner_id', '=', userId)
    .execute();
  await trx.updateTable('learner_goals').set({ text: '' }).where('learner_id', '=', userId).execute();
  await trx
    .updateTable('outcome_self_assessments')
    .set({ comment: '' })
    .where('learner_id', '=', userId)
    .execute();
  await trx
    .updateTable('call_applications')
    .set({ motivation: '' })
    .where('learner_id', '=', userId)
    .execute();
  await trx
    .updateTable('call_interviews')
    .set({ notes: '' })
    .where(
      'application_id',
      'in',
      trx.selectFrom('call_applications').select('id').where('learner_id', '=', userId),
    )
    .execute();
  await trx
    .updateTable('help_tickets')
    .set({ subject: '', body: '' })
    .where('asker_id', '=', userId)
    .execute();
  await trx.updateTable('help_ticket_replies').set({ body: '' }).where('author_id', '=', userId).execute();
  await trx
    .updateTable('forum_questions')
    .set({ body: '', search_text: '' })
    .where('author_id', '=', userId)
    .execute();
  await trx.updateTable('forum_answers').set({ body: '' }).where('author_id', '=', userId).execute();
  // The agreements keep their versions and statuses; the learner's and guardian's details in them go.
  await sql`
    update agreement_versions set content = jsonb_set(
      jsonb_set(content, '{learner}', jsonb_build_object(
        'givenName', ${p.givenName}::text, 'familyName', ${p.familyName}::text, 'email', ${p.email}::text,
        'dateOfBirth', null)),
      '{guardian}', 'null'::jsonb)
    where agreement_id in (select id from agreements where learner_id = ${userId})`.execute(trx);
  await trx
    .updateTable('agreement_signatures')
    .set({ expected_name: name, expected_email: '', signed_name: name, signed_email: '', signed_ip: null })
    .where('party', 'in', ['learner', 'guardian'])
    .where(
      'version_id',
      'in',
      trx
        .selectFrom('agreement_versions')
        .select('id')
        .where(
          'agreement_id',
          'in',
          trx.selectFrom('agreements').select('id').where('learner_id', '=', userId),
        ),
    )
    .execute();
  await trx
    .updateTable('mail_messages')
    .set({ to_address: p.email, subject: '', text_body: '' })
    .where('to_address', '=', user.email)
    .execute();
}

/** How long an import of people keeps the file's rows (for its preview) before only its counts remain. */
export const IMPORT_ROWS_DAYS = 30;

/**
 * An import of learners or staff keeps the checked rows (names, e-mails, sealed codes) for the preview
 * and the confirmation; after IMPORT_ROWS_DAYS they are dropped and the batch keeps its counts and
 * result, so a register's people do not outlive their retention inside old uploads.
 */
async function forgetImportedPeople(db: Deps['db'], now: Date) {
  const before = new Date(now.getTime() - IMPORT_ROWS_DAYS * 86_400_000);
  await sql`
    update import_batches set rows = rows || '{"rows": [], "sample": [], "problems": []}'::jsonb
    where kind in ('learners', 'staff') and created_at < ${before}
      and (jsonb_array_length(rows -> 'rows') > 0 or jsonb_array_length(rows -> 'sample') > 0)`.execute(db);
}

/**
 * The scheduled job: in every school, anonymises the learners whose last placement ended more than
 * the school's retention period ago. One transaction and one audit entry per learner.
 */
export async function anonymiseDue(deps: Pick<Deps, 'db' | 'now'>): Promise<number> {
  const now = deps.now();
  const today = schoolToday(now);
  await forgetImportedPeople(deps.db, now);
  const schools = await deps.db.selectFrom('schools').select('id').execute();
  let done = 0;
  for (const school of schools) {
    const due = await inSchool(deps.db, school.id, async (trx) =>
      dueLearners(trx, school.id, yearsBefore(today, await retentionYears(trx, school.id))),
    );
    for (const learner of due) {
      // As the tables' owner, like the other scheduled jobs: the request role may not rewrite a
      // thread's messages, which are append-only for it.
      await deps.db.transaction().execute(async (trx) => {
        const years = await retentionYears(trx, school.id);
        await anonymiseLearner(trx, school.id, learner.user_id, now);
        await recordAudit(
          trx,
          { schoolId: school.id, email: 'system' },
          {
            action: 'learner.anonymised',
            entityType: 'user',
            entityId: learner.user_id,
            after: { lastPlacementEnded: learner.last_end, retentionYears: years },
          },
        );
      });
      done++;
    }
  }
  return done;
}

async function view(trx: Trx, schoolId: string, today: string): Promise<RetentionView> {
  const years = await retentionYears(trx, schoolId);
  const cutoff = yearsBefore(today, years);
  const due = await dueLearners(trx, schoolId, cutoff);
  const anonymised = await trx
    .selectFrom('memberships as m')
    .innerJoin('users as u', 'u.id', 'm.user_id')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('m.school_id', '=', schoolId)
    .where('u.anonymised_at', 'is not', null)
    .executeTakeFirstOrThrow();
  return { retentionYears: years, cutoff, due: due.length, anonymised: Number(anonymised.n) };
}

/** The school's retention period, and how many learners it makes due now. */
export async function getRetention(deps: Deps, actor: Actor): Promise<RetentionView> {
  return inSchool(deps.db, actor.schoolId, (trx) => view(trx, actor.schoolId, schoolToday(deps.now())));
}

/** The admin sets how many years after the last placement a learner's data is kept; audited. */
export async function setRetention(
  deps: Deps,
  actor: Actor,
  input: RetentionSettings,
): Promise<RetentionView> {
  if (actor.role !== 'admin') throw new AppError('forbidden');
  return inSchool(deps.db, actor.schoolId, async (trx) => {
    const before = await retentionYears(trx, actor.schoolId);
    await trx
      .insertInto('school_placement_settings')
      .values({ school_id: actor.schoolId, retention_years: input.retentionYears, updated_at: deps.now() })
      .onConflict((oc) =>
        oc.column('school_id').doUpdateSet({ retention_years: input.retentionYears, updated_at: deps.now() }),
      )
      .execute();
    await recordAudit(trx, actorForAudit(actor), {
      action: 'school.retention_changed',
      entityType: 'school',
      entityId: actor.schoolId,
      before: { retentionYears: before },
      after: { retentionYears: input.retentionYears },
    });
    return view(trx, actor.schoolId, schoolToday(deps.now()));
  });
}
