import type { BatchPreview, BatchRowProblem, BatchView } from '@tilts/shared';
import { sql } from 'kysely';
import { z } from 'zod';
import { type Actor, inSchool, type Trx } from '../../db/context.ts';
import type { Deps } from '../../deps.ts';
import { AppError } from '../../errors.ts';
import { actorForAudit, recordAudit } from '../audit/audit.service.ts';
import { decodeCsv, matchHeader, parseCsv } from '../imports/csv.ts';
import { activeSigningKey, loadTemplate } from './credentials.repository.ts';
import { cryptoPool } from './crypto-pool.ts';
import { loadIssueContext, partCredentials, prepareCredential } from './issue.service.ts';
import { ensureIssuer } from './issuer.service.ts';
import type { LearnerData } from './ob3.ts';
import { allocateStatusPositions } from './status.service.ts';

declare module '../../jobs/queue.ts' {
  interface JobPayloads {
    /** Signs and stores every credential of a CSV batch. */
    'credentials.issueBatch': { batchId: string };
  }
}

export const MAX_BATCH_ROWS = 5000;
/** Credentials written per transaction; progress moves in these steps. */
const CHUNK = 25;

const columns = [
  { key: 'email', names: ['e-pasts', 'epasts', 'email', 'e-mail', 'pasts'] },
  { key: 'givenName', names: ['vārds', 'given_name', 'first_name', 'firstname', 'given name', 'name'] },
  { key: 'familyName', names: ['uzvārds', 'family_name', 'last_name', 'lastname', 'surname', 'family name'] },
  { key: 'grade', names: ['vērtējums', 'atzīme', 'grade', 'result'] },
] as const;

const emailSchema = z.email();

interface PreviewRow {
  rowNo: number;
  email: string;
  givenName: string;
  familyName: string;
  grade: string;
  learnerId: string | null;
  action: 'match' | 'create' | 'skip';
  problems: BatchRowProblem[];
}

const lowerName = (given: string, family: string) => `${given} ${family}`.trim().toLocaleLowerCase('lv');

/** Reads the CSV and decides, for each row, the learner it means and what stops it. */
async function previewRows(trx: Trx, schoolId: string, bytes: Uint8Array, templateId: string) {
  const { text, encoding } = decodeCsv(bytes);
  const rows = parseCsv(text);
  const header = rows.shift();
  const match = header ? matchHeader(header, columns) : null;
  if (!match?.ok) throw new AppError('validation_failed', { fields: { file: 'csv_header' } });
  const at = match.index;
  const hasEmail = at.email !== undefined;
  const hasNames = at.givenName !== undefined && at.familyName !== undefined;
  if (!hasEmail && !hasNames) throw new AppError('validation_failed', { fields: { file: 'csv_header' } });
  if (rows.length === 0) throw new AppError('validation_failed', { fields: { file: 'csv_empty' } });
  if (rows.length > MAX_BATCH_ROWS)
    throw new AppError('validation_failed', { fields: { file: 'csv_too_many' } });

  const people = await trx
    .selectFrom('users as u')
    .leftJoin('memberships as m', (j) => j.onRef('m.user_id', '=', 'u.id').on('m.school_id', '=', schoolId))
    .select(['u.id', 'u.email', 'u.given_name', 'u.family_name', 'm.role'])
    .where((eb) =>
      eb.or([
        eb('m.school_id', '=', schoolId),
        eb(
          sql<string>`lower(u.email)`,
          'in',
          rows.map((r) => (hasEmail ? (r[at.email!] ?? '').trim().toLowerCase() : '')).concat(['']),
        ),
      ]),
    )
    .execute();
  const byEmail = new Map(people.map((p) => [p.email.toLowerCase(), p]));
  const { data: template } = await loadIssueContextForPreview(trx, schoolId, templateId);

  const seen = new Set<string>();
  const result: PreviewRow[] = [];
  for (const [i, cells] of rows.entries()) {
    const cell = (key: keyof typeof at) => (at[key] === undefined ? '' : (cells[at[key]!] ?? '').trim());
    const row: PreviewRow = {
      rowNo: i + 2,
      email: cell('email').toLowerCase(),
      givenName: cell('givenName'),
      familyName: cell('familyName'),
      grade: cell('grade'),
      learnerId: null,
      action: 'skip',
      problems: [],
    };
    if (row.grade.length > 50) row.problems.push('grade_too_long');
    if (row.email) {
      if (!emailSchema.safeParse(row.email).success) {
        row.problems.push('email_invalid');
      } else {
        const person = byEmail.get(row.email);
        // Someone known to Tilts by this e-mail: matched, and made a learner of this school if they are not in it.
        if (person) {
          row.learnerId = person.id;
          row.action = person.role ? 'match' : 'create';
        } else if (row.givenName && row.familyName) {
          row.action = 'create';
        } else {
          row.problems.push('name_missing');
        }
      }
    } else if (row.givenName && row.familyName) {
      const name = lowerName(row.givenName, row.familyName);
      const found = people.filter(
        (p) => p.role === 'learner' && lowerName(p.given_name, p.family_name) === name,
      );
      if (found.length === 1) {
        row.learnerId = found[0]!.id;
        row.action = 'match';
      } else {
        row.problems.push(found.length === 0 ? 'learner_unknown' : 'learner_ambiguous');
      }
    } else {
      row.problems.push(hasEmail ? 'email_invalid' : 'name_missing');
    }
    const key = row.learnerId ?? row.email;
    if (key) {
      if (seen.has(key)) row.problems.push('duplicate');
      seen.add(key);
    }
    if (row.learnerId && template.parts.length > 0 && row.problems.length === 0) {
      const parts = await partCredentials(trx, schoolId, template, row.learnerId);
      if (!parts) row.problems.push('parts_missing');
    }
    if (row.problems.length > 0) row.action = 'skip';
    result.push(row);
  }
  return { encoding, rows: result };
}

