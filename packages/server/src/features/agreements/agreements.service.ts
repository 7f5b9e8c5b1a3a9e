import {
  type AgreementContent,
  type AgreementDetail,
  type AgreementDraftInput,
  type AgreementParty,
  agreementMissing,
  agreementParties,
  type ChangeProposalRequest,
  type LinkSignRequest,
  type Locale,
  type PlacementAgreements,
  type PlacementStatus,
  requiredParties,
  type SignatureView,
  type SigningLinkView,
  type SignRequest,
  type VersionDetail,
} from '@tilts/shared';
import { sql } from 'kysely';
import { type Actor, inSchool, type Trx } from '../../db/context.ts';
import type { Deps } from '../../deps.ts';
import { AppError } from '../../errors.ts';
import { type AuditActor, actorForAudit, recordAudit } from '../audit/audit.service.ts';
import { hashSecret } from '../auth/tokens.ts';
import { issueLink, type OpenLink, openLink, revokeLinks, useLink } from '../links/links.service.ts';
import { queueMail } from '../mail/mail.service.ts';
import { visiblePlacements } from '../placements/placements.repository.ts';
import {
  buildContent,
  checkEditable,
  checkInputOf,
  contentHash,
  defaultEditable,
  type Editable,
  editableOf,
  type LearnerSource,
  loadLearners,
  loadSources,
  type PlacementSources,
} from './agreements.content.ts';
import { learnerSignMail, signRequestMail } from './agreements.mail.ts';
import {
  type AgreementRow,
  loadAgreement,
  loadVersion,
  requireStaff,
  type SignatureRow,
  schoolSignatories,
  signaturesOf,
  type VersionRow,
  visibleAgreements,
} from './agreements.repository.ts';

/** What a signing link opens: one party's signature of one version. */
export const SIGN_PURPOSE = 'agreement.sign';
const SIGN_LINK_DAYS = 14;
/** Placements in these statuses get no new agreement and no change. */
const closedStatuses: readonly PlacementStatus[] = ['cancelled', 'closed', 'recognised'];

const fullName = (u: { given_name: string; family_name: string }) => `${u.given_name} ${u.family_name}`;
const iso = (d: Date | null) => (d ? d.toISOString() : null);

function partyOrder(a: { party: AgreementParty }, b: { party: AgreementParty }) {
  return agreementParties.indexOf(a.party) - agreementParties.indexOf(b.party);
}

export function signatureView(s: SignatureRow): SignatureView {
  return {
    party: s.party,
    expectedName: s.expected_name,
    expectedEmail: s.expected_email,
    signedAt: iso(s.signed_at),
    name: s.signed_name,
    position: s.signed_position,
    email: s.signed_email,
    method: s.sign_method,
    hash: s.signed_hash,
  };
}

function summaryOf(v: VersionRow) {
  return {
    version: v.version,
    status: v.status,
    changeReason: v.change_reason,
    changeComment: v.change_comment,
    createdAt: v.created_at.toISOString(),
    sentAt: iso(v.sent_at),
    signedAt: iso(v.signed_at),
    contentHash: v.content_hash,
  };
}

/**
 * A draft is shown as it would be saved now (a birth date entered since, a changed address), so the
 * check lists what is really missing; a version sent for signature is shown as it was frozen.
 */
async function freshDraft(
  trx: Trx,
  v: VersionRow,
  placementId: string,
  learnerId: string,
  sources?: PlacementSources,
) {
  if (v.status !== 'draft') return v;
  const s = sources ?? (await loadSources(trx, placementId));
  const [learner] = await loadLearners(trx, placementId, [learnerId]);
  if (!learner) return v;
  const content = buildContent(s, learner, editableOf(v.content));
  return { ...v, content, content_hash: contentHash(content) };
}

async function versionDetail(
  trx: Trx,
  stored: VersionRow,
  a: AgreementRow,
  actor: Actor,
): Promise<VersionDetail> {
  const v = await freshDraft(trx, stored, a.placement_id, a.learner_id);
  const signatures = (await signaturesOf(trx, [v.id])).sort(partyOrder);
  // The birth date is for the school's managers and the learner; a mentor or supervisor sees that the
  // guardian signs (content.minor), not the date itself.
  const seesBirthDate =
    !actor.viewedBy &&
    (actor.role === 'admin' || actor.role === 'coordinator' || actor.userId === a.learner_id);
  return {
    ...summaryOf(v),
    lockVersion: v.lock_version,
    content: seesBirthDate
      ? v.content
      : { ...v.content, learner: { ...v.content.learner, dateOfBirth: null } },
    signatures: signatures.map(signatureView),
    missing: agreementMissing(checkInputOf(v.content)),
  };
}

