/** One CSV cell; formulas are neutralised so a spreadsheet shows them as text. */
function cell(value: unknown): string {
  let text =
    value === null || value === undefined ? '' : value instanceof Date ? value.toISOString() : String(value);
  if (/^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\n\r;]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** A UTF-8 CSV with a byte-order mark, so spreadsheet programs read Latvian letters right. */
export function toCsv(header: string[], rows: unknown[][]): string {
  return `\uFEFF${[header, ...rows].map((r) => r.map(cell).join(',')).join('\r\n')}\r\n`;
}

/** Answers with a CSV download. */
export function sendCsv(
  reply: { type(t: string): unknown; header(k: string, v: string): unknown; send(body: string): unknown },
  filename: string,
  header: string[],
  rows: unknown[][],
) {
  reply.type('text/csv; charset=utf-8');
  reply.header('content-disposition', `attachment; filename="${filename}"`);
  return reply.send(toCsv(header, rows));
}
