import { randomUUID } from 'node:crypto';
import {
  addDays,
  dayNumber,
  type FieldError,
  formatIsoDate,
  type Locale,
  type MouDetail,
  type MouEnding,
  type MouListQuery,
  type MouOptions,
  type MouSummary,
  type MouTerminateRequest,
  type mouDraftRequest,
  type mouSignRequest,
  type mouUpdateRequest,
  searchKey,
} from '@tilts/shared';
import { type Insertable, sql } from 'kysely';
import type { z } from 'zod';
import { type Actor, inSchool, type Trx } from '../../db/context.ts';
import type { MouCatalogueEntry, MouPartiesTable } from '../../db/schema.ts';
import type { Deps } from '../../deps.ts';
import { AppError } from '../../errors.ts';
import { type AuditActor, actorForAudit, escapeLike, recordAudit } from '../audit/audit.service.ts';
import { issueLink, revokeLinks } from '../links/links.service.ts';
import { queueMail } from '../mail/mail.service.ts';
import {
  activatedPartnerMail,
  activatedSchoolMail,
  partnerSignedMail,
  signRequestMail,
  withdrawnMail,
} from './mous.mail.ts';
import { renderMouPdf } from './mous.pdf.ts';
import {
  canonicalContent,
  contentHash,
  documentView,
  loadMou,
  loadParties,
  type MouRow,
  missingParts,
  type PartyRow,
  partnerParties,
  rigaToday,
  SIGN_LINK_DAYS,
  SIGN_PURPOSE,
  searchTextOf,
  VIEW_PURPOSE,
  wrongStatus,
} from './mous.repository.ts';

type DraftInput = z.output<typeof mouDraftRequest>;
type UpdateInput = z.output<typeof mouUpdateRequest>;
type SignInput = z.output<typeof mouSignRequest>;
type NewParty = Omit<Insertable<MouPartiesTable>, 'mou_id' | 'school_id'>;

const stale = () => new AppError('conflict', { fields: { lockVersion: 'stale_version' } });

function invalid(fields: Record<string, FieldError>): AppError {
  return new AppError('validation_failed', { fields });
}

// ---------------------------------------------------------------------------------------------
// Reading

const sortColumn = {
  title: 'm.title',
  status: 'm.status',
  validFrom: 'm.valid_from',
  validUntil: 'm.valid_until',
  updatedAt: 'm.updated_at',
} as const;

/** The school's memoranda, searched (title, parties), filtered by status and partner, sorted and paged. */
export async function listMous(deps: Deps, actor: Actor, query: MouListQuery, all = false) {
  return inSchool(deps.db, actor.schoolId, async (trx) => {
    let q = trx.selectFrom('mous as m').where('m.school_id', '=', actor.schoolId);
    if (query.status) q = q.where('m.status', '=', query.status);
    if (query.partnerId) {
      const partnerId = query.partnerId;
      q = q.where((eb) =>
        eb.exists(
          eb
            .selectFrom('mou_parties as p')
            .select('p.id')
            .whereRef('p.mou_id', '=', 'm.id')
            .where('p.partner_id', '=', partnerId),
        ),
      );
    }
    if (query.q) q = q.where('m.search_text', 'like', `%${escapeLike(searchKey(query.q))}%`);
    const { n } = await q.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    let rows = q.select([
      'm.id',
      'm.series_id',
      'm.version',
      'm.title',
      'm.status',
      'm.valid_from',
      'm.valid_until',
      'm.updated_at',
      sql<
        string[] | null
      >`(select array_agg(p.organisation_name order by p.position) from mou_parties p where p.mou_id = m.id and p.partner_id is not null)`.as(
        'partner_names',
      ),
      sql<number>`(select count(*) from mou_parties p where p.mou_id = m.id and p.signed_at is not null)::int`.as(
        'signed',
      ),
      sql<number>`(select count(*) from mou_parties p where p.mou_id = m.id)::int`.as('parties'),
    ]);
    const column = sortColumn[query.sort ?? 'validUntil'];
    rows = rows
      .orderBy(column, (ob) => (query.dir === 'desc' ? ob.desc().nullsLast() : ob.asc().nullsLast()))
      .orderBy('m.title')
      .orderBy('m.version')
      .orderBy('m.id');
    if (!all) rows = rows.limit(query.pageSize).offset((query.page - 1) * query.pageSize);
    const items: MouSummary[] = (await rows.execute()).map((r) => ({
      id: r.id,
      seriesId: r.series_id,
      version: r.version,
      title: r.title,
      status: r.status,
      validFrom: r.valid_from,
      validUntil: r.valid_until,
      partners: r.partner_names ?? [],
      signed: Number(r.signed),
      parties: Number(r.parties),
      updatedAt: r.updated_at.toISOString(),
    }));
    return { items, total: Number(n), page: query.page, pageSize: query.pageSize };
  });
}

/** Memoranda in force whose validity ends within `days` days of today (the coordinator's home page). */
export async function endingMous(deps: Deps, actor: Actor, days: number): Promise<MouEnding> {
  const today = rigaToday(deps.now());
  const until = addDays(today, days);
  return inSchool(deps.db, actor.schoolId, async (trx) => {
    const rows = await trx
      .selectFrom('mous as m')
      .select([
        'm.id',
        'm.title',
        'm.version',
        'm.valid_until',
        sql<
          string[] | null
        >`(select array_agg(p.organisation_name order by p.position) from mou_parties p where p.mou_id = m.id and p.partner_id is not null)`.as(
          'partner_names',
        ),
      ])
      .where('m.school_id', '=', actor.schoolId)
      .where('m.status', '=', 'active')
      .where('m.valid_until', '>=', today)
      .where('m.valid_until', '<=', until)
      .orderBy('m.valid_until')
      .orderBy('m.title')
      .execute();
    return {
      items: rows.map((r) => ({
        id: r.id,
        title: r.title,
        version: r.version,
        validUntil: r.valid_until!,
        daysLeft: dayNumber(r.valid_until!) - dayNumber(today),
        partners: r.partner_names ?? [],
      })),
    };
  });
}