function assertPlacementOpen(status: PlacementStatus) {
  if (closedStatuses.includes(status)) {
    throw new AppError('conflict', {
      fields: { placement: { key: 'agreement_placement_closed', params: { status } } },
    });
  }
}

async function actorName(trx: Trx, actor: Actor): Promise<string> {
  const u = await trx
    .selectFrom('users')
    .select(['given_name', 'family_name'])
    .where('id', '=', actor.userId)
    .executeTakeFirst();
  return u ? fullName(u) : actor.email;
}

/** A visible placement, locked so that agreements of one placement are made one request at a time. */
async function loadPlacement(trx: Trx, actor: Actor, placementId: string, lock = false) {
  let q = visiblePlacements(trx, actor)
    .select(['p.id', 'p.status', 'p.title'])
    .where('p.id', '=', placementId);
  if (lock) q = q.forUpdate();
  const p = await q.executeTakeFirst();
  if (!p) throw new AppError('not_found');
  return p;
}

/** The agreements of a placement, each with its newest version's state, and the learners still without one. */
export async function listAgreements(
  deps: Deps,
  actor: Actor,
  placementId: string,
): Promise<PlacementAgreements> {
  return inSchool(deps.db, actor.schoolId, (trx) => placementAgreements(trx, actor, placementId));
}

async function placementAgreements(
  trx: Trx,
  actor: Actor,
  placementId: string,
): Promise<PlacementAgreements> {
  const p = await loadPlacement(trx, actor, placementId);
  const rows = await visibleAgreements(trx, actor)
    .innerJoin('users as u', 'u.id', 'a.learner_id')
    .innerJoin('agreement_versions as v', (join) =>
      join.onRef('v.agreement_id', '=', 'a.id').onRef('v.version', '=', 'a.current_version'),
    )
    .leftJoin('recognitions as r', 'r.agreement_id', 'a.id')
    .select([
      'a.id',
      'a.learner_id',
      'a.kind',
      'a.current_version',
      'a.signed_version',
      'u.given_name',
      'u.family_name',
      'v.id as version_id',
      'v.status',
      'v.content',
      'r.id as recognition_id',
    ])
    .where('a.placement_id', '=', placementId)
    .orderBy('u.family_name')
    .orderBy('u.given_name')
    .execute();
  const signatures = await signaturesOf(
    trx,
    rows.map((r) => r.version_id),
  );
  const staff = actor.role === 'admin' || actor.role === 'coordinator' || actor.role === 'teacher';
  const learners = await loadLearners(trx, placementId);
  const sources = rows.some((r) => r.status === 'draft') ? await loadSources(trx, placementId) : null;
  const draftMissing = (r: (typeof rows)[number]) => {
    const learner = learners.find((l) => l.id === r.learner_id);
    if (!sources || !learner) return agreementMissing(checkInputOf(r.content));
    return agreementMissing(checkInputOf(buildContent(sources, learner, editableOf(r.content))));
  };
  const group = await trx
    .selectFrom('group_programmes')
    .select('text')
    .where('placement_id', '=', placementId)
    .executeTakeFirst();
  return {
    placementId,
    placementStatus: p.status,
    agreements: rows.map((r) => {
      const mine = signatures.filter((s) => s.version_id === r.version_id);
      return {
        id: r.id,
        learner: { id: r.learner_id, name: fullName(r) },
        kind: r.kind,
        currentVersion: r.current_version,
        status: r.status,
        signedVersion: r.signed_version,
        missing: r.status === 'draft' ? draftMissing(r) : [],
        signaturesDone: mine.filter((s) => s.signed_at).length,
        signaturesNeeded: mine.length,
        recognised: r.recognition_id !== null,
      };
    }),
    withoutAgreement: learners
      .filter((l) => staff && !rows.some((r) => r.learner_id === l.id))
      .map((l) => ({ id: l.id, name: fullName(l) })),
    groupProgramme: group?.text ?? '',
    canManage: staff && !closedStatuses.includes(p.status),
  };
}

/**
 * Makes a draft agreement for every learner of the placement who has none, each pre-filled from the
 * placement, the school, the host, the MoU and the catalogue: one action for a whole group.
 */
