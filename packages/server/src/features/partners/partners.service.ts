import {
  countryName,
  type Locale,
  type PartnerDetails,
  type PartnerListQuery,
  type PartnerSummary,
  type partnerInput,
  type partnerUpdate,
  type Role,
  searchKey,
} from '@tilts/shared';
import { type Selectable, sql } from 'kysely';
import type { z } from 'zod';
import { type Actor, inSchool, type Trx } from '../../db/context.ts';
import type { PartnerContactsTable, PartnersTable } from '../../db/schema.ts';
import type { Deps } from '../../deps.ts';
import { AppError } from '../../errors.ts';
import { actorForAudit, escapeLike, recordAudit } from '../audit/audit.service.ts';
import { nameKey, partnerKeys, partnerUsage, registrationKey } from './partners.repository.ts';

type PartnerInput = z.output<typeof partnerInput>;
type PartnerUpdate = z.output<typeof partnerUpdate>;

/** Who may change the register; teachers read it. */
export const partnerWriters: readonly Role[] = ['admin', 'coordinator'];

const sortColumns = {
  legalName: ['p.name_key', 'p.legal_name'],
  kind: ['p.kind', 'p.name_key'],
  country: ['p.country', 'p.name_key'],
  city: ['p.city', 'p.name_key'],
  createdAt: ['p.created_at'],
  updatedAt: ['p.updated_at'],
} as const;

function assertWriter(actor: Actor) {
  if (!partnerWriters.includes(actor.role)) throw new AppError('forbidden');
}

/** The school's partner organisations, searched (without regard to diacritics), filtered, sorted and paged. */
export async function listPartners(deps: Deps, actor: Actor, query: PartnerListQuery) {
  return inSchool(deps.db, actor.schoolId, async (trx) => {
    const { rows, total } = await queryPartners(trx, actor, query, false);
    const items = rows.map((r) => summaryView(r, r.contact_name ?? '', actor.locale));
    return { items, total, page: query.page, pageSize: query.pageSize };
  });
}

/** Every partner the list shows, with its primary contact: the CSV export (the columns the import reads). */
export async function exportPartners(deps: Deps, actor: Actor, query: PartnerListQuery) {
  return inSchool(deps.db, actor.schoolId, async (trx) => {
    const { rows } = await queryPartners(trx, actor, query, true);
    const contacts = await contactsOf(
      trx,
      rows.map((r) => r.id),
    );
    return rows.map((row) => {
      const own = contacts.get(row.id) ?? [];
      return { row, primary: own.find((c) => c.is_primary) ?? own[0] };
    });
  });
}

async function queryPartners(trx: Trx, actor: Actor, query: PartnerListQuery, all: boolean) {
  let q = trx.selectFrom('partners as p').where('p.school_id', '=', actor.schoolId);
  if (query.q) q = q.where('p.search_text', 'like', `%${escapeLike(searchKey(query.q))}%`);
  if (query.kind) q = q.where('p.kind', '=', query.kind);
  if (query.country) q = q.where('p.country', '=', query.country);
  const { n } = await q.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  let rows = q
    .selectAll('p')
    .select((eb) =>
      eb
        .selectFrom('partner_contacts as c')
        .select('c.name')
        .whereRef('c.partner_id', '=', 'p.id')
        .orderBy('c.is_primary', 'desc')
        .orderBy('c.sort_order')
        .limit(1)
        .as('contact_name'),
    );
  for (const column of sortColumns[query.sort ?? 'legalName']) rows = rows.orderBy(column, query.dir);
  rows = rows.orderBy('p.id');
  if (!all) rows = rows.limit(query.pageSize).offset((query.page - 1) * query.pageSize);
  return { rows: await rows.execute(), total: Number(n) };
}

function summaryView(r: Selectable<PartnersTable>, contactName: string, locale: Locale): PartnerSummary {
  return {
    id: r.id,
    kind: r.kind,
    legalName: r.legal_name,
    registrationNumber: r.registration_number,
    country: r.country,
    countryName: countryName(r.country, locale),
    city: r.city,
    sector: r.sector,
    contactName,
  };
}

async function contactsOf(trx: Trx, partnerIds: readonly string[]) {
  const byPartner = new Map<string, Selectable<PartnerContactsTable>[]>();
  if (partnerIds.length === 0) return byPartner;
  const rows = await trx
    .selectFrom('partner_contacts')
    .selectAll()
    .where('partner_id', 'in', partnerIds)
    .orderBy('sort_order')
    .orderBy('created_at')
    .orderBy('id')
    .execute();
  for (const r of rows) {
    const list = byPartner.get(r.partner_id) ?? [];
    list.push(r);
    byPartner.set(r.partner_id, list);
  }
  return byPartner;
}