/**
 * What the draft form picks from: the partner register with each partner's primary contact, the
 * qualifications and units of the catalogue, and the school's own details. Read-only.
 */
export async function mouOptions(deps: Deps, actor: Actor): Promise<MouOptions> {
  return inSchool(deps.db, actor.schoolId, async (trx) => {
    const school = await trx
      .selectFrom('schools')
      .select(['name', 'country', 'legal_address'])
      .where('id', '=', actor.schoolId)
      .executeTakeFirstOrThrow();
    const partners = await trx
      .selectFrom('partners')
      .select(['id', 'legal_name', 'country', 'city', 'legal_address', 'website'])
      .where('school_id', '=', actor.schoolId)
      .orderBy('legal_name')
      .limit(5000)
      .execute();
    const contacts = await primaryContacts(
      trx,
      partners.map((p) => p.id),
    );
    return {
      school: { name: school.name, country: school.country, address: school.legal_address },
      partners: partners.map((p) => {
        const c = contacts.get(p.id);
        return {
          id: p.id,
          legalName: p.legal_name,
          country: p.country,
          city: p.city,
          address: p.legal_address || p.city,
          website: p.website,
          phone: c?.phone ?? '',
          contactName: c?.name ?? '',
          contactPosition: c?.position ?? '',
          contactEmail: c?.email ?? '',
        };
      }),
      qualifications: await qualificationEntries(trx, actor.schoolId),
      units: await unitEntries(trx, actor.schoolId),
    };
  });
}

async function qualificationEntries(
  trx: Trx,
  schoolId: string,
  ids?: string[],
): Promise<MouCatalogueEntry[]> {
  if (ids && ids.length === 0) return [];
  let q = trx
    .selectFrom('qualifications')
    .select(['id', 'code', 'title', 'title_en', 'eqf_level'])
    .where('school_id', '=', schoolId);
  if (ids) q = q.where('id', 'in', ids);
  const rows = await q.orderBy('code').execute();
  return rows.map((r) => ({
    id: r.id,
    code: r.code,
    title: r.title,
    titleEn: r.title_en,
    eqfLevel: r.eqf_level,
  }));
}

async function unitEntries(trx: Trx, schoolId: string, ids?: string[]): Promise<MouCatalogueEntry[]> {
  if (ids && ids.length === 0) return [];
  let q = trx
    .selectFrom('units')
    .select(['id', 'qualification_id', 'code', 'title', 'title_en', 'eqf_level', 'credit_points'])
    .where('school_id', '=', schoolId);
  if (ids) q = q.where('id', 'in', ids);
  const rows = await q.orderBy('code').execute();
  return rows.map((r) => ({
    id: r.id,
    qualificationId: r.qualification_id,
    code: r.code,
    title: r.title,
    titleEn: r.title_en,
    eqfLevel: r.eqf_level,
    creditPoints: String(r.credit_points),
  }));
}

async function primaryContacts(trx: Trx, partnerIds: string[]) {
  const byPartner = new Map<string, { name: string; position: string; email: string; phone: string }>();
  if (partnerIds.length === 0) return byPartner;
  const rows = await trx
    .selectFrom('partner_contacts')
    .select(['partner_id', 'name', 'position', 'email', 'phone'])
    .where('partner_id', 'in', partnerIds)
    .orderBy('is_primary', 'desc')
    .orderBy('created_at')
    .orderBy('id')
    .execute();
  for (const r of rows) if (!byPartner.has(r.partner_id)) byPartner.set(r.partner_id, r);
  return byPartner;
}

async function detailIn(trx: Trx, deps: Deps, mou: MouRow, parties: PartyRow[]): Promise<MouDetail> {
  const now = deps.now();
  const versions = await trx
    .selectFrom('mous')
    .select(['id', 'version', 'status'])
    .where('series_id', '=', mou.series_id)
    .orderBy('version')
    .execute();
  const replacedBy = mou.replaced_by ? versions.find((v) => v.id === mou.replaced_by) : undefined;
  const links: MouDetail['links'] = {};
  if (mou.status === 'awaiting_signatures' && parties.length > 0) {
    const open = await trx
      .selectFrom('access_links')
      .select(['subject_id', 'created_at', 'expires_at'])
      .where('purpose', '=', SIGN_PURPOSE)
      .where(
        'subject_id',
        'in',
        parties.map((p) => p.id),
      )
      .where('revoked_at', 'is', null)
      .where('used_at', 'is', null)
      .orderBy('created_at')
      .execute();
    for (const l of open) {
      links[l.subject_id] = { sentAt: l.created_at.toISOString(), expiresAt: l.expires_at.toISOString() };
    }
  }
  const timeline = await trx
    .selectFrom('audit_log')
    .select(['id', 'created_at', 'action', 'actor_email', 'after'])
    .where('entity_type', '=', 'mou')
    .where('entity_id', '=', mou.id)
    .orderBy('id')
    .execute();
  return {
    ...documentView(mou, parties),
    qualificationIds: mou.qualification_ids,
    unitIds: mou.unit_ids,
    lockVersion: mou.lock_version,
    sentAt: mou.sent_at?.toISOString() ?? null,
    activatedAt: mou.activated_at?.toISOString() ?? null,
    endedAt: mou.ended_at?.toISOString() ?? null,
    endReason: mou.end_reason,
    replacedBy: replacedBy ? { id: replacedBy.id, version: replacedBy.version } : null,
    createdAt: mou.created_at.toISOString(),
    updatedAt: mou.updated_at.toISOString(),
    missing:
      mou.status === 'draft'
        ? missingParts(mou, parties, rigaToday(now)).map(({ part, party }) =>
            party ? { part, party } : { part },
          )
        : [],
    versions,
    links,
    timeline: timeline.map((e) => ({
      id: String(e.id),
      at: e.created_at.toISOString(),
      action: e.action,
      actorEmail: e.actor_email,
      after: e.after,
    })),
  };
}

