import { strToU8, zipSync } from 'fflate';

// biome-ignore lint/suspicious/noControlCharactersInRegex: the characters XML cannot hold are what it looks for.
const XML_SPECIAL = /[<>&"\u0000-\u0008\u000B\u000C\u000E-\u001F]/;

const escapeXml = (text: string) =>
  // Most cells hold plain text: one test, and no copy.
  !XML_SPECIAL.test(text)
    ? text
    : text
        .replace(/[<>&"]/g, (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', '"': '&quot;' })[c]!)
        .replace(
          // Characters XML 1.0 cannot hold at all: matching them is the point.
          // biome-ignore lint/suspicious/noControlCharactersInRegex: these are the characters removed.
          /[\u0000-\u0008\u000B\u000C\u000E-\u001F]/g,
          '',
        );

function column(n: number): string {
  let s = '';
  for (let i = n + 1; i > 0; i = Math.floor((i - 1) / 26)) s = String.fromCharCode(65 + ((i - 1) % 26)) + s;
  return s;
}

/** A spreadsheet must not read a typed value as a formula: = + - @ at the start. */
const FORMULA_START = new Set([61, 43, 45, 64]);

function cell(ref: string, value: unknown, style = 0): string {
  if (value === null || value === undefined || value === '') return '';
  const s = style ? ` s="${style}"` : '';
  if (typeof value === 'number' && Number.isFinite(value)) return `<c r="${ref}"${s}><v>${value}</v></c>`;
  if (typeof value === 'boolean') return `<c r="${ref}" t="b"${s}><v>${value ? 1 : 0}</v></c>`;
  let text = String(value);
  if (FORMULA_START.has(text.charCodeAt(0))) text = `'${text}`;
  const space =
    text.charCodeAt(0) === 32 || text.charCodeAt(text.length - 1) === 32 ? ' xml:space="preserve"' : '';
  return `<c r="${ref}" t="inlineStr"${s}><is><t${space}>${escapeXml(text)}</t></is></c>`;
}

/**
 * One sheet as an Excel workbook (Office Open XML): a bold, frozen header row, numbers as numbers,
 * text as text. Small and fast enough for tens of thousands of rows, with no dependency but a zip.
 */
export function toXlsx(sheetName: string, header: string[], rows: unknown[][]): Uint8Array {
  const width = Math.max(header.length, ...rows.slice(0, 1).map((r) => r.length));
  const letters = Array.from({ length: width + 1 }, (_, i) => column(i));
  // The sheet in pieces of a thousand rows, each encoded on its own: no string of tens of megabytes.
  const parts: Uint8Array[] = [
    Buffer.from(
      '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>' +
        '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">' +
        '<sheetViews><sheetView workbookViewId="0"><pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" state="frozen"/></sheetView></sheetViews>' +
        `<sheetData><row r="1">${header.map((h, i) => cell(`${letters[i]}1`, h, 1)).join('')}</row>`,
    ),
  ];
  for (let from = 0; from < rows.length; from += 1000) {
    let chunk = '';
    for (let y = from; y < Math.min(rows.length, from + 1000); y++) {
      const n = y + 2;
      chunk += `<row r="${n}">`;
      const r = rows[y]!;
      for (let x = 0; x < r.length; x++) chunk += cell(`${letters[x] ?? column(x)}${n}`, r[x]);
      chunk += '</row>';
    }
    parts.push(Buffer.from(chunk));
  }
  parts.push(Buffer.from('</sheetData></worksheet>'));
  const sheet = Buffer.concat(parts);
  const name = escapeXml(sheetName.slice(0, 31).replace(/[\\/?*[\]:]/g, ' '));
  const files = {
    '[Content_Types].xml':
      '<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">' +
      '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>' +
      '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>' +
      '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>' +
      '<Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/></Types>',
    '_rels/.rels':
      '<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">' +
      '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>',
    'xl/workbook.xml':
      '<?xml version="1.0" encoding="UTF-8" standalone="yes"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">' +
      `<sheets><sheet name="${name}" sheetId="1" r:id="rId1"/></sheets></workbook>`,
    'xl/_rels/workbook.xml.rels':
      '<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">' +
      '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/>' +
      '<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/></Relationships>',
    'xl/styles.xml':
      '<?xml version="1.0" encoding="UTF-8" standalone="yes"?><styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">' +
      '<fonts count="2"><font><sz val="11"/><name val="Calibri"/></font><font><b/><sz val="11"/><name val="Calibri"/></font></fonts>' +
      '<fills count="2"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill></fills>' +
      '<borders count="1"><border/></borders><cellStyleXfs count="1"><xf/></cellStyleXfs>' +
      '<cellXfs count="2"><xf fontId="0"/><xf fontId="1" applyFont="1"/></cellXfs></styleSheet>',
  };
  return zipSync(
    {
      ...Object.fromEntries(Object.entries(files).map(([k, v]) => [k, strToU8(v)])),
      'xl/worksheets/sheet1.xml': sheet,
    },
    { level: 1 },
  );
}
