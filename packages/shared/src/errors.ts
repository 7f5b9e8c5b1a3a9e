import type { Locale } from './locale.ts';
import {
  type ActivityType,
  activityTypeNames,
  type PlacementStatus,
  placementStatusNames,
  type ReadinessItem,
  readinessItemNames,
} from './placements.ts';
import { type MouPart, type MouStatus, mouPartNames, mouStatusNames } from './schemas/mous.ts';

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
  /** Numbers, dates (YYYY-MM-DD) and names the message needs, from a service's own check. */
  params?: Record<string, string | number>;
}

/** What a service puts on a field: a message key, or a key with the values its words need. */
export type FieldError = string | { key: string; params?: Record<string, string | number> };

/** A calendar date as the locale writes it: lv 23.11.2026, en 23/11/2026. Other text stays as it is. */
export function formatIsoDate(value: string | number, locale: Locale): string {
  const text = String(value);
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  if (!m) return text;
  return locale === 'lv' ? `${m[3]}.${m[2]}.${m[1]}` : `${m[3]}/${m[2]}/${m[1]}`;
}

function words(i: FieldIssue, locale: Locale): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(i.params ?? {})) {
    const value = String(v);
    if (k === 'activity' && value in activityTypeNames[locale]) {
      out[k] = activityTypeNames[locale][value as ActivityType];
    } else if ((k === 'from' || k === 'to' || k === 'status') && value in placementStatusNames[locale]) {
      out[k] = placementStatusNames[locale][value as PlacementStatus];
    } else if (k === 'missing') {
      out[k] = value
        .split(',')
        .map((item) => readinessItemNames[locale][item as ReadinessItem] ?? item)
        .join(', ');
    } else if (k === 'part' && value in mouPartNames[locale]) {
      out[k] = mouPartNames[locale][value as MouPart];
    } else if (k === 'mouStatus' && value in mouStatusNames[locale]) {
      out[k] = mouStatusNames[locale][value as MouStatus];
    } else out[k] = formatIsoDate(v, locale);
  }
  return out;
}

