import type { Actor } from '../../db/context.ts';
import { inSchool } from '../../db/context.ts';
import type { Deps } from '../../deps.ts';
import { AppError } from '../../errors.ts';
import { recognisedOutcomes } from '../agreements/assessments.service.ts';
import { actorForAudit } from '../audit/audit.service.ts';
import { visiblePlacements } from '../placements/placements.repository.ts';
import { issueCredential } from './issue.service.ts';

/**
 * Issues a micro-credential for what the school recognised of one learner's placement: the grade of
 * the recognition decision, and as evidence the recognised units with their credit points and
 * grades, the host and the period. Once per learner, placement and template (unless revoked).
 */
export async function issueForPlacement(
  deps: Deps,
  actor: Actor,
  placementId: string,
  input: { learnerId: string; templateId: string },
) {
  return inSchool(deps.db, actor.schoolId, async (trx) => {
    const placement = await visiblePlacements(trx, actor)
      .select(['p.id', 'p.title'])
      .where('p.id', '=', placementId)
      .executeTakeFirst();
    if (!placement) throw new AppError('not_found');
    const recognised = await recognisedOutcomes(trx, placementId, input.learnerId);
    if (!recognised || recognised.units.length === 0) {
      throw new AppError('conflict', { fields: { learnerId: 'not_recognised' } });
    }
    const earlier = await trx
      .selectFrom('credentials')
      .select('id')
      .where('source', '=', 'placement')
      .where('source_id', '=', placementId)
      .where('learner_id', '=', input.learnerId)
      .where('template_id', '=', input.templateId)
      .where('revoked_at', 'is', null)
      .executeTakeFirst();
    if (earlier) throw new AppError('conflict', { fields: { templateId: 'already_issued' } });
    const units = recognised.units
      .map((u) => `${u.code} ${u.title} (${u.creditPoints} CP${u.grade ? `, ${u.grade}` : ''})`)
      .join('; ');
    return issueCredential(deps, {
      trx,
      schoolId: actor.schoolId,
      learnerUserId: input.learnerId,
      templateId: input.templateId,
      grade: recognised.grade,
      evidence: [
        {
          name: placement.title,
          narrative: `${recognised.host?.name ?? ''}, ${recognised.period.startDate}–${recognised.period.endDate}. ${units}`,
        },
      ],
      actor: actorForAudit(actor),
      source: 'placement',
      sourceId: placementId,
    });
  });
}
