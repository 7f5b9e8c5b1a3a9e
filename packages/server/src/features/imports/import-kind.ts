import type { FieldIssue, Locale, Role } from '@tilts/shared';
import type { z } from 'zod';
import type { Actor, Trx } from '../../db/context.ts';

/**
 * How one kind of CSV import works (partners, units, and later learners, staff, credentials).
 * The generic service reads, decodes and stores the file; a kind only knows its columns and rows.
 */
export interface ImportKind<T> {
  /** The name in the address: POST /api/imports/<name>. */
  name: string;
  /** Who may import this kind (the routes let admins and coordinators in; a kind may narrow that). */
  roles: readonly Role[];
  columns: readonly ImportColumn[];
  /** Checks one row's cells, keyed by column; only columns the file has are present. Pure. */
  parse(cells: Partial<Record<string, string>>): ParsedCells<T>;
  /**
   * Compares the valid rows with the database in a few set-based queries (never one per row):
   * each row is new, an update or unchanged, or has a problem (a duplicate in the file, say).
   */
  plan(trx: Trx, schoolId: string, rows: readonly ImportRow<T>[]): Promise<ImportPlan>;
  /**
   * Plans again inside the confirming transaction and writes the new and changed rows in chunks.
   * Returns the plan it followed and what the audit entry should say it wrote.
   */
  apply(
    trx: Trx,
    context: ApplyContext,
    rows: readonly ImportRow<T>[],
  ): Promise<{ plan: ImportPlan; audit: unknown }>;
}

export interface ImportColumn {
  key: string;
  label: Record<Locale, string>;
  /** Other header spellings accepted; the key and both labels always are. */
  aliases?: readonly string[];
  required?: boolean;
  /** Personal data (a personal code, a birth date): the stored preview shows it masked. */
  sensitive?: boolean;
}

/** A problem with one cell (field = column key) or the whole row (field = ''). */
export interface RowIssue {
  field: string;
  issue: FieldIssue;
}

export type ParsedCells<T> = { ok: true; data: T } | { ok: false; problems: RowIssue[] };

export interface ImportRow<T> {
  /** The line of the file the row starts on. */
  line: number;
  data: T;
}

export type PlannedStatus = 'new' | 'update' | 'unchanged';

export interface ImportPlan {
  status: Map<number, PlannedStatus>;
  problems: (RowIssue & { line: number })[];
}

export interface ApplyContext {
  actor: Actor;
  now: Date;
  batchId: string;
}

/** Rows written per statement: big enough to be quick, small enough for any driver's parameter limit. */
export const CHUNK = 500;

export function chunks<T>(items: readonly T[], size = CHUNK): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

/** A problem of our own, worded by a field message key. */
export function issue(field: string, key: string, params?: Record<string, string | number>): RowIssue {
  return { field, issue: { code: 'custom', message: key, ...(params ? { params } : {}) } };
}

/** The first zod issue of a cell, kept as the plain fields `fieldMessage` needs. */
export function zodIssue(field: string, error: z.ZodError): RowIssue {
  const first = error.issues[0];
  const plain: FieldIssue = { code: first?.code ?? 'invalid' };
  if (first) {
    const i = first as unknown as FieldIssue;
    for (const k of ['minimum', 'maximum', 'format', 'origin', 'message', 'expected', 'params'] as const) {
      if (i[k] !== undefined) Object.assign(plain, { [k]: typeof i[k] === 'bigint' ? Number(i[k]) : i[k] });
    }
  }
  return { field, issue: plain };
}

/**
 * Runs a cell through a schema, collecting its problem: `cell(problems, 'email', email, value)`.
 * Returns the parsed value, or undefined when the cell is wrong.
 */
export function cell<S extends z.ZodType>(
  problems: RowIssue[],
  field: string,
  schema: S,
  value: unknown,
): z.output<S> | undefined {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  problems.push(zodIssue(field, result.error));
  return undefined;
}

/** A cell's value, or undefined when the column is missing or the cell blank (an import never erases). */
export function given(cells: Partial<Record<string, string>>, key: string): string | undefined {
  const value = cells[key]?.trim();
  return value ? value : undefined;
}
