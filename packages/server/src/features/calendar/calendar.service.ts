import { type CalendarFeedCreated, type CalendarFeedView, isLocale, type Locale } from '@tilts/shared';
import { sql } from 'kysely';
import { type Actor, inSchool, type Trx } from '../../db/context.ts';
import type { Deps } from '../../deps.ts';
import { AppError } from '../../errors.ts';
import { actorForAudit, recordAudit } from '../audit/audit.service.ts';
import { hashSecret, newSecret } from '../auth/tokens.ts';
import { activePlanStatuses, planPath } from '../plan/tasks.service.ts';
import { buildCalendar, type CalendarEvent } from './ical.ts';

/** Whether the actor has a feed in this school; its address itself is shown only when made. */
export async function feedStatus(deps: Deps, actor: Actor): Promise<CalendarFeedView> {
  return inSchool(deps.db, actor.schoolId, async (trx) => {
    const row = await trx
      .selectFrom('calendar_feeds')
      .select('created_at')
      .where('user_id', '=', actor.userId)
      .executeTakeFirst();
    return { exists: Boolean(row), createdAt: row ? row.created_at.toISOString() : null };
  });
}

/**
 * Makes the actor's feed address, or a new one in place of the old (which stops working at once).
 * Only the secret's SHA-256 is kept, so the address is shown this once.
 */
export async function resetFeed(deps: Deps, actor: Actor): Promise<CalendarFeedCreated> {
  const { token, hash } = newSecret();
  const now = deps.now();
  await inSchool(deps.db, actor.schoolId, async (trx) => {
    const before = await trx
      .selectFrom('calendar_feeds')
      .select('created_at')
      .where('user_id', '=', actor.userId)
      .executeTakeFirst();
    // The old address stops working in the same transaction that makes the new one.
    await trx.deleteFrom('calendar_feeds').where('user_id', '=', actor.userId).execute();
    await trx
      .insertInto('calendar_feeds')
      .values({ user_id: actor.userId, school_id: actor.schoolId, token_hash: hash, created_at: now })
      .execute();
    await recordAudit(trx, actorForAudit(actor), {
      action: before ? 'calendar.reset' : 'calendar.created',
      entityType: 'calendar_feed',
      entityId: actor.userId,
    });
  });
  return { url: `${deps.config.PUBLIC_URL}/calendar/${token}.ics`, createdAt: now.toISOString() };
}

const words = {
  lv: {
    calendar: 'Tilts: termiņi un saziņa',
    due: 'Termiņš',
    contact: 'Plānota saziņa',
    done: 'izpildīts',
    open: 'nav izpildīts',
    placement: 'Prakse',
    participants: 'Dalībnieki',
    channels: {
      meeting: 'tikšanās',
      phone: 'tālrunis',
      video: 'videozvans',
      email: 'e-pasts',
      chat: 'tērzēšana',
      visit: 'vizīte',
      other: 'cits',
    } as Record<string, string>,
  },
  en: {
    calendar: 'Tilts: deadlines and contacts',
    due: 'Due',
    contact: 'Planned contact',
    done: 'done',
    open: 'not done',
    placement: 'Placement',
    participants: 'Participants',
    channels: {
      meeting: 'meeting',
      phone: 'phone',
      video: 'video call',
      email: 'e-mail',
      chat: 'chat',
      visit: 'visit',
      other: 'other',
    } as Record<string, string>,
  },
};

/**
 * The feed behind a secret address: the holder's deadlines (a learner their own tasks; a mentor,
 * teacher or supervisor the tasks of their learners) and planned contacts. An unknown or reset
 * address, or a person no longer active in the school, is "not found".
 */
export async function feedText(deps: Deps, token: string): Promise<string> {
  if (!/^[\w-]{20,200}$/.test(token)) throw new AppError('not_found');
  // Outside any school: the address names its school and person.
  const feed = await deps.db
    .selectFrom('calendar_feeds as f')
    .innerJoin('users as u', 'u.id', 'f.user_id')
    .innerJoin('memberships as m', (j) =>
      j.onRef('m.user_id', '=', 'f.user_id').onRef('m.school_id', '=', 'f.school_id'),
    )
    .select(['f.user_id', 'f.school_id', 'u.email', 'u.locale', 'm.role'])
    .where('f.token_hash', '=', hashSecret(token))
    .where('u.is_active', '=', true)
    .where('m.is_active', '=', true)
    .executeTakeFirst();
  if (!feed) throw new AppError('not_found');
  const locale: Locale = isLocale(feed.locale) ? feed.locale : 'lv';
  const events = await inSchool(deps.db, feed.school_id, (trx) =>
    feedEvents(trx, deps, { userId: feed.user_id, email: feed.email, role: feed.role, locale }),
  );
  return buildCalendar({ name: words[locale].calendar, events, now: deps.now() });
}

