import {
  fieldMessage,
  type ImportCounts,
  type ImportPreview,
  type ImportResult,
  type ImportRowStatus,
  type Locale,
  MAX_IMPORT_BYTES,
  MAX_IMPORT_ROWS,
  searchKey,
} from '@tilts/shared';
import { type Actor, inSchool } from '../../db/context.ts';
import type { Deps } from '../../deps.ts';
import { AppError } from '../../errors.ts';
import { actorForAudit, recordAudit } from '../audit/audit.service.ts';
import { decodeCsv, detectDelimiter, parseCsvRecords } from './csv.ts';
import type {
  ImportColumn,
  ImportKind,
  ImportPlan,
  ImportRow,
  PlannedStatus,
  RowIssue,
} from './import-kind.ts';
import { importKinds } from './kinds.ts';

type LineIssue = RowIssue & { line: number };

/** What import_batches.rows holds: the checked rows and the preview, then what confirming wrote. */
interface StoredBatch {
  v: 1;
  columns: string[];
  ignored: string[];
  total: number;
  rows: ImportRow<unknown>[];
  sample: { line: number; values: Record<string, string> }[];
  problems: LineIssue[];
  status: [number, PlannedStatus][];
  result?: { created: number; updated: number; unchanged: number; skipped: number };
}

const SAMPLE_ROWS = 20;
const PROBLEMS_SHOWN = 500;

function kindOf(name: string, actor: Actor): ImportKind<unknown> {
  const kind = importKinds.find((k) => k.name === name);
  if (!kind) throw new AppError('not_found');
  if (!kind.roles.includes(actor.role)) throw new AppError('forbidden');
  return kind;
}

const headerKey = (name: string) => searchKey(name).replace(/[^a-z0-9]+/g, '');

/** Finds each column in the header; names the required ones that are missing, in the reader's language. */
export function readHeader(header: string[], columns: readonly ImportColumn[], locale: Locale) {
  const index: Record<string, number> = {};
  const seen = header.map(headerKey);
  for (const column of columns) {
    const names = new Set(
      [column.key, column.label.lv, column.label.en, ...(column.aliases ?? [])].map(headerKey),
    );
    const at = seen.findIndex((h, i) => names.has(h) && !Object.values(index).includes(i));
    if (at >= 0) index[column.key] = at;
  }
  const used = new Set(Object.values(index));
  const ignored = header.filter((h, i) => h.trim() && !used.has(i)).map((h) => h.trim());
  const missing = columns.filter((c) => c.required && index[c.key] === undefined).map((c) => c.label[locale]);
  if (missing.length > 0) {
    throw new AppError('validation_failed', {
      fields: {
        file: {
          key: 'import_missing_columns',
          params: { columns: missing.join(', '), unknown: ignored.join(', ') },
        },
      },
    });
  }
  return { index, ignored };
}

/** Bytes that are not a text file: a spreadsheet, an image, UTF-16, anything with control characters. */
function looksBinary(text: string): boolean {
  const end = Math.min(text.length, 64 * 1024);
  for (let i = 0; i < end; i++) {
    const c = text.charCodeAt(i);
    // Tab, line feed and carriage return are text; U+FFFD is a byte no encoding we read could map.
    if ((c < 0x20 && c !== 0x09 && c !== 0x0a && c !== 0x0d) || c === 0xfffd) return true;
  }
  return false;
}

/**
 * Reads an uploaded CSV (UTF-8 or Windows-1257, `;` `,` or tab), checks every row and compares it
 * with the database, and stores the batch for confirmation. Nothing else is written.
 */
