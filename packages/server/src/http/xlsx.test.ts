import { strFromU8, unzipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { toXlsx } from './xlsx.ts';

describe('toXlsx', () => {
  it('writes a workbook whose sheet holds the header, numbers as numbers and text with Latvian letters', () => {
    const bytes = toXlsx(
      'Dalībnieki',
      ['Vārds', 'Summa', 'Zaļais'],
      [
        ['Ģirts Šņore', 1104.6, true],
        ['=1+1 & <b>', 0, false],
      ],
    );
    expect(strFromU8(bytes.subarray(0, 2))).toBe('PK');
    const files = unzipSync(bytes);
    expect(Object.keys(files).sort()).toContain('xl/worksheets/sheet1.xml');
    const sheet = strFromU8(files['xl/worksheets/sheet1.xml']!);
    expect(sheet).toContain('<c r="A1" t="inlineStr" s="1"><is><t>Vārds</t></is></c>');
    expect(sheet).toContain(
      '<c r="A2" t="inlineStr"><is><t>Ģirts Šņore</t></is></c><c r="B2"><v>1104.6</v></c><c r="C2" t="b"><v>1</v></c>',
    );
    // A formula stays text, and markup is escaped.
    expect(sheet).toContain("'=1+1 &amp; &lt;b&gt;");
    expect(strFromU8(files['xl/workbook.xml']!)).toContain('name="Dalībnieki"');
  });
});