/** One memorandum with its parties, signatures, versions, open links and timeline. */
export async function getMou(deps: Deps, actor: Actor, id: string): Promise<MouDetail> {
  return inSchool(deps.db, actor.schoolId, async (trx) => {
    const mou = await loadMou(trx, actor.schoolId, id);
    return detailIn(trx, deps, mou, await loadParties(trx, id));
  });
}

/** How a memorandum ended, in the reader's words, for the PDF. */
export async function endNote(trx: Trx, mou: MouRow, locale: Locale): Promise<string | undefined> {
  const lv = locale === 'lv';
  const date = (d: Date | null) => (d ? formatIsoDate(rigaToday(d), locale) : '');
  if (mou.status === 'terminated') {
    if (mou.replaced_by) {
      const next = await trx
        .selectFrom('mous')
        .select('version')
        .where('id', '=', mou.replaced_by)
        .executeTakeFirst();
      const v = next?.version ?? mou.version + 1;
      return lv
        ? `Izbeigts ${date(mou.ended_at)}: aizstāts ar ${v}. versiju.`
        : `Terminated on ${date(mou.ended_at)}: replaced by version ${v}.`;
    }
    return lv
      ? `Izbeigts ${date(mou.ended_at)}: ${mou.end_reason}`
      : `Terminated on ${date(mou.ended_at)}: ${mou.end_reason}`;
  }
  if (mou.status === 'expired') {
    return lv ? `Derīgums beidzās ${date(mou.ended_at)}.` : `Expired on ${date(mou.ended_at)}.`;
  }
  return undefined;
}

/** The memorandum as a PDF in the language asked for. */
export async function mouPdf(deps: Deps, actor: Actor, id: string, locale: Locale) {
  const { doc, note } = await inSchool(deps.db, actor.schoolId, async (trx) => {
    const mou = await loadMou(trx, actor.schoolId, id);
    return { doc: documentView(mou, await loadParties(trx, id)), note: await endNote(trx, mou, locale) };
  });
  return { bytes: await renderMouPdf(doc, { locale, endNote: note }), doc };
}

// ---------------------------------------------------------------------------------------------
// Drafting

/**
 * Checks a draft against the register and the catalogue and builds what is stored: the content,
 * the catalogue as quoted, and the parties. A partner added now gets its details from the
 * register; one already in the draft keeps what was drafted, except for the fields sent.
 */
