import {
  type AgreementAssessments,
  type AgreementContent,
  type AssessmentInput,
  type AssessmentLinkView,
  type AssessmentStage,
  type AssessmentView,
  assessmentStages,
  type FieldError,
  isValidGrade,
  type Locale,
  type RecognitionRequest,
} from '@tilts/shared';
import type { Selectable } from 'kysely';
import { type Actor, inSchool, type Trx } from '../../db/context.ts';
import type { AssessmentsTable } from '../../db/schema.ts';
import type { Deps } from '../../deps.ts';
import { AppError } from '../../errors.ts';
import { type AuditActor, actorForAudit, recordAudit } from '../audit/audit.service.ts';
import { issueLink, type OpenLink, openLink } from '../links/links.service.ts';
import { queueMail } from '../mail/mail.service.ts';
import { visiblePlacements } from '../placements/placements.repository.ts';
import { movePlacement } from '../placements/placements.service.ts';
import { assessmentMail } from './agreements.mail.ts';
import {
  type AgreementRow,
  loadAgreement,
  requireStaff,
  schoolSignatories,
} from './agreements.repository.ts';

const LINK_DAYS = 60;
const purposeOf = (stage: AssessmentStage) => `assessment.${stage}`;
const assessmentPurposes = assessmentStages.map(purposeOf);

type AssessmentRow = Selectable<AssessmentsTable>;

const fullName = (u: { given_name: string; family_name: string }) => `${u.given_name} ${u.family_name}`;
const iso = (d: Date | null) => (d ? d.toISOString() : null);

/** The agreed outcomes: those a signed version includes. */
function agreedUnits(c: AgreementContent): AgreementContent['units'] {
  return c.units
    .map((u) => ({ ...u, outcomes: u.outcomes.filter((o) => o.included) }))
    .filter((u) => u.outcomes.length > 0);
}

async function signedVersionOf(trx: Trx, a: { id: string; signed_version: number | null }) {
  if (a.signed_version === null) return null;
  return trx
    .selectFrom('agreement_versions')
    .selectAll()
    .where('agreement_id', '=', a.id)
    .where('version', '=', a.signed_version)
    .executeTakeFirstOrThrow();
}

async function viewOf(trx: Trx, row: AssessmentRow): Promise<AssessmentView> {
  const [outcomes, version, validator] = await Promise.all([
    trx.selectFrom('assessment_outcomes').selectAll().where('assessment_id', '=', row.id).execute(),
    trx
      .selectFrom('agreement_versions')
      .select(['version', 'content'])
      .where('id', '=', row.version_id)
      .executeTakeFirstOrThrow(),
    row.validated_by
      ? trx
          .selectFrom('users')
          .select(['given_name', 'family_name'])
          .where('id', '=', row.validated_by)
          .executeTakeFirst()
      : undefined,
  ]);
  return {
    agreementId: row.agreement_id,
    stage: row.stage,
    status: row.status,
    version: version.version,
    grading: version.content.assessment.grading,
    characterisation: row.characterisation,
    assessorName: row.assessor_name,
    submittedAt: iso(row.submitted_at),
    validatedAt: iso(row.validated_at),
    validatedBy: validator ? fullName(validator) : null,
    validationComment: row.validation_comment,
    outcomes: outcomes.map((o) => ({
      outcomeId: o.outcome_id,
      result: o.result,
      grade: o.grade,
      comment: o.comment,
    })),
  };
}

