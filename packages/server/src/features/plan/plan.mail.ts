import { daysLeftText, formatIsoDate } from '@tilts/shared';
import type { FeatureMail } from '../mail/templates.ts';

/** N days before a deadline: to a learner who has not done the task yet. */
export function taskReminderMail(input: {
  task: string;
  placement: string;
  dueDate: string;
  daysLeft: number;
  link: string;
}): FeatureMail {
  return {
    template: 'task_reminder',
    render: (locale) => {
      const left = daysLeftText(input.daysLeft, locale);
      const due = formatIsoDate(input.dueDate, locale);
      return locale === 'lv'
        ? {
            subject: `Tilts: ${left} — „${input.task}”`,
            text: `Labdien!\n\nAtgādinām par prakses „${input.placement}” uzdevumu „${input.task}”: termiņš ir ${due}, ${left}.\n\nKad uzdevums izpildīts, atzīmējiet to prakses plānā:\n${input.link}\n\nJa termiņā netiksiet, savlaicīgi sazinieties ar savu mentoru vai pedagogu: viņi var pagarināt termiņu.\n\nTilts`,
          }
        : {
            subject: `Tilts: ${left} — “${input.task}”`,
            text: `Hello,\n\nA reminder about the task “${input.task}” of the placement “${input.placement}”: it is due on ${due}, ${left}.\n\nWhen it is done, mark it in the placement's plan:\n${input.link}\n\nIf you cannot make it in time, contact your mentor or teacher early: they can extend the due date.\n\nTilts`,
          };
    },
  };
}

/** After a deadline: to the placement's mentor, naming the learners who have not done the task. */
export function taskOverdueMail(input: {
  task: string;
  placement: string;
  dueDate: string;
  learners: string[];
  link: string;
}): FeatureMail {
  return {
    template: 'task_overdue',
    render: (locale) => {
      const due = formatIsoDate(input.dueDate, locale);
      const names = input.learners.map((n) => `- ${n}`).join('\n');
      return locale === 'lv'
        ? {
            subject: `Tilts: nokavēts termiņš — „${input.task}” (${input.placement})`,
            text: `Labdien!\n\nPrakses „${input.placement}” uzdevuma „${input.task}” termiņš bija ${due}. To vēl nav atzīmējuši kā izpildītu:\n${names}\n\nIeteicams sazināties ar audzēkni; ja vajag, termiņu var pagarināt prakses plānā:\n${input.link}\n\nTilts`,
          }
        : {
            subject: `Tilts: missed due date — “${input.task}” (${input.placement})`,
            text: `Hello,\n\nThe task “${input.task}” of the placement “${input.placement}” was due on ${due}. Not yet marked done by:\n${names}\n\nConsider contacting the learner; if needed, the due date can be extended in the placement's plan:\n${input.link}\n\nTilts`,
          };
    },
  };
}

/** An extension granted: to the learner it is for. */
export function taskExtendedMail(input: {
  task: string;
  placement: string;
  previousDueDate: string;
  newDueDate: string;
  reason: string;
  grantedBy: string;
  link: string;
}): FeatureMail {
  return {
    template: 'task_extended',
    render: (locale) => {
      const before = formatIsoDate(input.previousDueDate, locale);
      const after = formatIsoDate(input.newDueDate, locale);
      return locale === 'lv'
        ? {
            subject: `Tilts: pagarināts termiņš — „${input.task}”`,
            text: `Labdien!\n\n${input.grantedBy} pagarināja jūsu prakses „${input.placement}” uzdevuma „${input.task}” termiņu: no ${before} uz ${after}.\nIemesls: ${input.reason}\n\nPrakses plāns:\n${input.link}\n\nTilts`,
          }
        : {
            subject: `Tilts: due date extended — “${input.task}”`,
            text: `Hello,\n\n${input.grantedBy} extended the due date of the task “${input.task}” of your placement “${input.placement}”: from ${before} to ${after}.\nReason: ${input.reason}\n\nThe placement's plan:\n${input.link}\n\nTilts`,
          };
    },
  };
}
