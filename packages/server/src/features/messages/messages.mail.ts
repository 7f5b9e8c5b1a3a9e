import { threadMailQuietMinutes } from '@tilts/shared';
import type { FeatureMail } from '../mail/templates.ts';

/** The first lines of a message, for an e-mail that tells someone it arrived. */
export function excerpt(body: string, max = 600): string {
  return body.length > max ? `${body.slice(0, max).trimEnd()}…` : body;
}

/**
 * A new message in a placement's thread. The link comes before the quoted message, so a link the
 * writer typed is never the first one in the e-mail.
 */
export function threadMessageMail(input: {
  placementTitle: string;
  authorName: string;
  body: string;
  link: string;
  /** The supervisor's link opens the thread without an account. */
  viaLink: boolean;
}): FeatureMail {
  const quoted = excerpt(input.body)
    .split('\n')
    .map((line) => `> ${line}`)
    .join('\n');
  return {
    template: 'thread_message',
    render: (locale) =>
      locale === 'lv'
        ? {
            subject: `Tilts: jauna ziņa par praksi „${input.placementTitle}”`,
            text: `Labdien!\n\n${input.authorName} rakstīja sarakstē par praksi „${input.placementTitle}”. Lai izlasītu visu un atbildētu, atveriet:\n${input.link}\n${input.viaLink ? 'Konts nav vajadzīgs; saite derīga 30 dienas.\n' : ''}\n${quoted}\n\nJa sarakstē drīz pienāks vēl ziņas, nākamo vēstuli sūtīsim, kad būsiet šīs izlasījis, vai ne ātrāk kā pēc ${threadMailQuietMinutes} minūtēm.\n\nTilts`,
          }
        : {
            subject: `Tilts: a new message about the placement “${input.placementTitle}”`,
            text: `Hello,\n\n${input.authorName} wrote in the messages about the placement “${input.placementTitle}”. To read them all and reply, open:\n${input.link}\n${input.viaLink ? 'No account is needed; the link is valid for 30 days.\n' : ''}\n${quoted}\n\nIf more messages follow soon, the next e-mail comes once you have read these, or after ${threadMailQuietMinutes} minutes at the earliest.\n\nTilts`,
          },
  };
}
