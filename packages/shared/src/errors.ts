import type { Locale } from './locale.ts';

/** Every error the API returns has this shape; `message` is in the user's language. */
export interface ApiError {
  error: { code: ErrorCode; message: string; fields?: Record<string, string> };
}

/** The short list of error codes; each maps to one HTTP status on the server. */
export const errorStatus = {
  validation_failed: 400,
  malformed_json: 400,
  unauthenticated: 401,
  invalid_credentials: 401,
  forbidden: 403,
  csrf_rejected: 403,
  not_found: 404,
  conflict: 409,
  link_invalid: 410,
  payload_too_large: 413,
  unsupported_media_type: 415,
  too_many_attempts: 429,
  internal: 500,
  unavailable: 503,
  /** Credential signing needs TILTS_MASTER_KEY on a PostgreSQL server. */
  signing_unavailable: 503,
} as const;
export type ErrorCode = keyof typeof errorStatus;

export const errorMessages: Record<Locale, Record<ErrorCode, string>> = {
  lv: {
    validation_failed: 'Lūdzu, izlabojiet atzīmētos laukus.',
    malformed_json: 'Pieprasījums nav derīgs JSON.',
    unauthenticated: 'Lūdzu, pierakstieties.',
    invalid_credentials: 'Nepareizs e-pasts vai parole.',
    forbidden: 'Jums nav piekļuves šai darbībai.',
    csrf_rejected: 'Pieprasījums nāca no citas vietnes un tika noraidīts.',
    not_found: 'Nekas netika atrasts.',
    conflict: 'Šie dati jau ir mainīti vai pastāv.',
    link_invalid: 'Saite ir nederīga, jau izmantota vai beigusies. Pieprasiet jaunu.',
    payload_too_large: 'Pieprasījums ir pārāk liels.',
    unsupported_media_type: 'Šāds faila vai satura veids netiek pieņemts.',
    too_many_attempts: 'Pārāk daudz neveiksmīgu mēģinājumu. Mēģiniet vēlreiz pēc brīža.',
    internal: 'Radās kļūda. Mēģiniet vēlreiz; ja tā atkārtojas, sazinieties ar administratoru.',
    unavailable: 'Pakalpojums pašlaik nav pieejams.',
    signing_unavailable:
      'Apliecinājumu parakstīšana ir izslēgta: administratoram jāiestata TILTS_MASTER_KEY (32 baiti base64 vai hex formā).',
  },
  en: {
    validation_failed: 'Please correct the marked fields.',
    malformed_json: 'The request is not valid JSON.',
    unauthenticated: 'Please sign in.',
    invalid_credentials: 'Wrong e-mail or password.',
    forbidden: 'You do not have access to this action.',
    csrf_rejected: 'The request came from another site and was refused.',
    not_found: 'Nothing was found.',
    conflict: 'This data has already been changed or exists.',
    link_invalid: 'The link is invalid, already used or expired. Request a new one.',
    payload_too_large: 'The request is too large.',
    unsupported_media_type: 'This type of file or content is not accepted.',
    too_many_attempts: 'Too many failed attempts. Try again in a while.',
    internal: 'Something went wrong. Try again; if it happens again, contact your administrator.',
    unavailable: 'The service is not available right now.',
    signing_unavailable:
      'Credential signing is off: the administrator must set TILTS_MASTER_KEY (32 bytes as base64 or hex).',
  },
};

/** One validation problem, in words a user can act on. */
export interface FieldIssue {
  code: string;
  minimum?: number | bigint;
  maximum?: number | bigint;
  format?: string;
  message?: string;
}