async function prepareDraft(trx: Trx, schoolId: string, input: DraftInput, previous: PartyRow[]) {
  const fields: Record<string, FieldError> = {};
  const qualifications = await qualificationEntries(trx, schoolId, input.qualificationIds);
  const qualificationIds = input.qualificationIds.filter((id, i, all) => all.indexOf(id) === i);
  if (qualifications.length !== qualificationIds.length)
    fields.qualificationIds = 'mou_unknown_qualification';
  const unitIds = input.unitIds.filter((id, i, all) => all.indexOf(id) === i);
  const units = await unitEntries(trx, schoolId, unitIds);
  if (units.length !== unitIds.length) fields.unitIds = 'mou_unknown_unit';
  const outside = units.find((u) => !qualificationIds.includes(u.qualificationId ?? ''));
  if (outside && !fields.unitIds)
    fields.unitIds = { key: 'mou_unit_outside', params: { unit: outside.code } };

  const partnerIds = input.partners.map((p) => p.partnerId);
  const partners =
    partnerIds.length === 0
      ? []
      : await trx
          .selectFrom('partners')
          .select(['id', 'legal_name', 'country', 'city', 'legal_address', 'website'])
          .where('school_id', '=', schoolId)
          .where('id', 'in', partnerIds)
          .execute();
  input.partners.forEach((p, i) => {
    if (!partners.some((r) => r.id === p.partnerId))
      fields[`partners.${i}.partnerId`] = 'mou_unknown_partner';
  });
  if (Object.keys(fields).length > 0) throw invalid(fields);

  const school = await trx
    .selectFrom('schools')
    .select(['name', 'country', 'legal_address'])
    .where('id', '=', schoolId)
    .executeTakeFirstOrThrow();
  const contacts = await primaryContacts(trx, partnerIds);
  const parties: NewParty[] = [
    {
      position: 0,
      partner_id: null,
      organisation_name: school.name,
      country: school.country,
      address: school.legal_address,
      phone: input.school.phone,
      website: input.school.website,
      contact_name: input.school.contactName,
      contact_position: input.school.contactPosition,
      signatory_name: input.school.signatoryName,
      signatory_position: input.school.signatoryPosition,
      signatory_email: input.school.signatoryEmail,
      locale: 'lv',
    },
  ];
  input.partners.forEach((p, i) => {
    const partner = partners.find((r) => r.id === p.partnerId)!;
    const before = previous.find((r) => r.partner_id === p.partnerId);
    const contact = contacts.get(p.partnerId);
    const base = before
      ? {
          organisation_name: before.organisation_name,
          country: before.country,
          address: before.address,
          phone: before.phone,
          website: before.website,
          contact_name: before.contact_name,
          contact_position: before.contact_position,
          signatory_name: before.signatory_name,
          signatory_position: before.signatory_position,
          signatory_email: before.signatory_email,
          locale: before.locale,
        }
      : {
          organisation_name: partner.legal_name,
          country: partner.country,
          address: partner.legal_address || partner.city,
          phone: contact?.phone ?? '',
          website: partner.website,
          contact_name: contact?.name ?? '',
          contact_position: contact?.position ?? '',
          // The primary contact is the likeliest signatory; the coordinator changes it if not.
          signatory_name: contact?.name ?? '',
          signatory_position: contact?.position ?? '',
          signatory_email: (contact?.email ?? '').toLowerCase(),
          locale: (partner.country === 'LV' ? 'lv' : 'en') as Locale,
        };
    parties.push({
      position: i + 1,
      partner_id: p.partnerId,
      organisation_name: p.organisationName ?? base.organisation_name,
      country: p.country ?? base.country,
      address: p.address ?? base.address,
      phone: p.phone ?? base.phone,
      website: p.website ?? base.website,
      contact_name: p.contactName ?? base.contact_name,
      contact_position: p.contactPosition ?? base.contact_position,
      signatory_name: p.signatoryName ?? base.signatory_name,
      signatory_position: p.signatoryPosition ?? base.signatory_position,
      signatory_email: p.signatoryEmail ?? base.signatory_email,
      locale: p.locale ?? base.locale,
    });
  });

  // Keep the order the coordinator chose.
  const qualificationsInOrder = qualificationIds.map((id) => qualifications.find((q) => q.id === id)!);
  const unitsInOrder = unitIds.map((id) => units.find((u) => u.id === id)!);
  const values = {
    title: input.title,
    objectives: input.objectives,
    qualification_ids: qualificationIds,
    unit_ids: unitIds,
    qualifications: JSON.stringify(qualificationsInOrder),
    units: JSON.stringify(unitsInOrder),
    assessment: input.assessment,
    documentation: input.documentation,
    validation: input.validation,
    recognition: input.recognition,
    responsibilities: input.responsibilities,
    evaluation: input.evaluation,
    min_duration_days: input.minDurationDays,
    max_duration_days: input.maxDurationDays,
    valid_from: input.validFrom,
    valid_until: input.validUntil,
    search_text: searchTextOf(
      input.title,
      parties.map((p) => String(p.organisation_name)),
    ),
  };
  return { values, parties };
}

async function insertParties(trx: Trx, schoolId: string, mouId: string, parties: NewParty[]) {
  if (parties.length === 0) return;
  await trx
    .insertInto('mou_parties')
    .values(parties.map((p) => ({ ...p, mou_id: mouId, school_id: schoolId })))
    .execute();
}

/** Starts a memorandum as a draft: the school is always a party, with the partners chosen. */
export async function createMou(deps: Deps, actor: Actor, input: DraftInput): Promise<{ id: string }> {
  return inSchool(deps.db, actor.schoolId, async (trx) => {
    const { values, parties } = await prepareDraft(trx, actor.schoolId, input, []);
    const id = randomUUID();
    const now = deps.now();
    await trx
      .insertInto('mous')
      .values({
        ...values,
        id,
        school_id: actor.schoolId,
        series_id: id,
        version: 1,
        created_by: actor.userId,
        created_at: now,
        updated_at: now,
      })
      .execute();
    await insertParties(trx, actor.schoolId, id, parties);
    await recordAudit(trx, actorForAudit(actor), {
      action: 'mou.created',
      entityType: 'mou',
      entityId: id,
      after: { title: input.title, partners: parties.slice(1).map((p) => p.organisation_name) },
    });
    return { id };
  });
}

/** Saves a draft. Only a draft changes, and only from the version the editor started from. */
export async function updateMou(
  deps: Deps,
  actor: Actor,
  id: string,
  input: UpdateInput,
): Promise<MouDetail> {
  return inSchool(deps.db, actor.schoolId, async (trx) => {
    const mou = await loadMou(trx, actor.schoolId, id, true);
    if (mou.status !== 'draft') throw wrongStatus(mou.status, 'mou_not_editable');
    if (mou.lock_version !== input.lockVersion) throw stale();
    const previous = await loadParties(trx, id);
    const { values, parties } = await prepareDraft(trx, actor.schoolId, input, previous);
    const before = canonicalContent(mou, previous);
    const saved = await trx
      .updateTable('mous')
      .set((eb) => ({ ...values, lock_version: eb('lock_version', '+', 1), updated_at: deps.now() }))
      .where('id', '=', id)
      .where('lock_version', '=', input.lockVersion)
      .returningAll()
      .executeTakeFirst();
    if (!saved) throw stale();
    await trx.deleteFrom('mou_parties').where('mou_id', '=', id).execute();
    await insertParties(trx, actor.schoolId, id, parties);
    const after = await loadParties(trx, id);
    const afterContent = canonicalContent(saved, after);
    const changed = (Object.keys(afterContent) as (keyof typeof afterContent)[]).filter(
      (k) => JSON.stringify(before[k]) !== JSON.stringify(afterContent[k]),
    );
    await recordAudit(trx, actorForAudit(actor), {
      action: 'mou.updated',
      entityType: 'mou',
      entityId: id,
      after: { changed },
    });
    return detailIn(trx, deps, saved, after);
  });
}

