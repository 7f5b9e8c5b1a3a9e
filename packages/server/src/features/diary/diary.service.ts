import { createHash, randomUUID } from 'node:crypto';
import {
  addDays,
  type DiaryEntry,
  type DiaryEntryInput,
  type DiaryEntryResponse,
  type DiaryEntryUpdate,
  type DiaryHours,
  type DiaryLinkEntry,
  type DiaryLinkResult,
  type DiaryLinkReview,
  type DiaryLinkView,
  type DiaryResponse,
  type DiarySendResponse,
  MAX_DIARY_FILE_BYTES,
  type MyDiaryResponse,
  weekStart,
} from '@tilts/shared';
import { type Selectable, sql } from 'kysely';
import { type Actor, inSchool, type Trx } from '../../db/context.ts';
import type { DiaryEntriesTable } from '../../db/schema.ts';
import type { Deps } from '../../deps.ts';
import { AppError } from '../../errors.ts';
import {
  type AuditActor,
  actorForAudit,
  auditAppendCtes,
  ensureChainHead,
  recordAudit,
} from '../audit/audit.service.ts';
import { schoolToday } from '../calls/calls.repository.ts';
import { issueLink, openLink } from '../links/links.service.ts';
import { queueMail } from '../mail/mail.service.ts';
import { type PlacementRow, placementParties, supportStaff, visiblePlacement } from '../support/parties.ts';
import { diaryReviewMail } from './diary.mail.ts';
import { cleanFilename, contentTypes, kindOfName, sniffKind } from './files.ts';

/** The purpose of the link that lets the workplace supervisor confirm or return diary entries. */
export const DIARY_LINK = 'diary.review';
const LINK_DAYS = 30;
/** Files one entry may carry. */
export const MAX_FILES_PER_ENTRY = 10;
/** Confirmed entries the supervisor's page shows below the waiting ones. */
const RECENT_CONFIRMED = 20;

/** Where a request came from, for the audit entry of someone acting through a link. */
export interface RequestMeta {
  ip?: string;
  requestId?: string;
}

type EntryRow = Selectable<DiaryEntriesTable>;

const closed = (status: string) => status === 'cancelled' || status === 'closed';
const fullName = (u: { given_name: string; family_name: string }) => `${u.given_name} ${u.family_name}`;

function hoursView(stats: {
  done: string | number;
  confirmed: string | number;
  entries: string | number;
  unconfirmed: string | number;
  planned: number | null;
}): DiaryHours {
  return {
    done: Number(stats.done),
    confirmed: Number(stats.confirmed),
    planned: stats.planned,
    entries: Number(stats.entries),
    unconfirmed: Number(stats.unconfirmed),
  };
}

/** Hours of a placement's diary, for one learner or (learnerId null) all of them. */
async function hoursOf(trx: Trx, placementId: string, planned: number | null, learnerId: string | null) {
  const { rows } = await sql<{ done: string; confirmed: string; entries: string; unconfirmed: string }>`
    select coalesce(sum(hours), 0) as done,
      coalesce(sum(hours) filter (where status = 'confirmed'), 0) as confirmed,
      count(*) as entries,
      count(*) filter (where status <> 'confirmed') as unconfirmed
    from diary_entries
    where placement_id = ${placementId}
      and (${learnerId}::uuid is null or learner_id = ${learnerId}::uuid)`.execute(trx);
  return hoursView({ ...rows[0]!, planned });
}

/** The entries with their learner's name, attachments and comments, newest first. */
async function entryViews(trx: Trx, actor: Actor | null, rows: EntryRow[]): Promise<DiaryEntry[]> {
  if (rows.length === 0) return [];
  const ids = rows.map((r) => r.id);
  const learnerIds = [...new Set(rows.map((r) => r.learner_id))];
  const [learners, files, comments] = await Promise.all([
    trx
      .selectFrom('users')
      .select(['id', 'given_name', 'family_name'])
      .where('id', 'in', learnerIds)
      .execute(),
    attachmentsOf(trx, ids),
    trx
      .selectFrom('diary_comments')
      .select(['id', 'entry_id', 'author_name', 'body', 'created_at'])
      .where('entry_id', 'in', ids)
      .orderBy('created_at')
      .orderBy('id')
      .execute(),
  ]);
  const names = new Map(learners.map((u) => [u.id, fullName(u)]));
  return rows.map((r) => ({
    id: r.id,
    placementId: r.placement_id,
    learner: { id: r.learner_id, name: names.get(r.learner_id) ?? '' },
    entryDate: r.entry_date,
    hours: Number(r.hours),
    workDone: r.work_done,
    reflection: r.reflection,
    status: r.status,
    supervisorComment: r.supervisor_comment,
    reviewedAt: r.reviewed_at ? r.reviewed_at.toISOString() : null,
    reviewedByName: r.reviewed_by_name,
    lockVersion: r.lock_version,
    attachments: files.get(r.id) ?? [],
    comments: comments
      .filter((c) => c.entry_id === r.id)
      .map((c) => ({
        id: c.id,
        authorName: c.author_name,
        body: c.body,
        createdAt: c.created_at.toISOString(),
      })),
    canEdit: actor !== null && actor.userId === r.learner_id && r.status !== 'confirmed',
  }));
}

