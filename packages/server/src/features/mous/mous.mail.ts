import { formatIsoDate, type Locale } from '@tilts/shared';
import type { FeatureMail } from '../mail/templates.ts';

const period = (from: string | null, until: string | null, locale: Locale) =>
  `${formatIsoDate(from ?? '', locale)}–${formatIsoDate(until ?? '', locale)}`;

/** To a partner's representative: please read and sign, through a single-use link. */
export function signRequestMail(m: {
  schoolName: string;
  organisationName: string;
  title: string;
  version: number;
  validFrom: string | null;
  validUntil: string | null;
  link: string;
  days: number;
}): FeatureMail {
  return {
    template: 'mou.sign_request',
    render: (locale) =>
      locale === 'lv'
        ? {
            subject: `Saprašanās memorands parakstīšanai: ${m.title}`,
            text: `Labdien!\n\n${m.schoolName} aicina jūs organizācijas „${m.organisationName}” vārdā izlasīt un parakstīt saprašanās memorandu „${m.title}” (${m.version}. versija, derīgs ${period(m.validFrom, m.validUntil, locale)}).\n\nMemorandu varat izlasīt, lejupielādēt PDF formātā un parakstīt šeit (konts nav vajadzīgs; saite derīga ${m.days} dienas un parakstīšanai izmantojama vienu reizi):\n${m.link}\n\nSaprašanās memorands ir rakstiska, brīvprātīga vienošanās par sadarbības principiem mobilitātē; tas nav finanšu vai juridisks līgums.\n\nJa šī vēstule nav domāta jums, lūdzu, pārsūtiet to savas organizācijas pārstāvim vai atbildiet sūtītājam.\n\nTilts`,
          }
        : {
            subject: `Memorandum of understanding to sign: ${m.title}`,
            text: `Hello,\n\n${m.schoolName} invites you to read and sign, on behalf of ${m.organisationName}, the memorandum of understanding “${m.title}” (version ${m.version}, valid ${period(m.validFrom, m.validUntil, locale)}).\n\nRead it, download it as a PDF and sign it here (no account needed; the link is valid for ${m.days} days and signs once):\n${m.link}\n\nA memorandum of understanding is a written, voluntary agreement on the principles of cooperation in mobility; it is not a financial or legal contract.\n\nIf this message is not meant for you, please forward it to your organisation's representative or reply to the sender.\n\nTilts`,
          },
  };
}

/** To a partner's representative: the request to sign was withdrawn; the link no longer works. */
export function withdrawnMail(m: { schoolName: string; title: string }): FeatureMail {
  return {
    template: 'mou.withdrawn',
    render: (locale) =>
      locale === 'lv'
        ? {
            subject: `Memoranda parakstīšana atsaukta: ${m.title}`,
            text: `Labdien!\n\n${m.schoolName} atsauca saprašanās memoranda „${m.title}” parakstīšanu, lai to labotu. Iepriekš nosūtītā saite vairs nedarbojas, un jau dotie paraksti ir atcelti. Kad memorands būs gatavs, saņemsiet jaunu saiti.\n\nTilts`,
          }
        : {
            subject: `Signing withdrawn: ${m.title}`,
            text: `Hello,\n\n${m.schoolName} withdrew the memorandum of understanding “${m.title}” from signing in order to change it. The link sent earlier no longer works, and signatures already given are cancelled. You will receive a new link when it is ready.\n\nTilts`,
          },
  };
}

/** To the person who sent it for signature: a partner signed; how many signatures are still missing. */
export function partnerSignedMail(m: {
  organisationName: string;
  title: string;
  version: number;
  remaining: number;
  link: string;
}): FeatureMail {
  return {
    template: 'mou.partner_signed',
    render: (locale) =>
      locale === 'lv'
        ? {
            subject: `${m.organisationName} parakstīja memorandu „${m.title}”`,
            text: `Labdien!\n\n${m.organisationName} parakstīja saprašanās memorandu „${m.title}” (${m.version}. versija). Vēl trūkst parakstu: ${m.remaining}.\n\nMemorands Tilts:\n${m.link}\n\nTilts`,
          }
        : {
            subject: `${m.organisationName} signed “${m.title}”`,
            text: `Hello,\n\n${m.organisationName} signed the memorandum of understanding “${m.title}” (version ${m.version}). Signatures still missing: ${m.remaining}.\n\nThe memorandum in Tilts:\n${m.link}\n\nTilts`,
          },
  };
}

/** To every partner's representative once all have signed: it is in force, with a link to read it. */
export function activatedPartnerMail(m: {
  schoolName: string;
  title: string;
  version: number;
  validFrom: string | null;
  validUntil: string | null;
  link: string;
}): FeatureMail {
  return {
    template: 'mou.activated',
    render: (locale) =>
      locale === 'lv'
        ? {
            subject: `Memorands stājies spēkā: ${m.title}`,
            text: `Labdien!\n\nVisas puses ir parakstījušas saprašanās memorandu „${m.title}” (${m.version}. versija) ar ${m.schoolName}. Tas ir spēkā ${period(m.validFrom, m.validUntil, locale)}.\n\nParakstīto memorandu varat izlasīt un lejupielādēt PDF formātā šeit:\n${m.link}\n\nTilts`,
          }
        : {
            subject: `Memorandum in force: ${m.title}`,
            text: `Hello,\n\nEvery party has signed the memorandum of understanding “${m.title}” (version ${m.version}) with ${m.schoolName}. It is in force ${period(m.validFrom, m.validUntil, locale)}.\n\nRead the signed memorandum and download it as a PDF here:\n${m.link}\n\nTilts`,
          },
  };
}

/** To the person who sent it for signature: every party has signed. */
export function activatedSchoolMail(m: {
  title: string;
  version: number;
  validUntil: string | null;
  replacedVersion: number | null;
  link: string;
}): FeatureMail {
  return {
    template: 'mou.activated_school',
    render: (locale) =>
      locale === 'lv'
        ? {
            subject: `Memorands stājies spēkā: ${m.title}`,
            text: `Labdien!\n\nVisas puses ir parakstījušas saprašanās memorandu „${m.title}” (${m.version}. versija); tas ir spēkā līdz ${formatIsoDate(m.validUntil ?? '', locale)}.${m.replacedVersion ? ` Iepriekšējā versija (${m.replacedVersion}.) ir izbeigta, jo to aizstāj šī.` : ''}\n\n${m.link}\n\nTilts`,
          }
        : {
            subject: `Memorandum in force: ${m.title}`,
            text: `Hello,\n\nEvery party has signed the memorandum of understanding “${m.title}” (version ${m.version}); it is in force until ${formatIsoDate(m.validUntil ?? '', locale)}.${m.replacedVersion ? ` The previous version (${m.replacedVersion}) is terminated, as this one replaces it.` : ''}\n\n${m.link}\n\nTilts`,
          },
  };
}
