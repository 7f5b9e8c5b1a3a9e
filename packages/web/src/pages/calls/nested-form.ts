import { type FieldIssue, fieldMessage } from '@tilts/shared';
import { useCallback, useRef, useState } from 'react';
import type { z } from 'zod';
import { currentLocale } from '../../i18n/index.ts';
import { ApiRequestError, errorText } from '../../lib/api.ts';
import type { FieldErrors } from '../../lib/forms.ts';

/**
 * `lib/forms.ts` `useForm` for a form with repeatable rows (languages, destinations, criteria): values
 * of any shape, and each problem kept under its full path (`destinations.1.places`), the same name the
 * server gives it, so a message lands on the row's own field. Same rules otherwise: the shared zod
 * schema checks first, what the user typed is never cleared, editing a field clears its error.
 */
export function useNestedForm<V extends object>(
  initial: V | (() => V),
  /** Which paths the form shows a message beside; the others are listed at the top. */
  known: (key: string) => boolean,
) {
  const [values, setValues] = useState<V>(initial);
  const [errors, setErrors] = useState<FieldErrors>({});
  const [formError, setFormError] = useState<string | null>(null);
  const formRef = useRef<HTMLFormElement>(null);

  const focusFirstProblem = useCallback(() => {
    requestAnimationFrame(() => {
      const form = formRef.current;
      const target =
        form?.querySelector<HTMLElement>('[aria-invalid="true"]') ??
        form?.querySelector<HTMLElement>('[role="alert"]');
      target?.focus();
    });
  }, []);

  /** Changes the values and clears the errors of the fields named. */
  const update = useCallback((change: (current: V) => V, ...touched: string[]) => {
    setValues(change);
    if (touched.length)
      setErrors((current) => {
        const next = { ...current };
        for (const key of touched) delete next[key];
        return next;
      });
  }, []);

  const show = useCallback(
    (fields: FieldErrors, message: string | null, known: (key: string) => boolean) => {
      const own: FieldErrors = {};
      const other: string[] = [];
      for (const [key, text] of Object.entries(fields)) {
        if (!text) continue;
        if (known(key)) own[key] = text;
        else other.push(text);
      }
      setErrors(own);
      const lines = [message, ...other].filter((line): line is string => Boolean(line));
      setFormError(lines.length ? lines.join(' ') : null);
      focusFirstProblem();
    },
    [focusFirstProblem],
  );

  const fieldNames = useRef(known);
  fieldNames.current = known;

  /** Validates with a shared schema; returns the parsed data, or null after showing the problems. */
  function check<S extends z.ZodType>(schema: S, data: unknown = values): z.output<S> | null {
    const result = schema.safeParse(data);
    if (result.success) {
      setErrors({});
      setFormError(null);
      return result.data;
    }
    const found: FieldErrors = {};
    for (const issue of result.error.issues) {
      const key = issue.path.join('.');
      found[key] ??= fieldMessage(issue as FieldIssue, currentLocale());
    }
    show(found, null, fieldNames.current);
    return null;
  }

  /** Puts a server refusal onto the fields and the form message. */
  const fail = useCallback(
    (error: unknown) => {
      if (error instanceof ApiRequestError) show(error.fields, error.message, fieldNames.current);
      else show({}, errorText(error), () => false);
    },
    [show],
  );

  return {
    values,
    setValues,
    update,
    errors,
    formError,
    check,
    fail,
    formRef,
  };
}
