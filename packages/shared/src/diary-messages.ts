import type { Locale } from './locale.ts';

interface Issue {
  params?: Record<string, string | number>;
}
type Message = (i: Issue, w: Record<string, string>) => string;

/** The diary's and the contact record's field messages, in both languages (spread into errors.ts). */
export const diaryFieldMessages: Record<Locale, Record<string, Message>> = {
  lv: {
    diary_hours: () => 'Stundu skaitam jābūt lielākam par 0 un ne lielākam par 24.',
    diary_outside: (_, w) => `Ieraksta datumam jābūt prakses laikā: ${w.start}–${w.end}.`,
    diary_future: (_, w) => `Ierakstu nevar rakstīt nākotnes datumam (šodien ir ${w.today}).`,
    diary_same_day: (_, w) =>
      `Par ${w.date} jums jau ir ieraksts. Labojiet esošo ierakstu, nevis rakstiet otru.`,
    diary_locked: (_, w) =>
      `Prakses vadītājs ierakstu par ${w.date} jau apstiprināja, tāpēc to vairs nevar mainīt vai dzēst.`,
    diary_already_confirmed: (_, w) =>
      `Ieraksts par ${w.date} jau ir apstiprināts un slēgts; nekas nav jādara.`,
    diary_not_learner: () => 'Dienasgrāmatu raksta prakses audzēknis.',
    diary_file_too_big: (_, w) => `Fails “${w.name}” ir lielāks par 10 MB. Samaziniet to vai sadaliet.`,
    diary_file_type: (_, w) =>
      `Fails “${w.name}” nav atļauta veida. Der attēli (JPEG, PNG, WebP, HEIC), PDF, DOCX un ODT.`,
    diary_file_mismatch: (_, w) =>
      `Faila “${w.name}” saturs neatbilst tā paplašinājumam (pēc satura tas ir ${w.kind}). Pārbaudiet, vai izvēlējāties pareizo failu.`,
    diary_files_max: (_, w) => `Vienam ierakstam var pievienot ne vairāk kā ${w.max} failus.`,
    diary_no_supervisor: () =>
      'Praksei nav norādīts prakses vadītāja e-pasts. Koordinators to pievieno prakses datos.',
    diary_nothing_to_confirm: () => 'Nav neapstiprinātu ierakstu, ko sūtīt prakses vadītājam.',
    diary_not_in_week: () => 'Šajā nedēļā nav neapstiprinātu ierakstu.',
    contact_future: (_, w) =>
      `Notikušam kontaktam datums nevar būt nākotnē (šodien ir ${w.today}). Plānotam kontaktam atzīmējiet “plānots”.`,
  },
  en: {
    diary_hours: () => 'Hours must be more than 0 and at most 24.',
    diary_outside: (_, w) => `The entry’s date must be within the placement: ${w.start}–${w.end}.`,
    diary_future: (_, w) => `An entry cannot be written for a future date (today is ${w.today}).`,
    diary_same_day: (_, w) =>
      `You already have an entry for ${w.date}. Edit the existing entry instead of writing a second one.`,
    diary_locked: (_, w) =>
      `The workplace supervisor has confirmed the entry for ${w.date}, so it can no longer be changed or deleted.`,
    diary_already_confirmed: (_, w) =>
      `The entry for ${w.date} is already confirmed and locked; there is nothing more to do.`,
    diary_not_learner: () => 'The diary is written by the placement’s learner.',
    diary_file_too_big: (_, w) => `The file “${w.name}” is larger than 10 MB. Make it smaller or split it.`,
    diary_file_type: (_, w) =>
      `The file “${w.name}” is not an allowed type. Allowed: images (JPEG, PNG, WebP, HEIC), PDF, DOCX and ODT.`,
    diary_file_mismatch: (_, w) =>
      `The content of “${w.name}” does not match its extension (by its content it is ${w.kind}). Check that you chose the right file.`,
    diary_files_max: (_, w) => `An entry can have at most ${w.max} files.`,
    diary_no_supervisor: () =>
      'The placement has no workplace supervisor e-mail. The coordinator adds it in the placement’s details.',
    diary_nothing_to_confirm: () => 'There are no unconfirmed entries to send to the supervisor.',
    diary_not_in_week: () => 'There are no unconfirmed entries in this week.',
    contact_future: (_, w) =>
      `A contact that took place cannot be dated in the future (today is ${w.today}). Tick “planned” for a planned contact.`,
  },
};
