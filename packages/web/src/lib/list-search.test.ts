import { describe, expect, it } from 'vitest';
import { optionalIsoDate, optionalText, parseListSearch } from './list-search.ts';

const sortable = ['name', 'createdAt'] as const;

describe('parseListSearch', () => {
  it('reads a well-formed search', () => {
    expect(parseListSearch({ q: ' Ozoliņa ', sort: 'createdAt', dir: 'desc', page: '3' }, sortable)).toEqual({
      q: 'Ozoliņa',
      sort: 'createdAt',
      dir: 'desc',
      page: 3,
    });
    expect(parseListSearch({ page: 2, q: 2026 }, sortable)).toMatchObject({ page: 2, q: '2026' });
  });

  it('drops what is malformed instead of failing', () => {
    expect(
      parseListSearch({ q: '   ', sort: 'password_hash', dir: 'sideways', page: 'two' }, sortable),
    ).toEqual({ q: undefined, sort: undefined, dir: undefined, page: undefined });
    expect(parseListSearch({ page: 1 }, sortable).page).toBeUndefined();
    expect(parseListSearch({ page: -4 }, sortable).page).toBeUndefined();
    expect(parseListSearch({ page: 2.5 }, sortable).page).toBeUndefined();
    expect(parseListSearch({ q: { nested: true } }, sortable).q).toBeUndefined();
    expect(parseListSearch({}, sortable)).toEqual({
      q: undefined,
      sort: undefined,
      dir: undefined,
      page: undefined,
    });
  });

  it('cuts a very long search text', () => {
    expect(parseListSearch({ q: 'ā'.repeat(500) }, sortable).q).toHaveLength(200);
  });
});

describe('optionalText and optionalIsoDate', () => {
  it('keep trimmed text up to the limit and only YYYY-MM-DD dates', () => {
    expect(optionalText('  Rīga ')).toBe('Rīga');
    expect(optionalText('abcdef', 3)).toBe('abc');
    expect(optionalText('')).toBeUndefined();
    expect(optionalText(null)).toBeUndefined();
    expect(optionalIsoDate('2026-02-28')).toBe('2026-02-28');
    expect(optionalIsoDate('28.02.2026')).toBeUndefined();
    expect(optionalIsoDate('2026-02-28T00:00:00Z')).toBeUndefined();
    expect(optionalIsoDate(20260228)).toBeUndefined();
  });
});