const fieldMessages: Record<Locale, Record<string, (i: FieldIssue) => string>> = {
  lv: {
    required: () => 'Šis lauks ir obligāts.',
    too_small: (i) =>
      Number(i.minimum) <= 1 ? 'Šis lauks ir obligāts.' : `Jābūt vismaz ${String(i.minimum)} rakstzīmēm.`,
    too_big: (i) => `Ne vairāk kā ${String(i.maximum)} rakstzīmes.`,
    email: () => 'Ievadiet derīgu e-pasta adresi.',
    url: () => 'Ievadiet derīgu adresi (https://…).',
    invalid_value: () => 'Izvēlieties vienu no piedāvātajām vērtībām.',
    invalid_type: () => 'Nederīga vērtība.',
    country: () => 'Valsts kodam jābūt diviem lielajiem burtiem (piemēram, LV).',
    passwords_differ: () => 'Paroles nesakrīt.',
    email_taken: () => 'Lietotājs ar šo e-pastu jau ir šajā skolā.',
    last_admin: () => 'Skolai jāpaliek vismaz vienam aktīvam administratoram.',
    role_not_invitable: () => 'Jūs nevarat uzaicināt lietotāju ar šo lomu.',
    image_type: () => 'Logotipam jābūt PNG vai JPEG attēlam.',
    invalid: () => 'Nederīga vērtība.',
    template_archived: () => 'Šī veidne ir arhivēta; izvēlieties aktīvu veidni.',
    learner_not_member: () => 'Šis cilvēks nav šīs skolas lietotājs.',
    parts_missing: () => 'Audzēknim vēl nav visu apliecinājumu, no kuriem sastāv šis apliecinājums.',
    part_cycle: () => 'Apliecinājums nevar sastāvēt no sevis paša vai no apliecinājuma, kas sastāv no tā.',
    csv_empty: () => 'CSV failā nav nevienas rindas ar audzēkni.',
    csv_header: () =>
      'CSV pirmajā rindā jābūt kolonnu nosaukumiem: email (vai e-pasts) un/vai vards, uzvards; pēc izvēles vertejums.',
    csv_problems: () => 'Dažās rindās ir kļūdas; izlabojiet tās vai izvēlieties izveidot jaunus audzēkņus.',
    share_not_own: () => 'Kopīgot var tikai savus apliecinājumus.',
    already_in_state: () => 'Apliecinājums jau ir šajā stāvoklī.',
    revoked_final: () => 'Atsauktu apliecinājumu nevar atjaunot vai apturēt.',
  },
  en: {
    required: () => 'This field is required.',
    too_small: (i) =>
      Number(i.minimum) <= 1 ? 'This field is required.' : `At least ${String(i.minimum)} characters.`,
    too_big: (i) => `At most ${String(i.maximum)} characters.`,
    email: () => 'Enter a valid e-mail address.',
    url: () => 'Enter a valid address (https://…).',
    invalid_value: () => 'Choose one of the offered values.',
    invalid_type: () => 'Invalid value.',
    country: () => 'The country code must be two capital letters (for example LV).',
    passwords_differ: () => 'The passwords do not match.',
    email_taken: () => 'A user with this e-mail is already in this school.',
    last_admin: () => 'The school must keep at least one active administrator.',
    role_not_invitable: () => 'You cannot invite a user with this role.',
    image_type: () => 'The logo must be a PNG or JPEG image.',
    invalid: () => 'Invalid value.',
    template_archived: () => 'This template is archived; choose an active template.',
    learner_not_member: () => 'This person is not a user of this school.',
    parts_missing: () => 'The learner does not yet hold every credential this credential is made of.',
    part_cycle: () => 'A credential cannot be made of itself or of a credential that is made of it.',
    csv_empty: () => 'The CSV file has no rows with a learner.',
    csv_header: () =>
      'The first CSV row must name the columns: email and/or given_name, family_name; optionally grade.',
    csv_problems: () => 'Some rows have problems; correct them or choose to create new learners.',
    share_not_own: () => 'You can share only your own credentials.',
    already_in_state: () => 'The credential is already in this state.',
    revoked_final: () => 'A revoked credential cannot be reinstated or suspended.',
  },
};

/** Words for a zod issue (or one of our own codes), the same in the browser and on the server. */
export function fieldMessage(issue: FieldIssue, locale: Locale): string {
  const table = fieldMessages[locale];
  let key = issue.code;
  if (issue.code === 'invalid_format')
    key = issue.format === 'email' ? 'email' : issue.format === 'url' ? 'url' : 'invalid';
  if (issue.code === 'custom' && issue.message && table[issue.message]) key = issue.message;
  if (issue.code === 'invalid_type' && issue.message?.includes('received undefined')) key = 'required';
  const make = table[key] ?? table.invalid!;
  return make(issue);
}