async function loadDetails(trx: Trx, actor: Actor, id: string): Promise<PartnerDetails> {
  const row = await trx
    .selectFrom('partners')
    .selectAll()
    .where('id', '=', id)
    .where('school_id', '=', actor.schoolId)
    .executeTakeFirst();
  if (!row) throw new AppError('not_found');
  const contacts = (await contactsOf(trx, [id])).get(id) ?? [];
  const usage = (await partnerUsage(trx, [id])).get(id) ?? { placements: 0, mous: 0 };
  return {
    id: row.id,
    kind: row.kind,
    legalName: row.legal_name,
    registrationNumber: row.registration_number,
    legalAddress: row.legal_address,
    country: row.country,
    countryName: countryName(row.country, actor.locale),
    city: row.city,
    website: row.website,
    sector: row.sector,
    erasmusOid: row.erasmus_oid,
    notes: row.notes,
    contacts: contacts.map((c) => ({
      id: c.id,
      name: c.name,
      position: c.position,
      email: c.email,
      phone: c.phone,
      isPrimary: c.is_primary,
    })),
    lockVersion: row.lock_version,
    usage,
    createdAt: row.created_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
  };
}

/** One partner with its contacts and what uses it. Another school's partner is not found. */
export async function getPartner(deps: Deps, actor: Actor, id: string): Promise<PartnerDetails> {
  return inSchool(deps.db, actor.schoolId, (trx) => loadDetails(trx, actor, id));
}

/** What the audit log keeps of a partner: the details without what the system derives. */
function auditView(d: PartnerDetails) {
  const { usage: _u, countryName: _c, createdAt: _a, updatedAt: _b, ...rest } = d;
  return rest;
}

/** Exactly one primary contact when there are any: the first one marked, or else the first. */
function normaliseContacts(contacts: PartnerInput['contacts']) {
  const primary = Math.max(
    0,
    contacts.findIndex((c) => c.isPrimary),
  );
  return contacts.map((c, i) => ({ ...c, isPrimary: i === primary }));
}

/**
 * The same organisation is already registered: same country and registration number, or (when
 * neither has a number) same country and name, diacritics and case aside.
 */
async function assertNotDuplicate(trx: Trx, schoolId: string, input: PartnerInput, self?: string) {
  const key = registrationKey(input.registrationNumber);
  let q = trx
    .selectFrom('partners')
    .select(['id', 'legal_name'])
    .where('school_id', '=', schoolId)
    .where('country', '=', input.country);
  q = key
    ? q.where('registration_key', '=', key)
    : q.where('registration_key', '=', '').where('name_key', '=', nameKey(input.legalName));
  if (self) q = q.where('id', '<>', self);
  const twin = await q.executeTakeFirst();
  if (twin) {
    throw new AppError('conflict', {
      fields: {
        [key ? 'registrationNumber' : 'legalName']: {
          key: 'partner_duplicate',
          params: { name: twin.legal_name },
        },
      },
    });
  }
}

function partnerColumns(input: PartnerInput) {
  return {
    kind: input.kind,
    legal_name: input.legalName,
    registration_number: input.registrationNumber,
    legal_address: input.legalAddress,
    country: input.country,
    city: input.city,
    website: input.website,
    sector: input.sector,
    erasmus_oid: input.erasmusOid,
    notes: input.notes,
    ...partnerKeys(input),
  };
}

/** A unique index refused the row after our own check passed (two saves at once). */
function asDuplicate(error: unknown, input: PartnerInput): never {
  if ((error as { code?: string }).code === '23505') {
    throw new AppError('conflict', {
      fields: { registrationNumber: { key: 'partner_duplicate', params: { name: input.legalName } } },
    });
  }
  throw error;
}

/** Registers a partner organisation with its contacts. */
export async function createPartner(deps: Deps, actor: Actor, input: PartnerInput): Promise<PartnerDetails> {
  assertWriter(actor);
  const contacts = normaliseContacts(input.contacts);
  return inSchool(deps.db, actor.schoolId, async (trx) => {
    await assertNotDuplicate(trx, actor.schoolId, input);
    const now = deps.now();
    const row = await trx
      .insertInto('partners')
      .values({
        ...partnerColumns(input),
        school_id: actor.schoolId,
        created_by: actor.userId,
        created_at: now,
        updated_at: now,
      })
      .returning('id')
      .executeTakeFirstOrThrow()
      .catch((e: unknown) => asDuplicate(e, input));
    if (contacts.length > 0) {
      await trx
        .insertInto('partner_contacts')
        .values(contacts.map((c, i) => contactColumns(actor.schoolId, row.id, c, i)))
        .execute();
    }
    const details = await loadDetails(trx, actor, row.id);
    await recordAudit(trx, actorForAudit(actor), {
      action: 'partner.created',
      entityType: 'partner',
      entityId: row.id,
      after: auditView(details),
    });
    return details;
  });
}

