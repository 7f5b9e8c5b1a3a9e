/** How a CSV file's bytes were written. Latvian spreadsheets still save Windows-1257 (Baltic). */
export type CsvEncoding = 'utf-8' | 'windows-1257';

const utf8 = new TextDecoder('utf-8', { fatal: true });
const baltic = new TextDecoder('windows-1257');

/**
 * Decodes a CSV file: UTF-8 (with or without a byte-order mark) when the bytes are valid UTF-8,
 * otherwise Windows-1257. A Windows-1257 file with Latvian letters is never valid UTF-8 (its
 * letters are single bytes above 0x7F), so the test cannot mistake one for the other.
 */
export function decodeCsv(bytes: Uint8Array): { text: string; encoding: CsvEncoding } {
  try {
    const text = utf8.decode(bytes);
    return { text: text.charCodeAt(0) === 0xfeff ? text.slice(1) : text, encoding: 'utf-8' };
  } catch {
    return { text: baltic.decode(bytes), encoding: 'windows-1257' };
  }
}

/** The separator the first line uses most outside quotes: a Latvian Excel writes `;`, others `,`. */
export function detectDelimiter(text: string): ',' | ';' | '\t' {
  const counts = { ',': 0, ';': 0, '\t': 0 };
  let quoted = false;
  for (const ch of text) {
    if (ch === '"') quoted = !quoted;
    else if (!quoted && (ch === '\n' || ch === '\r')) break;
    else if (!quoted && ch in counts) counts[ch as keyof typeof counts]++;
  }
  if (counts[';'] > counts[','] && counts[';'] >= counts['\t']) return ';';
  if (counts['\t'] > counts[',']) return '\t';
  return ',';
}

/** Splits CSV text into rows of cells (RFC 4180: quoted cells may hold separators, quotes and newlines). */
export function parseCsv(text: string, delimiter = detectDelimiter(text)): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (quoted) {
      if (ch === '"') {
        if (text[i + 1] === '"') {
          cell += '"';
          i++;
        } else quoted = false;
      } else cell += ch;
      continue;
    }
    if (ch === '"' && cell === '') quoted = true;
    else if (ch === delimiter) {
      row.push(cell);
      cell = '';
    } else if (ch === '\n' || ch === '\r') {
      if (ch === '\r' && text[i + 1] === '\n') i++;
      row.push(cell);
      rows.push(row);
      row = [];
      cell = '';
    } else cell += ch;
  }
  if (cell !== '' || row.length > 0) {
    row.push(cell);
    rows.push(row);
  }
  // Blank lines (a trailing newline, an empty line in the middle) are not rows.
  return rows.filter((r) => r.some((c) => c.trim() !== ''));
}

/** A column an import understands, with the header names it accepts (Latvian and English). */
export interface CsvColumn {
  key: string;
  names: readonly string[];
  required?: boolean;
}

const normalise = (name: string) =>
  name
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '');

export type HeaderMatch =
  | { ok: true; index: Record<string, number> }
  | { ok: false; missing: string[]; unknown: string[] };

/** Finds each column in the header row; fails naming the required columns that are not there. */
export function matchHeader(header: string[], columns: readonly CsvColumn[]): HeaderMatch {
  const index: Record<string, number> = {};
  const seen = header.map(normalise);
  for (const column of columns) {
    const names = new Set([column.key, ...column.names].map(normalise));
    const at = seen.findIndex((h) => names.has(h));
    if (at >= 0) index[column.key] = at;
  }
  const missing = columns
    .filter((c) => c.required && index[c.key] === undefined)
    .map((c) => c.names[0] ?? c.key);
  if (missing.length > 0) {
    const known = new Set(columns.flatMap((c) => [c.key, ...c.names].map(normalise)));
    const unknown = header.filter((h) => h.trim() && !known.has(normalise(h)));
    return { ok: false, missing, unknown };
  }
  return { ok: true, index };
}
