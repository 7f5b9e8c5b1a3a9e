import {
  type ContactInput,
  type ContactsResponse,
  contactOverdue,
  type PlacementContact,
} from '@tilts/shared';
import { type Actor, inSchool, type Trx } from '../../db/context.ts';
import type { Deps } from '../../deps.ts';
import { AppError } from '../../errors.ts';
import { actorForAudit, recordAudit } from '../audit/audit.service.ts';
import { schoolToday } from '../calls/calls.repository.ts';
import { type PlacementRow, supportStaff, visiblePlacement } from '../support/parties.ts';
import { lastContactByPlacement } from './diary.repository.ts';

async function contactsView(trx: Trx, p: PlacementRow, today: string): Promise<ContactsResponse> {
  const [rows, last] = await Promise.all([
    trx
      .selectFrom('placement_contacts as c')
      .leftJoin('users as u', 'u.id', 'c.recorded_by')
      .select([
        'c.id',
        'c.contact_date',
        'c.channel',
        'c.participants',
        'c.notes',
        'c.planned',
        'c.created_at',
        'u.given_name',
        'u.family_name',
      ])
      .where('c.placement_id', '=', p.id)
      .orderBy('c.contact_date', 'desc')
      .orderBy('c.created_at', 'desc')
      .execute(),
    lastContactByPlacement(trx, [p.id]),
  ]);
  const items: PlacementContact[] = rows.map((r) => ({
    id: r.id,
    contactDate: r.contact_date,
    channel: r.channel,
    participants: r.participants,
    notes: r.notes,
    planned: r.planned,
    recordedByName: r.given_name ? `${r.given_name} ${r.family_name}` : '',
    createdAt: r.created_at.toISOString(),
  }));
  // Only a running placement can be late with its contact.
  const running = p.start_date <= today && p.end_date >= today && !['cancelled', 'closed'].includes(p.status);
  const status = contactOverdue({
    today,
    startDate: p.start_date,
    lastContactDate: last.get(p.id) ?? null,
    everyDays: p.comm_every_days,
  });
  return { status: { ...status, overdue: running && status.overdue }, items, canRecord: true };
}

async function staffPlacement(trx: Trx, actor: Actor, placementId: string) {
  if (!supportStaff.includes(actor.role)) throw new AppError('forbidden');
  return visiblePlacement(trx, actor, placementId);
}

/**
 * Every contact recorded for a placement, newest first, and whether the last one is older than the
 * communication plan allows. For the staff who see the placement.
 */
export async function listContacts(deps: Deps, actor: Actor, placementId: string): Promise<ContactsResponse> {
  return inSchool(deps.db, actor.schoolId, async (trx) => {
    const p = await staffPlacement(trx, actor, placementId);
    return contactsView(trx, p, schoolToday(deps.now()));
  });
}

/** Records a contact (or a planned one); a contact that took place cannot be dated in the future. */
export async function recordContact(
  deps: Deps,
  actor: Actor,
  placementId: string,
  input: ContactInput,
): Promise<ContactsResponse> {
  const today = schoolToday(deps.now());
  if (!input.planned && input.contactDate > today) {
    throw new AppError('validation_failed', {
      fields: { contactDate: { key: 'contact_future', params: { today } } },
    });
  }
  return inSchool(deps.db, actor.schoolId, async (trx) => {
    const p = await staffPlacement(trx, actor, placementId);
    const row = await trx
      .insertInto('placement_contacts')
      .values({
        school_id: p.school_id,
        placement_id: p.id,
        contact_date: input.contactDate,
        channel: input.channel,
        participants: input.participants,
        notes: input.notes,
        planned: input.planned,
        recorded_by: actor.userId,
        created_at: deps.now(),
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await recordAudit(trx, actorForAudit(actor), {
      action: 'contact.recorded',
      entityType: 'placement_contact',
      entityId: row.id,
      after: {
        placementId: p.id,
        contactDate: input.contactDate,
        channel: input.channel,
        planned: input.planned,
      },
    });
    return contactsView(trx, p, today);
  });
}
