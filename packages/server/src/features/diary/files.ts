import type { DiaryFileKind } from '@tilts/shared';

/** The type each allowed kind is stored and served as. */
export const contentTypes: Record<DiaryFileKind, string> = {
  jpeg: 'image/jpeg',
  png: 'image/png',
  webp: 'image/webp',
  heic: 'image/heic',
  pdf: 'application/pdf',
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  odt: 'application/vnd.oasis.opendocument.text',
};

const extensions: Record<string, DiaryFileKind> = {
  jpg: 'jpeg',
  jpeg: 'jpeg',
  png: 'png',
  webp: 'webp',
  heic: 'heic',
  heif: 'heic',
  pdf: 'pdf',
  docx: 'docx',
  odt: 'odt',
};

/** The kind a file name claims by its extension, or null for one not allowed. */
export function kindOfName(name: string): DiaryFileKind | null {
  const dot = name.lastIndexOf('.');
  if (dot < 0) return null;
  return extensions[name.slice(dot + 1).toLowerCase()] ?? null;
}

const HEIC_BRANDS = new Set(['heic', 'heix', 'hevc', 'hevx', 'heim', 'heis', 'mif1', 'msf1']);

const starts = (bytes: Buffer, prefix: number[], at = 0) =>
  bytes.length >= at + prefix.length && prefix.every((b, i) => bytes[at + i] === b);
const ascii = (bytes: Buffer, from: number, to: number) => bytes.subarray(from, to).toString('latin1');

/**
 * What a file is, read from its first bytes (and, for the two ZIP-based text formats, the names
 * inside), never from what the browser said. Null for anything not allowed in a diary.
 */
export function sniffKind(bytes: Buffer): DiaryFileKind | null {
  if (starts(bytes, [0xff, 0xd8, 0xff])) return 'jpeg';
  if (starts(bytes, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return 'png';
  if (ascii(bytes, 0, 4) === 'RIFF' && ascii(bytes, 8, 12) === 'WEBP') return 'webp';
  if (ascii(bytes, 4, 8) === 'ftyp' && HEIC_BRANDS.has(ascii(bytes, 8, 12))) return 'heic';
  if (ascii(bytes, 0, 5) === '%PDF-') return 'pdf';
  if (starts(bytes, [0x50, 0x4b, 0x03, 0x04])) {
    // An OpenDocument file's first entry is "mimetype", stored uncompressed, holding its type.
    if (
      ascii(bytes, 30, 38) === 'mimetype' &&
      ascii(bytes, 38, 77) === 'application/vnd.oasis.opendocument.text'
    )
      return 'odt';
    // A Word file names its main part in the ZIP's entries (local headers and central directory).
    if (
      bytes.includes('word/document.xml', 0, 'latin1') &&
      bytes.includes('[Content_Types].xml', 0, 'latin1')
    )
      return 'docx';
  }
  return null;
}

/** A file name safe to store and to send back in Content-Disposition: no path, no control characters. */
export function cleanFilename(name: string): string {
  const base = name.split(/[\\/]/).pop() ?? '';
  const clean = [...base]
    .filter((c) => c.charCodeAt(0) >= 0x20 && c.charCodeAt(0) !== 0x7f && c !== '"')
    .join('')
    .trim();
  return clean.slice(-200) || 'file';
}
