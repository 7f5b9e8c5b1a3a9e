import { describe, expect, it } from 'vitest';
import { AppError } from '../../errors.ts';
import { partnerImportColumns } from '../partners/partners.import.ts';
import { readHeader } from './imports.service.ts';

describe('readHeader', () => {
  it('finds columns by their Latvian or English name or an alias, in any order, case and accent', () => {
    const { index, ignored } = readHeader(
      ['VALSTS', 'legal name', 'Reg. nr.', 'Piezīmes', 'Kontaktpersonas e-pasts'],
      partnerImportColumns,
      'lv',
    );
    expect(index).toEqual({ country: 0, legalName: 1, registrationNumber: 2, contactEmail: 4 });
    expect(ignored).toEqual(['Piezīmes']);
  });

  it('does not read one header cell as two columns', () => {
    const { index } = readHeader(['Nosaukums', 'Valsts', 'E-pasts'], partnerImportColumns, 'lv');
    expect(Object.values(index)).toEqual([0, 1, 2]);
  });

  it('refuses a header without the required columns, naming them in the reader’s language', () => {
    try {
      readHeader(['Name2', 'Pilsēta'], partnerImportColumns, 'en');
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(AppError);
      expect((error as AppError).fields).toEqual({
        file: { key: 'import_missing_columns', params: { columns: 'Legal name, Country', unknown: 'Name2' } },
      });
    }
  });
});
