import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decodeCsv, detectDelimiter, matchHeader, parseCsv } from './csv.ts';

// "Rīga;Šņore;Ūdre" as a Latvian Windows program saves it.
const win1257 = new Uint8Array([
  0x52, 0xee, 0x67, 0x61, 0x3b, 0xd0, 0xf2, 0x6f, 0x72, 0x65, 0x3b, 0xdb, 0x64, 0x72, 0x65,
]);

describe('decodeCsv', () => {
  it('reads UTF-8 with and without a byte-order mark', () => {
    const text = 'Nosaukums;Pilsēta\nSIA „Ķīmija”;Rīga\n';
    const plain = new TextEncoder().encode(text);
    const bom = new Uint8Array([0xef, 0xbb, 0xbf, ...plain]);
    expect(decodeCsv(plain)).toEqual({ text, encoding: 'utf-8' });
    expect(decodeCsv(bom)).toEqual({ text, encoding: 'utf-8' });
  });

  it('reads Windows-1257 with every Latvian letter right', () => {
    expect(decodeCsv(win1257)).toEqual({ text: 'Rīga;Šņore;Ūdre', encoding: 'windows-1257' });
  });
});

describe('parseCsv', () => {
  it('takes the separator the header uses', () => {
    expect(detectDelimiter('a;b;c\n1,5;2;3')).toBe(';');
    expect(detectDelimiter('a,b,c\n1;2;3')).toBe(',');
    expect(detectDelimiter('a\tb\tc')).toBe('\t');
  });

  it('keeps quoted separators, doubled quotes and newlines inside a cell', () => {
    expect(parseCsv('name,notes\r\n"SIA ""Koks""","a, b\nc"\r\n\r\nx,y\n')).toEqual([
      ['name', 'notes'],
      ['SIA "Koks"', 'a, b\nc'],
      ['x', 'y'],
    ]);
  });

  it('reads back any table it is given, written the RFC 4180 way', () => {
    const cellText = fc.string({ unit: fc.constantFrom('a', 'ā', ',', '"', '\n', ' ', 'Ž', ';') });
    fc.assert(
      fc.property(
        fc.array(fc.array(cellText, { minLength: 2, maxLength: 2 }), { minLength: 1, maxLength: 8 }),
        (rows) => {
          const kept = rows.filter((r) => r.some((c) => c.trim() !== ''));
          const text = `h1,h2\n${rows.map((r) => r.map((c) => `"${c.replace(/"/g, '""')}"`).join(',')).join('\n')}`;
          expect(parseCsv(text, ',')).toEqual([['h1', 'h2'], ...kept]);
        },
      ),
    );
  });
});

describe('matchHeader', () => {
  const columns = [
    { key: 'legalName', names: ['Nosaukums', 'Legal name'], required: true },
    { key: 'country', names: ['Valsts', 'Country'], required: true },
    { key: 'city', names: ['Pilsēta', 'City'] },
  ];
  it('finds columns by any of their names, whatever the case and diacritics', () => {
    expect(matchHeader(['PILSETA', 'Legal name', 'valsts'], columns)).toEqual({
      ok: true,
      index: { legalName: 1, country: 2, city: 0 },
    });
  });
  it('names the required columns that are missing and the columns it does not know', () => {
    expect(matchHeader(['Name', 'Pilsēta'], columns)).toEqual({
      ok: false,
      missing: ['Nosaukums', 'Valsts'],
      unknown: ['Name'],
    });
  });
});
