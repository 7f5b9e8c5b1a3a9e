import type { Locale } from './locale.ts';
import type { Role } from './roles.ts';

/** How many days after the placement's last day an extension may still run (a report after the end). */
export const extensionDaysAfterEnd = 30;

const roleWords: Record<Locale, Record<Role, string>> = {
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

const roleList = (value: unknown, locale: Locale) =>
  String(value ?? '')
    .split(',')
    .filter(Boolean)
    .map((r) => roleWords[locale][r as Role] ?? r)
    .join(', ');

/** "1 diena", "2 dienas", "21 diena", "11 dienas": Latvian agrees with the last digit except in the teens. */
export function lvDays(n: number): string {
  const singular = n % 10 === 1 && n % 100 !== 11;
  return `${n} ${singular ? 'diena' : 'dienas'}`;
}

const enDays = (n: number) => `${n} ${n === 1 ? 'day' : 'days'}`;

interface Issue {
  params?: Record<string, string | number>;
}
type Message = (i: Issue, w: Record<string, string>) => string;

/** The field messages of the plan, extensions and settings; errors.ts spreads them in. */
export const planFieldMessages: Record<Locale, Record<string, Message>> = {
  lv: {
    due_outside_placement: (_, w) =>
      `Termiņam jābūt prakses laikā: no ${w.start} līdz ${w.end}. Izvēlieties datumu šajā periodā.`,
    extension_role_not_allowed: (i) =>
      `Pagarinājumu šajā skolā drīkst piešķirt: ${roleList(i.params?.roles, 'lv') || 'neviens'}. Jūsu loma (${roleList(i.params?.role, 'lv')}) to nedrīkst; lūdziet kādu no viņiem vai skolas administratoru mainīt iestatījumus.`,
    extension_not_later: (_, w) => `Jaunajam termiņam jābūt vēlākam par pašreizējo termiņu (${w.current}).`,
    extension_too_late: (_, w) =>
      `Jaunais termiņš var būt ne vēlāk kā ${w.latest} (${extensionDaysAfterEnd} dienas pēc prakses beigām).`,
    extension_reason_required: () =>
      'Norādiet pagarinājuma iemeslu: to saglabā kopā ar piešķīrēja vārdu, un to redz audzēknis.',
    learner_not_in_placement: () => 'Šis audzēknis šajā praksē nepiedalās.',
    task_already_done: () => 'Audzēknis šo uzdevumu jau ir izpildījis: pagarinājums nav vajadzīgs.',
    not_your_task: () => 'Šis uzdevums nav jūsu prakses plānā.',
    extension_roles_invalid: () =>
      'Pagarinājumu var ļaut piešķirt tikai administratoram, koordinatoram un pedagogam.',
  },
  en: {
    due_outside_placement: (_, w) =>
      `The due date must fall within the placement: from ${w.start} to ${w.end}. Choose a date in that period.`,
    extension_role_not_allowed: (i) =>
      `In this school an extension may be granted by: ${roleList(i.params?.roles, 'en') || 'nobody'}. Your role (${roleList(i.params?.role, 'en')}) may not; ask one of them, or the school's administrator to change the settings.`,
    extension_not_later: (_, w) => `The new due date must be later than the current one (${w.current}).`,
    extension_too_late: (_, w) =>
      `The new due date can be ${w.latest} at the latest (${extensionDaysAfterEnd} days after the placement ends).`,
    extension_reason_required: () =>
      'Give the reason for the extension: it is kept with the name of who granted it, and the learner sees it.',
    learner_not_in_placement: () => 'This learner does not take part in this placement.',
    task_already_done: () => 'The learner has already done this task: no extension is needed.',
    not_your_task: () => 'This task is not in the plan of your placement.',
    extension_roles_invalid: () =>
      'Only an administrator, a coordinator and a teacher can be allowed to grant extensions.',
  },
};

/** The kinds of in-app notice and the parameters each one keeps. */
export type NotificationKind = 'task_due_soon' | 'task_overdue' | 'task_extended';

const date = (value: unknown, locale: Locale) => {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(String(value ?? ''));
  if (!m) return String(value ?? '');
  return locale === 'lv' ? `${m[3]}.${m[2]}.${m[1]}` : `${m[3]}/${m[2]}/${m[1]}`;
};

/** "3 days left" / "due today", in the reader's language. */
export function daysLeftText(daysLeft: number, locale: Locale): string {
  if (locale === 'lv') {
    if (daysLeft === 0) return 'termiņš ir šodien';
    if (daysLeft < 0) return `nokavēts par ${lvDays(-daysLeft)}`;
    return daysLeft % 10 === 1 && daysLeft % 100 !== 11
      ? `palikusi ${lvDays(daysLeft)}`
      : `palikušas ${lvDays(daysLeft)}`;
  }
  if (daysLeft === 0) return 'due today';
  if (daysLeft < 0) return `${enDays(-daysLeft)} late`;
  return `${enDays(daysLeft)} left`;
}

/**
 * A notice as its reader reads it: kept as a kind and parameters, worded when shown, so a reader who
 * switches language sees every notice in the new one. An unknown kind shows its parameters plainly.
 */
export function notificationText(kind: string, params: Record<string, unknown>, locale: Locale): string {
  const lv = locale === 'lv';
  const task = String(params.task ?? '');
  const placement = String(params.placement ?? '');
  switch (kind) {
    case 'task_due_soon': {
      const left = daysLeftText(Number(params.daysLeft ?? 0), locale);
      return lv
        ? `Uzdevums „${task}” (${placement}): ${left}, termiņš ${date(params.dueDate, locale)}.`
        : `Task “${task}” (${placement}): ${left}, due ${date(params.dueDate, locale)}.`;
    }
    case 'task_overdue':
      return lv
        ? `Termiņš uzdevumam „${task}” (${placement}) bija ${date(params.dueDate, locale)}; nav izpildījis: ${String(params.learners ?? '')}.`
        : `Task “${task}” (${placement}) was due on ${date(params.dueDate, locale)}; not done by: ${String(params.learners ?? '')}.`;
    case 'task_extended':
      return lv
        ? `${String(params.by ?? '')} pagarināja uzdevuma „${task}” (${placement}) termiņu līdz ${date(params.dueDate, locale)}. Iemesls: ${String(params.reason ?? '')}`
        : `${String(params.by ?? '')} extended the due date of “${task}” (${placement}) to ${date(params.dueDate, locale)}. Reason: ${String(params.reason ?? '')}`;
    default:
      return `${kind}: ${Object.values(params).map(String).join(', ')}`;
  }
}

/** Whole days from one calendar date to another (YYYY-MM-DD): 3 when `to` is three days later. */
export function daysBetweenDates(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);
}