async function attachmentsOf(trx: Trx, entryIds: string[]) {
  const map = new Map<string, DiaryEntry['attachments']>();
  if (entryIds.length === 0) return map;
  const rows = await trx
    .selectFrom('diary_attachments as a')
    .innerJoin('stored_files as f', 'f.id', 'a.file_id')
    .select(['a.entry_id', 'f.id', 'f.filename', 'f.content_type', 'f.size'])
    .where('a.entry_id', 'in', entryIds)
    .orderBy('f.created_at')
    .execute();
  for (const f of rows) {
    const list = map.get(f.entry_id) ?? [];
    list.push({ id: f.id, filename: f.filename, contentType: f.content_type, size: f.size });
    map.set(f.entry_id, list);
  }
  return map;
}

/** Is the actor one of the placement's learners? */
async function isLearnerOf(trx: Trx, actor: Actor, placementId: string) {
  if (actor.role !== 'learner') return false;
  const row = await trx
    .selectFrom('placement_participants')
    .select('id')
    .where('placement_id', '=', placementId)
    .where('user_id', '=', actor.userId)
    .where('role', '=', 'learner')
    .executeTakeFirst();
  return Boolean(row);
}

/**
 * A placement's diary: a learner reads and writes their own entries; the mentor, accompanying
 * teachers, coordinators and admins (the staff who see the placement) read every learner's and
 * comment. The workplace supervisor reads it only through their link.
 */
export async function getDiary(deps: Deps, actor: Actor, placementId: string): Promise<DiaryResponse> {
  return inSchool(deps.db, actor.schoolId, async (trx) => {
    const p = await visiblePlacement(trx, actor, placementId);
    const learner = await isLearnerOf(trx, actor, p.id);
    const staff = supportStaff.includes(actor.role);
    if (!learner && !staff) throw new AppError('not_found');
    let q = trx.selectFrom('diary_entries').selectAll().where('placement_id', '=', p.id);
    if (!staff) q = q.where('learner_id', '=', actor.userId);
    const rows = await q.orderBy('entry_date', 'desc').orderBy('learner_id').execute();
    const hours = await hoursOf(trx, p.id, p.planned_hours, staff ? null : actor.userId);
    return {
      placement: {
        id: p.id,
        title: p.title,
        startDate: p.start_date,
        endDate: p.end_date,
        supervisorName: p.supervisor_name,
        hasSupervisorEmail: p.supervisor_email.trim() !== '',
      },
      hours,
      canWrite: learner && !closed(p.status),
      canComment: staff,
      entries: await entryViews(trx, actor, rows),
    };
  });
}

/**
 * The learner's placements that have started or are about to (not drafts, not closed or cancelled),
 * each with the hours of their own entries against the plan: what the learner's home shows.
 */
export async function myDiary(deps: Deps, actor: Actor): Promise<MyDiaryResponse> {
  if (actor.role !== 'learner') throw new AppError('forbidden');
  return inSchool(deps.db, actor.schoolId, async (trx) => {
    const { rows } = await sql<{
      id: string;
      title: string;
      start_date: string;
      end_date: string;
      planned_hours: number | null;
      done: string;
      confirmed: string;
      entries: string;
      unconfirmed: string;
      last_entry: string | null;
    }>`
      select p.id, p.title, p.start_date, p.end_date, p.planned_hours,
        coalesce(sum(e.hours), 0) as done,
        coalesce(sum(e.hours) filter (where e.status = 'confirmed'), 0) as confirmed,
        count(e.id) as entries,
        count(e.id) filter (where e.status <> 'confirmed') as unconfirmed,
        to_char(max(e.entry_date), 'YYYY-MM-DD') as last_entry
      from placements p
      join placement_participants pp on pp.placement_id = p.id and pp.user_id = ${actor.userId} and pp.role = 'learner'
      left join diary_entries e on e.placement_id = p.id and e.learner_id = ${actor.userId}
      where p.status in ('planned', 'ready', 'in_progress', 'completed')
      group by p.id
      order by p.start_date desc
      limit 10`.execute(trx);
    return {
      items: rows.map((r) => ({
        placementId: r.id,
        title: r.title,
        startDate: r.start_date,
        endDate: r.end_date,
        hours: hoursView({ ...r, planned: r.planned_hours }),
        lastEntryDate: r.last_entry,
      })),
    };
  });
}

