import { z } from 'zod';
import { isCountryCode } from '../countries.ts';

export const email = z.string().trim().toLowerCase().pipe(z.email());
export const password = z.string().min(10).max(200);
export const countryCode = z
  .string()
  .trim()
  .toUpperCase()
  .regex(/^[A-Z]{2}$/, { message: 'country' })
  .refine(isCountryCode, { message: 'unknown_country' });

/** A calendar date as the API carries it: YYYY-MM-DD. */
export const isoDate = z.iso.date();

/** Text in a search index: lower case, without diacritics, so "skola" finds "skolā" and "Šņore" "snore". */
export function searchKey(text: string): string {
  return text
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/\s+/g, ' ')
    .trim();
}

/** Query of any list a coordinator pages through: search, sort, page, and CSV export. */
export function listQuery<const S extends readonly [string, ...string[]]>(sortable: S) {
  return z.object({
    q: z.string().trim().max(200).optional(),
    sort: z.enum(sortable).optional(),
    dir: z.enum(['asc', 'desc']).default('asc'),
    page: z.coerce.number().int().min(1).default(1),
    pageSize: z.coerce.number().int().min(1).max(200).default(25),
  });
}

export function page<T extends z.ZodType>(item: T) {
  return z.object({
    items: z.array(item),
    total: z.number().int(),
    page: z.number().int(),
    pageSize: z.number().int(),
  });
}

export const okResponse = z.object({ ok: z.literal(true) });
export const errorResponse = z.object({
  error: z.object({
    code: z.string(),
    message: z.string(),
    fields: z.record(z.string(), z.string()).optional(),
  }),
});
