import type { FeatureMail } from '../mail/templates.ts';
import { excerpt } from '../messages/messages.mail.ts';

const quote = (body: string) =>
  excerpt(body)
    .split('\n')
    .map((line) => `> ${line}`)
    .join('\n');

/** A learner asked in the forum of a project the mentor's placements belong to. */
export function forumQuestionMail(input: {
  projectLabel: string;
  authorName: string;
  title: string;
  body: string;
  link: string;
}): FeatureMail {
  return {
    template: 'forum_question',
    render: (locale) =>
      locale === 'lv'
        ? {
            subject: `Tilts forums: ${input.title}`,
            text: `Labdien!\n\n${input.authorName} uzdeva jautājumu projekta „${input.projectLabel}” forumā. Lai atbildētu, atveriet:\n${input.link}\n\n${quote(`${input.title}\n\n${input.body}`)}\n\nTilts`,
          }
        : {
            subject: `Tilts forum: ${input.title}`,
            text: `Hello,\n\n${input.authorName} asked a question in the forum of the project “${input.projectLabel}”. To answer, open:\n${input.link}\n\n${quote(`${input.title}\n\n${input.body}`)}\n\nTilts`,
          },
  };
}

/** Someone answered the asker's forum question. */
export function forumAnswerMail(input: {
  authorName: string;
  title: string;
  body: string;
  link: string;
}): FeatureMail {
  return {
    template: 'forum_answer',
    render: (locale) =>
      locale === 'lv'
        ? {
            subject: `Tilts forums: atbilde uz „${input.title}”`,
            text: `Labdien!\n\n${input.authorName} atbildēja uz jūsu jautājumu „${input.title}”. Lai izlasītu, atveriet:\n${input.link}\n\n${quote(input.body)}\n\nTilts`,
          }
        : {
            subject: `Tilts forum: an answer to “${input.title}”`,
            text: `Hello,\n\n${input.authorName} answered your question “${input.title}”. To read it, open:\n${input.link}\n\n${quote(input.body)}\n\nTilts`,
          },
  };
}
