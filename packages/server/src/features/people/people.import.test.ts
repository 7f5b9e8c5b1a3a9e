import { describe, expect, it } from 'vitest';
import { pseudonymOf, yearsBefore } from './anonymise.service.ts';
import { parseDate } from './people.import.ts';

describe('parseDate', () => {
  it('reads the Latvian way and ISO, and nothing that is not a real day', () => {
    expect(parseDate('14.09.2005')).toBe('2005-09-14');
    expect(parseDate('4.9.2005.')).toBe('2005-09-04');
    expect(parseDate('2005-09-14')).toBe('2005-09-14');
    expect(parseDate('29.02.2008')).toBe('2008-02-29');
    expect(parseDate('29.02.2007')).toBeUndefined();
    expect(parseDate('31.04.2005')).toBeUndefined();
    expect(parseDate('14/09/2005')).toBeUndefined();
    expect(parseDate('')).toBeUndefined();
  });
});

describe('retention arithmetic', () => {
  it('counts whole years back, 29 February falling to the 28th', () => {
    expect(yearsBefore('2026-11-23', 5)).toBe('2021-11-23');
    expect(yearsBefore('2028-02-29', 1)).toBe('2027-02-28');
  });

  it('gives one person the same pseudonym every time, and an address no mail reaches', () => {
    const id = '6f1c2d0e-1111-4a4a-9b9b-123456789abc';
    expect(pseudonymOf(id)).toEqual(pseudonymOf(id));
    expect(pseudonymOf(id).email).toBe(`anonymised-${id}@anonymised.invalid`);
    expect(pseudonymOf(id).familyName).toMatch(/^[0-9A-F]{8}$/);
  });
});
