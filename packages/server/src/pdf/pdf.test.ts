import { describe, expect, it } from 'vitest';
import { fieldTable, renderPdf } from './pdf.ts';
import { readPdf } from './pdf-text.ts';

describe('renderPdf', () => {
  it('writes every Latvian letter so that it reads back as the same text', async () => {
    const letters = 'ā č ē ģ ī ķ ļ ņ š ū ž Ā Č Ē Ģ Ī Ķ Ļ Ņ Š Ū Ž';
    const bytes = await renderPdf(
      [
        { text: 'Mācību līgums', style: 'title' },
        { text: letters },
        fieldTable([['Audzēknis', 'Ģirts Šņore']]),
      ],
      { title: 'Mācību līgums', locale: 'lv', keywords: 'sha256:abc', footer: 'Tilts' },
    );
    expect(bytes.subarray(0, 5).toString()).toBe('%PDF-');
    const pdf = await readPdf(bytes);
    const text = pdf.pages.join('\n');
    expect(text).toContain('Mācību līgums');
    expect(text).toContain(letters);
    expect(text).toContain('Ģirts Šņore');
    expect(text).toContain('1 / 1 lpp.');
    expect(pdf.keywords).toBe('sha256:abc');
    expect(pdf.title).toBe('Mācību līgums');
  });

  it('numbers pages in the reader’s language', async () => {
    const many = Array.from({ length: 120 }, (_, i) => ({ text: `Row ${i}` }));
    const pdf = await readPdf(await renderPdf(many, { title: 'T', locale: 'en' }));
    expect(pdf.pages.length).toBeGreaterThan(1);
    expect(pdf.pages[0]).toContain(`1 / ${pdf.pages.length} page`);
  });

  it('refuses to read bytes that are not a PDF', async () => {
    await expect(readPdf(new TextEncoder().encode('not a pdf'))).rejects.toThrow();
  });
});
