export const locales = ['lv', 'en'] as const;
export type Locale = (typeof locales)[number];
export const defaultLocale: Locale = 'lv';

export function isLocale(value: unknown): value is Locale {
  return value === 'lv' || value === 'en';
}

/** Picks lv or en from an Accept-Language header; Latvian when nothing matches. */
export function localeFromAcceptLanguage(header: string | undefined): Locale {
  if (!header) return defaultLocale;
  for (const part of header.split(',')) {
    const tag = part.split(';')[0]?.trim().toLowerCase() ?? '';
    if (tag.startsWith('lv')) return 'lv';
    if (tag.startsWith('en')) return 'en';
  }
  return defaultLocale;
}
