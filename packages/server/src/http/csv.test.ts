import { describe, expect, it } from 'vitest';
import { toCsv } from './csv.ts';

const body = (csv: string) => csv.slice(1).split('\r\n');

describe('toCsv', () => {
  it('starts with a UTF-8 byte-order mark and ends every line with CRLF', () => {
    const csv = toCsv(['name', 'city'], [['Ēriks Žubīts', 'Liepāja']]);
    expect(csv.charCodeAt(0)).toBe(0xfeff);
    expect(csv).toBe('\uFEFFname,city\r\nĒriks Žubīts,Liepāja\r\n');
    expect(Buffer.from(csv, 'utf8').subarray(0, 3)).toEqual(Buffer.from([0xef, 0xbb, 0xbf]));
  });

  it('quotes cells with commas, quotes, semicolons and line breaks, doubling the quotes', () => {
    const csv = toCsv(['a', 'b', 'c', 'd'], [['SIA "Koks", Rīga', 'one;two', 'line\nbreak', 'plain']]);
    expect(body(csv)[1]).toBe('"SIA ""Koks"", Rīga","one;two","line\nbreak",plain');
  });

  it('neutralises formulas so a spreadsheet shows them as text', () => {
    const csv = toCsv(
      ['x'],
      [['=HYPERLINK("http://evil")'], ['+1+1'], ['-2'], ['@SUM(A1)'], ['\tTab'], ['\rCR'], ['a=b']],
    );
    const lines = body(csv);
    expect(lines[1]).toBe(`"'=HYPERLINK(""http://evil"")"`);
    expect(lines[2]).toBe("'+1+1");
    expect(lines[3]).toBe("'-2");
    expect(lines[4]).toBe("'@SUM(A1)");
    expect(lines[5]).toBe("'\tTab");
    expect(csv).toContain(`"'\rCR"`);
    expect(csv).toContain('\r\na=b\r\n');
  });

  it('writes null and undefined as empty, dates as ISO, booleans and numbers as text', () => {
    const csv = toCsv(
      ['a', 'b', 'c', 'd', 'e'],
      [[null, undefined, new Date('2026-05-04T03:02:01.000Z'), true, 42]],
    );
    expect(body(csv)[1]).toBe(',,2026-05-04T03:02:01.000Z,true,42');
  });
});
