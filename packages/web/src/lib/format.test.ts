import { describe, expect, it } from 'vitest';
import { formatDate, formatDateTime } from './format.ts';

describe('formatDate', () => {
  it('writes Latvian dates as dd.mm.yyyy and English ones as dd/mm/yyyy', () => {
    expect(formatDate('2026-11-23', 'lv')).toBe('23.11.2026');
    expect(formatDate('2026-01-05', 'lv')).toBe('05.01.2026');
    expect(formatDate('2026-11-23', 'en')).toBe('23/11/2026');
    expect(formatDate(new Date(2026, 0, 5, 12), 'lv')).toBe('05.01.2026');
  });

  it('keeps a bare calendar date on its own day in any time zone', () => {
    // new Date('2026-03-01') would be UTC midnight: 28.02 west of Greenwich.
    const zone = process.env.TZ;
    try {
      for (const tz of ['America/New_York', 'Europe/Riga', 'Pacific/Kiritimati']) {
        process.env.TZ = tz;
        expect(formatDate('2026-03-01', 'lv'), tz).toBe('01.03.2026');
      }
      process.env.TZ = 'America/New_York';
      expect(formatDate('2026-03-01T00:00:00Z', 'lv')).toBe('28.02.2026');
    } finally {
      if (zone === undefined) delete process.env.TZ;
      else process.env.TZ = zone;
    }
  });

  it('is empty for no date or a date that is not one', () => {
    expect(formatDate(null, 'lv')).toBe('');
    expect(formatDate(undefined, 'en')).toBe('');
    expect(formatDate('', 'lv')).toBe('');
    expect(formatDate('not a date', 'lv')).toBe('');
  });
});

describe('formatDateTime', () => {
  it('adds a 24-hour time', () => {
    const at = new Date(2026, 10, 23, 14, 5);
    expect(formatDateTime(at, 'lv')).toBe('23.11.2026 14:05');
    expect(formatDateTime(at, 'en')).toBe('23/11/2026, 14:05');
    expect(formatDateTime(new Date(2026, 0, 2, 9, 7).getTime(), 'lv')).toBe('02.01.2026 09:07');
    expect(formatDateTime(null, 'lv')).toBe('');
  });
});