/** Deletes a draft that was never sent (or was withdrawn); nothing signed is ever deleted. */
export async function deleteMou(deps: Deps, actor: Actor, id: string): Promise<void> {
  await inSchool(deps.db, actor.schoolId, async (trx) => {
    const mou = await loadMou(trx, actor.schoolId, id, true);
    if (mou.status !== 'draft') throw wrongStatus(mou.status);
    await trx.deleteFrom('mous').where('id', '=', id).execute();
    await recordAudit(trx, actorForAudit(actor), {
      action: 'mou.deleted',
      entityType: 'mou',
      entityId: id,
      before: { title: mou.title, version: mou.version, seriesId: mou.series_id },
    });
  });
}

// ---------------------------------------------------------------------------------------------
// Signing

/**
 * Refuses a memorandum whose set of partners already has one in force in another series. The
 * partners' rows are locked first, so two memoranda with the same partners cannot pass at once.
 */
async function assertNoOtherActive(trx: Trx, mou: MouRow, parties: PartyRow[]) {
  const ids = [...new Set(partnerParties(parties).map((p) => p.partner_id!))].sort();
  if (ids.length === 0) return;
  await trx.selectFrom('partners').select('id').where('id', 'in', ids).orderBy('id').forUpdate().execute();
  const candidates = await trx
    .selectFrom('mous as m')
    .select([
      'm.id',
      'm.title',
      'm.version',
      'm.valid_until',
      sql<
        string[]
      >`(select array_agg(distinct p.partner_id::text) from mou_parties p where p.mou_id = m.id and p.partner_id is not null)`.as(
        'partner_ids',
      ),
    ])
    .where('m.school_id', '=', mou.school_id)
    .where('m.status', '=', 'active')
    .where('m.series_id', '<>', mou.series_id)
    .where((eb) =>
      eb.exists(
        eb
          .selectFrom('mou_parties as q')
          .select('q.id')
          .whereRef('q.mou_id', '=', 'm.id')
          .where('q.partner_id', 'in', ids),
      ),
    )
    .orderBy('m.valid_until')
    .execute();
  const same = candidates.find((c) => {
    const theirs = [...(c.partner_ids ?? [])].sort();
    return theirs.length === ids.length && theirs.every((id, i) => id === ids[i]);
  });
  if (same) {
    throw new AppError('conflict', {
      fields: {
        partners: {
          key: 'mou_duplicate_active',
          params: { title: same.title, version: same.version, until: same.valid_until ?? '' },
        },
      },
    });
  }
}

/** The school's name, for e-mails. */
async function schoolName(trx: Trx, schoolId: string): Promise<string> {
  const row = await trx
    .selectFrom('schools')
    .select('name')
    .where('id', '=', schoolId)
    .executeTakeFirstOrThrow();
  return row.name;
}

async function sendSignLink(
  trx: Trx,
  deps: Deps,
  mou: MouRow,
  party: PartyRow,
  school: string,
  createdBy: string,
  now: Date,
) {
  const token = await issueLink(trx, {
    schoolId: mou.school_id,
    purpose: SIGN_PURPOSE,
    subjectId: party.id,
    email: party.signatory_email,
    personName: party.signatory_name,
    locale: party.locale,
    singleUse: true,
    days: SIGN_LINK_DAYS,
    createdBy,
    now,
  });
  await queueMail(trx, deps, {
    schoolId: mou.school_id,
    to: party.signatory_email,
    locale: party.locale,
    causedBy: createdBy,
    mail: signRequestMail({
      schoolName: school,
      organisationName: party.organisation_name,
      title: mou.title,
      version: mou.version,
      validFrom: mou.valid_from,
      validUntil: mou.valid_until,
      link: `${deps.config.PUBLIC_URL}/mou-sign?token=${token}`,
      days: SIGN_LINK_DAYS,
    }),
  });
}

/**
 * Sends a complete draft for signature: the content is frozen and hashed, and each partner's
 * signatory gets a single-use link by e-mail. A draft with anything missing is refused, naming it.
 */
export async function sendMou(deps: Deps, actor: Actor, id: string, lockVersion: number): Promise<MouDetail> {
  return inSchool(deps.db, actor.schoolId, async (trx) => {
    const mou = await loadMou(trx, actor.schoolId, id, true);
    if (mou.status !== 'draft') throw wrongStatus(mou.status);
    if (mou.lock_version !== lockVersion) throw stale();
    const now = deps.now();
    const parties = await loadParties(trx, id);
    const missing = missingParts(mou, parties, rigaToday(now));
    if (missing.length > 0) {
      const fields: Record<string, FieldError> = {};
      for (const m of missing) {
        fields[m.field] ??=
          m.part === 'signatoryEmail'
            ? { key: 'mou_signatory_email_needed', params: { party: m.party ?? '' } }
            : { key: 'mou_needed', params: { part: m.part } };
      }
      throw invalid(fields);
    }
    await assertNoOtherActive(trx, mou, parties);
    const hash = contentHash(mou, parties);
    const sent = await trx
      .updateTable('mous')
      .set((eb) => ({
        status: 'awaiting_signatures',
        content_hash: hash,
        sent_at: now,
        sent_by: actor.userId,
        lock_version: eb('lock_version', '+', 1),
        updated_at: now,
      }))
      .where('id', '=', id)
      .returningAll()
      .executeTakeFirstOrThrow();
    const school = await schoolName(trx, actor.schoolId);
    for (const party of partnerParties(parties)) {
      await sendSignLink(trx, deps, sent, party, school, actor.userId, now);
    }
    await recordAudit(trx, actorForAudit(actor), {
      action: 'mou.sent',
      entityType: 'mou',
      entityId: id,
      after: { contentHash: hash, to: partnerParties(parties).map((p) => p.signatory_email) },
    });
    return detailIn(trx, deps, sent, parties);
  });
}

