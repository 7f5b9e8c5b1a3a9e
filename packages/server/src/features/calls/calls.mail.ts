import { countryName, type Locale } from '@tilts/shared';
import type { FeatureMail } from '../mail/templates.ts';

export type Outcome =
  | { kind: 'selected'; country: string; city: string; hostName: string | null }
  | { kind: 'reserve'; position: number }
  | { kind: 'not_selected' };

export interface OutcomeMailInput {
  learnerName: string;
  callTitle: string;
  schoolName: string;
  outcome: Outcome;
  /** Where the learner sees their applications. */
  link: string;
}

function where(outcome: Extract<Outcome, { kind: 'selected' }>, locale: Locale): string {
  const place = [outcome.city, countryName(outcome.country, locale)].filter(Boolean).join(', ');
  return outcome.hostName ? `${place} (${outcome.hostName})` : place;
}

/** The selection's outcome for one applicant, in their language: selected with where, reserve with position, or not. */
export function outcomeMail(input: OutcomeMailInput): FeatureMail {
  return {
    template: `call_outcome_${input.outcome.kind}`,
    render(locale) {
      const { outcome } = input;
      if (locale === 'lv') {
        const subject = `Konkursa „${input.callTitle}” rezultāts`;
        const body =
          outcome.kind === 'selected'
            ? `Apsveicam! Jums ir piešķirta vieta mobilitātē. Galamērķis: ${where(outcome, locale)}.\n\nKoordinators ar jums sazināsies par nākamajiem soļiem: mācību līgumu, sasniedzamajiem mācīšanās rezultātiem, to vērtēšanu un atzīšanu.`
            : outcome.kind === 'reserve'
              ? `Jūs esat rezerves sarakstā, jūsu kārtas numurs: ${outcome.position}. Ja kāds no atlasītajiem pretendentiem nevarēs doties, koordinators ar jums sazināsies.`
              : 'Paldies par pieteikumu un interviju. Šoreiz jums vieta netika piešķirta. Aicinām pieteikties nākamajos konkursos.';
        return {
          subject,
          text: `Labdien, ${input.learnerName}!\n\n${input.schoolName} ir pieņēmusi lēmumu konkursā „${input.callTitle}”.\n\n${body}\n\nSavus pieteikumus redzat šeit:\n${input.link}\n\nTilts`,
        };
      }
      const subject = `Outcome of the call “${input.callTitle}”`;
      const body =
        outcome.kind === 'selected'
          ? `Congratulations! You have been selected for the mobility. Destination: ${where(outcome, locale)}.\n\nYour coordinator will contact you about the next steps: the learning agreement, the learning outcomes to achieve, and how they will be assessed and recognised.`
          : outcome.kind === 'reserve'
            ? `You are number ${outcome.position} on the reserve list. If a selected candidate cannot go, your coordinator will contact you.`
            : 'Thank you for your application and interview. This time you have not been selected. We encourage you to apply to future calls.';
      return {
        subject,
        text: `Hello ${input.learnerName},\n\n${input.schoolName} has decided the call “${input.callTitle}”.\n\n${body}\n\nSee your applications here:\n${input.link}\n\nTilts`,
      };
    },
  };
}
