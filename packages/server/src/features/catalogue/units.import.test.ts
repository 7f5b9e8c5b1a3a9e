import { fieldMessage } from '@tilts/shared';
import { describe, expect, it } from 'vitest';
import { unitImport } from './units.import.ts';

const base = {
  qualificationCode: 'DST-4',
  unitCode: 'M1',
  unitTitle: 'Datortīkli',
  eqfLevel: '4',
  outcomeKind: 'prasmes',
  outcomeText: 'Konfigurē komutatoru.',
};

describe('reading a unit row', () => {
  it('takes the outcome kind in Latvian or English and credit points with a decimal comma', () => {
    expect(unitImport.parse({ ...base, creditPoints: '2,5' })).toEqual({
      ok: true,
      data: expect.objectContaining({ outcomeKind: 'skills', creditPoints: 2.5, eqfLevel: 4 }),
    });
    for (const [word, kind] of [
      ['Zināšanas', 'knowledge'],
      ['knowledge', 'knowledge'],
      ['Atbildība un autonomija', 'responsibility_autonomy'],
      ['kompetence', 'responsibility_autonomy'],
    ] as const) {
      expect(unitImport.parse({ ...base, outcomeKind: word })).toMatchObject({
        ok: true,
        data: { outcomeKind: kind },
      });
    }
  });

  it('says what is wrong with a level, credit points and a kind', () => {
    const row = unitImport.parse({ ...base, eqfLevel: '9', creditPoints: 'daudz', outcomeKind: 'gudrība' });
    expect(row.ok).toBe(false);
    if (row.ok) return;
    expect(Object.fromEntries(row.problems.map((p) => [p.field, fieldMessage(p.issue, 'lv')]))).toEqual({
      eqfLevel: 'Līmenis ir vesels skaitlis no 1 līdz 8.',
      creditPoints: 'Ievadiet skaitli.',
      outcomeKind:
        'Nezināms rezultāta veids. Der: zināšanas / knowledge, prasmes / skills, atbildība un autonomija / responsibility and autonomy.',
    });
  });
});
