import type { Locale } from '@tilts/shared';

type DateInput = string | number | Date | null | undefined;

function toDate(value: DateInput): Date | null {
  if (value === null || value === undefined || value === '') return null;
  // A bare calendar date (YYYY-MM-DD) means that day wherever the reader is, not UTC midnight.
  if (typeof value === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(value)) {
    const [y, m, d] = value.split('-').map(Number) as [number, number, number];
    return new Date(y, m - 1, d);
  }
  const date = value instanceof Date ? value : new Date(value);
  return Number.isNaN(date.getTime()) ? null : date;
}

const two = (n: number) => String(n).padStart(2, '0');

/** A date as the locale writes it: lv `23.11.2026`, en `23/11/2026`. Empty for no date. */
export function formatDate(value: DateInput, locale: Locale): string {
  const date = toDate(value);
  if (!date) return '';
  if (locale === 'lv') return `${two(date.getDate())}.${two(date.getMonth() + 1)}.${date.getFullYear()}`;
  return new Intl.DateTimeFormat('en-GB', { day: '2-digit', month: '2-digit', year: 'numeric' }).format(date);
}

/** A date and time (24-hour clock): lv `23.11.2026 14:05`, en `23/11/2026, 14:05`. Empty for no date. */
export function formatDateTime(value: DateInput, locale: Locale): string {
  const date = toDate(value);
  if (!date) return '';
  const time = `${two(date.getHours())}:${two(date.getMinutes())}`;
  return locale === 'lv' ? `${formatDate(date, locale)} ${time}` : `${formatDate(date, locale)}, ${time}`;
}

/** An amount in euros as the locale writes it: lv `1 104,60 €`, en `€1,104.60`. */
export function formatMoney(value: number, locale: Locale): string {
  return new Intl.NumberFormat(locale === 'lv' ? 'lv-LV' : 'en-GB', {
    style: 'currency',
    currency: 'EUR',
  }).format(value);
}
