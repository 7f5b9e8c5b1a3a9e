import { type FieldIssue, fieldMessage, type Locale } from '@tilts/shared';
import type { z } from 'zod';
import type { FieldErrors, Validation } from './forms.ts';

/**
 * Like `validate`, but keys each problem by its whole path ("contacts.0.email"), the way the
 * server names fields inside lists, so a list's rows can show their own problems.
 */
export function validateDeep<S extends z.ZodType>(
  schema: S,
  values: unknown,
  locale: Locale,
): Validation<z.output<S>> {
  const result = schema.safeParse(values);
  if (result.success) return { ok: true, data: result.data };
  const errors: FieldErrors = {};
  for (const issue of result.error.issues) {
    const key = issue.path.map(String).join('.');
    if (errors[key] === undefined) errors[key] = fieldMessage(issue as FieldIssue, locale);
  }
  return { ok: false, errors };
}

/** Splits problems into the form's own fields and those of one list ("contacts.0.email"). */
export function splitErrors(fields: FieldErrors, list: string): { top: FieldErrors; nested: FieldErrors } {
  const top: FieldErrors = {};
  const nested: FieldErrors = {};
  for (const [key, text] of Object.entries(fields)) {
    if (key.startsWith(`${list}.`)) nested[key] = text;
    else top[key] = text;
  }
  return { top, nested };
}