async function feedEvents(
  trx: Trx,
  deps: Deps,
  who: { userId: string; email: string; role: string; locale: Locale },
): Promise<CalendarEvent[]> {
  const w = words[who.locale];
  // The placements whose dates this person keeps: a learner's own; the ones a member of staff
  // mentors or goes on; the ones a workplace supervisor supervises.
  let placements = trx
    .selectFrom('placements as p')
    .select(['p.id', 'p.title'])
    .where('p.status', 'in', activePlanStatuses);
  if (who.role === 'supervisor') {
    placements = placements.where(sql<boolean>`lower(p.supervisor_email) = ${who.email.toLowerCase()}`);
  } else {
    placements = placements.where((eb) =>
      eb.or([
        ...(who.role === 'learner' ? [] : [eb('p.mentor_id', '=', who.userId)]),
        eb.exists(
          eb
            .selectFrom('placement_participants as pp')
            .select('pp.id')
            .whereRef('pp.placement_id', '=', 'p.id')
            .where('pp.user_id', '=', who.userId),
        ),
      ]),
    );
  }
  const rows = await placements.execute();
  if (rows.length === 0) return [];
  const ids = rows.map((r) => r.id);
  const titles = new Map(rows.map((r) => [r.id, r.title]));
  let progress = trx
    .selectFrom('task_progress as tp')
    .innerJoin('placement_tasks as t', 't.id', 'tp.task_id')
    .innerJoin('users as u', 'u.id', 'tp.learner_id')
    .select([
      'tp.task_id',
      'tp.placement_id',
      'tp.due_date',
      'tp.done_at',
      't.title',
      't.description',
      'u.given_name',
      'u.family_name',
    ])
    .where('tp.placement_id', 'in', ids)
    .orderBy('tp.due_date')
    .orderBy('u.family_name');
  if (who.role === 'learner') progress = progress.where('tp.learner_id', '=', who.userId);
  const [tasks, contacts] = await Promise.all([
    progress.execute(),
    trx
      .selectFrom('placement_contacts')
      .select(['id', 'placement_id', 'contact_date', 'channel', 'participants', 'notes'])
      .where('placement_id', 'in', ids)
      .where('planned', '=', true)
      .orderBy('contact_date')
      .execute(),
  ]);
  const events: CalendarEvent[] = [];
  // One event per task and date: learners with an extension have theirs on their own date.
  const groups = new Map<string, typeof tasks>();
  for (const t of tasks) {
    const key = `${t.task_id}/${t.due_date}`;
    groups.set(key, [...(groups.get(key) ?? []), t]);
  }
  for (const [key, group] of groups) {
    const first = group[0]!;
    const placement = titles.get(first.placement_id) ?? '';
    const lines = [
      `${w.placement}: ${placement}`,
      ...(first.description ? [first.description] : []),
      ...(who.role === 'learner'
        ? [first.done_at ? `✓ ${w.done}` : w.open]
        : group.map((g) => `${g.done_at ? '✓' : '○'} ${g.given_name} ${g.family_name}`)),
    ];
    events.push({
      uid: `task-${key.replace('/', '-')}@tilts`,
      date: first.due_date,
      summary: `${w.due}: ${first.title} — ${placement}`,
      description: lines.join('\n'),
      url: `${deps.config.PUBLIC_URL}${planPath(first.placement_id)}`,
      categories: w.due,
    });
  }
  for (const c of contacts) {
    const placement = titles.get(c.placement_id) ?? '';
    events.push({
      uid: `contact-${c.id}@tilts`,
      date: c.contact_date,
      summary: `${w.contact} (${w.channels[c.channel] ?? c.channel}): ${placement}`,
      description: [
        `${w.placement}: ${placement}`,
        ...(c.participants ? [`${w.participants}: ${c.participants}`] : []),
        ...(c.notes ? [c.notes] : []),
      ].join('\n'),
      url: `${deps.config.PUBLIC_URL}/placements/${c.placement_id}`,
      categories: w.contact,
    });
  }
  return events.sort((a, b) => a.date.localeCompare(b.date));
}
