import { strToU8, zipSync } from 'fflate';
import { type Actor, inSchool, type Trx } from '../../db/context.ts';
import type { Deps } from '../../deps.ts';
import { AppError } from '../../errors.ts';
import { versionPdf } from '../agreements/agreements.files.ts';
import { actorForAudit, recordAudit } from '../audit/audit.service.ts';
import { schoolToday } from '../calls/calls.repository.ts';
import { openProfiles } from './profiles.repository.ts';

/** Rows as JSON keeps them: dates as ISO text, bytes left out (they go into the zip as files). */
function plain(rows: Record<string, unknown>[]): Record<string, unknown>[] {
  return rows.map((row) =>
    Object.fromEntries(
      Object.entries(row)
        .filter(([, v]) => !(v instanceof Uint8Array))
        .map(([k, v]) => [k, v instanceof Date ? v.toISOString() : v]),
    ),
  );
}

/** A file name safe in any zip tool: no folders, no odd characters. */
const safeName = (name: string) => name.replace(/[^\p{L}\p{N}._-]+/gu, '_').slice(0, 120) || 'file';

/** Everything Tilts holds about one person in the actor's school, as tables of rows. */
async function gather(trx: Trx, userId: string) {
  const placementIds = (
    await trx
      .selectFrom('placement_participants')
      .select('placement_id')
      .where('user_id', '=', userId)
      .execute()
  ).map((r) => r.placement_id);
  const inPlacements = placementIds.length > 0 ? placementIds : ['00000000-0000-0000-0000-000000000000'];
  const agreementIds = (
    await trx.selectFrom('agreements').select('id').where('learner_id', '=', userId).execute()
  ).map((r) => r.id);
  const inAgreements = agreementIds.length > 0 ? agreementIds : ['00000000-0000-0000-0000-000000000000'];
  const entryIds = (
    await trx.selectFrom('diary_entries').select('id').where('learner_id', '=', userId).execute()
  ).map((r) => r.id);
  const inEntries = entryIds.length > 0 ? entryIds : ['00000000-0000-0000-0000-000000000000'];
  const versionIds = (
    await trx
      .selectFrom('agreement_versions')
      .select('id')
      .where('agreement_id', 'in', inAgreements)
      .execute()
  ).map((r) => r.id);
  const inVersions = versionIds.length > 0 ? versionIds : ['00000000-0000-0000-0000-000000000000'];

  const account = await trx
    .selectFrom('users')
    .select([
      'id',
      'email',
      'given_name',
      'family_name',
      'locale',
      'is_active',
      'last_sign_in_at',
      'created_at',
    ])
    .where('id', '=', userId)
    .executeTakeFirstOrThrow();
  const tables = {
    memberships: await trx.selectFrom('memberships').selectAll().where('user_id', '=', userId).execute(),
    placements: await trx
      .selectFrom('placements as p')
      .innerJoin('placement_participants as pp', 'pp.placement_id', 'p.id')
      .select([
        'p.id',
        'p.kind',
        'p.activity_type',
        'p.title',
        'p.destination_country',
        'p.destination_city',
        'p.start_date',
        'p.end_date',
        'p.mode',
        'p.status',
        'p.supervisor_name',
        'p.supervisor_email',
        'pp.role as participant_role',
        'pp.fewer_opportunities',
        'pp.graduation_date',
      ])
      .where('pp.user_id', '=', userId)
      .execute(),
    applications: await trx
      .selectFrom('call_applications')
      .selectAll()
      .where('learner_id', '=', userId)
      .execute(),
    intakes: await trx.selectFrom('placement_intakes').selectAll().where('learner_id', '=', userId).execute(),
    introductions: await trx
      .selectFrom('placement_introductions')
      .selectAll()
      .where('author_id', '=', userId)
      .execute(),
    agreements: await trx.selectFrom('agreements').selectAll().where('learner_id', '=', userId).execute(),
    agreementVersions: await trx
      .selectFrom('agreement_versions')
      .select(['id', 'agreement_id', 'version', 'status', 'content', 'content_hash', 'sent_at', 'signed_at'])
      .where('agreement_id', 'in', inAgreements)
      .execute(),
    agreementSignatures: await trx
      .selectFrom('agreement_signatures')
      .select(['version_id', 'party', 'signed_at', 'signed_name', 'signed_email', 'sign_method'])
      .where('version_id', 'in', inVersions)
      .execute(),
    assessments: await trx
      .selectFrom('assessments')
      .selectAll()
      .where('agreement_id', 'in', inAgreements)
      .execute(),
    assessmentOutcomes: await trx
      .selectFrom('assessment_outcomes')
      .selectAll()
      .where(
        'assessment_id',
        'in',
        trx.selectFrom('assessments').select('id').where('agreement_id', 'in', inAgreements),
      )
      .execute(),
    recognitions: await trx.selectFrom('recognitions').selectAll().where('learner_id', '=', userId).execute(),
    diaryEntries: await trx
      .selectFrom('diary_entries')
      .selectAll()
      .where('learner_id', '=', userId)
      .execute(),
    diaryComments: await trx
      .selectFrom('diary_comments')
      .selectAll()
      .where('entry_id', 'in', inEntries)
      .execute(),
    tasks: await trx.selectFrom('task_progress').selectAll().where('learner_id', '=', userId).execute(),
    messages: await trx
      .selectFrom('placement_messages')
      .select(['id', 'placement_id', 'author_name', 'author_role', 'body', 'created_at'])
      .where('placement_id', 'in', inPlacements)
      .orderBy('seq')
      .execute(),
    goals: await trx.selectFrom('learner_goals').selectAll().where('learner_id', '=', userId).execute(),
    selfAssessments: await trx
      .selectFrom('outcome_self_assessments')
      .selectAll()
      .where('learner_id', '=', userId)
      .execute(),
    helpTickets: await trx.selectFrom('help_tickets').selectAll().where('asker_id', '=', userId).execute(),
    helpReplies: await trx
      .selectFrom('help_ticket_replies')
      .select(['ticket_id', 'body', 'created_at'])
      .where('ticket_id', 'in', trx.selectFrom('help_tickets').select('id').where('asker_id', '=', userId))
      .execute(),
    forumQuestions: await trx
      .selectFrom('forum_questions')
      .selectAll()
      .where('author_id', '=', userId)
      .execute(),
    forumAnswers: await trx.selectFrom('forum_answers').selectAll().where('author_id', '=', userId).execute(),
    credentials: await trx
      .selectFrom('credentials')
      .select(['id', 'title', 'grade', 'issued_at', 'valid_until', 'revoked_at', 'suspended_at'])
      .where('learner_id', '=', userId)
      .execute(),
    credentialShares: await trx
      .selectFrom('credential_shares as s')
      .innerJoin('credentials as c', 'c.id', 's.credential_id')
      .select([
        's.credential_id',
        's.purpose',
        's.label',
        's.created_at',
        's.expires_at',
        's.revoked_at',
        's.views',
      ])
      .where('c.learner_id', '=', userId)
      .execute(),
    notifications: await trx.selectFrom('notifications').selectAll().where('user_id', '=', userId).execute(),
    mail: await trx
      .selectFrom('mail_messages')
      .select(['to_address', 'subject', 'template', 'status', 'created_at', 'sent_at'])
      .where('to_address', '=', account.email)
      .execute(),
    auditEntries: await trx
      .selectFrom('audit_log')
      .select(['id', 'actor_email', 'action', 'entity_type', 'entity_id', 'created_at'])
      .where((eb) => eb.or([eb('entity_id', '=', userId), eb('actor_id', '=', userId)]))
      .orderBy('id')
      .execute(),
  };
  const files = await trx
    .selectFrom('diary_attachments as a')
    .innerJoin('diary_entries as e', 'e.id', 'a.entry_id')
    .innerJoin('stored_files as f', 'f.id', 'a.file_id')
    .select(['f.id', 'f.filename', 'f.content_type', 'f.data', 'e.entry_date'])
    .where('e.learner_id', '=', userId)
    .execute();
  const credentialDocuments = await trx
    .selectFrom('credentials')
    .select(['id', 'document'])
    .where('learner_id', '=', userId)
    .execute();
  return { account, tables, files, credentialDocuments, agreementIds };
}

