import { z } from 'zod';

/** The name of an import kind ("partners", "units"); the server keeps the registry of kinds. */
export const importKind = z.string().regex(/^[a-z][a-z_]{1,40}$/);

export const importRowStatuses = ['new', 'update', 'unchanged', 'problem'] as const;
export type ImportRowStatus = (typeof importRowStatuses)[number];

export const importCounts = z.object({
  new: z.number().int(),
  update: z.number().int(),
  unchanged: z.number().int(),
  problems: z.number().int(),
});
export type ImportCounts = z.infer<typeof importCounts>;

/** A row that will not be imported, and why, in the reader's language. */
export const importProblem = z.object({
  /** The line in the file (the header is line 1). */
  line: z.number().int(),
  field: z.string(),
  /** The column's name in the reader's language; empty for a problem of the whole row. */
  column: z.string(),
  message: z.string(),
});
export type ImportProblem = z.infer<typeof importProblem>;

/** What a file would do: checked and stored, nothing else written until it is confirmed. */
export const importPreview = z.object({
  id: z.uuid(),
  kind: z.string(),
  filename: z.string(),
  encoding: z.string(),
  rows: z.number().int(),
  counts: importCounts,
  columns: z.array(z.object({ key: z.string(), label: z.string() })),
  /** Headers in the file that the import does not read. */
  ignoredColumns: z.array(z.string()),
  /** The first problems (at most 500); `counts.problems` says how many rows have any. */
  problems: z.array(importProblem),
  problemsTotal: z.number().int(),
  sample: z.array(
    z.object({
      line: z.number().int(),
      status: z.enum(importRowStatuses),
      values: z.record(z.string(), z.string()),
    }),
  ),
  appliedAt: z.string().nullable(),
});
export type ImportPreview = z.infer<typeof importPreview>;

/** What confirming wrote. Rows with problems were skipped, as the preview said. */
export const importResult = z.object({
  id: z.uuid(),
  created: z.number().int(),
  updated: z.number().int(),
  unchanged: z.number().int(),
  skipped: z.number().int(),
  appliedAt: z.string(),
});
export type ImportResult = z.infer<typeof importResult>;

export const importUploadQuery = z.object({ filename: z.string().trim().max(200).default('') });

/** Largest file an import accepts. */
export const MAX_IMPORT_BYTES = 10 * 1024 * 1024;
/** Most data rows one file may have. */
export const MAX_IMPORT_ROWS = 20_000;
