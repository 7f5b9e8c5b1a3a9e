import { type Role, staffRoles } from '@tilts/shared';
import type { Selectable } from 'kysely';
import type { Actor, Trx } from '../../db/context.ts';
import type { AgreementSignaturesTable, AgreementsTable, AgreementVersionsTable } from '../../db/schema.ts';
import { AppError } from '../../errors.ts';
import { visiblePlacements } from '../placements/placements.repository.ts';

export type AgreementRow = Selectable<AgreementsTable>;
export type VersionRow = Selectable<AgreementVersionsTable>;
export type SignatureRow = Selectable<AgreementSignaturesTable>;

/** Who drafts, sends and changes agreements, sends assessment links and validates: the school's staff. */
export const agreementStaff: readonly Role[] = staffRoles;
/** Who signs for the school and records recognition. */
export const schoolSignatories: readonly Role[] = ['admin', 'coordinator'];

/** Of the given placements, those where every learner has an agreement that every party signed. */
export async function placementsWithAgreementsSigned(trx: Trx, placementIds: string[]): Promise<Set<string>> {
  if (placementIds.length === 0) return new Set();
  const rows = await trx
    .selectFrom('placement_participants as pp')
    .leftJoin('agreements as a', (join) =>
      join.onRef('a.placement_id', '=', 'pp.placement_id').onRef('a.learner_id', '=', 'pp.user_id'),
    )
    .select([
      'pp.placement_id',
      (eb) => eb.fn.count<number>('a.signed_version').as('signed'),
      (eb) => eb.fn.countAll<number>().as('learners'),
    ])
    .where('pp.role', '=', 'learner')
    .where('pp.placement_id', 'in', placementIds)
    .groupBy('pp.placement_id')
    .execute();
  return new Set(rows.filter((r) => Number(r.signed) === Number(r.learners)).map((r) => r.placement_id));
}

/**
 * Agreements the actor may see: those of the placements they see (placements.repository), and for a
 * learner only their own, even on a group mobility.
 */
export function visibleAgreements(trx: Trx, actor: Actor) {
  let q = trx
    .selectFrom('agreements as a')
    .where('a.placement_id', 'in', visiblePlacements(trx, actor).select('p.id'));
  if (actor.role === 'learner') q = q.where('a.learner_id', '=', actor.userId);
  return q;
}

/** One agreement the actor may see, locked for the rest of the transaction when asked; else "not found". */
export async function loadAgreement(trx: Trx, actor: Actor, id: string, lock = false): Promise<AgreementRow> {
  let q = visibleAgreements(trx, actor).selectAll('a').where('a.id', '=', id);
  if (lock) q = q.forUpdate();
  const row = await q.executeTakeFirst();
  if (!row) throw new AppError('not_found');
  return row;
}

export async function loadVersion(trx: Trx, agreementId: string, version: number, lock = false) {
  let q = trx
    .selectFrom('agreement_versions')
    .selectAll()
    .where('agreement_id', '=', agreementId)
    .where('version', '=', version);
  if (lock) q = q.forUpdate();
  const row = await q.executeTakeFirst();
  if (!row) throw new AppError('not_found');
  return row;
}

export function signaturesOf(trx: Trx, versionIds: string[]) {
  if (versionIds.length === 0) return Promise.resolve([] as SignatureRow[]);
  return trx
    .selectFrom('agreement_signatures')
    .selectAll()
    .where('version_id', 'in', versionIds)
    .orderBy('version_id')
    .execute();
}

export function requireStaff(actor: Actor) {
  if (!agreementStaff.includes(actor.role)) throw new AppError('forbidden');
}
