import {
  type AgreementKind,
  type AgreementParty,
  type AssessmentStage,
  agreementKindNames,
  agreementPartyNames,
  assessmentStageNames,
  formatIsoDate,
} from '@tilts/shared';
import type { FeatureMail } from '../mail/templates.ts';

/** To the host's representative or a guardian: a link to read and sign one version, without an account. */
export function signRequestMail(v: {
  link: string;
  party: AgreementParty;
  kind: AgreementKind;
  version: number;
  learner: string;
  host: string;
  school: string;
  days: number;
}): FeatureMail {
  return {
    template: 'agreement_sign_request',
    render: (locale) => {
      const doc = agreementKindNames[locale][v.kind];
      if (locale === 'lv') {
        const change =
          v.version > 1
            ? ` Šī ir līguma ${v.version}. versija: tā aizstās iepriekšējo, kad to parakstīs visas puses.`
            : '';
        return {
          subject: `Lūdzam parakstīt: ${doc} (${v.learner})`,
          text: `Labdien!\n\n${v.school} lūdz jūs parakstīt dokumentu “${doc}” audzēknim ${v.learner} (uzņemošā puse: ${v.host}) kā pusi “${agreementPartyNames.lv[v.party]}”.${change}\n\nIzlasiet un parakstiet to šeit (konts nav vajadzīgs; saite derīga ${v.days} dienas un izmantojama vienu reizi):\n${v.link}\n\nJa negaidījāt šo vēstuli, to var droši ignorēt.\n\nTilts`,
        };
      }
      const change =
        v.version > 1
          ? ` This is version ${v.version} of the agreement: it replaces the earlier one once every party has signed it.`
          : '';
      return {
        subject: `Please sign: ${doc} (${v.learner})`,
        text: `Hello,\n\n${v.school} asks you to sign the ${doc.toLowerCase()} of the learner ${v.learner} (host: ${v.host}) as the ${agreementPartyNames.en[v.party]}.${change}\n\nRead and sign it here (no account needed; the link is valid for ${v.days} days and works once):\n${v.link}\n\nIf you did not expect this message, you can ignore it.\n\nTilts`,
      };
    },
  };
}

/** To the learner: their agreement waits for their signature in the app. */
export function learnerSignMail(v: {
  link: string;
  kind: AgreementKind;
  version: number;
  host: string;
}): FeatureMail {
  return {
    template: 'agreement_learner_sign',
    render: (locale) => {
      const doc = agreementKindNames[locale][v.kind];
      return locale === 'lv'
        ? {
            subject: `Tilts: parakstiet savu dokumentu “${doc}”`,
            text: `Labdien!\n\nJūsu dokuments “${doc}” (${v.version}. versija, uzņemošā puse: ${v.host}) gaida jūsu parakstu. Pierakstieties Tilts, izlasiet to un parakstiet:\n${v.link}\n\nTilts`,
          }
        : {
            subject: `Tilts: sign your ${doc.toLowerCase()}`,
            text: `Hello,\n\nYour ${doc.toLowerCase()} (version ${v.version}, host: ${v.host}) is waiting for your signature. Sign in to Tilts, read it and sign:\n${v.link}\n\nTilts`,
          };
    },
  };
}

/** To the workplace supervisor: the mid-term or final evaluation of the learners, through a reusable link. */
export function assessmentMail(v: {
  link: string;
  stage: AssessmentStage;
  learners: string[];
  host: string;
  school: string;
  until: string;
  reopened: boolean;
}): FeatureMail {
  return {
    template: v.reopened ? 'assessment_reopened' : 'assessment_request',
    render: (locale) => {
      const stage = assessmentStageNames[locale][v.stage];
      const until = formatIsoDate(v.until, locale);
      const who = v.learners.join(', ');
      if (locale === 'lv') {
        const again = v.reopened
          ? 'Skola atkārtoti atvēra iesniegto vērtējumu, lai to varētu labot.'
          : `Lūdzam aizpildīt ${stage.replace(/s$/, 'u')}.`;
        return {
          subject: `Tilts: ${stage} — ${who}`,
          text: `Labdien!\n\n${v.school}: ${again} Audzēkņi: ${who} (${v.host}). Katram līgumā noteiktajam mācīšanās rezultātam norādiet, vai tas sasniegts, vērtējumu un komentāru, un uzrakstiet raksturojumu.\n\nSaite (konts nav vajadzīgs; derīga līdz ${until}, to var atvērt vairākkārt, kamēr vērtējums nav iesniegts):\n${v.link}\n\nTilts`,
        };
      }
      const again = v.reopened
        ? 'The school has reopened a submitted evaluation so that it can be corrected.'
        : `Please fill in the ${stage}.`;
      return {
        subject: `Tilts: ${stage} — ${who}`,
        text: `Hello,\n\n${v.school}: ${again} Learners: ${who} (${v.host}). For each learning outcome of the agreement say whether it is achieved, give a grade and a comment, and write a characterisation.\n\nLink (no account needed; valid until ${until}, it can be opened again until the evaluation is submitted):\n${v.link}\n\nTilts`,
      };
    },
  };
}