const fieldMessages: Record<Locale, Record<string, (i: FieldIssue, w: Record<string, string>) => string>> = {
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
    dates_order: () => 'Beigu datums nevar būt agrāks par sākuma datumu.',
    project_number_taken: () => 'Projekts ar šo numuru jau ir reģistrēts.',
    placements_outside: (_, w) =>
      `Projekta periodā jāietilpst tā mobilitātēm; viena ir no ${w.start} līdz ${w.end}.`,
    not_in_school: () => 'Šāds ieraksts šajā skolā nav atrasts.',
    comm_plan: () => 'Virtuālai vai jauktai praksei vajag saziņas plānu: kanālus un cik bieži sazināties.',
    rules_overlap: (_, w) =>
      `${w.year}. gada konkursam jau ir likmes periodam ${w.start}–${w.end}; periodi nedrīkst pārklāties.`,
    band_order: () => 'Joslas beigām jābūt lielākām par tās sākumu.',
    band_gap: () =>
      'Attāluma joslām jāturpinās bez pārtraukuma: katra sākas nākamajā kilometrā pēc iepriekšējās.',
    coordinates_pair: () => 'Norādiet gan platumu, gan garumu, vai nevienu.',
    not_erasmus: () => 'Dotāciju aprēķina tikai Erasmus+ projektu mobilitātēm.',
    no_grant_rules: (_, w) =>
      `Nav dotāciju likmju ${w.year}. gada konkursam, kas attiektos uz sākuma datumu ${w.date}. Administrators tās pievieno sadaļā “Dotāciju likmes”.`,
    school_city_unknown: (_, w) =>
      w.city
        ? `Skolas pilsēta “${w.city}” nav atrasta pilsētu sarakstā: administrators to labo skolas datos.`
        : 'Skolas datos nav norādīta pilsēta, no kuras mēra attālumu.',
    city_not_found: (_, w) =>
      `Pilsēta “${w.city}” (${w.country}) nav atrasta pilsētu sarakstā: izvēlieties no ieteikumiem vai ievadiet koordinātas.`,
    no_country_group: (_, w) =>
      `Valsts ${w.country} nav nevienā valstu grupā: administrators to pievieno likmēm.`,
    distance_unknown: () => 'Attālums nav zināms.',
    school_oid_missing: () => 'Skolas datos nav Erasmus+ OID.',
    no_participants: () => 'Mobilitātei nav dalībnieku.',
    no_receiving_organisation: () => 'Nav norādīta uzņēmējorganizācija.',
    receiving_oid_missing: (_, w) => `Uzņēmējorganizācijai “${w.name}” nav Erasmus+ OID.`,
    not_a_learner: () => 'Šī persona nav skolas audzēknis.',
    not_staff: () => 'Šī persona nav skolas darbinieks.',
    destination_needed: () => 'Norādiet uzņēmēju vai galamērķa valsti.',
    participant_has_records: () => 'Šim dalībniekam jau ir dokumenti vai ieraksti; viņu nevar izņemt.',
    not_editable: (_, w) => `Mobilitāti statusā “${w.status}” vairs nevar labot.`,
    outside_project: (_, w) => `Jāiekļaujas projekta periodā: ${w.start}–${w.end}.`,
    outside_programme: (_, w) => `Jāiekļaujas programmas periodā: ${w.start}–${w.end}.`,
    unknown_country: () => 'Nezināms valsts kods. Norādiet ISO kodu ar diviem burtiem (piemēram, DE).',
    no_rules_for_year: (_, w) =>
      `Nav Erasmus+ aktivitāšu noteikumu ${w.year}. gada konkursam. Administrators tos pievieno sadaļā “Erasmus+ noteikumi”.`,
    rule_duration: (_, w) =>
      `${w.activity}: ${w.min}–${w.max} dienas, ceļa dienas neskaitot (norādītas ${w.days}).`,
    rule_min_learners: (_, w) => `${w.activity}: vajag vismaz ${w.min} audzēkņus (norādīti ${w.count}).`,
    rule_accompanying: (_, w) =>
      `${w.activity}: audzēkņus visu laiku pavada skolas darbinieks. Norādiet pavadošo personu.`,
    rule_needs_staff: (_, w) => `${w.activity}: norādiet darbinieku, kurš dodas mobilitātē.`,
    rule_graduates_not_eligible: (_, w) =>
      `${w.activity}: šajā aktivitātē nevar piedalīties nesen absolvējuši audzēkņi.`,
    rule_graduate_window: (_, w) =>
      `Nesen absolvējušam audzēknim jāsāk ${w.months} mēnešu laikā pēc absolvēšanas (${w.graduation}), t. i., ne vēlāk kā ${w.latest}.`,
    rule_linked_mobility: () => 'Sagatavošanās vizīte nav patstāvīga: norādiet mobilitāti, kuru tā sagatavo.',
    rule_justification: () => 'Sagatavošanās vizītei vajag pamatojumu.',
    transition_not_allowed: (_, w) => `No statusa “${w.from}” nevar pāriet uz “${w.to}”.`,
    reason_required: () => 'Norādiet iemeslu.',
    not_ready: (_, w) => `Pirms sākuma vēl trūkst: ${w.missing}.`,
    stale_version: () =>
      'Kamēr rediģējāt, kāds cits šos datus jau mainīja. Jūsu ievadītais ir saglabāts formā: pārlādējiet datus un saglabājiet vēlreiz.',
    image_type: () => 'Logotipam jābūt PNG vai JPEG attēlam.',
    mou_duration_order: () => 'Maksimālais ilgums nevar būt mazāks par minimālo.',
    mou_partner_twice: () => 'Šī partnerorganizācija memorandā jau ir.',
    mou_unknown_partner: () => 'Šādas partnerorganizācijas jūsu skolas reģistrā nav.',
    mou_unknown_qualification: () => 'Šādas kvalifikācijas jūsu skolas katalogā nav.',
    mou_unknown_unit: () => 'Šādas mācīšanās rezultātu vienības jūsu skolas katalogā nav.',
    mou_unit_outside: (_, w) =>
      `Vienība ${w.unit} pieder kvalifikācijai, kas nav izvēlēta. Pievienojiet kvalifikāciju vai noņemiet vienību.`,
    mou_needed: (_, w) => `Pirms nosūtīšanas parakstīšanai jānorāda: ${w.part}.`,
    mou_signatory_email_needed: (_, w) =>
      `Norādiet, uz kuru e-pastu sūtīt parakstīšanas saiti organizācijas „${w.party}” pārstāvim.`,
    mou_not_editable: (_, w) =>
      `Memorands ir statusā “${w.mouStatus}”, to vairs nevar labot. Parakstītam memorandam izveidojiet jaunu versiju; parakstīšanai nosūtītu vispirms atsauciet.`,
    mou_wrong_status: (_, w) => `Memorands ir statusā “${w.mouStatus}”: šī darbība tagad nav iespējama.`,
    mou_duplicate_active: (_, w) =>
      `Ar šiem partneriem jau ir spēkā memorands “${w.title}” (${w.version}. versija, derīgs līdz ${w.until}). Izveidojiet tā jaunu versiju vai vispirms izbeidziet to.`,
    mou_version_open: (_, w) =>
      `Šim memorandam jau tiek gatavota ${w.version}. versija (statusā “${w.mouStatus}”). Turpiniet to.`,
    mou_content_changed: () =>
      'Memoranda saturs mainījies kopš brīža, kad to atvērāt. Pārlādējiet lapu, izlasiet pašreizējo saturu un parakstiet vēlreiz.',
    mou_already_signed: (_, w) => `Organizācijas „${w.party}” vārdā jau parakstīts.`,
    mou_consent_required: () =>
      'Lai parakstītu, atzīmējiet, ka memoranda saturs jums ir zināms un jūs tam piekrītat.',
    mou_not_latest: (_, w) => `Jaunu versiju veido no pēdējās versijas (${w.version}.).`,
    invalid: () => 'Nederīga vērtība.',
    template_archived: () => 'Šī veidne ir arhivēta; izvēlieties aktīvu veidni.',
    learner_not_member: () => 'Šis cilvēks nav šīs skolas lietotājs.',
    parts_missing: () => 'Audzēknim vēl nav visu apliecinājumu, no kuriem sastāv šis apliecinājums.',
    part_cycle: () => 'Apliecinājums nevar sastāvēt no sevis paša vai no apliecinājuma, kas sastāv no tā.',
    csv_empty: () => 'CSV failā nav nevienas rindas ar audzēkni.',
    csv_header: () =>
      'CSV pirmajā rindā jābūt kolonnu nosaukumiem: email (vai e-pasts) un/vai vards, uzvards; pēc izvēles vertejums.',
    csv_problems: () => 'Dažās rindās ir kļūdas; izlabojiet tās vai izvēlieties izveidot jaunus audzēkņus.',
    csv_too_many: () => 'Vienā reizē var izsniegt ne vairāk kā 5000 apliecinājumu; sadaliet failu.',
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
    dates_order: () => 'The end date cannot be before the start date.',
    project_number_taken: () => 'A project with this number is already registered.',
    placements_outside: (_, w) =>
      `The project’s period must hold its mobilities; one runs from ${w.start} to ${w.end}.`,
    not_in_school: () => 'No such record was found in this school.',
    comm_plan: () =>
      'A virtual or blended placement needs a communication plan: channels and how often to be in contact.',
    not_a_learner: () => 'This person is not a learner of the school.',
    not_staff: () => 'This person is not a member of the school’s staff.',
    destination_needed: () => 'Choose a host or a destination country.',
    participant_has_records: () => 'This participant already has documents or records and cannot be removed.',
    not_editable: (_, w) => `A placement that is “${w.status}” can no longer be edited.`,
    outside_project: (_, w) => `Must fall within the project period: ${w.start}–${w.end}.`,
    outside_programme: (_, w) => `Must fall within the programme period: ${w.start}–${w.end}.`,
    unknown_country: () => 'Unknown country code. Use the two-letter ISO code (for example DE).',
    no_rules_for_year: (_, w) =>
      `There are no Erasmus+ activity rules for call year ${w.year}. An administrator adds them under “Erasmus+ rules”.`,
    rule_duration: (_, w) =>
      `${w.activity}: ${w.min}–${w.max} days, travel days excluded (this one has ${w.days}).`,
    rule_min_learners: (_, w) =>
      `${w.activity}: at least ${w.min} learners are needed (there are ${w.count}).`,
    rule_accompanying: (_, w) =>
      `${w.activity}: staff of the school accompany the learners for the whole activity. Name the accompanying person.`,
    rule_needs_staff: (_, w) => `${w.activity}: name the staff member who goes.`,
    rule_graduates_not_eligible: (_, w) =>
      `${w.activity}: recent graduates cannot take part in this activity.`,
    rule_graduate_window: (_, w) =>
      `A recent graduate must start within ${w.months} months of graduating (${w.graduation}), that is by ${w.latest}.`,
    rule_linked_mobility: () => 'A preparatory visit never stands alone: name the mobility it prepares.',
    rule_justification: () => 'A preparatory visit needs a justification.',
    transition_not_allowed: (_, w) => `A placement cannot go from “${w.from}” to “${w.to}”.`,
    reason_required: () => 'Give a reason.',
    not_ready: (_, w) => `Still missing before the start: ${w.missing}.`,
    stale_version: () =>
      'Someone else changed this while you were editing. What you typed is still in the form: reload the data and save again.',
    image_type: () => 'The logo must be a PNG or JPEG image.',
    mou_duration_order: () => 'The maximum duration cannot be shorter than the minimum.',
    mou_partner_twice: () => 'This partner organisation is already in the memorandum.',
    mou_unknown_partner: () => 'There is no such partner organisation in your school’s register.',
    mou_unknown_qualification: () => 'There is no such qualification in your school’s catalogue.',
    mou_unknown_unit: () => 'There is no such unit of learning outcomes in your school’s catalogue.',
    mou_unit_outside: (_, w) =>
      `Unit ${w.unit} belongs to a qualification that is not chosen. Add the qualification or remove the unit.`,
    mou_needed: (_, w) => `Needed before sending for signature: ${w.part}.`,
    mou_signatory_email_needed: (_, w) =>
      `Give the e-mail address the signing link goes to for the representative of ${w.party}.`,
    mou_not_editable: (_, w) =>
      `The memorandum is ${w.mouStatus} and can no longer be edited. Make a new version of a signed memorandum; withdraw one sent for signature first.`,
    mou_wrong_status: (_, w) => `The memorandum is ${w.mouStatus}: this cannot be done now.`,
    mou_duplicate_active: (_, w) =>
      `An active memorandum with these partners already exists: “${w.title}” (version ${w.version}, valid until ${w.until}). Make a new version of it, or terminate it first.`,
    mou_version_open: (_, w) =>
      `Version ${w.version} of this memorandum is already being prepared (${w.mouStatus}). Continue with it.`,
    mou_content_changed: () =>
      'The memorandum changed after you opened it. Reload the page, read the current text and sign again.',
    mou_already_signed: (_, w) => `${w.party} has already signed.`,
    mou_consent_required: () => 'To sign, confirm that you have read the memorandum and agree to it.',
    mou_not_latest: (_, w) => `A new version is made from the latest one (version ${w.version}).`,
    invalid: () => 'Invalid value.',
    template_archived: () => 'This template is archived; choose an active template.',
    learner_not_member: () => 'This person is not a user of this school.',
    parts_missing: () => 'The learner does not yet hold every credential this credential is made of.',
    part_cycle: () => 'A credential cannot be made of itself or of a credential that is made of it.',
    csv_empty: () => 'The CSV file has no rows with a learner.',
    csv_header: () =>
      'The first CSV row must name the columns: email and/or given_name, family_name; optionally grade.',
    csv_problems: () => 'Some rows have problems; correct them or choose to create new learners.',
    csv_too_many: () => 'At most 5000 credentials can be issued at once; split the file.',
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
  return make(issue, words(issue, locale));
}