export async function previewImport(
  deps: Deps,
  actor: Actor,
  kindName: string,
  bytes: Uint8Array | undefined,
  filename: string,
): Promise<ImportPreview> {
  const kind = kindOf(kindName, actor);
  if (!bytes || bytes.length === 0)
    throw new AppError('validation_failed', { fields: { file: 'import_empty' } });
  if (bytes.length > MAX_IMPORT_BYTES) throw tooLarge();
  const { text: decoded, encoding } = decodeCsv(bytes);
  if (looksBinary(decoded)) {
    throw new AppError('unsupported_media_type', { fields: { file: 'import_not_text' } });
  }
  // Excel may write "sep=;" above the header to say which separator it used.
  const hint = /^sep=(.)\r?\n/i.exec(decoded);
  const text = hint ? decoded.slice(hint[0].length) : decoded;
  const lineShift = hint ? 1 : 0;
  const records = parseCsvRecords(text, (hint?.[1] as ',' | ';' | '\t' | undefined) ?? detectDelimiter(text));
  const [header, ...data] = records;
  if (!header) throw new AppError('validation_failed', { fields: { file: 'import_empty' } });
  const { index, ignored } = readHeader(header.cells, kind.columns, actor.locale);
  if (data.length === 0) throw new AppError('validation_failed', { fields: { file: 'import_no_rows' } });
  if (data.length > MAX_IMPORT_ROWS) {
    throw new AppError('validation_failed', {
      fields: { file: { key: 'import_too_many_rows', params: { rows: data.length, max: MAX_IMPORT_ROWS } } },
    });
  }

  const rows: ImportRow<unknown>[] = [];
  const problems: LineIssue[] = [];
  const sample: StoredBatch['sample'] = [];
  for (const record of data) {
    const line = record.line + lineShift;
    const cells: Record<string, string> = {};
    for (const [key, at] of Object.entries(index)) {
      // An export neutralises a leading = + - @ with an apostrophe; reading it back takes that off.
      cells[key] = (record.cells[at] ?? '').trim().replace(/^'(?=[=+\-@])/, '');
    }
    if (sample.length < SAMPLE_ROWS) sample.push({ line, values: masked(kind, cells) });
    const parsed = kind.parse(cells);
    if (parsed.ok) rows.push({ line, data: parsed.data });
    else for (const p of parsed.problems) problems.push({ ...p, line });
  }

  return inSchool(deps.db, actor.schoolId, async (trx) => {
    const plan = await kind.plan(trx, actor.schoolId, rows);
    const stored: StoredBatch = {
      v: 1,
      columns: Object.keys(index),
      ignored,
      total: data.length,
      rows,
      sample,
      problems: [...problems, ...plan.problems].sort((a, b) => a.line - b.line),
      status: [...plan.status],
    };
    const batch = await trx
      .insertInto('import_batches')
      .values({
        school_id: actor.schoolId,
        kind: kind.name,
        filename: filename.slice(0, 200),
        encoding,
        rows: JSON.stringify(stored),
        created_by: actor.userId,
        created_at: deps.now(),
      })
      .returning(['id', 'created_at'])
      .executeTakeFirstOrThrow();
    return previewView(kind, batch.id, filename, encoding, stored, null, actor.locale);
  });
}

/** A row's cells as the stored preview keeps them: personal data only hinted at ("●●●●05"). */
function masked(kind: ImportKind<unknown>, cells: Record<string, string>): Record<string, string> {
  const out = { ...cells };
  for (const column of kind.columns) {
    const value = out[column.key];
    if (column.sensitive && value)
      out[column.key] = `${'●'.repeat(Math.max(0, value.length - 2))}${value.slice(-2)}`;
  }
  return out;
}

function tooLarge() {
  return new AppError('payload_too_large', {
    fields: { file: { key: 'import_too_large', params: { mb: MAX_IMPORT_BYTES / 1024 / 1024 } } },
  });
}

export { tooLarge as importTooLarge };

function countsOf(stored: StoredBatch): ImportCounts {
  const problemLines = new Set(stored.problems.map((p) => p.line));
  const counts: ImportCounts = { new: 0, update: 0, unchanged: 0, problems: problemLines.size };
  for (const [line, status] of stored.status) if (!problemLines.has(line)) counts[status]++;
  return counts;
}

function previewView(
  kind: ImportKind<unknown>,
  id: string,
  filename: string,
  encoding: string,
  stored: StoredBatch,
  appliedAt: Date | null,
  locale: Locale,
): ImportPreview {
  const labels = new Map(kind.columns.map((c) => [c.key, c.label[locale]]));
  const problemLines = new Set(stored.problems.map((p) => p.line));
  const status = new Map(stored.status);
  return {
    id,
    kind: kind.name,
    filename,
    encoding,
    rows: stored.total,
    counts: countsOf(stored),
    columns: stored.columns.map((key) => ({ key, label: labels.get(key) ?? key })),
    ignoredColumns: stored.ignored,
    problems: stored.problems.slice(0, PROBLEMS_SHOWN).map((p) => ({
      line: p.line,
      field: p.field,
      column: labels.get(p.field) ?? '',
      message: fieldMessage(p.issue, locale),
    })),
    problemsTotal: stored.problems.length,
    sample: stored.sample.map((s) => ({
      line: s.line,
      status: (problemLines.has(s.line) ? 'problem' : (status.get(s.line) ?? 'problem')) as ImportRowStatus,
      values: s.values,
    })),
    appliedAt: appliedAt?.toISOString() ?? null,
  };
}

async function loadBatch(deps: Deps, actor: Actor, id: string) {
  return inSchool(deps.db, actor.schoolId, (trx) =>
    trx
      .selectFrom('import_batches')
      .selectAll()
      .where('id', '=', id)
      .where('school_id', '=', actor.schoolId)
      .executeTakeFirst(),
  );
}

/** A stored batch's preview again (in the reader's language now), and whether it was applied. */
export async function getImport(deps: Deps, actor: Actor, id: string): Promise<ImportPreview> {
  const batch = await loadBatch(deps, actor, id);
  if (!batch) throw new AppError('not_found');
  const kind = kindOf(batch.kind, actor);
  return previewView(
    kind,
    batch.id,
    batch.filename,
    batch.encoding,
    batch.rows as StoredBatch,
    batch.applied_at,
    actor.locale,
  );
}

/**
 * Applies a previewed batch in one transaction: the valid rows are written (in chunks), the rows the
 * preview showed with problems are skipped, and anything failing rolls all of it back. A batch
 * applies once.
 */
export async function confirmImport(deps: Deps, actor: Actor, id: string): Promise<ImportResult> {
  return inSchool(deps.db, actor.schoolId, async (trx) => {
    const batch = await trx
      .selectFrom('import_batches')
      .selectAll()
      .where('id', '=', id)
      .where('school_id', '=', actor.schoolId)
      .forUpdate()
      .executeTakeFirst();
    if (!batch) throw new AppError('not_found');
    const kind = kindOf(batch.kind, actor);
    if (batch.applied_at) throw new AppError('conflict', { fields: { file: 'import_applied' } });
    const stored = batch.rows as StoredBatch;
    const previewProblems = new Set(stored.problems.map((p) => p.line));
    const rows = stored.rows.filter((r) => !previewProblems.has(r.line));
    const now = deps.now();
    const { plan, audit } = await kind.apply(trx, { actor, now, batchId: batch.id }, rows);
    const result = tally(plan, stored.total);
    await trx
      .updateTable('import_batches')
      .set({ applied_at: now, rows: JSON.stringify({ ...stored, result }) })
      .where('id', '=', id)
      .execute();
    await recordAudit(trx, actorForAudit(actor), {
      action: 'import.applied',
      entityType: 'import_batch',
      entityId: batch.id,
      after: { kind: kind.name, filename: batch.filename, ...result, changes: audit },
    });
    return { id: batch.id, ...result, appliedAt: now.toISOString() };
  });
}

function tally(plan: ImportPlan, total: number) {
  const problemLines = new Set(plan.problems.map((p) => p.line));
  let created = 0;
  let updated = 0;
  let unchanged = 0;
  for (const [line, status] of plan.status) {
    if (problemLines.has(line)) continue;
    if (status === 'new') created++;
    else if (status === 'update') updated++;
    else unchanged++;
  }
  return { created, updated, unchanged, skipped: total - created - updated - unchanged };
}

/** A header-only CSV of a kind's columns in the reader's language: a file to fill in. */
export function importTemplate(actor: Actor, kindName: string): { header: string[]; name: string } {
  const kind = kindOf(kindName, actor);
  return { header: kind.columns.map((c) => c.label[actor.locale]), name: kind.name };
}
