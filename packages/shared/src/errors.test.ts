import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { errorMessages, errorStatus, fieldMessage } from './errors.ts';

function firstIssue(schema: z.ZodType, value: unknown) {
  const result = schema.safeParse(value);
  if (result.success) throw new Error('expected a validation problem');
  return result.error.issues[0]!;
}

describe('fieldMessage', () => {
  it('words a missing or too short value in Latvian and English', () => {
    const tooShort = firstIssue(z.string().min(10), 'short');
    expect(fieldMessage(tooShort, 'lv')).toBe('Jābūt vismaz 10 rakstzīmēm.');
    expect(fieldMessage(tooShort, 'en')).toBe('At least 10 characters.');
    const empty = firstIssue(z.string().min(1), '');
    expect(fieldMessage(empty, 'lv')).toBe('Šis lauks ir obligāts.');
    expect(fieldMessage(empty, 'en')).toBe('This field is required.');
    const missing = firstIssue(z.object({ name: z.string() }), {});
    expect(fieldMessage(missing, 'lv')).toBe('Šis lauks ir obligāts.');
    expect(fieldMessage(missing, 'en')).toBe('This field is required.');
  });

  it('words too long, e-mail, url and enum problems', () => {
    const long = firstIssue(z.string().max(5), 'far too long');
    expect(fieldMessage(long, 'lv')).toBe('Ne vairāk kā 5 rakstzīmes.');
    expect(fieldMessage(long, 'en')).toBe('At most 5 characters.');
    const email = firstIssue(z.email(), 'not-an-address');
    expect(fieldMessage(email, 'lv')).toBe('Ievadiet derīgu e-pasta adresi.');
    expect(fieldMessage(email, 'en')).toBe('Enter a valid e-mail address.');
    const url = firstIssue(z.url(), 'nowhere');
    expect(fieldMessage(url, 'lv')).toBe('Ievadiet derīgu adresi (https://…).');
    const choice = firstIssue(z.enum(['a', 'b']), 'c');
    expect(fieldMessage(choice, 'lv')).toBe('Izvēlieties vienu no piedāvātajām vērtībām.');
    expect(fieldMessage(choice, 'en')).toBe('Choose one of the offered values.');
  });

  it('uses our own keys from a custom issue, and a general message for anything unknown', () => {
    expect(fieldMessage({ code: 'custom', message: 'passwords_differ' }, 'lv')).toBe('Paroles nesakrīt.');
    expect(fieldMessage({ code: 'custom', message: 'passwords_differ' }, 'en')).toBe(
      'The passwords do not match.',
    );
    expect(fieldMessage({ code: 'custom', message: 'email_taken' }, 'lv')).toBe(
      'Lietotājs ar šo e-pastu jau ir šajā skolā.',
    );
    expect(fieldMessage({ code: 'custom', message: 'no_such_key' }, 'lv')).toBe('Nederīga vērtība.');
    expect(fieldMessage({ code: 'something_new' }, 'en')).toBe('Invalid value.');
  });
});

describe('error messages', () => {
  it('has a message in both languages for every code, and they differ', () => {
    for (const code of Object.keys(errorStatus) as (keyof typeof errorStatus)[]) {
      expect(errorMessages.lv[code], code).toBeTruthy();
      expect(errorMessages.en[code], code).toBeTruthy();
      expect(errorMessages.lv[code], code).not.toBe(errorMessages.en[code]);
    }
  });
});