/** Takes a memorandum back from signing to draft: its links stop working and signatures given are cleared. */
export async function withdrawMou(
  deps: Deps,
  actor: Actor,
  id: string,
  lockVersion: number,
): Promise<MouDetail> {
  return inSchool(deps.db, actor.schoolId, async (trx) => {
    const mou = await loadMou(trx, actor.schoolId, id, true);
    if (mou.status !== 'awaiting_signatures') throw wrongStatus(mou.status);
    if (mou.lock_version !== lockVersion) throw stale();
    const now = deps.now();
    const parties = await loadParties(trx, id);
    for (const party of parties) await revokeLinks(trx, SIGN_PURPOSE, party.id, now);
    await trx
      .updateTable('mou_parties')
      .set({
        signed_at: null,
        signed_name: null,
        signed_position: null,
        signed_email: null,
        sign_method: null,
        signed_hash: null,
        signed_ip: null,
        signed_by_user: null,
      })
      .where('mou_id', '=', id)
      .execute();
    const draft = await trx
      .updateTable('mous')
      .set((eb) => ({
        status: 'draft',
        content_hash: null,
        sent_at: null,
        sent_by: null,
        lock_version: eb('lock_version', '+', 1),
        updated_at: now,
      }))
      .where('id', '=', id)
      .returningAll()
      .executeTakeFirstOrThrow();
    const school = await schoolName(trx, actor.schoolId);
    for (const party of partnerParties(parties)) {
      if (!party.signatory_email) continue;
      await queueMail(trx, deps, {
        schoolId: actor.schoolId,
        to: party.signatory_email,
        locale: party.locale,
        causedBy: actor.userId,
        mail: withdrawnMail({ schoolName: school, title: mou.title }),
      });
    }
    await recordAudit(trx, actorForAudit(actor), {
      action: 'mou.withdrawn',
      entityType: 'mou',
      entityId: id,
      before: {
        contentHash: mou.content_hash,
        signatures: parties
          .filter((p) => p.signed_at)
          .map((p) => ({ party: p.organisation_name, name: p.signed_name, at: p.signed_at })),
      },
    });
    return detailIn(trx, deps, draft, await loadParties(trx, id));
  });
}

/** Sends a new signing link to a partner who has not signed yet (lost or expired); the old one stops working. */
export async function resendLink(deps: Deps, actor: Actor, id: string, partyId: string): Promise<MouDetail> {
  return inSchool(deps.db, actor.schoolId, async (trx) => {
    const mou = await loadMou(trx, actor.schoolId, id, true);
    if (mou.status !== 'awaiting_signatures') throw wrongStatus(mou.status);
    const parties = await loadParties(trx, id);
    const party = parties.find((p) => p.id === partyId && p.partner_id !== null);
    if (!party) throw new AppError('not_found');
    if (party.signed_at) {
      throw new AppError('conflict', {
        fields: { status: { key: 'mou_already_signed', params: { party: party.organisation_name } } },
      });
    }
    const now = deps.now();
    await revokeLinks(trx, SIGN_PURPOSE, party.id, now);
    await sendSignLink(trx, deps, mou, party, await schoolName(trx, actor.schoolId), actor.userId, now);
    await recordAudit(trx, actorForAudit(actor), {
      action: 'mou.link_resent',
      entityType: 'mou',
      entityId: id,
      after: { party: party.organisation_name, to: party.signatory_email },
    });
    return detailIn(trx, deps, mou, parties);
  });
}

export interface SignatureInput {
  name: string;
  position: string;
  email: string;
  method: 'in_app' | 'email_link';
  contentHash: string;
  ip: string | null;
  userId: string | null;
}

/**
 * Records one party's signature against the content hash the signer saw; the last signature puts
 * the memorandum in force. Shared by the school's signature in the app and a partner's by link.
 */
export async function recordSignature(
  trx: Trx,
  deps: Deps,
  who: AuditActor,
  mou: MouRow,
  parties: PartyRow[],
  party: PartyRow,
  sig: SignatureInput,
): Promise<void> {
  if (mou.status !== 'awaiting_signatures') throw wrongStatus(mou.status);
  if (sig.contentHash !== mou.content_hash) {
    throw new AppError('conflict', { fields: { contentHash: 'mou_content_changed' } });
  }
  if (party.signed_at) {
    throw new AppError('conflict', {
      fields: { status: { key: 'mou_already_signed', params: { party: party.organisation_name } } },
    });
  }
  const now = deps.now();
  const signed = await trx
    .updateTable('mou_parties')
    .set({
      signed_at: now,
      signed_name: sig.name,
      signed_position: sig.position,
      signed_email: sig.email.toLowerCase(),
      sign_method: sig.method,
      signed_hash: sig.contentHash,
      signed_ip: sig.ip,
      signed_by_user: sig.userId,
    })
    .where('id', '=', party.id)
    .where('signed_at', 'is', null)
    .executeTakeFirst();
  if (Number(signed.numUpdatedRows) !== 1) {
    throw new AppError('conflict', {
      fields: { status: { key: 'mou_already_signed', params: { party: party.organisation_name } } },
    });
  }
  const current = await trx
    .updateTable('mous')
    .set((eb) => ({ lock_version: eb('lock_version', '+', 1), updated_at: now }))
    .where('id', '=', mou.id)
    .returningAll()
    .executeTakeFirstOrThrow();
  await recordAudit(trx, who, {
    action: 'mou.signed',
    entityType: 'mou',
    entityId: mou.id,
    after: {
      party: party.organisation_name,
      partyId: party.id,
      name: sig.name,
      position: sig.position,
      email: sig.email.toLowerCase(),
      method: sig.method,
      contentHash: sig.contentHash,
    },
  });
  const remaining = parties.filter((p) => p.id !== party.id && !p.signed_at).length;
  if (remaining === 0) {
    await activate(trx, deps, who, current, await loadParties(trx, mou.id), now);
  } else if (sig.method === 'email_link' && mou.sent_by) {
    const sender = await trx
      .selectFrom('users')
      .select(['email', 'locale'])
      .where('id', '=', mou.sent_by)
      .executeTakeFirst();
    if (sender) {
      await queueMail(trx, deps, {
        schoolId: mou.school_id,
        to: sender.email,
        locale: sender.locale,
        mail: partnerSignedMail({
          organisationName: party.organisation_name,
          title: mou.title,
          version: mou.version,
          remaining,
          link: `${deps.config.PUBLIC_URL}/mous/${mou.id}`,
        }),
      });
    }
  }
}