/**
 * A person's own data as a zip: `tilts-data.json` (the account, the profile with the birth date and
 * personal code opened, and every table with rows about them), each agreement's latest version as a
 * PDF in their language, the files attached to their diary, and each issued credential's signed
 * JSON exactly as issued. Audited.
 */
export async function exportPersonalData(
  deps: Deps,
  actor: Actor,
): Promise<{ bytes: Uint8Array; filename: string }> {
  // A person's own data is theirs to download: not for staff viewing the app as them.
  if (actor.viewedBy) throw new AppError('forbidden');
  const data = await inSchool(deps.db, actor.schoolId, async (trx) => {
    const gathered = await gather(trx, actor.userId);
    const profile = (await openProfiles(trx, [actor.userId])).get(actor.userId) ?? null;
    const latest = await trx
      .selectFrom('agreements')
      .select(['id', 'current_version', 'signed_version'])
      .where('learner_id', '=', actor.userId)
      .execute();
    await recordAudit(trx, actorForAudit(actor), {
      action: 'personal_data.exported',
      entityType: 'user',
      entityId: actor.userId,
      after: {
        tables: Object.fromEntries(Object.entries(gathered.tables).map(([k, rows]) => [k, rows.length])),
        files: gathered.files.length,
        credentials: gathered.credentialDocuments.length,
      },
    });
    return { ...gathered, profile, latest };
  });
  const pdfs: Record<string, Uint8Array> = {};
  for (const a of data.latest) {
    const version = a.signed_version ?? a.current_version;
    const { bytes } = await versionPdf(deps, actor, a.id, version, actor.locale);
    pdfs[`documents/agreements/agreement-${a.id.slice(0, 8)}-v${version}.pdf`] = bytes;
  }
  const now = deps.now();
  const json = {
    exportedAt: now.toISOString(),
    about:
      actor.locale === 'lv'
        ? 'Viss, kas Tilts par jums glabājas šajā skolā. Dokumenti ir mapē documents, sertifikāti mapē credentials.'
        : 'Everything Tilts holds about you in this school. Documents are in the documents folder, credentials in credentials.',
    account: plain([data.account])[0],
    profile: data.profile,
    ...Object.fromEntries(
      Object.entries(data.tables).map(([k, rows]) => [k, plain(rows as Record<string, unknown>[])]),
    ),
  };
  const entries: Record<string, Uint8Array> = {
    'tilts-data.json': strToU8(JSON.stringify(json, null, 2)),
    ...pdfs,
  };
  for (const f of data.files) {
    entries[`documents/diary/${f.entry_date}-${f.id.slice(0, 8)}-${safeName(f.filename)}`] = new Uint8Array(
      f.data,
    );
  }
  for (const c of data.credentialDocuments) entries[`credentials/${c.id}.json`] = strToU8(c.document);
  return { bytes: zipSync(entries, { level: 6 }), filename: `tilts-${schoolToday(now)}.zip` };
}