function contactColumns(
  schoolId: string,
  partnerId: string,
  c: PartnerInput['contacts'][number],
  order: number,
) {
  return {
    school_id: schoolId,
    partner_id: partnerId,
    name: c.name,
    position: c.position,
    email: c.email,
    phone: c.phone,
    is_primary: c.isPrimary,
    sort_order: order,
  };
}

/**
 * Saves an edited partner and its contacts (added, changed, reordered, removed). The edit names the
 * version it started from: if someone saved in between, it is refused and nothing is lost.
 */
export async function updatePartner(
  deps: Deps,
  actor: Actor,
  id: string,
  input: PartnerUpdate,
): Promise<PartnerDetails> {
  assertWriter(actor);
  const contacts = normaliseContacts(input.contacts);
  return inSchool(deps.db, actor.schoolId, async (trx) => {
    const current = await trx
      .selectFrom('partners')
      .select(['id', 'lock_version'])
      .where('id', '=', id)
      .where('school_id', '=', actor.schoolId)
      .forUpdate()
      .executeTakeFirst();
    if (!current) throw new AppError('not_found');
    if (current.lock_version !== input.lockVersion) {
      throw new AppError('conflict', { fields: { lockVersion: 'stale_version' } });
    }
    const before = await loadDetails(trx, actor, id);
    const known = new Set(before.contacts.map((c) => c.id));
    const problems: Record<string, string> = {};
    contacts.forEach((c, i) => {
      if (c.id && !known.has(c.id)) problems[`contacts.${i}.id`] = 'invalid';
    });
    if (Object.keys(problems).length > 0) throw new AppError('validation_failed', { fields: problems });
    await assertNotDuplicate(trx, actor.schoolId, input, id);

    await trx
      .updateTable('partners')
      .set({
        ...partnerColumns(input),
        lock_version: sql<number>`lock_version + 1`,
        updated_at: deps.now(),
      })
      .where('id', '=', id)
      .execute()
      .catch((e: unknown) => asDuplicate(e, input));

    const kept = new Set(contacts.flatMap((c) => (c.id ? [c.id] : [])));
    const gone = before.contacts.filter((c) => !kept.has(c.id)).map((c) => c.id);
    if (gone.length > 0) await trx.deleteFrom('partner_contacts').where('id', 'in', gone).execute();
    for (const [i, c] of contacts.entries()) {
      const values = contactColumns(actor.schoolId, id, c, i);
      if (c.id) {
        const { school_id: _s, partner_id: _p, ...change } = values;
        await trx.updateTable('partner_contacts').set(change).where('id', '=', c.id).execute();
      } else {
        await trx.insertInto('partner_contacts').values(values).execute();
      }
    }

    const after = await loadDetails(trx, actor, id);
    await recordAudit(trx, actorForAudit(actor), {
      action: 'partner.updated',
      entityType: 'partner',
      entityId: id,
      before: auditView(before),
      after: auditView(after),
    });
    return after;
  });
}

function inUse(usage: { placements: number; mous: number }): AppError {
  return new AppError('conflict', { fields: { partner: { key: 'partner_in_use', params: usage } } });
}

/** Deletes a partner that nothing uses; one a placement or memorandum names is refused with the counts. */
export async function deletePartner(deps: Deps, actor: Actor, id: string): Promise<void> {
  assertWriter(actor);
  try {
    await inSchool(deps.db, actor.schoolId, async (trx) => {
      // The row lock waits for anyone inserting a placement or memorandum that names this partner.
      const locked = await trx
        .selectFrom('partners')
        .select('id')
        .where('id', '=', id)
        .where('school_id', '=', actor.schoolId)
        .forUpdate()
        .executeTakeFirst();
      if (!locked) throw new AppError('not_found');
      const before = await loadDetails(trx, actor, id);
      if (before.usage.placements + before.usage.mous > 0) throw inUse(before.usage);
      await trx.deleteFrom('partners').where('id', '=', id).execute();
      await recordAudit(trx, actorForAudit(actor), {
        action: 'partner.deleted',
        entityType: 'partner',
        entityId: id,
        before: auditView(before),
      });
    });
  } catch (error) {
    // A reference added after our check: the foreign key (ON DELETE RESTRICT) still says no.
    if ((error as { code?: string }).code === '23503') {
      const usage = await inSchool(deps.db, actor.schoolId, (trx) => partnerUsage(trx, [id]));
      throw inUse(usage.get(id) ?? { placements: 0, mous: 0 });
    }
    throw error;
  }
}
