import type { HelpCategory } from '@tilts/shared';
import type { FeatureMail } from '../mail/templates.ts';
import { excerpt } from '../messages/messages.mail.ts';

const quote = (body: string) =>
  excerpt(body)
    .split('\n')
    .map((line) => `> ${line}`)
    .join('\n');

/** A new "need help" request, to the school's technical support or to the learner's mentor. */
export function ticketOpenedMail(input: {
  category: HelpCategory;
  askerName: string;
  subject: string;
  body: string;
  link: string;
}): FeatureMail {
  return {
    template: 'help_ticket_opened',
    render: (locale) =>
      locale === 'lv'
        ? {
            subject: `Tilts: ${input.category === 'technical' ? 'tehniskā atbalsta pieprasījums' : 'audzēknis lūdz mentora palīdzību'} — ${input.subject}`,
            text: `Labdien!\n\n${input.askerName} ${input.category === 'technical' ? 'ziņo par tehnisku problēmu' : 'lūdz jūs kā mentoru sazināties'}. Lai atbildētu, atveriet:\n${input.link}\n\n${quote(`${input.subject}\n\n${input.body}`)}\n\nTilts`,
          }
        : {
            subject: `Tilts: ${input.category === 'technical' ? 'technical support request' : 'a learner needs their mentor'} — ${input.subject}`,
            text: `Hello,\n\n${input.askerName} ${input.category === 'technical' ? 'reports a technical problem' : 'asks you, as their mentor, to get in touch'}. To answer, open:\n${input.link}\n\n${quote(`${input.subject}\n\n${input.body}`)}\n\nTilts`,
          },
  };
}

/** A reply on a request, to the other side. */
export function ticketReplyMail(input: {
  authorName: string;
  subject: string;
  body: string;
  link: string;
}): FeatureMail {
  return {
    template: 'help_ticket_reply',
    render: (locale) =>
      locale === 'lv'
        ? {
            subject: `Tilts: atbilde pieprasījumā „${input.subject}”`,
            text: `Labdien!\n\n${input.authorName} atbildēja pieprasījumā „${input.subject}”. Lai izlasītu un atbildētu, atveriet:\n${input.link}\n\n${quote(input.body)}\n\nTilts`,
          }
        : {
            subject: `Tilts: a reply on the request “${input.subject}”`,
            text: `Hello,\n\n${input.authorName} replied on the request “${input.subject}”. To read and answer, open:\n${input.link}\n\n${quote(input.body)}\n\nTilts`,
          },
  };
}
