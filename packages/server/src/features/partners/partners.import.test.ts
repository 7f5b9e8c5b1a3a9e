import { fieldMessage } from '@tilts/shared';
import { describe, expect, it } from 'vitest';
import { partnerImport } from './partners.import.ts';
import { nameKey, partnerKeys, registrationKey } from './partners.repository.ts';

const parse = partnerImport.parse;

describe('reading a partner row', () => {
  it('takes a country by code or by its Latvian or English name, and the kind in either language', () => {
    const row = parse({
      legalName: 'Müller GmbH',
      country: 'Vācija',
      kind: 'Uzņēmums',
      website: 'mueller.example.de',
    });
    expect(row).toEqual({
      ok: true,
      data: expect.objectContaining({
        legalName: 'Müller GmbH',
        country: 'DE',
        kind: 'company',
        website: 'https://mueller.example.de',
      }),
    });
    expect(parse({ legalName: 'Tallinna kool', country: 'estonia', kind: 'School' })).toMatchObject({
      ok: true,
      data: { country: 'EE', kind: 'school' },
    });
    expect(parse({ legalName: 'X SIA', country: ' lv ' })).toMatchObject({
      ok: true,
      data: { country: 'LV' },
    });
  });

  it('leaves blank cells out, so an import never erases what is stored', () => {
    const row = parse({ legalName: 'SIA Koks', country: 'LV', city: '', sector: '  ' });
    expect(row.ok && row.data.city).toBeUndefined();
    expect(row.ok && row.data.sector).toBeUndefined();
    expect(row.ok && row.data.contact).toBeUndefined();
  });

  it('names each wrong cell: unknown country, kind, e-mail, a contact without a name', () => {
    const row = parse({
      legalName: 'S',
      country: 'XX',
      kind: 'banka',
      contactEmail: 'nav',
      contactPhone: '+371 2000',
    });
    expect(row.ok).toBe(false);
    if (row.ok) return;
    const words = Object.fromEntries(row.problems.map((p) => [p.field, fieldMessage(p.issue, 'en')]));
    expect(words).toEqual({
      legalName: 'At least 2 characters.',
      country: 'Unknown country code. Use the two-letter ISO code (for example DE).',
      kind: 'Unknown type of organisation. Allowed: uzņēmums / company, skola / school, starpnieks / intermediary.',
      contactName: 'This field is required.',
      contactEmail: 'Enter a valid e-mail address.',
    });
  });
});

describe('keys that make two spellings one organisation', () => {
  it('registration numbers without spaces, dots and dashes', () => {
    expect(registrationKey('40003-123 456')).toBe('40003123456');
    expect(registrationKey('hrb 12.345')).toBe('HRB12345');
  });
  it('names without case, diacritics and punctuation', () => {
    expect(nameKey('SIA „Ziemeļu Ābeles”')).toBe(nameKey('sia "ziemelu abeles"'));
    expect(nameKey('Müller-Maschinenbau GmbH')).toBe('muller maschinenbau gmbh');
  });
  it('search text holds name, number in both spellings, city, sector and contacts', () => {
    const { search_text } = partnerKeys({
      legalName: 'AS „Ķīmija”',
      registrationNumber: '40003-1',
      city: 'Olaine',
      sector: 'Ķīmija',
      contacts: [{ name: 'Ģirts Šņore', email: 'girts@kimija.lv' }],
    });
    for (const part of ['kimija', '40003-1', '400031', 'olaine', 'girts snore', 'girts@kimija.lv']) {
      expect(search_text).toContain(part);
    }
  });
});