/** Starts (or finds) a learner's assessment of a stage, against the newest signed version. */
async function ensureAssessment(
  trx: Trx,
  schoolId: string,
  a: { id: string; signed_version: number | null },
  stage: AssessmentStage,
  assessor: { name: string; email: string },
): Promise<AssessmentRow | null> {
  const found = await trx
    .selectFrom('assessments')
    .selectAll()
    .where('agreement_id', '=', a.id)
    .where('stage', '=', stage)
    .forUpdate()
    .executeTakeFirst();
  if (found) return found;
  const v = await signedVersionOf(trx, a);
  if (!v) return null;
  return trx
    .insertInto('assessments')
    .values({
      school_id: schoolId,
      agreement_id: a.id,
      version_id: v.id,
      stage,
      assessor_name: assessor.name,
      assessor_email: assessor.email,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
}

async function placementFor(trx: Trx, actor: Actor, placementId: string) {
  const p = await visiblePlacements(trx, actor)
    .selectAll('p')
    .where('p.id', '=', placementId)
    .forUpdate()
    .executeTakeFirst();
  if (!p) throw new AppError('not_found');
  return p;
}

/** E-mails the supervisor the assessment link of a stage, opening the learners' assessments. */
async function sendLink(
  trx: Trx,
  deps: Deps,
  actor: Actor,
  placementId: string,
  stage: AssessmentStage,
  reopened: boolean,
) {
  const p = await placementFor(trx, actor, placementId);
  const agreements = await trx
    .selectFrom('agreements as a')
    .innerJoin('users as u', 'u.id', 'a.learner_id')
    .select(['a.id', 'a.signed_version', 'u.given_name', 'u.family_name'])
    .where('a.placement_id', '=', p.id)
    .where('a.signed_version', 'is not', null)
    .orderBy('u.family_name')
    .execute();
  if (agreements.length === 0) throw new AppError('conflict', { fields: { stage: 'no_signed_agreement' } });
  const signed = await signedVersionOf(trx, agreements[0]!);
  const email = p.supervisor_email || signed?.content.hostMentor.email || '';
  const name = p.supervisor_name || signed?.content.hostMentor.name || '';
  if (!email) throw new AppError('conflict', { fields: { stage: 'supervisor_email_needed' } });
  for (const a of agreements) await ensureAssessment(trx, actor.schoolId, a, stage, { name, email });
  const host = signed?.content.host;
  const locale: Locale = host && host.country !== 'LV' ? 'en' : 'lv';
  const now = deps.now();
  const token = await issueLink(trx, {
    schoolId: actor.schoolId,
    purpose: purposeOf(stage),
    subjectId: p.id,
    email,
    personName: name,
    locale,
    singleUse: false,
    days: LINK_DAYS,
    createdBy: actor.userId,
    now,
  });
  await queueMail(trx, deps, {
    schoolId: actor.schoolId,
    to: email,
    locale,
    causedBy: actor.userId,
    mail: assessmentMail({
      link: `${deps.config.PUBLIC_URL}/assessment?token=${token}`,
      stage,
      learners: agreements.map(fullName),
      host: host?.name ?? p.title,
      school: signed?.content.school.name ?? '',
      until: new Date(now.getTime() + LINK_DAYS * 86_400_000).toISOString().slice(0, 10),
      reopened,
    }),
  });
  return { email, learners: agreements.length };
}

/** Sends the workplace supervisor a reusable link to the mid-term or final evaluation of the placement's learners. */
export async function sendAssessmentLink(
  deps: Deps,
  actor: Actor,
  placementId: string,
  stage: AssessmentStage,
) {
  requireStaff(actor);
  return inSchool(deps.db, actor.schoolId, async (trx) => {
    const sent = await sendLink(trx, deps, actor, placementId, stage, false);
    await recordAudit(trx, actorForAudit(actor), {
      action: 'assessment.link_sent',
      entityType: 'placement',
      entityId: placementId,
      after: { stage, to: sent.email },
    });
    return { ok: true as const };
  });
}

/** The link's placement and stage, with every learner who has a signed agreement. */
export async function openAssessmentLink(deps: Deps, token: string): Promise<AssessmentLinkView> {
  const link = await openLink(deps.db, token, assessmentPurposes, deps.now());
  return inSchool(deps.db, link.schoolId, (trx) => linkView(trx, link));
}

async function linkView(trx: Trx, link: OpenLink): Promise<AssessmentLinkView> {
  const stage = link.purpose.slice('assessment.'.length) as AssessmentStage;
  const p = await trx
    .selectFrom('placements')
    .select(['id', 'title', 'start_date', 'end_date'])
    .where('id', '=', link.subjectId)
    .executeTakeFirstOrThrow();
  const agreements = await trx
    .selectFrom('agreements as a')
    .innerJoin('users as u', 'u.id', 'a.learner_id')
    .innerJoin('agreement_versions as v', (join) =>
      join.onRef('v.agreement_id', '=', 'a.id').onRef('v.version', '=', 'a.signed_version'),
    )
    .select(['a.id', 'u.given_name', 'u.family_name', 'v.version', 'v.content'])
    .where('a.placement_id', '=', p.id)
    .orderBy('u.family_name')
    .orderBy('u.given_name')
    .execute();
  const rows = agreements.length
    ? await trx
        .selectFrom('assessments')
        .selectAll()
        .where(
          'agreement_id',
          'in',
          agreements.map((a) => a.id),
        )
        .where('stage', '=', stage)
        .execute()
    : [];
  const learners = [];
  for (const a of agreements) {
    const row = rows.find((r) => r.agreement_id === a.id);
    learners.push({
      agreementId: a.id,
      learner: fullName(a),
      version: a.version,
      grading: a.content.assessment.grading,
      units: agreedUnits(a.content),
      assessment: row ? await viewOf(trx, row) : null,
    });
  }
  return {
    stage,
    placementTitle: p.title,
    hostName: agreements[0]?.content.host?.name ?? '',
    startDate: p.start_date,
    endDate: p.end_date,
    assessorName: link.personName,
    learners,
  };
}

/** Checks an evaluation against the signed version: only agreed outcomes, each once, grades on its scale. */
function checkInput(content: AgreementContent, input: AssessmentInput, stage: AssessmentStage) {
  const fields: Record<string, FieldError> = {};
  const agreed = agreedUnits(content).flatMap((u) => u.outcomes.map((o) => o.id));
  const scale = content.assessment.grading;
  const seen = new Set<string>();
  input.outcomes.forEach((o, i) => {
    if (!agreed.includes(o.outcomeId)) fields[`outcomes.${i}.outcomeId`] = 'outcome_not_in_agreement';
    else if (seen.has(o.outcomeId)) fields[`outcomes.${i}.outcomeId`] = 'outcome_twice';
    seen.add(o.outcomeId);
    if (o.grade && !isValidGrade(o.grade, scale))
      fields[`outcomes.${i}.grade`] = { key: 'grade_invalid', params: { scale } };
  });
  if (Object.keys(fields).length) throw new AppError('validation_failed', { fields });
  if (!input.submit) return;
  input.outcomes.forEach((o, i) => {
    if (!o.result) fields[`outcomes.${i}.result`] = 'result_required';
    else if (!o.grade) fields[`outcomes.${i}.grade`] = { key: 'grade_invalid', params: { scale } };
  });
  const missing = agreed.filter((id) => !seen.has(id)).length;
  if (missing > 0) fields.outcomes = { key: 'outcome_not_assessed', params: { count: missing } };
  if (stage === 'final' && !input.characterisation.trim())
    fields.characterisation = 'characterisation_required';
  if (Object.keys(fields).length) throw new AppError('validation_failed', { fields });
}

/**
 * The supervisor saves (and, when done, submits) one learner's evaluation through the link. A
 * submitted evaluation is locked; only the school can reopen it.
 */
export async function saveAssessmentByLink(
  deps: Deps,
  token: string,
  agreementId: string,
  input: AssessmentInput,
  request: { ip?: string; requestId?: string },
): Promise<AssessmentLinkView> {
  const link = await openLink(deps.db, token, assessmentPurposes, deps.now());
  const stage = link.purpose.slice('assessment.'.length) as AssessmentStage;
  return inSchool(deps.db, link.schoolId, async (trx) => {
    const a = await trx
      .selectFrom('agreements')
      .selectAll()
      .where('id', '=', agreementId)
      .where('placement_id', '=', link.subjectId)
      .forUpdate()
      .executeTakeFirst();
    // An agreement of another placement is not this link's business.
    if (!a) throw new AppError('not_found');
    const signed = await signedVersionOf(trx, a);
    if (!signed) throw new AppError('conflict', { fields: { agreement: 'no_signed_agreement' } });
    const row = await ensureAssessment(trx, link.schoolId, a, stage, {
      name: link.personName,
      email: link.email,
    });
    if (!row) throw new AppError('conflict', { fields: { agreement: 'no_signed_agreement' } });
    if (row.status !== 'open')
      throw new AppError('conflict', { fields: { assessment: 'assessment_locked' } });
    checkInput(signed.content, input, stage);
    const now = deps.now();
    await trx.deleteFrom('assessment_outcomes').where('assessment_id', '=', row.id).execute();
    if (input.outcomes.length) {
      await trx
        .insertInto('assessment_outcomes')
        .values(
          input.outcomes.map((o) => ({
            school_id: link.schoolId,
            assessment_id: row.id,
            outcome_id: o.outcomeId,
            result: o.result,
            grade: o.grade,
            comment: o.comment,
          })),
        )
        .execute();
    }
    await trx
      .updateTable('assessments')
      .set({
        // While open, the evaluation follows the newest signed version (a change signed mid-way).
        version_id: signed.id,
        characterisation: input.characterisation,
        assessor_name: link.personName || row.assessor_name,
        assessor_email: link.email,
        updated_at: now,
        ...(input.submit ? { status: 'submitted' as const, submitted_at: now } : {}),
      })
      .where('id', '=', row.id)
      .execute();
    const who: AuditActor = {
      schoolId: link.schoolId,
      email: link.email,
      ip: request.ip ?? null,
      requestId: request.requestId ?? null,
    };
    await recordAudit(trx, who, {
      action: input.submit ? 'assessment.submitted' : 'assessment.saved',
      entityType: 'agreement',
      entityId: a.id,
      after: { stage, version: signed.version, outcomes: input.outcomes.length },
    });
    return linkView(trx, link);
  });
}

async function loadAssessment(trx: Trx, agreementId: string, stage: AssessmentStage) {
  const row = await trx
    .selectFrom('assessments')
    .selectAll()
    .where('agreement_id', '=', agreementId)
    .where('stage', '=', stage)
    .forUpdate()
    .executeTakeFirst();
  if (!row) throw new AppError('conflict', { fields: { stage: 'assessment_not_submitted' } });
  return row;
}

/** The school reopens a submitted evaluation (with a reason, audited) and sends the supervisor a new link. */
export async function reopenAssessment(
  deps: Deps,
  actor: Actor,
  agreementId: string,
  stage: AssessmentStage,
  reason: string,
) {
  requireStaff(actor);
  return inSchool(deps.db, actor.schoolId, async (trx) => {
    const a = await loadAgreement(trx, actor, agreementId, true);
    const row = await loadAssessment(trx, a.id, stage);
    if (row.status === 'open')
      throw new AppError('conflict', { fields: { stage: 'assessment_not_submitted' } });
    const recognised = await trx
      .selectFrom('recognitions')
      .select('id')
      .where('agreement_id', '=', a.id)
      .executeTakeFirst();
    if (recognised) throw new AppError('conflict', { fields: { stage: 'already_recognised' } });
    await trx
      .updateTable('assessments')
      .set({
        status: 'open',
        submitted_at: null,
        validated_at: null,
        validated_by: null,
        updated_at: deps.now(),
      })
      .where('id', '=', row.id)
      .execute();
    await sendLink(trx, deps, actor, a.placement_id, stage, true);
    await recordAudit(trx, actorForAudit(actor), {
      action: 'assessment.reopened',
      entityType: 'agreement',
      entityId: a.id,
      before: { stage, status: row.status },
      after: { stage, status: 'open', reason },
    });
    return assessmentsView(trx, actor, a);
  });
}

/** A teacher (or the coordinator) reviews a submitted evaluation and validates it. */
export async function validateAssessment(
  deps: Deps,
  actor: Actor,
  agreementId: string,
  stage: AssessmentStage,
  comment: string,
) {
  requireStaff(actor);
  return inSchool(deps.db, actor.schoolId, async (trx) => {
    const a = await loadAgreement(trx, actor, agreementId, true);
    const row = await loadAssessment(trx, a.id, stage);
    if (row.status !== 'submitted') {
      throw new AppError('conflict', { fields: { stage: 'assessment_not_submitted' } });
    }
    const now = deps.now();
    await trx
      .updateTable('assessments')
      .set({
        status: 'validated',
        validated_at: now,
        validated_by: actor.userId,
        validation_comment: comment,
        updated_at: now,
      })
      .where('id', '=', row.id)
      .execute();
    await recordAudit(trx, actorForAudit(actor), {
      action: 'assessment.validated',
      entityType: 'agreement',
      entityId: a.id,
      after: { stage, comment },
    });
    return assessmentsView(trx, actor, a);
  });
}

async function assessmentsView(trx: Trx, actor: Actor, a: AgreementRow): Promise<AgreementAssessments> {
  const [signed, rows, recognition] = await Promise.all([
    signedVersionOf(trx, a),
    trx
      .selectFrom('assessments')
      .selectAll()
      .where('agreement_id', '=', a.id)
      .orderBy('stage', 'desc')
      .execute(),
    trx.selectFrom('recognitions').selectAll().where('agreement_id', '=', a.id).executeTakeFirst(),
  ]);
  const stages = [];
  for (const stage of assessmentStages) {
    const row = rows.find((r) => r.stage === stage);
    if (row) stages.push(await viewOf(trx, row));
  }
  const decider = recognition?.decided_by
    ? await trx
        .selectFrom('users')
        .select(['given_name', 'family_name'])
        .where('id', '=', recognition.decided_by)
        .executeTakeFirst()
    : undefined;
  const staff = actor.role === 'admin' || actor.role === 'coordinator' || actor.role === 'teacher';
  return {
    agreementId: a.id,
    signedVersion: a.signed_version,
    units: signed ? agreedUnits(signed.content) : [],
    grading: signed?.content.assessment.grading ?? 'scale_10',
    stages,
    recognition: recognition
      ? {
          decidedAt: recognition.decided_at.toISOString(),
          decidedBy: decider ? fullName(decider) : '',
          grade: recognition.grade,
          comment: recognition.comment,
          units: recognition.units.map((u) => ({
            unitId: u.unitId,
            code: u.code,
            title: u.title,
            creditPoints: u.creditPoints,
            recognised: u.recognised,
            grade: u.grade,
          })),
        }
      : null,
    can: {
      sendLinks: staff && signed !== null,
      validate: staff,
      recognise: schoolSignatories.includes(actor.role) && !recognition,
    },
  };
}

/** An agreement's evaluations, validation and recognition, for everyone who may see the agreement. */
export async function getAssessments(
  deps: Deps,
  actor: Actor,
  agreementId: string,
): Promise<AgreementAssessments> {
  return inSchool(deps.db, actor.schoolId, async (trx) =>
    assessmentsView(trx, actor, await loadAgreement(trx, actor, agreementId)),
  );
}

/**
 * The school's recognition decision for one learner: which units (credits, grade) count in their
 * programme. It needs a completed placement and a validated final evaluation; when every learner of
 * the placement is recognised, the placement becomes "recognised", the only way there.
 */
export async function recognise(
  deps: Deps,
  actor: Actor,
  agreementId: string,
  input: RecognitionRequest,
): Promise<AgreementAssessments> {
  if (!schoolSignatories.includes(actor.role)) throw new AppError('forbidden');
  return inSchool(deps.db, actor.schoolId, async (trx) => {
    const a = await loadAgreement(trx, actor, agreementId, true);
    const p = await trx
      .selectFrom('placements')
      .select(['id', 'status', 'lock_version'])
      .where('id', '=', a.placement_id)
      .forUpdate()
      .executeTakeFirstOrThrow();
    if (p.status !== 'completed') {
      throw new AppError('conflict', {
        fields: { placement: { key: 'placement_not_completed', params: { status: p.status } } },
      });
    }
    const existing = await trx
      .selectFrom('recognitions')
      .select('id')
      .where('agreement_id', '=', a.id)
      .executeTakeFirst();
    if (existing) throw new AppError('conflict', { fields: { agreement: 'already_recognised' } });
    const signed = await signedVersionOf(trx, a);
    if (!signed) throw new AppError('conflict', { fields: { agreement: 'no_signed_agreement' } });
    const final = await trx
      .selectFrom('assessments')
      .selectAll()
      .where('agreement_id', '=', a.id)
      .where('stage', '=', 'final')
      .executeTakeFirst();
    if (final?.status !== 'validated') {
      throw new AppError('conflict', { fields: { assessment: 'assessment_not_validated' } });
    }
    const units = agreedUnits(signed.content);
    const scale = signed.content.assessment.grading;
    const fields: Record<string, FieldError> = {};
    input.units.forEach((u, i) => {
      if (!units.some((x) => x.id === u.unitId)) fields[`units.${i}.unitId`] = 'unit_not_in_agreement';
      if (u.grade && !isValidGrade(u.grade, scale))
        fields[`units.${i}.grade`] = { key: 'grade_invalid', params: { scale } };
    });
    if (units.some((u) => !input.units.some((x) => x.unitId === u.id))) fields.units = 'unit_missing';
    if (input.grade && !isValidGrade(input.grade, scale))
      fields.grade = { key: 'grade_invalid', params: { scale } };
    if (Object.keys(fields).length) throw new AppError('validation_failed', { fields });
    const decided = units.map((u) => {
      const d = input.units.find((x) => x.unitId === u.id)!;
      return {
        unitId: u.id,
        code: u.code,
        title: u.title,
        titleEn: u.titleEn,
        creditPoints: d.recognised ? d.creditPoints : 0,
        recognised: d.recognised,
        grade: d.recognised ? d.grade : '',
      };
    });
    const now = deps.now();
    await trx
      .insertInto('recognitions')
      .values({
        school_id: actor.schoolId,
        agreement_id: a.id,
        placement_id: a.placement_id,
        learner_id: a.learner_id,
        version_id: signed.id,
        assessment_id: final.id,
        units: JSON.stringify(decided),
        grade: input.grade,
        comment: input.comment,
        decided_by: actor.userId,
        decided_at: now,
      })
      .execute();
    await recordAudit(trx, actorForAudit(actor), {
      action: 'agreement.recognised',
      entityType: 'agreement',
      entityId: a.id,
      after: { version: signed.version, units: decided, grade: input.grade },
    });
    // Every learner of the placement recognised: the placement is.
    const pending = await trx
      .selectFrom('placement_participants as pp')
      .leftJoin('recognitions as r', (join) =>
        join.onRef('r.placement_id', '=', 'pp.placement_id').onRef('r.learner_id', '=', 'pp.user_id'),
      )
      .select('pp.id')
      .where('pp.placement_id', '=', p.id)
      .where('pp.role', '=', 'learner')
      .where('r.id', 'is', null)
      .execute();
    if (pending.length === 0) await movePlacement(trx, deps, actor, p, 'recognised', '');
    return assessmentsView(trx, actor, a);
  });
}

/** What a recognised placement gives one learner: what a credential states (issue 6 calls this). */
export interface RecognisedOutcomes {
  placementId: string;
  learnerId: string;
  agreementId: string;
  kind: AgreementContent['kind'];
  recognisedAt: string;
  grade: string;
  school: AgreementContent['school'];
  host: AgreementContent['host'];
  qualification: AgreementContent['qualification'];
  period: AgreementContent['period'];
  units: {
    code: string;
    title: string;
    titleEn: string;
    eqfLevel: number;
    creditPoints: number;
    grade: string;
    outcomes: {
      id: string;
      kind: 'knowledge' | 'skills' | 'responsibility_autonomy';
      text: string;
      textEn: string;
      result: 'achieved' | 'partly' | 'not_achieved' | null;
      grade: string;
    }[];
  }[];
}

/**
 * The recognised units of a learner's placement with their outcomes, final results and grades, or
 * null when nothing is recognised. Runs in the caller's school transaction.
 */
export async function recognisedOutcomes(
  trx: Trx,
  placementId: string,
  learnerId: string,
): Promise<RecognisedOutcomes | null> {
  const r = await trx
    .selectFrom('recognitions')
    .selectAll()
    .where('placement_id', '=', placementId)
    .where('learner_id', '=', learnerId)
    .executeTakeFirst();
  if (!r) return null;
  const [v, results] = await Promise.all([
    trx
      .selectFrom('agreement_versions')
      .select('content')
      .where('id', '=', r.version_id)
      .executeTakeFirstOrThrow(),
    trx.selectFrom('assessment_outcomes').selectAll().where('assessment_id', '=', r.assessment_id).execute(),
  ]);
  const c = v.content;
  return {
    placementId,
    learnerId,
    agreementId: r.agreement_id,
    kind: c.kind,
    recognisedAt: r.decided_at.toISOString(),
    grade: r.grade,
    school: c.school,
    host: c.host,
    qualification: c.qualification,
    period: c.period,
    units: agreedUnits(c)
      .map((u) => ({ u, d: r.units.find((x) => x.unitId === u.id) }))
      .filter(({ d }) => d?.recognised)
      .map(({ u, d }) => ({
        code: u.code,
        title: u.title,
        titleEn: u.titleEn,
        eqfLevel: u.eqfLevel,
        creditPoints: d!.creditPoints,
        grade: d!.grade,
        outcomes: u.outcomes.map((o) => {
          const res = results.find((x) => x.outcome_id === o.id);
          return {
            id: o.id,
            kind: o.kind,
            text: o.text,
            textEn: o.textEn,
            result: res?.result ?? null,
            grade: res?.grade ?? '',
          };
        }),
      })),
  };
}