export async function generateAgreements(
  deps: Deps,
  actor: Actor,
  placementId: string,
  groupProgramme?: string,
): Promise<PlacementAgreements> {
  requireStaff(actor);
  return inSchool(deps.db, actor.schoolId, async (trx) => {
    const p = await loadPlacement(trx, actor, placementId, true);
    assertPlacementOpen(p.status);
    if (groupProgramme !== undefined) await saveGroupProgramme(trx, deps, actor, placementId, groupProgramme);
    const existing = await trx
      .selectFrom('agreements')
      .select('learner_id')
      .where('placement_id', '=', placementId)
      .execute();
    const learners = (await loadLearners(trx, placementId)).filter(
      (l) => !existing.some((e) => e.learner_id === l.id),
    );
    if (learners.length === 0 && existing.length === 0) {
      throw new AppError('conflict', { fields: { learners: 'no_learners' } });
    }
    if (learners.length > 0) {
      const sources = await loadSources(trx, placementId);
      const base = defaultEditable(sources, { ...actor, name: await actorName(trx, actor) });
      for (const learner of learners) await createAgreement(trx, deps, actor, sources, learner, base);
    }
    return placementAgreements(trx, actor, placementId);
  });
}

async function createAgreement(
  trx: Trx,
  _deps: Deps,
  actor: Actor,
  sources: PlacementSources,
  learner: LearnerSource,
  editable: Editable,
) {
  const content = buildContent(sources, learner, editable);
  const { id } = await trx
    .insertInto('agreements')
    .values({
      school_id: actor.schoolId,
      placement_id: sources.placement.id,
      participant_id: learner.participantId,
      learner_id: learner.id,
      kind: content.kind,
      created_by: actor.userId,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  const hash = contentHash(content);
  await trx
    .insertInto('agreement_versions')
    .values({
      school_id: actor.schoolId,
      agreement_id: id,
      version: 1,
      content: JSON.stringify(content),
      content_hash: hash,
      created_by: actor.userId,
    })
    .execute();
  await recordAudit(trx, actorForAudit(actor), {
    action: 'agreement.created',
    entityType: 'agreement',
    entityId: id,
    after: {
      placementId: sources.placement.id,
      learnerId: learner.id,
      kind: content.kind,
      contentHash: hash,
    },
  });
  return id;
}

async function saveGroupProgramme(trx: Trx, deps: Deps, actor: Actor, placementId: string, text: string) {
  await sql`
    insert into group_programmes (placement_id, school_id, text, updated_by, updated_at)
    values (${placementId}, ${actor.schoolId}, ${text}, ${actor.userId}, ${deps.now()})
    on conflict (placement_id) do update set text = excluded.text, updated_by = excluded.updated_by,
      updated_at = excluded.updated_at
  `.execute(trx);
  await recordAudit(trx, actorForAudit(actor), {
    action: 'agreement.group_programme_saved',
    entityType: 'placement',
    entityId: placementId,
    after: { length: text.length },
  });
}

/** Saves a group mobility's shared learning programme; drafts take it on their next save or send. */
export async function setGroupProgramme(deps: Deps, actor: Actor, placementId: string, text: string) {
  requireStaff(actor);
  return inSchool(deps.db, actor.schoolId, async (trx) => {
    const p = await loadPlacement(trx, actor, placementId, true);
    assertPlacementOpen(p.status);
    await saveGroupProgramme(trx, deps, actor, placementId, text);
    return placementAgreements(trx, actor, placementId);
  });
}

function canFlags(actor: Actor, a: AgreementRow, placementStatus: PlacementStatus) {
  const staff = actor.role === 'admin' || actor.role === 'coordinator' || actor.role === 'teacher';
  return {
    edit: staff && !closedStatuses.includes(placementStatus),
    signAsSchool: schoolSignatories.includes(actor.role),
    signAsLearner: actor.role === 'learner' && a.learner_id === actor.userId,
    recognise: schoolSignatories.includes(actor.role),
  };
}

async function agreementDetail(trx: Trx, actor: Actor, a: AgreementRow): Promise<AgreementDetail> {
  const [versions, learner, placement] = await Promise.all([
    trx
      .selectFrom('agreement_versions')
      .selectAll()
      .where('agreement_id', '=', a.id)
      .orderBy('version')
      .execute(),
    trx
      .selectFrom('users')
      .select(['id', 'given_name', 'family_name', 'email'])
      .where('id', '=', a.learner_id)
      .executeTakeFirstOrThrow(),
    trx
      .selectFrom('placements')
      .select(['title', 'status'])
      .where('id', '=', a.placement_id)
      .executeTakeFirstOrThrow(),
  ]);
  const current = versions.find((v) => v.version === a.current_version)!;
  return {
    id: a.id,
    placementId: a.placement_id,
    placementTitle: placement.title,
    placementStatus: placement.status,
    learner: { id: learner.id, name: fullName(learner), email: learner.email },
    kind: a.kind,
    currentVersion: a.current_version,
    signedVersion: a.signed_version,
    versions: versions.map(summaryOf),
    current: await versionDetail(trx, current, a, actor),
    can: canFlags(actor, a, placement.status),
  };
}

/** One agreement with its versions and its newest version in full, if the actor may see it. */
export async function getAgreement(deps: Deps, actor: Actor, id: string): Promise<AgreementDetail> {
  return inSchool(deps.db, actor.schoolId, async (trx) =>
    agreementDetail(trx, actor, await loadAgreement(trx, actor, id)),
  );
}

/** Any version, as it was signed or drafted: earlier versions stay readable. */
export async function getVersion(
  deps: Deps,
  actor: Actor,
  id: string,
  version: number,
): Promise<VersionDetail> {
  return inSchool(deps.db, actor.schoolId, async (trx) => {
    const a = await loadAgreement(trx, actor, id);
    return versionDetail(trx, await loadVersion(trx, a.id, version), a, actor);
  });
}

/**
 * Saves the school's edit of a draft made from `lockVersion`: the rest of the content is read afresh.
 * A second editor's stale save is refused and changes nothing (their form keeps what they typed).
 */
export async function saveDraft(
  deps: Deps,
  actor: Actor,
  id: string,
  version: number,
  input: AgreementDraftInput,
): Promise<AgreementDetail> {
  requireStaff(actor);
  return inSchool(deps.db, actor.schoolId, async (trx) => {
    const a = await loadAgreement(trx, actor, id, true);
    const v = await loadVersion(trx, a.id, version, true);
    const p = await loadPlacement(trx, actor, a.placement_id);
    assertPlacementOpen(p.status);
    if (v.status !== 'draft') {
      throw new AppError('conflict', {
        fields: { version: { key: 'agreement_not_draft', params: { versionStatus: v.status } } },
      });
    }
    if (v.lock_version !== input.lockVersion) {
      throw new AppError('conflict', { fields: { lockVersion: 'stale_version' } });
    }
    const { lockVersion: _, ...editable } = input;
    const sources = await loadSources(trx, a.placement_id);
    checkEditable(sources, editable);
    const [learner] = await loadLearners(trx, a.placement_id, [a.learner_id]);
    if (!learner) throw new AppError('not_found');
    const content = buildContent(sources, learner, editable);
    const hash = contentHash(content);
    await trx
      .updateTable('agreement_versions')
      .set({
        content: JSON.stringify(content),
        content_hash: hash,
        lock_version: v.lock_version + 1,
        updated_at: deps.now(),
      })
      .where('id', '=', v.id)
      .execute();
    await recordAudit(trx, actorForAudit(actor), {
      action: 'agreement.draft_saved',
      entityType: 'agreement',
      entityId: a.id,
      before: { version, contentHash: v.content_hash },
      after: { version, contentHash: hash, editable },
    });
    return agreementDetail(trx, actor, a);
  });
}

interface SendResult {
  ok: boolean;
  missing: ReturnType<typeof agreementMissing>;
}

/**
 * Freezes a draft for signature: the content is read afresh (a birth date entered since, say), checked,
 * hashed, and each party is asked to sign: the school and the learner in the app, the host and a
 * minor's guardian through an e-mailed link.
 */
async function sendVersion(
  trx: Trx,
  deps: Deps,
  actor: Actor,
  a: AgreementRow,
  v: VersionRow,
  sources: PlacementSources,
  learner: LearnerSource & { locale: Locale },
): Promise<SendResult> {
  const content = buildContent(sources, learner, editableOf(v.content));
  const missing = agreementMissing(checkInputOf(content));
  if (missing.length > 0) return { ok: false, missing };
  const hash = contentHash(content);
  const now = deps.now();
  await trx
    .updateTable('agreement_versions')
    .set({
      status: 'awaiting_signatures',
      content: JSON.stringify(content),
      content_hash: hash,
      lock_version: v.lock_version + 1,
      sent_at: now,
      sent_by: actor.userId,
      updated_at: now,
    })
    .where('id', '=', v.id)
    .execute();
  const parties = requiredParties(content.minor === true);
  const expected: Record<AgreementParty, { name: string; email: string }> = {
    school: { name: content.schoolSignatory.name, email: '' },
    learner: {
      name: `${content.learner.givenName} ${content.learner.familyName}`,
      email: content.learner.email,
    },
    host: { name: content.hostSignatory.name, email: content.hostSignatory.email },
    guardian: { name: content.guardian?.name ?? '', email: content.guardian?.email ?? '' },
  };
  const rows = await trx
    .insertInto('agreement_signatures')
    .values(
      parties.map((party) => ({
        school_id: actor.schoolId,
        version_id: v.id,
        party,
        expected_name: expected[party].name,
        expected_email: expected[party].email,
      })),
    )
    .returning(['id', 'party'])
    .execute();
  const learnerName = expected.learner.name;
  const hostName = content.host?.name ?? '';
  for (const row of rows) {
    if (row.party !== 'host' && row.party !== 'guardian') continue;
    const to = expected[row.party];
    const locale: Locale =
      row.party === 'host' ? (content.host?.country === 'LV' ? 'lv' : 'en') : learner.locale;
    const token = await issueLink(trx, {
      schoolId: actor.schoolId,
      purpose: SIGN_PURPOSE,
      subjectId: row.id,
      email: to.email,
      personName: to.name,
      locale,
      singleUse: true,
      days: SIGN_LINK_DAYS,
      createdBy: actor.userId,
      now,
    });
    await queueMail(trx, deps, {
      schoolId: actor.schoolId,
      to: to.email,
      locale,
      causedBy: actor.userId,
      mail: signRequestMail({
        link: `${deps.config.PUBLIC_URL}/agreement-sign?token=${token}`,
        party: row.party,
        kind: content.kind,
        version: v.version,
        learner: learnerName,
        host: hostName,
        school: content.school.name,
        days: SIGN_LINK_DAYS,
      }),
    });
  }
  await queueMail(trx, deps, {
    schoolId: actor.schoolId,
    to: content.learner.email,
    locale: learner.locale,
    causedBy: actor.userId,
    mail: learnerSignMail({
      link: `${deps.config.PUBLIC_URL}/placements/${a.placement_id}?tab=agreement`,
      kind: content.kind,
      version: v.version,
      host: hostName,
    }),
  });
  await trx.updateTable('agreements').set({ updated_at: now }).where('id', '=', a.id).execute();
  await recordAudit(trx, actorForAudit(actor), {
    action: 'agreement.sent',
    entityType: 'agreement',
    entityId: a.id,
    after: { version: v.version, contentHash: hash, parties },
  });
  return { ok: true, missing: [] };
}

async function learnersWithLocale(trx: Trx, placementId: string, userIds?: string[]) {
  const learners = await loadLearners(trx, placementId, userIds);
  if (learners.length === 0) return [];
  const locales = await trx
    .selectFrom('users')
    .select(['id', 'locale'])
    .where(
      'id',
      'in',
      learners.map((l) => l.id),
    )
    .execute();
  return learners.map((l) => ({
    ...l,
    locale: locales.find((x) => x.id === l.id)?.locale ?? ('lv' as Locale),
  }));
}

/** Sends one draft for signature, or refuses with everything it still lacks. */
export async function sendForSignature(
  deps: Deps,
  actor: Actor,
  id: string,
  version: number,
): Promise<AgreementDetail> {
  requireStaff(actor);
  return inSchool(deps.db, actor.schoolId, async (trx) => {
    const a = await loadAgreement(trx, actor, id, true);
    const v = await loadVersion(trx, a.id, version, true);
    const p = await loadPlacement(trx, actor, a.placement_id);
    assertPlacementOpen(p.status);
    if (v.status !== 'draft') {
      throw new AppError('conflict', {
        fields: { version: { key: 'agreement_not_draft', params: { versionStatus: v.status } } },
      });
    }
    const sources = await loadSources(trx, a.placement_id);
    const [learner] = await learnersWithLocale(trx, a.placement_id, [a.learner_id]);
    if (!learner) throw new AppError('not_found');
    const result = await sendVersion(trx, deps, actor, a, v, sources, learner);
    if (!result.ok) {
      throw new AppError('conflict', {
        fields: { missing: { key: 'agreement_not_ready', params: { items: result.missing.join(',') } } },
      });
    }
    return agreementDetail(trx, actor, a);
  });
}

/** Sends every draft of a placement that is complete; the others are named with what they lack. */
export async function sendAll(deps: Deps, actor: Actor, placementId: string) {
  requireStaff(actor);
  return inSchool(deps.db, actor.schoolId, async (trx) => {
    const p = await loadPlacement(trx, actor, placementId, true);
    assertPlacementOpen(p.status);
    const drafts = await trx
      .selectFrom('agreements as a')
      .innerJoin('agreement_versions as v', (join) =>
        join.onRef('v.agreement_id', '=', 'a.id').onRef('v.version', '=', 'a.current_version'),
      )
      .selectAll('a')
      .select(['v.id as version_id'])
      .where('a.placement_id', '=', placementId)
      .where('v.status', '=', 'draft')
      .forUpdate()
      .execute();
    if (drafts.length === 0) return { sent: 0, notReady: [] };
    const sources = await loadSources(trx, placementId);
    const learners = await learnersWithLocale(trx, placementId);
    const versions = await trx
      .selectFrom('agreement_versions')
      .selectAll()
      .where(
        'id',
        'in',
        drafts.map((d) => d.version_id),
      )
      .execute();
    let sent = 0;
    const notReady: { agreementId: string; learner: string; missing: ReturnType<typeof agreementMissing> }[] =
      [];
    for (const d of drafts) {
      const learner = learners.find((l) => l.id === d.learner_id);
      const v = versions.find((x) => x.id === d.version_id);
      if (!learner || !v) continue;
      const result = await sendVersion(trx, deps, actor, d, v, sources, learner);
      if (result.ok) sent++;
      else notReady.push({ agreementId: d.id, learner: fullName(learner), missing: result.missing });
    }
    return { sent, notReady };
  });
}

async function revokeSignatureLinks(trx: Trx, versionId: string, now: Date) {
  const rows = await trx
    .selectFrom('agreement_signatures')
    .select('id')
    .where('version_id', '=', versionId)
    .execute();
  for (const r of rows) await revokeLinks(trx, SIGN_PURPOSE, r.id, now);
}

/** Takes back a version sent for signature that nobody has signed yet, so the draft can be edited again. */
export async function withdraw(
  deps: Deps,
  actor: Actor,
  id: string,
  version: number,
): Promise<AgreementDetail> {
  requireStaff(actor);
  return inSchool(deps.db, actor.schoolId, async (trx) => {
    const a = await loadAgreement(trx, actor, id, true);
    const v = await loadVersion(trx, a.id, version, true);
    if (v.status !== 'awaiting_signatures') {
      throw new AppError('conflict', {
        fields: { version: { key: 'agreement_not_awaiting', params: { versionStatus: v.status } } },
      });
    }
    const signed = await trx
      .selectFrom('agreement_signatures')
      .select('id')
      .where('version_id', '=', v.id)
      .where('signed_at', 'is not', null)
      .execute();
    if (signed.length > 0)
      throw new AppError('conflict', { fields: { version: 'agreement_has_signatures' } });
    const now = deps.now();
    await revokeSignatureLinks(trx, v.id, now);
    await trx.deleteFrom('agreement_signatures').where('version_id', '=', v.id).execute();
    await trx
      .updateTable('agreement_versions')
      .set({
        status: 'draft',
        sent_at: null,
        sent_by: null,
        lock_version: v.lock_version + 1,
        updated_at: now,
      })
      .where('id', '=', v.id)
      .execute();
    await recordAudit(trx, actorForAudit(actor), {
      action: 'agreement.withdrawn',
      entityType: 'agreement',
      entityId: a.id,
      after: { version },
    });
    return agreementDetail(trx, actor, a);
  });
}

/**
 * A change after the agreement went out: a new version with a reason, pre-filled from the newest one,
 * that every party signs again. The version it replaces stays readable; a signed one stays in force
 * until the new one is signed by all.
 */
export async function proposeChange(
  deps: Deps,
  actor: Actor,
  id: string,
  input: ChangeProposalRequest,
): Promise<AgreementDetail> {
  requireStaff(actor);
  return inSchool(deps.db, actor.schoolId, async (trx) => {
    const a = await loadAgreement(trx, actor, id, true);
    const p = await loadPlacement(trx, actor, a.placement_id);
    assertPlacementOpen(p.status);
    const current = await loadVersion(trx, a.id, a.current_version, true);
    if (current.status === 'draft') {
      throw new AppError('conflict', {
        fields:
          current.version === 1
            ? { reason: 'agreement_nothing_to_change' }
            : { reason: { key: 'agreement_open_version', params: { version: current.version } } },
      });
    }
    const now = deps.now();
    if (current.status === 'awaiting_signatures') {
      await revokeSignatureLinks(trx, current.id, now);
      await trx
        .updateTable('agreement_versions')
        .set({ status: 'withdrawn', updated_at: now })
        .where('id', '=', current.id)
        .execute();
    }
    const sources = await loadSources(trx, a.placement_id);
    const [learner] = await loadLearners(trx, a.placement_id, [a.learner_id]);
    if (!learner) throw new AppError('not_found');
    const content = buildContent(sources, learner, editableOf(current.content));
    const next = current.version + 1;
    const hash = contentHash(content);
    await trx
      .insertInto('agreement_versions')
      .values({
        school_id: actor.schoolId,
        agreement_id: a.id,
        version: next,
        content: JSON.stringify(content),
        content_hash: hash,
        change_reason: input.reason,
        change_comment: input.comment,
        created_by: actor.userId,
      })
      .execute();
    await trx
      .updateTable('agreements')
      .set({ current_version: next, updated_at: now })
      .where('id', '=', a.id)
      .execute();
    await recordAudit(trx, actorForAudit(actor), {
      action: 'agreement.change_proposed',
      entityType: 'agreement',
      entityId: a.id,
      before: { version: current.version, status: current.status },
      after: { version: next, reason: input.reason, comment: input.comment },
    });
    return agreementDetail(trx, actor, { ...a, current_version: next });
  });
}

/** The version a signer was shown must still be the one awaiting signatures, with the same content. */
function assertSignable(v: VersionRow, shownHash: string, current: number) {
  if (v.version !== current || v.content_hash !== shownHash) {
    throw new AppError('conflict', { fields: { contentHash: 'agreement_changed' } });
  }
  if (v.status !== 'awaiting_signatures') {
    throw new AppError('conflict', {
      fields: { version: { key: 'agreement_not_awaiting', params: { versionStatus: v.status } } },
    });
  }
}

async function recordSignature(
  trx: Trx,
  deps: Deps,
  who: AuditActor,
  a: AgreementRow,
  v: VersionRow,
  party: AgreementParty,
  signer: {
    name: string;
    position: string;
    email: string;
    method: 'in_app' | 'email_link';
    userId: string | null;
    ip: string | null;
  },
) {
  const now = deps.now();
  const done = await trx
    .updateTable('agreement_signatures')
    .set({
      signed_at: now,
      signed_name: signer.name,
      signed_position: signer.position,
      signed_email: signer.email,
      sign_method: signer.method,
      signed_hash: v.content_hash,
      signed_ip: signer.ip,
      signed_by_user: signer.userId,
    })
    .where('version_id', '=', v.id)
    .where('party', '=', party)
    .where('signed_at', 'is', null)
    .executeTakeFirst();
  if (Number(done.numUpdatedRows) !== 1) {
    const exists = await trx
      .selectFrom('agreement_signatures')
      .select('id')
      .where('version_id', '=', v.id)
      .where('party', '=', party)
      .executeTakeFirst();
    if (!exists) throw new AppError('forbidden', { fields: { party: 'agreement_not_your_party' } });
    throw new AppError('conflict', {
      fields: { party: { key: 'agreement_already_signed', params: { party } } },
    });
  }
  await recordAudit(trx, who, {
    action: 'agreement.signed',
    entityType: 'agreement',
    entityId: a.id,
    after: {
      version: v.version,
      party,
      name: signer.name,
      method: signer.method,
      contentHash: v.content_hash,
    },
  });
  const open = await trx
    .selectFrom('agreement_signatures')
    .select('id')
    .where('version_id', '=', v.id)
    .where('signed_at', 'is', null)
    .execute();
  if (open.length > 0) return;
  // Every party has signed: this version is final and the one in force.
  await trx
    .updateTable('agreement_versions')
    .set({ status: 'signed', signed_at: now, updated_at: now })
    .where('id', '=', v.id)
    .execute();
  if (a.signed_version !== null) {
    await trx
      .updateTable('agreement_versions')
      .set({ status: 'superseded', updated_at: now })
      .where('agreement_id', '=', a.id)
      .where('version', '=', a.signed_version)
      .execute();
  }
  await trx
    .updateTable('agreements')
    .set({ signed_version: v.version, updated_at: now })
    .where('id', '=', a.id)
    .execute();
  await recordAudit(trx, who, {
    action: 'agreement.version_signed',
    entityType: 'agreement',
    entityId: a.id,
    before: { signedVersion: a.signed_version },
    after: { signedVersion: v.version, contentHash: v.content_hash },
  });
}

/**
 * Signs in the app: the school's representative (a coordinator or admin) or the learner, for the
 * version they were shown. A version that changed since is refused, and the new one is shown.
 */
export async function signInApp(
  deps: Deps,
  actor: Actor,
  id: string,
  version: number,
  input: SignRequest,
): Promise<AgreementDetail> {
  return inSchool(deps.db, actor.schoolId, async (trx) => {
    const a = await loadAgreement(trx, actor, id, true);
    let party: AgreementParty;
    if (actor.role === 'learner' && a.learner_id === actor.userId) party = 'learner';
    else if (schoolSignatories.includes(actor.role)) party = 'school';
    else throw new AppError('forbidden', { fields: { party: 'agreement_not_your_party' } });
    const v = await loadVersion(trx, a.id, version, true);
    assertSignable(v, input.contentHash, a.current_version);
    const name = await actorName(trx, actor);
    const position = party === 'school' ? input.position || v.content.schoolSignatory.position : '';
    await recordSignature(trx, deps, actorForAudit(actor), a, v, party, {
      name,
      position,
      email: actor.email,
      method: 'in_app',
      userId: actor.userId,
      ip: actor.ip ?? null,
    });
    return agreementDetail(trx, actor, a);
  });
}

/** The signature a link is for, in its school (the holder is not signed in). */
async function linkSubject(trx: Trx, signatureId: string) {
  const s = await trx
    .selectFrom('agreement_signatures')
    .selectAll()
    .where('id', '=', signatureId)
    .executeTakeFirst();
  if (!s) throw new AppError('link_invalid');
  const v = await trx
    .selectFrom('agreement_versions')
    .selectAll()
    .where('id', '=', s.version_id)
    .executeTakeFirstOrThrow();
  const a = await trx
    .selectFrom('agreements')
    .selectAll()
    .where('id', '=', v.agreement_id)
    .executeTakeFirstOrThrow();
  return { s, v, a };
}

/**
 * A signing link to read by: like `openLink`, but one already used to sign still shows what was
 * signed (and its PDF) until it expires. Signing itself takes the link with `openLink` + `useLink`.
 */
async function readLink(deps: Deps, token: string): Promise<OpenLink> {
  if (!/^[\w-]{20,200}$/.test(token)) throw new AppError('link_invalid');
  const row = await deps.db
    .selectFrom('access_links')
    .selectAll()
    .where('token_hash', '=', hashSecret(token))
    .where('purpose', '=', SIGN_PURPOSE)
    .where('revoked_at', 'is', null)
    .where('expires_at', '>', deps.now())
    .executeTakeFirst();
  if (!row) throw new AppError('link_invalid');
  return {
    schoolId: row.school_id,
    purpose: row.purpose,
    subjectId: row.subject_id,
    email: row.email,
    personName: row.person_name,
    locale: row.locale,
    singleUse: row.single_use,
    expiresAt: row.expires_at,
    tokenHash: row.token_hash,
  };
}

/** What the holder of a signing link reads before signing: the version, and who has signed it. */
export async function openSigningLink(deps: Deps, token: string): Promise<SigningLinkView> {
  const link = await readLink(deps, token);
  return inSchool(deps.db, link.schoolId, async (trx) => {
    const { s, v } = await linkSubject(trx, link.subjectId);
    const all = (await signaturesOf(trx, [v.id])).sort(partyOrder);
    return {
      party: s.party,
      expectedName: s.expected_name,
      email: link.email,
      version: v.version,
      kind: v.content.kind,
      contentHash: v.content_hash,
      content: v.content,
      signatures: all.map(signatureView),
      alreadySigned: s.signed_at !== null,
    };
  });
}

/** Signs through an e-mailed link (the host's representative, a guardian): once, for the version shown. */
export async function signByLink(
  deps: Deps,
  token: string,
  input: LinkSignRequest,
  request: { ip?: string; requestId?: string },
): Promise<SigningLinkView> {
  const link = await openLink(deps.db, token, SIGN_PURPOSE, deps.now());
  await inSchool(deps.db, link.schoolId, async (trx) => {
    const { s, v, a } = await linkSubject(trx, link.subjectId);
    const locked = await trx
      .selectFrom('agreements')
      .selectAll()
      .where('id', '=', a.id)
      .forUpdate()
      .executeTakeFirstOrThrow();
    const version = await trx
      .selectFrom('agreement_versions')
      .selectAll()
      .where('id', '=', v.id)
      .forUpdate()
      .executeTakeFirstOrThrow();
    assertSignable(version, input.contentHash, locked.current_version);
    await useLink(trx, link, deps.now());
    await recordSignature(
      trx,
      deps,
      {
        schoolId: link.schoolId,
        email: link.email,
        ip: request.ip ?? null,
        requestId: request.requestId ?? null,
      },
      locked,
      version,
      s.party,
      {
        name: input.name,
        position: input.position,
        email: link.email,
        method: 'email_link',
        userId: null,
        ip: request.ip ?? null,
      },
    );
  });
  // The link is used now; the page shows the signed state from the rows themselves.
  return inSchool(deps.db, link.schoolId, async (trx) => {
    const { s, v } = await linkSubject(trx, link.subjectId);
    const all = (await signaturesOf(trx, [v.id])).sort(partyOrder);
    return {
      party: s.party,
      expectedName: s.expected_name,
      email: link.email,
      version: v.version,
      kind: v.content.kind,
      contentHash: v.content_hash,
      content: v.content,
      signatures: all.map(signatureView),
      alreadySigned: true,
    };
  });
}

/** The version a signing link shows, for its PDF. */
export async function linkVersion(deps: Deps, token: string) {
  const link = await readLink(deps, token);
  return { link, ...(await inSchool(deps.db, link.schoolId, (trx) => linkSubject(trx, link.subjectId))) };
}

export type { AgreementContent };
