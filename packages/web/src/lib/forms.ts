import { type FieldIssue, fieldMessage, type Locale } from '@tilts/shared';
import { type ChangeEvent, useCallback, useRef, useState } from 'react';
import type { z } from 'zod';
import { currentLocale } from '../i18n/index.ts';
import { ApiRequestError, errorText } from './api.ts';

export type FieldErrors = Partial<Record<string, string>>;

export type Validation<T> = { ok: true; data: T } | { ok: false; errors: FieldErrors };

/**
 * Checks values with the same zod schema the server uses, and words each problem with the shared
 * `fieldMessage`, so the browser and the server say the same thing. The first problem per field wins.
 */
export function validate<S extends z.ZodType>(
  schema: S,
  values: unknown,
  locale: Locale,
): Validation<z.output<S>> {
  const result = schema.safeParse(values);
  if (result.success) return { ok: true, data: result.data };
  const errors: FieldErrors = {};
  for (const issue of result.error.issues) {
    const key = String(issue.path[0] ?? '');
    if (errors[key] === undefined) errors[key] = fieldMessage(issue as FieldIssue, locale);
  }
  return { ok: false, errors };
}

/**
 * State for one form of text fields: values, per-field errors and a form-level message.
 * What the user typed is never cleared by an error; only a field they edit loses its error.
 */
export function useForm<V extends Record<string, string>>(initial: V) {
  const [values, setValues] = useState<V>(initial);
  const [errors, setErrors] = useState<FieldErrors>({});
  const [formError, setFormError] = useState<string | null>(null);
  const formRef = useRef<HTMLFormElement>(null);
  const fieldNames = useRef(new Set(Object.keys(initial)));

  const setValue = useCallback((name: keyof V & string, value: string) => {
    setValues((current) => ({ ...current, [name]: value }));
    setErrors((current) => (current[name] === undefined ? current : { ...current, [name]: undefined }));
  }, []);

  const focusFirstProblem = useCallback(() => {
    requestAnimationFrame(() => {
      const form = formRef.current;
      const target =
        form?.querySelector<HTMLElement>('[aria-invalid="true"]') ??
        form?.querySelector<HTMLElement>('[role="alert"]');
      target?.focus();
    });
  }, []);

  /** Shows field errors; messages for fields this form has no input for go to the form-level message. */
  const showErrors = useCallback(
    (fields: FieldErrors, message: string | null) => {
      const own: FieldErrors = {};
      const other: string[] = [];
      for (const [key, text] of Object.entries(fields)) {
        if (!text) continue;
        if (fieldNames.current.has(key)) own[key] = text;
        else other.push(text);
      }
      setErrors(own);
      const lines = [message, ...other].filter((line): line is string => Boolean(line));
      setFormError(lines.length > 0 ? lines.join(' ') : null);
      focusFirstProblem();
    },
    [focusFirstProblem],
  );

  /** Validates with a shared schema; returns the parsed data, or null after showing the problems. */
  function check<S extends z.ZodType>(schema: S, data: unknown = values): z.output<S> | null {
    const result = validate(schema, data, currentLocale());
    if (result.ok) {
      setErrors({});
      setFormError(null);
      return result.data;
    }
    showErrors(result.errors, null);
    return null;
  }

  /** Puts a server refusal onto the fields and the form message. */
  const fail = useCallback(
    (error: unknown) => {
      if (error instanceof ApiRequestError) showErrors(error.fields, error.message);
      else showErrors({}, errorText(error));
    },
    [showErrors],
  );

  /** Props for a Mantine text input bound to one field. */
  function input(name: keyof V & string) {
    return {
      name,
      value: values[name],
      error: errors[name],
      onChange: (event: ChangeEvent<HTMLInputElement | HTMLTextAreaElement | HTMLSelectElement>) =>
        setValue(name, event.currentTarget.value),
    };
  }

  return {
    values,
    setValues,
    setValue,
    errors,
    formError,
    setFormError,
    showErrors,
    check,
    fail,
    input,
    formRef,
  };
}