async function loadIssueContextForPreview(trx: Trx, schoolId: string, templateId: string) {
  const loaded = await loadTemplate(trx, schoolId, templateId);
  if (loaded.row.archived_at) throw new AppError('conflict', { fields: { templateId: 'template_archived' } });
  return loaded;
}

/** Shows what a CSV would issue, row by row, with each row's problems; changes nothing. */
export async function previewBatch(
  deps: Deps,
  actor: Actor,
  templateId: string,
  bytes: Uint8Array,
): Promise<BatchPreview> {
  return inSchool(deps.db, actor.schoolId, async (trx) => {
    const { encoding, rows } = await previewRows(trx, actor.schoolId, bytes, templateId);
    const ready = rows.filter((r) => r.problems.length === 0).length;
    return { encoding, rows, ready, withProblems: rows.length - ready };
  });
}

/**
 * Creates the batch from a CSV: refuses it while any row has a problem, adds the learners who are new
 * (when asked to), and queues the signing job in the same transaction.
 */
export async function createBatch(
  deps: Deps,
  actor: Actor,
  templateId: string,
  bytes: Uint8Array,
  createMissing: boolean,
): Promise<BatchView> {
  const id = await inSchool(deps.db, actor.schoolId, async (trx) => {
    await ensureIssuer(trx, deps, actor.schoolId, actorForAudit(actor));
    const { rows } = await previewRows(trx, actor.schoolId, bytes, templateId);
    const blocked = rows.some((r) => r.problems.length > 0 || (r.action === 'create' && !createMissing));
    if (blocked) throw new AppError('validation_failed', { fields: { file: 'csv_problems' } });
    for (const row of rows) {
      if (row.action !== 'create') continue;
      if (!row.learnerId) {
        const user = await trx
          .insertInto('users')
          .values({ email: row.email, given_name: row.givenName, family_name: row.familyName })
          .returning('id')
          .executeTakeFirstOrThrow();
        row.learnerId = user.id;
      }
      await trx
        .insertInto('memberships')
        .values({ school_id: actor.schoolId, user_id: row.learnerId, role: 'learner' })
        .execute();
      await recordAudit(trx, actorForAudit(actor), {
        action: 'user.created_for_credential',
        entityType: 'user',
        entityId: row.learnerId,
        after: { email: row.email, role: 'learner' },
      });
    }
    const batch = await trx
      .insertInto('credential_batches')
      .values({
        school_id: actor.schoolId,
        template_id: templateId,
        created_by: actor.userId,
        total: rows.length,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await trx
      .insertInto('credential_batch_items')
      .values(
        rows.map((r) => ({
          school_id: actor.schoolId,
          batch_id: batch.id,
          row_no: r.rowNo,
          learner_id: r.learnerId!,
          grade: r.grade || null,
        })),
      )
      .execute();
    await deps.jobs.send(trx, 'credentials.issueBatch', { batchId: batch.id });
    await recordAudit(trx, actorForAudit(actor), {
      action: 'credential_batch.created',
      entityType: 'credential_batch',
      entityId: batch.id,
      after: { templateId, rows: rows.length, created: rows.filter((r) => r.action === 'create').length },
    });
    return batch.id;
  });
  return getBatch(deps, actor, id);
}

const batchColumns = [
  'b.id',
  'b.template_id',
  't.title',
  'b.status',
  'b.total',
  'b.done',
  'b.failed',
  'b.error',
  'b.created_at',
  'b.finished_at',
] as const;

function batchView(r: {
  id: string;
  template_id: string;
  title: string;
  status: BatchView['status'];
  total: number;
  done: number;
  failed: number;
  error: string | null;
  created_at: Date;
  finished_at: Date | null;
}): BatchView {
  return {
    id: r.id,
    templateId: r.template_id,
    templateTitle: r.title,
    status: r.status,
    total: r.total,
    done: r.done,
    failed: r.failed,
    error: r.error,
    createdAt: r.created_at.toISOString(),
    finishedAt: r.finished_at?.toISOString() ?? null,
  };
}

/** One batch and its progress, for the progress bar that polls it. */
export async function getBatch(deps: Deps, actor: Actor, id: string): Promise<BatchView> {
  return inSchool(deps.db, actor.schoolId, async (trx) => {
    const row = await trx
      .selectFrom('credential_batches as b')
      .innerJoin('credential_templates as t', 't.id', 'b.template_id')
      .select(batchColumns)
      .where('b.id', '=', id)
      .where('b.school_id', '=', actor.schoolId)
      .executeTakeFirst();
    if (!row) throw new AppError('not_found');
    return batchView(row);
  });
}

export async function listBatches(deps: Deps, actor: Actor) {
  return inSchool(deps.db, actor.schoolId, async (trx) => {
    const rows = await trx
      .selectFrom('credential_batches as b')
      .innerJoin('credential_templates as t', 't.id', 'b.template_id')
      .select(batchColumns)
      .where('b.school_id', '=', actor.schoolId)
      .orderBy('b.created_at', 'desc')
      .limit(20)
      .execute();
    return { items: rows.map(batchView) };
  });
}

/**
 * The job: signs every pending row of a batch in the worker pool and stores the credentials a chunk
 * at a time, recording progress. Safe to run again after a crash: rows already issued are skipped.
 */
export async function runIssueBatch(deps: Deps, batchId: string) {
  const batch = await deps.db
    .selectFrom('credential_batches')
    .select(['id', 'school_id', 'template_id', 'status', 'created_by'])
    .where('id', '=', batchId)
    .executeTakeFirst();
  if (!batch || batch.status === 'done') return;
  const schoolId = batch.school_id;
  const who = { schoolId, userId: batch.created_by };
  try {
    const prepared = await inSchool(deps.db, schoolId, async (trx) => {
      await trx
        .updateTable('credential_batches')
        .set({ status: 'running', started_at: sql`coalesce(started_at, now())`, error: null })
        .where('id', '=', batchId)
        .execute();
      const ctx = await loadIssueContext(trx, deps.config, schoolId, batch.template_id);
      const key = await activeSigningKey(trx, deps.config, schoolId, ctx.issuer.did);
      const items = await trx
        .selectFrom('credential_batch_items as i')
        .innerJoin('users as u', 'u.id', 'i.learner_id')
        .select(['i.id', 'i.grade', 'u.id as user_id', 'u.given_name', 'u.family_name', 'u.email'])
        .where('i.batch_id', '=', batchId)
        .where('i.credential_id', 'is', null)
        .orderBy('i.row_no')
        .execute();
      const first =
        items.length > 0 ? await allocateStatusPositions(trx, deps.config, ctx.school, items.length) : 0;
      const issuedAt = new Date();
      const work = [];
      for (const [n, item] of items.entries()) {
        const learner: LearnerData = {
          id: item.user_id,
          givenName: item.given_name,
          familyName: item.family_name,
          email: item.email,
        };
        const parts = await partCredentials(trx, schoolId, ctx.template, learner.id);
        work.push({ item, position: first + n, parts, learner });
      }
      return { ctx, key, work, issuedAt };
    });

    const { ctx, key, work, issuedAt } = prepared;
    const pool = cryptoPool();
    // Every signature is queued at once, so both workers stay busy to the end; the main thread
    // stores the results a chunk at a time, in order, while the rest are still being signed.
    const results = work.map(async (w) => {
      if (!w.parts) return { w, error: 'parts_missing' as string, credential: null };
      const { credentialId, unsigned, validUntil } = prepareCredential(
        ctx,
        deps.config,
        w.learner,
        w.position,
        w.item.grade,
        [],
        w.parts,
        issuedAt,
      );
      try {
        const document = await pool.signToText(unsigned, key, issuedAt);
        return { w, error: null, credential: { credentialId, document, validUntil } };
      } catch (error) {
        return { w, error: (error as Error).message, credential: null };
      }
    });
    let writing: Promise<void> = Promise.resolve();
    for (let start = 0; start < work.length; start += CHUNK) {
      const signed = await Promise.all(results.slice(start, start + CHUNK));
      await writing;
      writing = inSchool(deps.db, schoolId, async (trx) => {
        const ok = signed.filter((s) => s.credential);
        if (ok.length > 0) {
          await trx
            .insertInto('credentials')
            .values(
              ok.map((s) => ({
                id: s.credential!.credentialId,
                school_id: schoolId,
                template_id: ctx.template.id,
                learner_id: s.w.learner.id,
                key_id: key.rowId,
                batch_id: batchId,
                source: 'batch' as const,
                status_index: s.w.position,
                title: ctx.template.title,
                grade: s.w.item.grade,
                document: s.credential!.document,
                issued_at: issuedAt,
                valid_until: s.credential!.validUntil,
                created_by: batch.created_by,
              })),
            )
            .execute();
        }
        if (ok.length > 0) {
          // One statement for the chunk: each row of a batch is a different learner, so the learner finds it.
          await sql`update credential_batch_items i set credential_id = c.id, error = null
            from credentials c
            where i.batch_id = ${batchId} and c.batch_id = ${batchId} and c.learner_id = i.learner_id
              and c.id in (${sql.join(ok.map((s) => s.credential!.credentialId))})`.execute(trx);
        }
        for (const s of signed.filter((x) => !x.credential)) {
          await trx
            .updateTable('credential_batch_items')
            .set({ error: s.error })
            .where('id', '=', s.w.item.id)
            .execute();
        }
        await trx
          .updateTable('credential_batches')
          .set((eb) => ({
            done: eb('done', '+', ok.length),
            failed: eb('failed', '+', signed.length - ok.length),
          }))
          .where('id', '=', batchId)
          .execute();
      });
    }
    await writing;
    await inSchool(deps.db, schoolId, async (trx) => {
      const done = await trx
        .updateTable('credential_batches')
        .set({ status: 'done', finished_at: new Date() })
        .where('id', '=', batchId)
        .returning(['done', 'failed', 'total'])
        .executeTakeFirstOrThrow();
      await recordAudit(trx, who, {
        action: 'credential_batch.finished',
        entityType: 'credential_batch',
        entityId: batchId,
        after: done,
      });
    });
  } catch (error) {
    await deps.db
      .updateTable('credential_batches')
      .set({ status: 'failed', error: (error as Error).message.slice(0, 500) })
      .where('id', '=', batchId)
      .execute();
    throw error;
  }
}