/**
 * Every party has signed: the memorandum is in force. The version it replaces ends, and each
 * partner gets a link to read the signed text.
 */
async function activate(trx: Trx, deps: Deps, who: AuditActor, mou: MouRow, parties: PartyRow[], now: Date) {
  await assertNoOtherActive(trx, mou, parties);
  const previous = await trx
    .selectFrom('mous')
    .select(['id', 'version'])
    .where('series_id', '=', mou.series_id)
    .where('status', '=', 'active')
    .where('id', '<>', mou.id)
    .forUpdate()
    .executeTakeFirst();
  if (previous) {
    await trx
      .updateTable('mous')
      .set((eb) => ({
        status: 'terminated',
        ended_at: now,
        replaced_by: mou.id,
        end_reason: '',
        lock_version: eb('lock_version', '+', 1),
        updated_at: now,
      }))
      .where('id', '=', previous.id)
      .execute();
    await recordAudit(trx, who, {
      action: 'mou.replaced',
      entityType: 'mou',
      entityId: previous.id,
      after: { replacedBy: mou.id, version: mou.version },
    });
  }
  await trx
    .updateTable('mous')
    .set((eb) => ({
      status: 'active',
      activated_at: now,
      lock_version: eb('lock_version', '+', 1),
      updated_at: now,
    }))
    .where('id', '=', mou.id)
    .execute();
  await recordAudit(trx, who, {
    action: 'mou.activated',
    entityType: 'mou',
    entityId: mou.id,
    after: { contentHash: mou.content_hash, replaced: previous?.id ?? null },
  });
  const school = await schoolName(trx, mou.school_id);
  const today = rigaToday(now);
  // The partners can read the signed text until a while after it ends.
  const viewDays = Math.max(30, dayNumber(mou.valid_until ?? today) - dayNumber(today) + 90);
  for (const party of partnerParties(parties)) {
    const email = party.signed_email || party.signatory_email;
    if (!email) continue;
    const token = await issueLink(trx, {
      schoolId: mou.school_id,
      purpose: VIEW_PURPOSE,
      subjectId: party.id,
      email,
      personName: party.signed_name ?? party.signatory_name,
      locale: party.locale,
      singleUse: false,
      days: viewDays,
      now,
    });
    await queueMail(trx, deps, {
      schoolId: mou.school_id,
      to: email,
      locale: party.locale,
      mail: activatedPartnerMail({
        schoolName: school,
        title: mou.title,
        version: mou.version,
        validFrom: mou.valid_from,
        validUntil: mou.valid_until,
        link: `${deps.config.PUBLIC_URL}/mou-sign?token=${token}`,
      }),
    });
  }
  if (mou.sent_by) {
    const sender = await trx
      .selectFrom('users')
      .select(['email', 'locale'])
      .where('id', '=', mou.sent_by)
      .executeTakeFirst();
    if (sender) {
      await queueMail(trx, deps, {
        schoolId: mou.school_id,
        to: sender.email,
        locale: sender.locale,
        mail: activatedSchoolMail({
          title: mou.title,
          version: mou.version,
          validUntil: mou.valid_until,
          replacedVersion: previous?.version ?? null,
          link: `${deps.config.PUBLIC_URL}/mous/${mou.id}`,
        }),
      });
    }
  }
}

/** The school's representative (an admin or coordinator) signs for the school in the app. */
export async function signForSchool(
  deps: Deps,
  actor: Actor,
  id: string,
  input: SignInput,
): Promise<MouDetail> {
  return inSchool(deps.db, actor.schoolId, async (trx) => {
    const mou = await loadMou(trx, actor.schoolId, id, true);
    const parties = await loadParties(trx, id);
    const party = parties.find((p) => p.partner_id === null);
    if (!party) throw new AppError('not_found');
    await recordSignature(trx, deps, actorForAudit(actor), mou, parties, party, {
      name: input.name,
      position: input.position,
      email: actor.email,
      method: 'in_app',
      contentHash: input.contentHash,
      ip: actor.ip ?? null,
      userId: actor.userId,
    });
    return detailIn(trx, deps, await loadMou(trx, actor.schoolId, id), await loadParties(trx, id));
  });
}

// ---------------------------------------------------------------------------------------------
// Versions and the end