/**
 * Why an entry could not be written: the first rule it breaks, with the words the learner needs.
 * Runs only when the one-statement insert wrote nothing, so the usual write stays one round trip.
 */
async function refusal(trx: Trx, actor: Actor, placementId: string, date: string, today: string) {
  const p = await visiblePlacement(trx, actor, placementId);
  if (!(await isLearnerOf(trx, actor, p.id)))
    throw new AppError('forbidden', { fields: { _: 'diary_not_learner' } });
  if (closed(p.status)) throw new AppError('conflict', { fields: { entryDate: 'placement_closed' } });
  return (
    checkDate(p, date, today) ??
    new AppError('conflict', { fields: { entryDate: { key: 'diary_same_day', params: { date } } } })
  );
}

function checkDate(p: { start_date: string; end_date: string }, date: string, today: string) {
  if (date < p.start_date || date > p.end_date) {
    return new AppError('validation_failed', {
      fields: { entryDate: { key: 'diary_outside', params: { start: p.start_date, end: p.end_date } } },
    });
  }
  if (date > today) {
    return new AppError('validation_failed', {
      fields: { entryDate: { key: 'diary_future', params: { today } } },
    });
  }
  return null;
}

/**
 * The learner writes the entry of one day, in one statement inside the transaction: it checks that
 * they are the placement's learner, that the date is within it and not ahead of today, and that the
 * day has no entry yet; inserts; appends the audit entry (only if the insert happened: the entry's
 * id is made here, so the audit entry can name it); and reads the learner's name and the hours so far
 * (its snapshot is from before the insert, so the new entry is added in). The audit chain's lock is
 * then held for that statement and the commit only.
 */
export async function createEntry(
  deps: Deps,
  actor: Actor,
  placementId: string,
  input: DiaryEntryInput,
): Promise<DiaryEntryResponse> {
  if (actor.role !== 'learner') throw new AppError('forbidden', { fields: { _: 'diary_not_learner' } });
  const now = deps.now();
  const today = schoolToday(now);
  const id = randomUUID();
  const audit = {
    action: 'diary.entry_created',
    entityType: 'diary_entry',
    entityId: id,
    after: { placementId, entryDate: input.entryDate, hours: input.hours },
  };
  return inSchool(deps.db, actor.schoolId, async (trx) => {
    const { rows } = await sql<
      EntryRow & {
        planned_hours: number | null;
        given_name: string;
        family_name: string;
        done: string;
        confirmed: string;
        entries: string;
        unconfirmed: string;
        audited: string;
      }
    >`
      with p as (
        select p.id, p.school_id, p.planned_hours from placements p
        where p.id = ${placementId}
          and p.status not in ('cancelled', 'closed')
          and ${input.entryDate}::date between p.start_date and p.end_date
          and ${input.entryDate}::date <= ${today}::date
          and exists (select 1 from placement_participants pp
            where pp.placement_id = p.id and pp.user_id = ${actor.userId} and pp.role = 'learner')
      ), e as (
        insert into diary_entries (id, school_id, placement_id, learner_id, entry_date, hours, work_done, reflection,
          created_at, updated_at)
        select ${id}::uuid, p.school_id, p.id, ${actor.userId}, ${input.entryDate}, ${input.hours}, ${input.workDone},
          ${input.reflection}, ${now}, ${now}
        from p
        on conflict (placement_id, learner_id, entry_date) do nothing
        returning *
      ), ${auditAppendCtes(actorForAudit(actor), audit, 'e')}
      select e.*, p.planned_hours, u.given_name, u.family_name,
        s.done + e.hours as done, s.confirmed, s.entries + 1 as entries, s.unconfirmed + 1 as unconfirmed,
        (select count(*) from audit_moved) as audited
      from e
      join p on p.id = e.placement_id
      join users u on u.id = e.learner_id
      cross join lateral (
        select coalesce(sum(d.hours), 0) as done,
          coalesce(sum(d.hours) filter (where d.status = 'confirmed'), 0) as confirmed,
          count(*) as entries,
          count(*) filter (where d.status <> 'confirmed') as unconfirmed
        from diary_entries d
        where d.placement_id = p.id and d.learner_id = e.learner_id
      ) s`.execute(trx);
    const row = rows[0];
    if (!row) throw await refusal(trx, actor, placementId, input.entryDate, today);
    // The school's very first audit entry: its chain's head did not exist yet.
    if (Number(row.audited) !== 1) {
      await ensureChainHead(trx, actor.schoolId);
      await recordAudit(trx, actorForAudit(actor), audit);
    }
    const entry: DiaryEntry = {
      id: row.id,
      placementId: row.placement_id,
      learner: { id: row.learner_id, name: fullName(row) },
      entryDate: row.entry_date,
      hours: Number(row.hours),
      workDone: row.work_done,
      reflection: row.reflection,
      status: row.status,
      supervisorComment: row.supervisor_comment,
      reviewedAt: null,
      reviewedByName: row.reviewed_by_name,
      lockVersion: row.lock_version,
      attachments: [],
      comments: [],
      canEdit: true,
    };
    return { entry, hours: hoursView({ ...row, planned: row.planned_hours }) };
  });
}

