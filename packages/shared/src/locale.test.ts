import { describe, expect, it } from 'vitest';
import { isLocale, localeFromAcceptLanguage } from './locale.ts';

describe('localeFromAcceptLanguage', () => {
  it('is Latvian when the header is missing, empty or names neither language', () => {
    expect(localeFromAcceptLanguage(undefined)).toBe('lv');
    expect(localeFromAcceptLanguage('')).toBe('lv');
    expect(localeFromAcceptLanguage('de-DE,fr;q=0.8')).toBe('lv');
    expect(localeFromAcceptLanguage('*')).toBe('lv');
  });

  it('takes the first of lv or en in the order the browser lists them', () => {
    expect(localeFromAcceptLanguage('en')).toBe('en');
    expect(localeFromAcceptLanguage('en-GB,en;q=0.9')).toBe('en');
    expect(localeFromAcceptLanguage('LV-lv')).toBe('lv');
    expect(localeFromAcceptLanguage('de-DE, en-US;q=0.8, lv;q=0.5')).toBe('en');
    expect(localeFromAcceptLanguage('ru, lv;q=0.9, en;q=0.8')).toBe('lv');
  });
});

describe('isLocale', () => {
  it('accepts exactly lv and en', () => {
    expect(isLocale('lv')).toBe(true);
    expect(isLocale('en')).toBe(true);
    expect(isLocale('EN')).toBe(false);
    expect(isLocale('ru')).toBe(false);
    expect(isLocale(null)).toBe(false);
  });
});