/** Ends a memorandum in force before its time, with a reason. */
export async function terminateMou(
  deps: Deps,
  actor: Actor,
  id: string,
  input: MouTerminateRequest,
): Promise<MouDetail> {
  return inSchool(deps.db, actor.schoolId, async (trx) => {
    const mou = await loadMou(trx, actor.schoolId, id, true);
    if (mou.status !== 'active') throw wrongStatus(mou.status);
    if (mou.lock_version !== input.lockVersion) throw stale();
    const now = deps.now();
    const ended = await trx
      .updateTable('mous')
      .set((eb) => ({
        status: 'terminated',
        ended_at: now,
        ended_by: actor.userId,
        end_reason: input.reason,
        lock_version: eb('lock_version', '+', 1),
        updated_at: now,
      }))
      .where('id', '=', id)
      .returningAll()
      .executeTakeFirstOrThrow();
    await recordAudit(trx, actorForAudit(actor), {
      action: 'mou.terminated',
      entityType: 'mou',
      entityId: id,
      after: { reason: input.reason },
    });
    return detailIn(trx, deps, ended, await loadParties(trx, id));
  });
}

/**
 * A signed memorandum never changes; this makes its next version, a draft with the same content
 * and parties (signatures not copied). When that version comes into force, this one ends.
 */
export async function newVersion(deps: Deps, actor: Actor, id: string): Promise<{ id: string }> {
  return inSchool(deps.db, actor.schoolId, async (trx) => {
    const source = await loadMou(trx, actor.schoolId, id, true);
    if (source.status === 'draft' || source.status === 'awaiting_signatures')
      throw wrongStatus(source.status);
    const series = await trx
      .selectFrom('mous')
      .select(['id', 'version', 'status'])
      .where('series_id', '=', source.series_id)
      .orderBy('version', 'desc')
      .execute();
    const open = series.find((v) => v.status === 'draft' || v.status === 'awaiting_signatures');
    if (open) {
      throw new AppError('conflict', {
        fields: {
          status: { key: 'mou_version_open', params: { version: open.version, mouStatus: open.status } },
        },
      });
    }
    const latest = series[0]!;
    if (latest.id !== source.id) {
      throw new AppError('conflict', {
        fields: { status: { key: 'mou_not_latest', params: { version: latest.version } } },
      });
    }
    const parties = await loadParties(trx, id);
    const newId = randomUUID();
    const now = deps.now();
    await trx
      .insertInto('mous')
      .values({
        id: newId,
        school_id: actor.schoolId,
        series_id: source.series_id,
        version: latest.version + 1,
        title: source.title,
        objectives: source.objectives,
        qualification_ids: source.qualification_ids,
        unit_ids: source.unit_ids,
        qualifications: JSON.stringify(source.qualifications),
        units: JSON.stringify(source.units),
        assessment: source.assessment,
        documentation: source.documentation,
        validation: source.validation,
        recognition: source.recognition,
        responsibilities: source.responsibilities,
        evaluation: source.evaluation,
        min_duration_days: source.min_duration_days,
        max_duration_days: source.max_duration_days,
        valid_from: source.valid_from,
        valid_until: source.valid_until,
        search_text: source.search_text,
        created_by: actor.userId,
        created_at: now,
        updated_at: now,
      })
      .execute();
    await insertParties(
      trx,
      actor.schoolId,
      newId,
      parties.map((p) => ({
        position: p.position,
        partner_id: p.partner_id,
        organisation_name: p.organisation_name,
        country: p.country,
        address: p.address,
        phone: p.phone,
        website: p.website,
        contact_name: p.contact_name,
        contact_position: p.contact_position,
        signatory_name: p.signatory_name,
        signatory_position: p.signatory_position,
        signatory_email: p.signatory_email,
        locale: p.locale,
      })),
    );
    await recordAudit(trx, actorForAudit(actor), {
      action: 'mou.version_created',
      entityType: 'mou',
      entityId: newId,
      after: { from: source.id, fromVersion: source.version, version: latest.version + 1 },
    });
    return { id: newId };
  });
}

/**
 * The daily job's work: every memorandum in force whose validity ended before `today` (a Riga
 * date) expires. Runs across schools as the system; returns how many expired.
 */
export async function expireMous(deps: Pick<Deps, 'db' | 'now'>, today: string): Promise<number> {
  return deps.db.transaction().execute(async (trx) => {
    const now = deps.now();
    const expired = await trx
      .updateTable('mous')
      .set((eb) => ({
        status: 'expired',
        ended_at: now,
        lock_version: eb('lock_version', '+', 1),
        updated_at: now,
      }))
      .where('status', '=', 'active')
      .where('valid_until', '<', today)
      .returning(['id', 'school_id', 'valid_until'])
      .execute();
    for (const row of expired) {
      await recordAudit(
        trx,
        { schoolId: row.school_id, email: 'system' },
        {
          action: 'mou.expired',
          entityType: 'mou',
          entityId: row.id,
          after: { validUntil: row.valid_until, today },
        },
      );
    }
    return expired.length;
  });
}

/**
 * True when a memorandum in force names the partner and its validity covers the date: what a
 * placement abroad needs before it starts. Runs in the caller's (school) transaction.
 */
export async function hasActiveMou(trx: Trx, partnerId: string, onDate: string): Promise<boolean> {
  const row = await trx
    .selectFrom('mous as m')
    .innerJoin('mou_parties as p', 'p.mou_id', 'm.id')
    .select('m.id')
    .where('p.partner_id', '=', partnerId)
    .where('m.status', '=', 'active')
    .where('m.valid_from', '<=', onDate)
    .where('m.valid_until', '>=', onDate)
    .limit(1)
    .executeTakeFirst();
  return Boolean(row);
}