/** The learner's own entry, locked for the change; anyone else's is "not found". */
async function ownEntry(trx: Trx, actor: Actor, entryId: string) {
  if (actor.role !== 'learner') throw new AppError('not_found');
  const row = await trx
    .selectFrom('diary_entries')
    .selectAll()
    .where('id', '=', entryId)
    .where('learner_id', '=', actor.userId)
    .forUpdate()
    .executeTakeFirst();
  if (!row) throw new AppError('not_found');
  // Still the placement's learner (a removed participant no longer writes in it).
  const p = await visiblePlacement(trx, actor, row.placement_id);
  return { row, p };
}

function assertEditable(row: EntryRow, p: PlacementRow, lockVersion?: number) {
  if (row.status === 'confirmed') {
    throw new AppError('conflict', {
      fields: { _: { key: 'diary_locked', params: { date: row.entry_date } } },
    });
  }
  if (closed(p.status)) throw new AppError('conflict', { fields: { _: 'placement_closed' } });
  if (lockVersion !== undefined && row.lock_version !== lockVersion) {
    throw new AppError('conflict', { fields: { lockVersion: 'stale_version' } });
  }
}

/**
 * The learner changes an entry that is not confirmed. A returned entry goes back to the supervisor
 * ("submitted"). A stale edit (someone, perhaps the supervisor, changed it since) is refused and the
 * form keeps what was typed.
 */
export async function updateEntry(
  deps: Deps,
  actor: Actor,
  entryId: string,
  input: DiaryEntryUpdate,
): Promise<DiaryEntryResponse> {
  const now = deps.now();
  return inSchool(deps.db, actor.schoolId, async (trx) => {
    const { row, p } = await ownEntry(trx, actor, entryId);
    assertEditable(row, p, input.lockVersion);
    const bad = checkDate(p, input.entryDate, schoolToday(now));
    if (bad) throw bad;
    if (input.entryDate !== row.entry_date) {
      const taken = await trx
        .selectFrom('diary_entries')
        .select('id')
        .where('placement_id', '=', p.id)
        .where('learner_id', '=', actor.userId)
        .where('entry_date', '=', input.entryDate)
        .executeTakeFirst();
      if (taken) {
        throw new AppError('conflict', {
          fields: { entryDate: { key: 'diary_same_day', params: { date: input.entryDate } } },
        });
      }
    }
    const updated = await trx
      .updateTable('diary_entries')
      .set({
        entry_date: input.entryDate,
        hours: input.hours,
        work_done: input.workDone,
        reflection: input.reflection,
        status: 'submitted',
        lock_version: row.lock_version + 1,
        updated_at: now,
      })
      .where('id', '=', row.id)
      .returningAll()
      .executeTakeFirstOrThrow();
    await recordAudit(trx, actorForAudit(actor), {
      action: row.status === 'returned' ? 'diary.entry_resubmitted' : 'diary.entry_updated',
      entityType: 'diary_entry',
      entityId: row.id,
      before: { entryDate: row.entry_date, hours: Number(row.hours), status: row.status },
      after: { entryDate: updated.entry_date, hours: Number(updated.hours), status: updated.status },
    });
    const hours = await hoursOf(trx, p.id, p.planned_hours, actor.userId);
    const [entry] = await entryViews(trx, actor, [updated]);
    return { entry: entry!, hours };
  });
}

