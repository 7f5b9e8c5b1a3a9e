import {
  type AgreementMissingItem,
  type AgreementParty,
  agreementMissingNames,
  agreementPartyNames,
  type VersionStatus,
  versionStatusNames,
} from './agreements.ts';
import type { Locale } from './locale.ts';

interface Issue {
  params?: Record<string, string | number>;
}
type Message = (i: Issue, w: Record<string, string>) => string;

const items = (i: Issue, locale: Locale) =>
  String(i.params?.items ?? '')
    .split(',')
    .filter(Boolean)
    .map((k) => agreementMissingNames[locale][k as AgreementMissingItem] ?? k)
    .join('; ');
const party = (i: Issue, locale: Locale) =>
  agreementPartyNames[locale][String(i.params?.party) as AgreementParty] ?? String(i.params?.party ?? '');
const vstatus = (i: Issue, locale: Locale) =>
  versionStatusNames[locale][String(i.params?.versionStatus) as VersionStatus] ??
  String(i.params?.versionStatus ?? '');

/** The field messages of learning agreements, assessment and recognition; errors.ts spreads them in. */
export const agreementFieldMessages: Record<Locale, Record<string, Message>> = {
  lv: {
    agreement_not_ready: (i) => `Pirms nosūtīšanas parakstīšanai vēl jānorāda: ${items(i, 'lv')}.`,
    agreement_changed: () =>
      'Līgums ir mainījies kopš brīža, kad to atvērāt. Parādīta pašreizējā versija: izlasiet to un parakstiet vēlreiz.',
    agreement_not_draft: (i) =>
      `Šī versija ir statusā “${vstatus(i, 'lv')}”, to vairs nevar labot. Parakstītam līgumam sagatavojiet izmaiņu priekšlikumu.`,
    agreement_not_awaiting: (i) => `Šī versija ir statusā “${vstatus(i, 'lv')}”: to tagad nevar parakstīt.`,
    agreement_already_signed: (i) => `Puse “${party(i, 'lv')}” šo versiju jau ir parakstījusi.`,
    agreement_not_your_party: () => 'Jūs nevarat parakstīt šo līgumu šīs puses vārdā.',
    agreement_has_signatures: () =>
      'Šo versiju jau kāds ir parakstījis. Izmaiņas iespējamas tikai kā izmaiņu priekšlikums ar iemeslu.',
    agreement_open_version: (_, w) =>
      `Šim līgumam jau tiek gatavota ${w.version}. versija. Turpiniet to vai atsauciet.`,
    agreement_nothing_to_change: () => 'Vēl nav nosūtītas versijas: labojiet melnrakstu.',
    agreement_exists: () => 'Šim audzēknim šajā mobilitātē līgums jau ir.',
    agreement_placement_closed: (_, w) =>
      `Mobilitātei statusā “${w.status}” līgumus vairs neveido un nemaina.`,
    no_learners: () => 'Mobilitātē nav audzēkņu, kuriem vajadzīgs mācību līgums.',
    unit_not_in_agreement: () => 'Šī vienība nav šīs mobilitātes vienību sarakstā.',
    outcome_not_in_unit: () => 'Šis mācīšanās rezultāts nepieder šai vienībai.',
    outcome_not_in_agreement: () =>
      'Šis mācīšanās rezultāts nav parakstītajā līgumā: vērtē tikai līgumā noteiktos rezultātus.',
    outcome_twice: () => 'Katru mācīšanās rezultātu vērtē vienu reizi.',
    grade_invalid: (_, w) =>
      w.scale === 'pass_fail'
        ? 'Vērtējums: “ieskaitīts” (pass) vai “neieskaitīts” (fail), kā noteikts līgumā.'
        : 'Vērtējums: vesels skaitlis no 1 līdz 10, kā noteikts līgumā.',
    result_required: () => 'Norādiet, vai rezultāts sasniegts, daļēji sasniegts vai nav sasniegts.',
    outcome_not_assessed: (_, w) => `Nav novērtēti visi līgumā noteiktie rezultāti (trūkst ${w.count}).`,
    characterisation_required: () => 'Noslēguma vērtējumam vajag audzēkņa raksturojumu.',
    assessment_locked: () =>
      'Šis vērtējums jau iesniegts un ir slēgts. Ja kas jālabo, sazinieties ar skolu: tā var to atvērt atkārtoti.',
    assessment_not_submitted: () => 'Vērtējums vēl nav iesniegts.',
    assessment_not_validated: () => 'Vispirms pedagogam jāapstiprina uzņēmēja noslēguma vērtējums.',
    no_signed_agreement: () => 'Vispirms līgumu jāparaksta visām pusēm.',
    supervisor_email_needed: () => 'Mobilitātei nav norādīts prakses vadītāja e-pasts: kam sūtīt saiti?',
    placement_not_completed: (_, w) => `Atzīt var tikai pabeigtu mobilitāti (tagad statusā “${w.status}”).`,
    already_recognised: () => 'Šī audzēkņa rezultāti jau ir atzīti.',
    unit_missing: () => 'Norādiet lēmumu par katru līgumā iekļauto vienību.',
    document_not_available: (_, w) =>
      ({
        recognition: 'Dokuments būs pieejams pēc rezultātu atzīšanas.',
        assessment: 'Dokuments būs pieejams, kad pedagogs apstiprinājis noslēguma vērtējumu.',
        completed: 'Dokuments būs pieejams, kad mobilitāte būs pabeigta.',
        accompanying: 'Šī persona nav pavadošā persona šajā mobilitātē.',
        group: 'Grupas mācību programma ir grupas mobilitātei ar vairākiem audzēkņiem.',
      })[w.why ?? ''] ?? 'Dokuments vēl nav pieejams.',
    not_a_learner_of_placement: () => 'Šī persona nav šīs mobilitātes audzēknis.',
  },
  en: {
    agreement_not_ready: (i) => `Still needed before sending for signature: ${items(i, 'en')}.`,
    agreement_changed: () =>
      'The agreement changed after you opened it. The current version is shown: read it and sign again.',
    agreement_not_draft: (i) =>
      `This version is ${vstatus(i, 'en')} and can no longer be edited. Propose a change to a signed agreement.`,
    agreement_not_awaiting: (i) => `This version is ${vstatus(i, 'en')}: it cannot be signed now.`,
    agreement_already_signed: (i) => `The ${party(i, 'en')} has already signed this version.`,
    agreement_not_your_party: () => 'You cannot sign this agreement for this party.',
    agreement_has_signatures: () =>
      'Someone has already signed this version. It can only change through a change proposal with a reason.',
    agreement_open_version: (_, w) =>
      `Version ${w.version} of this agreement is already being prepared. Continue with it or withdraw it.`,
    agreement_nothing_to_change: () => 'No version has been sent yet: edit the draft.',
    agreement_exists: () => 'This learner already has an agreement for this placement.',
    agreement_placement_closed: (_, w) =>
      `A placement that is “${w.status}” gets no new or changed agreements.`,
    no_learners: () => 'The placement has no learners who need a learning agreement.',
    unit_not_in_agreement: () => 'This unit is not one of the placement’s units.',
    outcome_not_in_unit: () => 'This learning outcome does not belong to this unit.',
    outcome_not_in_agreement: () =>
      'This learning outcome is not in the signed agreement: only the agreed outcomes are assessed.',
    outcome_twice: () => 'Each learning outcome is assessed once.',
    grade_invalid: (_, w) =>
      w.scale === 'pass_fail'
        ? 'Grade: pass or fail, as the agreement says.'
        : 'Grade: a whole number from 1 to 10, as the agreement says.',
    result_required: () => 'Say whether the outcome is achieved, partly achieved or not achieved.',
    outcome_not_assessed: (_, w) => `Not every agreed outcome is assessed yet (${w.count} missing).`,
    characterisation_required: () => 'The final evaluation needs a characterisation of the learner.',
    assessment_locked: () =>
      'This evaluation has been submitted and is locked. If something must change, contact the school: it can reopen it.',
    assessment_not_submitted: () => 'The evaluation has not been submitted yet.',
    assessment_not_validated: () => 'A teacher must first validate the host’s final evaluation.',
    no_signed_agreement: () => 'Every party must first sign the agreement.',
    supervisor_email_needed: () =>
      'The placement has no workplace supervisor’s e-mail: where should the link go?',
    placement_not_completed: (_, w) =>
      `Only a completed placement can be recognised (it is “${w.status}” now).`,
    already_recognised: () => 'This learner’s outcomes are already recognised.',
    unit_missing: () => 'Record a decision for every unit of the agreement.',
    document_not_available: (_, w) =>
      ({
        recognition: 'The document is available once the outcomes are recognised.',
        assessment: 'The document is available once a teacher has validated the final evaluation.',
        completed: 'The document is available once the placement is completed.',
        accompanying: 'This person is not an accompanying person of this placement.',
        group: 'The group learning programme is for a group mobility with several learners.',
      })[w.why ?? ''] ?? 'The document is not available yet.',
    not_a_learner_of_placement: () => 'This person is not a learner of this placement.',
  },
};
