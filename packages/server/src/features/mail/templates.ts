import type { Locale, Role } from '@tilts/shared';

const roleNames: Record<Locale, Record<Role, string>> = {
  lv: {
    admin: 'administrators',
    coordinator: 'koordinators',
    teacher: 'pedagogs',
    learner: 'audzēknis',
    supervisor: 'prakses vadītājs uzņēmumā',
  },
  en: {
    admin: 'administrator',
    coordinator: 'coordinator',
    teacher: 'teacher',
    learner: 'learner',
    supervisor: 'workplace supervisor',
  },
};

export type MailTemplate =
  | { template: 'invitation'; link: string; schoolName: string; role: Role; invitedBy: string }
  | { template: 'password_reset'; link: string; minutes: number }
  | { template: 'magic_link'; link: string; minutes: number };

export interface RenderedMail {
  subject: string;
  text: string;
}

/**
 * A feature's own e-mail: a name for the outbox and a function that words it in a language. The
 * feature keeps its texts next to its code (`<feature>.mail.ts`).
 */
export interface FeatureMail {
  template: string;
  render: (locale: Locale) => RenderedMail;
}

/** Turns an e-mail into the recipient's language, whichever kind it is. */
export function wordMail(mail: MailTemplate | FeatureMail, locale: Locale): RenderedMail {
  return 'render' in mail ? mail.render(locale) : renderMail(mail, locale);
}

/** The words of every e-mail Tilts sends, in the recipient's language. */
export function renderMail(mail: MailTemplate, locale: Locale): RenderedMail {
  const lv = locale === 'lv';
  switch (mail.template) {
    case 'invitation':
      return lv
        ? {
            subject: `Uzaicinājums pievienoties Tilts: ${mail.schoolName}`,
            text: `Labdien!\n\n${mail.invitedBy} jūs uzaicina pievienoties skolas „${mail.schoolName}” darba vietai Tilts ar lomu: ${roleNames.lv[mail.role]}.\n\nLai pieņemtu uzaicinājumu, atveriet šo saiti (derīga 7 dienas, izmantojama vienu reizi):\n${mail.link}\n\nJa negaidījāt šo vēstuli, to var droši ignorēt.\n\nTilts`,
          }
        : {
            subject: `Invitation to join Tilts: ${mail.schoolName}`,
            text: `Hello,\n\n${mail.invitedBy} invites you to join ${mail.schoolName} on Tilts as ${roleNames.en[mail.role]}.\n\nTo accept, open this link (valid for 7 days, usable once):\n${mail.link}\n\nIf you did not expect this message, you can ignore it.\n\nTilts`,
          };
    case 'password_reset':
      return lv
        ? {
            subject: 'Tilts: paroles maiņa',
            text: `Labdien!\n\nKāds (cerams, jūs) lūdza mainīt jūsu Tilts paroli. Jaunu paroli varat iestatīt šeit (saite derīga ${mail.minutes} minūtes, izmantojama vienu reizi):\n${mail.link}\n\nJa to nelūdzāt, nekas nav jādara: parole paliek tā pati.\n\nTilts`,
          }
        : {
            subject: 'Tilts: reset your password',
            text: `Hello,\n\nSomeone (hopefully you) asked to reset your Tilts password. Set a new one here (the link is valid for ${mail.minutes} minutes and works once):\n${mail.link}\n\nIf you did not ask, do nothing: your password stays the same.\n\nTilts`,
          };
    case 'magic_link':
      return lv
        ? {
            subject: 'Tilts: pierakstīšanās saite',
            text: `Labdien!\n\nLai pierakstītos Tilts, atveriet šo saiti (derīga ${mail.minutes} minūtes, izmantojama vienu reizi):\n${mail.link}\n\nJa to nelūdzāt, vēstuli var ignorēt.\n\nTilts`,
          }
        : {
            subject: 'Tilts: your sign-in link',
            text: `Hello,\n\nTo sign in to Tilts, open this link (valid for ${mail.minutes} minutes, works once):\n${mail.link}\n\nIf you did not ask for it, ignore this message.\n\nTilts`,
          };
  }
}