/** The learner deletes an entry that is not confirmed (its files go with it). */
export async function deleteEntry(deps: Deps, actor: Actor, entryId: string, lockVersion: number) {
  return inSchool(deps.db, actor.schoolId, async (trx) => {
    const { row, p } = await ownEntry(trx, actor, entryId);
    assertEditable(row, p, lockVersion);
    const files = await trx
      .selectFrom('diary_attachments')
      .select('file_id')
      .where('entry_id', '=', row.id)
      .execute();
    await trx.deleteFrom('diary_entries').where('id', '=', row.id).execute();
    if (files.length) {
      await trx
        .deleteFrom('stored_files')
        .where(
          'id',
          'in',
          files.map((f) => f.file_id),
        )
        .execute();
    }
    await recordAudit(trx, actorForAudit(actor), {
      action: 'diary.entry_deleted',
      entityType: 'diary_entry',
      entityId: row.id,
      before: { placementId: p.id, entryDate: row.entry_date, hours: Number(row.hours), files: files.length },
    });
    return { ok: true as const };
  });
}

/**
 * Adds a photo or a file to the learner's own entry. Its first bytes decide what it is: only the
 * allowed kinds, and only under an extension that says the same.
 */
export async function addAttachment(
  deps: Deps,
  actor: Actor,
  entryId: string,
  name: string,
  bytes: Buffer,
): Promise<DiaryEntryResponse> {
  const filename = cleanFilename(name);
  if (bytes.length > MAX_DIARY_FILE_BYTES) throw fileTooBig(filename);
  const claimed = kindOfName(filename);
  const actual = sniffKind(bytes);
  if (!claimed || !actual || bytes.length === 0) {
    throw new AppError('unsupported_media_type', {
      fields: { file: { key: 'diary_file_type', params: { name: filename } } },
    });
  }
  if (claimed !== actual) {
    throw new AppError('unsupported_media_type', {
      fields: {
        file: { key: 'diary_file_mismatch', params: { name: filename, kind: actual.toUpperCase() } },
      },
    });
  }
  return inSchool(deps.db, actor.schoolId, async (trx) => {
    const { row, p } = await ownEntry(trx, actor, entryId);
    assertEditable(row, p);
    const count = await trx
      .selectFrom('diary_attachments')
      .select((eb) => eb.fn.countAll<string>().as('n'))
      .where('entry_id', '=', row.id)
      .executeTakeFirstOrThrow();
    if (Number(count.n) >= MAX_FILES_PER_ENTRY) {
      throw new AppError('conflict', {
        fields: { file: { key: 'diary_files_max', params: { max: MAX_FILES_PER_ENTRY } } },
      });
    }
    const sha256 = createHash('sha256').update(bytes).digest('hex');
    const file = await trx
      .insertInto('stored_files')
      .values({
        school_id: p.school_id,
        owner_id: actor.userId,
        filename,
        content_type: contentTypes[actual],
        size: bytes.length,
        sha256,
        data: bytes,
        created_at: deps.now(),
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await trx
      .insertInto('diary_attachments')
      .values({ school_id: p.school_id, entry_id: row.id, file_id: file.id })
      .execute();
    await recordAudit(trx, actorForAudit(actor), {
      action: 'diary.file_added',
      entityType: 'diary_entry',
      entityId: row.id,
      after: { fileId: file.id, filename, contentType: contentTypes[actual], size: bytes.length, sha256 },
    });
    const hours = await hoursOf(trx, p.id, p.planned_hours, actor.userId);
    const [entry] = await entryViews(trx, actor, [row]);
    return { entry: entry!, hours };
  });
}

/** The refusal of a file over the limit, naming it when the name is known. */
export function fileTooBig(name = '') {
  return new AppError('payload_too_large', {
    fields: { file: { key: 'diary_file_too_big', params: { name } } },
  });
}

/** The learner removes a file from an entry that is not confirmed. */
export async function removeAttachment(
  deps: Deps,
  actor: Actor,
  entryId: string,
  fileId: string,
): Promise<DiaryEntryResponse> {
  return inSchool(deps.db, actor.schoolId, async (trx) => {
    const { row, p } = await ownEntry(trx, actor, entryId);
    assertEditable(row, p);
    const removed = await trx
      .deleteFrom('diary_attachments')
      .where('entry_id', '=', row.id)
      .where('file_id', '=', fileId)
      .executeTakeFirst();
    if (Number(removed.numDeletedRows) !== 1) throw new AppError('not_found');
    const file = await trx
      .deleteFrom('stored_files')
      .where('id', '=', fileId)
      .returning('filename')
      .executeTakeFirst();
    await recordAudit(trx, actorForAudit(actor), {
      action: 'diary.file_removed',
      entityType: 'diary_entry',
      entityId: row.id,
      before: { fileId, filename: file?.filename ?? '' },
    });
    const hours = await hoursOf(trx, p.id, p.planned_hours, actor.userId);
    const [entry] = await entryViews(trx, actor, [row]);
    return { entry: entry!, hours };
  });
}

export interface FileDownload {
  filename: string;
  contentType: string;
  data: Buffer;
}

async function fileOfEntry(trx: Trx, fileId: string) {
  return trx
    .selectFrom('stored_files as f')
    .innerJoin('diary_attachments as a', 'a.file_id', 'f.id')
    .innerJoin('diary_entries as e', 'e.id', 'a.entry_id')
    .select(['f.filename', 'f.content_type', 'f.data', 'e.placement_id', 'e.learner_id'])
    .where('f.id', '=', fileId)
    .executeTakeFirst();
}

/**
 * A diary file for someone who may read its entry: the learner who wrote it, or staff who see the
 * placement. Reading is recorded in the audit log (the files are personal).
 */
export async function downloadFile(deps: Deps, actor: Actor, fileId: string): Promise<FileDownload> {
  return inSchool(deps.db, actor.schoolId, async (trx) => {
    const f = await fileOfEntry(trx, fileId);
    if (!f) throw new AppError('not_found');
    await visiblePlacement(trx, actor, f.placement_id);
    const allowed =
      actor.role === 'learner' ? f.learner_id === actor.userId : supportStaff.includes(actor.role);
    if (!allowed) throw new AppError('not_found');
    await recordAudit(trx, actorForAudit(actor), {
      action: 'diary.file_read',
      entityType: 'stored_file',
      entityId: fileId,
    });
    return { filename: f.filename, contentType: f.content_type, data: f.data };
  });
}

/** The mentor, a teacher or a coordinator comments on an entry; the learner sees it with the entry. */
export async function addComment(
  deps: Deps,
  actor: Actor,
  entryId: string,
  body: string,
): Promise<DiaryEntryResponse> {
  if (!supportStaff.includes(actor.role)) throw new AppError('forbidden');
  return inSchool(deps.db, actor.schoolId, async (trx) => {
    const row = await trx
      .selectFrom('diary_entries')
      .selectAll()
      .where('id', '=', entryId)
      .executeTakeFirst();
    if (!row) throw new AppError('not_found');
    const p = await visiblePlacement(trx, actor, row.placement_id);
    const author = await trx
      .selectFrom('users')
      .select(['given_name', 'family_name'])
      .where('id', '=', actor.userId)
      .executeTakeFirstOrThrow();
    const comment = await trx
      .insertInto('diary_comments')
      .values({
        school_id: p.school_id,
        entry_id: row.id,
        author_id: actor.userId,
        author_name: fullName(author),
        body,
        created_at: deps.now(),
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await recordAudit(trx, actorForAudit(actor), {
      action: 'diary.comment_added',
      entityType: 'diary_entry',
      entityId: row.id,
      after: { commentId: comment.id },
    });
    const hours = await hoursOf(trx, p.id, p.planned_hours, row.learner_id);
    const [entry] = await entryViews(trx, actor, [row]);
    return { entry: entry!, hours };
  });
}

/**
 * E-mails the workplace supervisor, in their language, a link to the placement's unconfirmed
 * entries, in the caller's transaction. Returns how many entries it listed (0: nothing sent).
 */
async function mailSupervisor(trx: Trx, deps: Deps, p: PlacementRow, who: AuditActor) {
  const email = p.supervisor_email.trim().toLowerCase();
  if (!email) return 0;
  const entries = await trx
    .selectFrom('diary_entries as e')
    .innerJoin('users as u', 'u.id', 'e.learner_id')
    .select(['e.entry_date', 'e.hours', 'u.given_name', 'u.family_name'])
    .where('e.placement_id', '=', p.id)
    .where('e.status', '=', 'submitted')
    .orderBy('e.entry_date')
    .execute();
  if (entries.length === 0) return 0;
  const parties = await placementParties(trx, p);
  const supervisor = parties.find((x) => x.role === 'supervisor');
  const locale = supervisor?.locale ?? 'lv';
  const now = deps.now();
  const token = await issueLink(trx, {
    schoolId: p.school_id,
    purpose: DIARY_LINK,
    subjectId: p.id,
    email,
    personName: p.supervisor_name,
    locale,
    singleUse: false,
    days: LINK_DAYS,
    createdBy: who.userId ?? null,
    now,
  });
  await queueMail(trx, deps, {
    schoolId: p.school_id,
    to: email,
    locale,
    causedBy: who.userId ?? null,
    mail: diaryReviewMail({
      placementTitle: p.title,
      link: `${deps.config.PUBLIC_URL}/diary-review?token=${token}`,
      days: LINK_DAYS,
      entries: entries.map((e) => ({
        learnerName: fullName(e),
        entryDate: e.entry_date,
        hours: Number(e.hours),
      })),
    }),
  });
  await recordAudit(trx, who, {
    action: 'diary.sent_to_supervisor',
    entityType: 'placement',
    entityId: p.id,
    after: { to: email, entries: entries.length, locale },
  });
  return entries.length;
}

/** "Send to supervisor": the learner or staff ask the supervisor to confirm what waits. */
export async function sendToSupervisor(
  deps: Deps,
  actor: Actor,
  placementId: string,
): Promise<DiarySendResponse> {
  return inSchool(deps.db, actor.schoolId, async (trx) => {
    const p = await visiblePlacement(trx, actor, placementId);
    const allowed = supportStaff.includes(actor.role) || (await isLearnerOf(trx, actor, p.id));
    if (!allowed) throw new AppError('not_found');
    if (!p.supervisor_email.trim()) throw new AppError('conflict', { fields: { _: 'diary_no_supervisor' } });
    const sent = await mailSupervisor(trx, deps, p, actorForAudit(actor));
    if (sent === 0) throw new AppError('conflict', { fields: { _: 'diary_nothing_to_confirm' } });
    return { sent: true, unconfirmed: sent };
  });
}

/**
 * The weekly job: every placement with entries waiting for the supervisor gets one e-mail with its
 * link. Each placement in its own school transaction, so one failure does not stop the others.
 */
export async function mailSupervisorsWeekly(deps: Deps): Promise<number> {
  const waiting = await deps.db
    .selectFrom('diary_entries as e')
    .innerJoin('placements as p', 'p.id', 'e.placement_id')
    .select(['p.id', 'p.school_id'])
    .distinct()
    .where('e.status', '=', 'submitted')
    .where('p.supervisor_email', '<>', '')
    .where('p.status', 'not in', ['cancelled', 'closed'])
    .execute();
  let sent = 0;
  for (const w of waiting) {
    sent += await inSchool(deps.db, w.school_id, async (trx) => {
      const p = await trx
        .selectFrom('placements')
        .selectAll()
        .where('id', '=', w.id)
        .executeTakeFirstOrThrow();
      return (await mailSupervisor(trx, deps, p, { schoolId: w.school_id, email: 'system' })) > 0 ? 1 : 0;
    });
  }
  return sent;
}

// ---- The workplace supervisor, through the e-mailed link ----

/** The link's placement, if it still names the same supervisor (a replaced one's links stop). */
async function linkPlacement(trx: Trx, link: { subjectId: string; email: string }) {
  const p = await trx
    .selectFrom('placements')
    .selectAll()
    .where('id', '=', link.subjectId)
    .executeTakeFirst();
  if (!p || p.supervisor_email.trim().toLowerCase() !== link.email) throw new AppError('link_invalid');
  return p;
}

async function linkEntries(trx: Trx, rows: EntryRow[]): Promise<DiaryLinkEntry[]> {
  const views = await entryViews(trx, null, rows);
  return views.map((e) => ({
    id: e.id,
    learnerName: e.learner.name,
    entryDate: e.entryDate,
    hours: e.hours,
    workDone: e.workDone,
    reflection: e.reflection,
    status: e.status,
    supervisorComment: e.supervisorComment,
    attachments: e.attachments,
  }));
}

async function linkView(trx: Trx, p: PlacementRow): Promise<DiaryLinkView> {
  const [school, waiting, confirmed, hours] = await Promise.all([
    trx.selectFrom('schools').select('name').where('id', '=', p.school_id).executeTakeFirstOrThrow(),
    trx
      .selectFrom('diary_entries')
      .selectAll()
      .where('placement_id', '=', p.id)
      .where('status', '<>', 'confirmed')
      .orderBy('entry_date')
      .orderBy('learner_id')
      .execute(),
    trx
      .selectFrom('diary_entries')
      .selectAll()
      .where('placement_id', '=', p.id)
      .where('status', '=', 'confirmed')
      .orderBy('entry_date', 'desc')
      .limit(RECENT_CONFIRMED)
      .execute(),
    hoursOf(trx, p.id, p.planned_hours, null),
  ]);
  const entries = await linkEntries(trx, waiting);
  const weeks: DiaryLinkView['weeks'] = [];
  for (const e of entries) {
    const start = weekStart(e.entryDate);
    const last = weeks.at(-1);
    if (last?.weekStart === start) last.entries.push(e);
    else weeks.push({ weekStart: start, entries: [e] });
  }
  return {
    placement: { title: p.title, startDate: p.start_date, endDate: p.end_date, schoolName: school.name },
    supervisorName: p.supervisor_name,
    hours,
    weeks,
    confirmed: await linkEntries(trx, confirmed),
  };
}

const linkAuditor = (link: { schoolId: string; email: string }, meta: RequestMeta): AuditActor => ({
  schoolId: link.schoolId,
  email: link.email,
  ip: meta.ip,
  requestId: meta.requestId,
});

/** What the supervisor sees behind the link: the entries waiting for them, by week. */
export async function diaryByLink(deps: Deps, token: string): Promise<DiaryLinkView> {
  const link = await openLink(deps.db, token, DIARY_LINK, deps.now());
  return inSchool(deps.db, link.schoolId, async (trx) => linkView(trx, await linkPlacement(trx, link)));
}

/**
 * The supervisor confirms one entry (it is then locked) or returns it with a comment. An entry that
 * is already confirmed is answered with a message saying so, not an error page.
 */
export async function reviewByLink(
  deps: Deps,
  input: DiaryLinkReview,
  meta: RequestMeta,
): Promise<DiaryLinkResult> {
  const link = await openLink(deps.db, input.token, DIARY_LINK, deps.now());
  if (input.action === 'return' && !input.comment) {
    throw new AppError('validation_failed', { fields: { comment: 'required' } });
  }
  return inSchool(deps.db, link.schoolId, async (trx) => {
    const p = await linkPlacement(trx, link);
    const row = await trx
      .selectFrom('diary_entries')
      .selectAll()
      .where('id', '=', input.entryId)
      .where('placement_id', '=', p.id)
      .forUpdate()
      .executeTakeFirst();
    if (!row) throw new AppError('not_found');
    if (row.status === 'confirmed') {
      throw new AppError('conflict', {
        fields: { entry: { key: 'diary_already_confirmed', params: { date: row.entry_date } } },
      });
    }
    const now = deps.now();
    const status = input.action === 'confirm' ? 'confirmed' : 'returned';
    await trx
      .updateTable('diary_entries')
      .set({
        status,
        supervisor_comment: input.comment,
        reviewed_at: now,
        reviewed_by_name: p.supervisor_name || link.personName || link.email,
        lock_version: row.lock_version + 1,
        updated_at: now,
      })
      .where('id', '=', row.id)
      .execute();
    await recordAudit(trx, linkAuditor(link, meta), {
      action: input.action === 'confirm' ? 'diary.entry_confirmed' : 'diary.entry_returned',
      entityType: 'diary_entry',
      entityId: row.id,
      before: { status: row.status },
      after: { status, comment: input.comment },
    });
    return { view: await linkView(trx, p), changed: 1 };
  });
}

/** "Confirm all of this week": every submitted entry from Monday to Sunday, each locked and audited. */
export async function confirmWeekByLink(
  deps: Deps,
  token: string,
  week: string,
  meta: RequestMeta,
): Promise<DiaryLinkResult> {
  const link = await openLink(deps.db, token, DIARY_LINK, deps.now());
  const monday = weekStart(week);
  return inSchool(deps.db, link.schoolId, async (trx) => {
    const p = await linkPlacement(trx, link);
    const now = deps.now();
    const confirmed = await trx
      .updateTable('diary_entries')
      .set((eb) => ({
        status: 'confirmed',
        supervisor_comment: '',
        reviewed_at: now,
        reviewed_by_name: p.supervisor_name || link.personName || link.email,
        lock_version: eb('lock_version', '+', 1),
        updated_at: now,
      }))
      .where('placement_id', '=', p.id)
      .where('status', '=', 'submitted')
      .where('entry_date', '>=', monday)
      .where('entry_date', '<=', addDays(monday, 6))
      .returning(['id', 'entry_date'])
      .execute();
    if (confirmed.length === 0) {
      throw new AppError('conflict', { fields: { weekStart: 'diary_not_in_week' } });
    }
    for (const e of confirmed) {
      await recordAudit(trx, linkAuditor(link, meta), {
        action: 'diary.entry_confirmed',
        entityType: 'diary_entry',
        entityId: e.id,
        before: { status: 'submitted' },
        after: { status: 'confirmed', week: monday },
      });
    }
    return { view: await linkView(trx, p), changed: confirmed.length };
  });
}

/** A file of an entry the link shows, for the supervisor. */
export async function fileByLink(
  deps: Deps,
  token: string,
  fileId: string,
  meta: RequestMeta,
): Promise<FileDownload> {
  const link = await openLink(deps.db, token, DIARY_LINK, deps.now());
  return inSchool(deps.db, link.schoolId, async (trx) => {
    const p = await linkPlacement(trx, link);
    const f = await fileOfEntry(trx, fileId);
    if (!f || f.placement_id !== p.id) throw new AppError('not_found');
    await recordAudit(trx, linkAuditor(link, meta), {
      action: 'diary.file_read',
      entityType: 'stored_file',
      entityId: fileId,
    });
    return { filename: f.filename, contentType: f.content_type, data: f.data };
  });
}
