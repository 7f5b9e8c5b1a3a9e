import type { FieldIssue } from './errors.ts';
import type { Locale } from './locale.ts';

type Message = (i: FieldIssue, w: Record<string, string>) => string;

/** The personal-data feature's field messages (imports of people, personal codes), in both languages. */
export const peopleFieldMessages: Record<Locale, Record<string, Message>> = {
  lv: {
    personal_code_format: () => 'Personas kodam jābūt 11 cipariem, piemēram, 290156-11605.',
    personal_code_checksum: () =>
      'Personas koda kontrolcipars nesakrīt: pārbaudiet, vai kods uzrakstīts pareizi.',
    personal_code_date: () => 'Personas koda sākumā nav īsta dzimšanas datuma.',
    personal_code_birth_date: (_, w) =>
      `Personas kods norāda citu dzimšanas datumu (${w.date}) nekā kolonna “Dzimšanas datums”.`,
    date_format: () => 'Datumu rakstiet kā dd.mm.gggg (piemēram, 14.09.2005) vai gggg-mm-dd.',
    email_in_file: (_, w) => `Šis e-pasts jau ir failā ${w.line}. rindā: viens cilvēks ir viena rinda.`,
    member_other_role: (_, w) =>
      `Šis cilvēks skolā jau ir ar citu lomu (${w.role}); lomu maina lietotāju lapā, nevis importā.`,
    staff_role: () => 'Lomai jābūt “koordinators” vai “skolotājs” (coordinator, teacher).',
    person_anonymised: () =>
      'Šī cilvēka dati ir anonimizēti; viņu nevar importēt no jauna ar to pašu ierakstu.',
    personal_key_missing: () =>
      'Personas kodus un dzimšanas datumus var saglabāt tikai tad, kad iestatīts TILTS_MASTER_KEY.',
  },
  en: {
    personal_code_format: () => 'A personal code has 11 digits, for example 290156-11605.',
    personal_code_checksum: () => "The personal code's check digit does not match: check how it is written.",
    personal_code_date: () => 'The personal code does not begin with a real date of birth.',
    personal_code_birth_date: (_, w) =>
      `The personal code gives another date of birth (${w.date}) than the "Date of birth" column.`,
    date_format: () => 'Write the date as dd.mm.yyyy (for example 14.09.2005) or yyyy-mm-dd.',
    email_in_file: (_, w) => `This e-mail is already on line ${w.line} of the file: one person, one row.`,
    member_other_role: (_, w) =>
      `This person already has another role in the school (${w.role}); change roles on the users page, not by import.`,
    staff_role: () => 'The role must be coordinator or teacher ("koordinators", "skolotājs").',
    person_anonymised: () => "This person's data has been anonymised; the record cannot be imported again.",
    personal_key_missing: () =>
      'Personal codes and dates of birth can be stored only once TILTS_MASTER_KEY is set.',
  },
};
