import { agreementFieldMessages } from './agreement-messages.ts';
import { diaryFieldMessages } from './diary-messages.ts';
import type { Locale } from './locale.ts';
import { peopleFieldMessages } from './people-messages.ts';
import {
  type ActivityType,
  activityTypeNames,
  type PlacementStatus,
  placementStatusNames,
  type ReadinessItem,
  readinessItemNames,
} from './placements.ts';
import { planFieldMessages } from './plan.ts';
import { type CallStatus, callStatusNames } from './schemas/calls.ts';
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
  /** A staff member viewing as a learner reads only: every change is refused. */
  read_only_view: 403,
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
    read_only_view: 'Jūs skatāties kā audzēknis: tikai lasīšanai. Lai kaut ko mainītu, izejiet no šī skata.',
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
    read_only_view: 'You are viewing as a learner: read only. Exit this view to change anything.',
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
  /** What a too_small / too_big issue measured: 'string', 'number', 'array'… */
  origin?: string;
  message?: string;
  /** invalid_type: what was expected ('number', 'string'…). */
  expected?: string;
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
      i.origin === 'number'
        ? `Jābūt vismaz ${String(i.minimum)}.`
        : i.origin === 'array'
          ? Number(i.minimum) <= 1
            ? 'Šis lauks ir obligāts.'
            : `Izvēlieties vismaz ${String(i.minimum)}.`
          : Number(i.minimum) <= 1
            ? 'Šis lauks ir obligāts.'
            : `Jābūt vismaz ${String(i.minimum)} rakstzīmēm.`,
    too_big: (i) =>
      i.origin === 'number'
        ? `Nedrīkst būt vairāk par ${String(i.maximum)}.`
        : i.origin === 'array'
          ? `Ne vairāk kā ${String(i.maximum)} ierakstu.`
          : `Ne vairāk kā ${String(i.maximum)} rakstzīmes.`,
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
    not_recognised: () =>
      'Šim audzēknim šajā praksē vēl nav atzītu mācīšanās rezultātu: vispirms pieņemiet atzīšanas lēmumu.',
    already_issued: () => 'Par šo praksi šim audzēknim ar šo veidni mikroapliecinājums jau ir izsniegts.',
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
    number: () => 'Ievadiet skaitli.',
    phone: () => 'Tālruņa numurā var būt cipari, atstarpes un zīmes + ( ) - . /',
    erasmus_oid: () => 'Erasmus+ OID ir burts E un 8 cipari (piemēram, E10012345).',
    code_format: () => 'Kodā var būt burti, cipari, atstarpes un zīmes . _ - /',
    level_range: () => 'Līmenis ir vesels skaitlis no 1 līdz 8.',
    two_decimals: () => 'Ne vairāk kā divi cipari aiz komata.',
    call_year: () => 'Konkursa gads ir no 2014 līdz 2100.',
    partner_kind: (_, w) => `Nezināms organizācijas veids. Der: ${w.allowed}.`,
    partner_duplicate: (_, w) => `Šī organizācija jau ir reģistrā: ${w.name}.`,
    partner_in_use: (_, w) =>
      `Partneri nevar dzēst, jo to izmanto prakses un mobilitātes (${w.placements}) un saprašanās memorandi (${w.mous}).`,
    partner_ambiguous: (_, w) =>
      `Reģistrā ir ${w.count} organizācijas ar šo nosaukumu šajā valstī. Norādiet reģistrācijas numuru.`,
    code_taken: () => 'Šāds kods jau ir. Izvēlieties citu.',
    qualification_in_use: (_, w) =>
      `Kvalifikāciju nevar dzēst, jo to izmanto prakses un mobilitātes (${w.placements}), programmas (${w.programmes}) un saprašanās memorandi (${w.mous}).`,
    unit_in_use: (_, w) =>
      `Mācīšanās rezultātu vienību nevar dzēst, jo to izmanto saprašanās memorandi (${w.mous}).`,
    rules_min_max: () => 'Maksimālais dienu skaits nevar būt mazāks par minimālo.',
    duplicate_activity: () => 'Katra aktivitāte sarakstā var būt tikai vienreiz.',
    rules_year_exists: (_, w) => `Noteikumi ${w.year}. gada konkursam jau ir.`,
    rules_year_missing: (_, w) => `Nav noteikumu ${w.year}. gada konkursam, no kā kopēt.`,
    rules_year_in_use: (_, w) => `Šī gada noteikumus nevar dzēst: tiem ir projekti (${w.projects}).`,
    import_empty: () => 'Fails ir tukšs.',
    import_not_text: () =>
      'Tas nav CSV teksta fails. Saglabājiet tabulu kā CSV (UTF-8 vai Windows-1257) un mēģiniet vēlreiz.',
    import_too_large: (_, w) => `Fails ir lielāks par ${w.mb} MB. Sadaliet to vairākos failos.`,
    import_missing_columns: (_, w) =>
      `Failā trūkst obligāto kolonnu: ${w.columns}.${w.unknown ? ` Nezināmās kolonnas: ${w.unknown}.` : ''}`,
    import_no_rows: () => 'Failā ir tikai virsraksta rinda, nav datu rindu.',
    import_too_many_rows: (_, w) =>
      `Failā ir ${w.rows} datu rindas; vienā failā var būt ne vairāk kā ${w.max}. Sadaliet to.`,
    import_applied: () => 'Šis fails jau ir importēts. Lai importētu vēlreiz, augšupielādējiet to no jauna.',
    duplicate_in_file: (_, w) => `Tā pati organizācija vai ieraksts jau ir failā ${w.line}. rindā.`,
    unknown_qualification: (_, w) =>
      `Nav kvalifikācijas ar kodu “${w.code}”. Vispirms pievienojiet to katalogā.`,
    unit_inconsistent: (_, w) =>
      `Šīs vienības nosaukums, EKI līmenis vai kredītpunkti atšķiras no ${w.line}. rindas.`,
    outcome_kind: (_, w) => `Nezināms rezultāta veids. Der: ${w.allowed}.`,
    // Calls and selection
    places_min: () => 'Vietu skaitam jābūt vismaz 1.',
    weight_range: () => 'Svaram jābūt veselam skaitlim no 0 līdz 10.',
    weights_all_zero: () => 'Vismaz vienam kritērijam svaram jābūt lielākam par 0.',
    duplicate_criterion: () => 'Katrs kritērijs var būt tikai vienreiz.',
    deadline_before_opening: () => 'Pieteikšanās termiņš nevar būt agrāks par atvēršanas dienu.',
    cefr_level: () =>
      'Valodas līmenim jābūt vienam no A1, A2, B1, B2, C1, C2 (Eiropas kopīgās pamatnostādnes).',
    consent_required: () => 'Lai pieteiktos, jāpiekrīt datu apstrādei.',
    guardian_consent_required: () => 'Nepilngadīgam pretendentam vajag vecāka vai aizbildņa piekrišanu.',
    duplicate_destination: () => 'Katru galamērķi var izvēlēties tikai vienreiz.',
    duplicate_language: () => 'Katru valodu norādiet tikai vienreiz.',
    score_range: () => 'Vērtējumam jābūt veselam skaitlim no 0 līdz 10.',
    unknown_criterion: (_, w) => `Šim konkursam nav kritērija “${w.key}”.`,
    not_in_call: () => 'Šāds galamērķis šim konkursam nav.',
    call_not_open: () => 'Šis konkurss pašlaik nepieņem pieteikumus.',
    call_not_open_yet: (_, w) => `Pieteikšanās sākas ${w.date}.`,
    call_deadline_passed: (_, w) =>
      `Pieteikšanās termiņš bija ${w.date}; pieteikumus vairs nepieņem un nemaina.`,
    already_applied: () => 'Jūsu pieteikums šim konkursam jau ir iesniegts; varat to labot.',
    call_transition: (i) =>
      `Konkursu statusā “${callStatusName(i, 'state', 'lv')}” nevar pārcelt uz “${callStatusName(i, 'target', 'lv')}”.`,
    call_decided: () => 'Konkurss jau ir izlemts; atlasi vairs nevar mainīt.',
    call_draft: () => 'Konkurss vēl nav atvērts.',
    deadline_not_passed: (_, w) =>
      `Pieteikumus pieņem līdz ${w.date}. Lai lemtu agrāk, vispirms slēdziet konkursu.`,
    reopen_deadline_passed: (_, w) =>
      `Termiņš (${w.date}) jau pagājis. Pagariniet termiņu, pirms atverat konkursu no jauna.`,
    criteria_locked: () =>
      'Pēc šiem kritērijiem jau ir vērtētas intervijas: svarus var mainīt, bet kritērijus pievienot vai noņemt vairs nevar.',
    destination_in_use: (_, w) =>
      `Galamērķi ${w.destination} jau izvēlējušies pretendenti vai tam ir komanda; to nevar noņemt.`,
    over_places: (_, w) =>
      `Konkursā vietu skaits: ${w.places}, bet atlasīti ${w.count}. Atlasiet ne vairāk kā ${w.places}.`,
    over_destination_places: (_, w) =>
      `Galamērķī ${w.destination} vietu skaits: ${w.places}, bet norīkoti ${w.count}.`,
    selection_twice: (_, w) => `Atlasē vairākkārt norādīts pretendents: ${w.name}.`,
    application_withdrawn: (_, w) => `Pieteikums ir atsaukts: ${w.name}.`,
    withdrawn_apply_again: () => 'Pieteikums ir atsaukts. Lai piedalītos, piesakieties konkursam vēlreiz.',
    not_interviewed: (_, w) =>
      `Vispirms intervējiet: ${w.name}. Atlasīt vai ieskaitīt rezervē var tikai pēc intervijas.`,
    undecided_left: (_, w) =>
      `Pieteikumi bez lēmuma: ${w.count}. Atlasiet tos, ieskaitiet rezervē vai atzīmējiet “nav atlasīts”.`,
    not_decided: () =>
      'Vispirms pieņemiet lēmumu par konkursu: pretendentiem rezultāts jāuzzina pirms mobilitāšu izveides.',
    team_member_not_selected: (_, w) =>
      `Komandā var būt tikai atlasītie pretendenti; ${w.name} nav starp tiem.`,
    team_member_destination: (_, w) =>
      `Komandā var būt tikai uz šo galamērķi norīkotie; ${w.name} norīkojums ir citur.`,
    team_member_taken: (_, w) => `${w.name} jau ir citā komandā.`,
    team_has_placements: () => 'No šīs komandas jau izveidotas mobilitātes; to vairs nevar mainīt.',
    already_placed: (_, w) => `Mobilitāte šim pretendentam jau ir izveidota: ${w.name}.`,
    // support: intake, goals, forum, help, FAQ
    intake_closed: (_, w) =>
      `Anketu var mainīt līdz prakses sākumam (${w.date}); tagad to var tikai lasīt. Ko vēl vēlaties pastāstīt, rakstiet sarakstē.`,
    goal_date_outside: (_, w) => `Mērķa datumam jābūt prakses laikā: ${w.start}–${w.end}.`,
    outcome_not_in_placement: () => 'Šis mācību rezultāts nav starp šīs prakses mācību rezultātiem.',
    no_outcomes: () =>
      'Šai praksei vēl nav norādītu mācību rezultātu vienību. Pašvērtējumu varēs aizpildīt, kad koordinators tās pievienos.',
    placement_closed: () => 'Mobilitāte ir slēgta vai atcelta; šos ierakstus vairs nevar mainīt.',
    no_mentor: () =>
      'Jums nav notiekošas vai gaidāmas prakses ar mentoru. Izvēlieties tehnisko atbalstu vai rakstiet koordinatoram.',
    ticket_closed: () => 'Pieteikums ir slēgts. Atveriet to no jauna, lai rakstītu.',
    answer_not_in_question: () => 'Šī atbilde nav pie šī jautājuma.',
    call_not_in_project: () => 'Šis konkurss nav šajā projektā vai vēl nav izsludināts.',
    no_accepted_answer: () => 'Vispirms atzīmējiet pieņemto atbildi: BUJ ierakstam vajag atbildi.',
    already_in_faq: () => 'Šis jautājums jau ir biežāk uzdoto jautājumu sarakstā.',
    invalid: () => 'Nederīga vērtība.',
    ...agreementFieldMessages.lv,
    ...diaryFieldMessages.lv,
    ...planFieldMessages.lv,
    ...peopleFieldMessages.lv,
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
    risk_red_below_amber: () => 'Sarkanajam slieksnim jābūt ne mazākam par dzelteno.',
    risk_red_above_amber: () =>
      'Šim signālam sarkanajam slieksnim jābūt ne lielākam par dzelteno (mazāk ir sliktāk).',
    view_as_not_learner: () => 'Skatīties var tikai kā audzēknis, kurš ir jūsu skolā.',
  },
  en: {
    required: () => 'This field is required.',
    too_small: (i) =>
      i.origin === 'number'
        ? `Must be at least ${String(i.minimum)}.`
        : i.origin === 'array'
          ? Number(i.minimum) <= 1
            ? 'This field is required.'
            : `Choose at least ${String(i.minimum)}.`
          : Number(i.minimum) <= 1
            ? 'This field is required.'
            : `At least ${String(i.minimum)} characters.`,
    too_big: (i) =>
      i.origin === 'number'
        ? `Must be at most ${String(i.maximum)}.`
        : i.origin === 'array'
          ? `At most ${String(i.maximum)} entries.`
          : `At most ${String(i.maximum)} characters.`,
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
    not_recognised: () =>
      'Nothing of this learner’s placement is recognised yet: record the recognition decision first.',
    already_issued: () =>
      'A micro-credential from this template was already issued to this learner for this placement.',
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
    number: () => 'Enter a number.',
    phone: () => 'A phone number may have digits, spaces and + ( ) - . /',
    erasmus_oid: () => 'An Erasmus+ OID is the letter E and 8 digits (for example E10012345).',
    code_format: () => 'A code may have letters, digits, spaces and . _ - /',
    level_range: () => 'The level is a whole number from 1 to 8.',
    two_decimals: () => 'At most two digits after the decimal point.',
    call_year: () => 'The call year is between 2014 and 2100.',
    partner_kind: (_, w) => `Unknown type of organisation. Allowed: ${w.allowed}.`,
    partner_duplicate: (_, w) => `This organisation is already in the register: ${w.name}.`,
    partner_in_use: (_, w) =>
      `The partner cannot be deleted: placements and mobilities (${w.placements}) and memoranda of understanding (${w.mous}) use it.`,
    partner_ambiguous: (_, w) =>
      `The register has ${w.count} organisations with this name in this country. Give the registration number.`,
    code_taken: () => 'This code is already used. Choose another.',
    qualification_in_use: (_, w) =>
      `The qualification cannot be deleted: placements and mobilities (${w.placements}), programmes (${w.programmes}) and memoranda of understanding (${w.mous}) use it.`,
    unit_in_use: (_, w) =>
      `The unit of learning outcomes cannot be deleted: memoranda of understanding (${w.mous}) use it.`,
    rules_min_max: () => 'The maximum number of days cannot be less than the minimum.',
    duplicate_activity: () => 'Each activity may appear only once in the list.',
    rules_year_exists: (_, w) => `Rules for call year ${w.year} already exist.`,
    rules_year_missing: (_, w) => `There are no rules for call year ${w.year} to copy from.`,
    rules_year_in_use: (_, w) =>
      `These rules cannot be deleted: projects (${w.projects}) belong to this call year.`,
    import_empty: () => 'The file is empty.',
    import_not_text: () =>
      'This is not a CSV text file. Save the table as CSV (UTF-8 or Windows-1257) and try again.',
    import_too_large: (_, w) => `The file is larger than ${w.mb} MB. Split it into several files.`,
    import_missing_columns: (_, w) =>
      `The file lacks required columns: ${w.columns}.${w.unknown ? ` Columns not recognised: ${w.unknown}.` : ''}`,
    import_no_rows: () => 'The file has only a header row and no data rows.',
    import_too_many_rows: (_, w) =>
      `The file has ${w.rows} data rows; one file may have at most ${w.max}. Split it.`,
    import_applied: () => 'This file has already been imported. To import it again, upload it anew.',
    duplicate_in_file: (_, w) => `The same organisation or entry is already on line ${w.line} of the file.`,
    unknown_qualification: (_, w) =>
      `There is no qualification with code “${w.code}”. Add it to the catalogue first.`,
    unit_inconsistent: (_, w) => `This unit’s title, EQF level or credit points differ from line ${w.line}.`,
    outcome_kind: (_, w) => `Unknown kind of outcome. Allowed: ${w.allowed}.`,
    // Calls and selection
    places_min: () => 'There must be at least 1 place.',
    weight_range: () => 'A weight is a whole number from 0 to 10.',
    weights_all_zero: () => 'At least one criterion needs a weight above 0.',
    duplicate_criterion: () => 'Each criterion can be listed only once.',
    deadline_before_opening: () => 'The deadline cannot be before the opening day.',
    cefr_level: () =>
      'The level must be one of A1, A2, B1, B2, C1, C2 (Common European Framework of Reference).',
    consent_required: () => 'To apply, agree to the processing of your data.',
    guardian_consent_required: () => 'A candidate under 18 needs the consent of a parent or guardian.',
    duplicate_destination: () => 'Each destination can be chosen only once.',
    duplicate_language: () => 'List each language only once.',
    score_range: () => 'A score is a whole number from 0 to 10.',
    unknown_criterion: (_, w) => `This call has no criterion “${w.key}”.`,
    not_in_call: () => 'This call has no such destination.',
    call_not_open: () => 'This call is not taking applications now.',
    call_not_open_yet: (_, w) => `Applications open on ${w.date}.`,
    call_deadline_passed: (_, w) =>
      `The deadline was ${w.date}; applications can no longer be made or changed.`,
    already_applied: () => 'You have already applied to this call; you can change your application.',
    call_transition: (i) =>
      `A call that is “${callStatusName(i, 'state', 'en')}” cannot become “${callStatusName(i, 'target', 'en')}”.`,
    call_decided: () => 'The call is decided; the selection can no longer change.',
    call_draft: () => 'The call has not been opened yet.',
    deadline_not_passed: (_, w) =>
      `Applications are taken until ${w.date}. To decide earlier, close the call first.`,
    reopen_deadline_passed: (_, w) =>
      `The deadline (${w.date}) has passed. Extend it before opening the call again.`,
    criteria_locked: () =>
      'Interviews have been scored on these criteria: weights can change, but criteria can no longer be added or removed.',
    destination_in_use: (_, w) =>
      `Applicants chose ${w.destination} or a team goes there; it cannot be removed.`,
    over_places: (_, w) =>
      `The call has room for ${w.places}, but ${w.count} are selected. Select at most ${w.places}.`,
    over_destination_places: (_, w) =>
      `${w.destination} has room for ${w.places}, but ${w.count} are assigned to it.`,
    selection_twice: (_, w) => `${w.name} appears more than once in the selection.`,
    application_withdrawn: (_, w) => `${w.name} has withdrawn the application.`,
    withdrawn_apply_again: () => 'The application was withdrawn. To take part, apply to the call again.',
    not_interviewed: (_, w) =>
      `Interview ${w.name} first. Only interviewed candidates can be selected or put on the reserve list.`,
    undecided_left: (_, w) =>
      `Applications without an outcome: ${w.count}. Select them, put them on the reserve list or mark them not selected.`,
    not_decided: () => 'Decide the call first: candidates learn the outcome before placements are made.',
    team_member_not_selected: (_, w) => `${w.name} is not selected; a team holds selected candidates only.`,
    team_member_destination: (_, w) => `${w.name} is assigned to another destination.`,
    team_member_taken: (_, w) => `${w.name} is already in another team.`,
    team_has_placements: () => 'Placements were already made from this team; it can no longer change.',
    already_placed: (_, w) => `The placement of ${w.name} already exists.`,
    // support: intake, goals, forum, help, FAQ
    intake_closed: (_, w) =>
      `The questionnaire can be changed until the placement starts (${w.date}); now it can only be read. Write anything else you want to tell in the messages.`,
    goal_date_outside: (_, w) => `The target date must fall within the placement: ${w.start}–${w.end}.`,
    outcome_not_in_placement: () => 'This learning outcome is not among the outcomes of this placement.',
    no_outcomes: () =>
      'This placement has no units of learning outcomes yet. The self-assessment opens when the coordinator adds them.',
    placement_closed: () => 'The placement is closed or cancelled; these records can no longer change.',
    no_mentor: () =>
      'You have no current or upcoming placement with a mentor. Choose technical support or write to your coordinator.',
    ticket_closed: () => 'The request is closed. Reopen it to write.',
    answer_not_in_question: () => 'This answer does not belong to this question.',
    call_not_in_project: () => 'This call is not part of this project or has not been published yet.',
    no_accepted_answer: () => 'Mark the accepted answer first: a FAQ entry needs an answer.',
    already_in_faq: () => 'This question is already in the FAQ.',
    invalid: () => 'Invalid value.',
    ...agreementFieldMessages.en,
    ...diaryFieldMessages.en,
    ...planFieldMessages.en,
    ...peopleFieldMessages.en,
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
    risk_red_below_amber: () => 'The red threshold must not be lower than the amber one.',
    risk_red_above_amber: () =>
      'For this signal the red threshold must not be higher than the amber one (lower is worse).',
    view_as_not_learner: () => 'You can only view as a learner of your school.',
  },
};

function callStatusName(i: FieldIssue, param: string, locale: Locale): string {
  const value = String(i.params?.[param] ?? '');
  return value in callStatusNames[locale] ? callStatusNames[locale][value as CallStatus] : value;
}

/** Words for a zod issue (or one of our own codes), the same in the browser and on the server. */
export function fieldMessage(issue: FieldIssue, locale: Locale): string {
  const table = fieldMessages[locale];
  let key = issue.code;
  if (issue.code === 'invalid_format')
    key = issue.format === 'email' ? 'email' : issue.format === 'url' ? 'url' : 'invalid';
  if (issue.code === 'invalid_type' && issue.message?.includes('received undefined')) key = 'required';
  else if (issue.code === 'invalid_type' && issue.expected === 'number') key = 'number';
  // A schema's own message key (`{ message: 'phone' }`) wins over the generic words for its code.
  if (issue.message && Object.hasOwn(table, issue.message)) key = issue.message;
  const make = table[key] ?? table.invalid!;
  return make(issue, words(issue, locale));
}
