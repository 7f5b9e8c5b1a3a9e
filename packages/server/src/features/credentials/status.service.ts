import type { CredentialStatusRequest } from '@tilts/shared';
import { sql } from 'kysely';
import type { Config } from '../../config.ts';
import { type Actor, inSchool, type Trx } from '../../db/context.ts';
import type { Deps } from '../../deps.ts';
import { AppError } from '../../errors.ts';
import { actorForAudit, recordAudit } from '../audit/audit.service.ts';
import { activeSigningKey, credentialState } from './credentials.repository.ts';
import { schoolDid } from './did.ts';
import { signCredential } from './sign.ts';
import {
  encodeList,
  LIST_SIZE,
  type StatusPurpose,
  statusListCredential,
  statusListUrl,
  statusPurposes,
} from './status-list.ts';
import { forgetStatusLists } from './verify.service.ts';

/**
 * Signs the school's status list for one purpose and block from what the credentials table says now,
 * and stores it: the public list changes in the transaction that changed a credential's state.
 */
export async function resignStatusList(
  trx: Trx,
  config: Config,
  school: { id: string; slug: string },
  purpose: StatusPurpose,
  listNo: number,
) {
  const column = purpose === 'revocation' ? 'revoked_at' : 'suspended_at';
  const rows = await trx
    .selectFrom('credentials')
    .select('status_index')
    .where('school_id', '=', school.id)
    .where(column, 'is not', null)
    .where('status_index', '>=', listNo * LIST_SIZE)
    .where('status_index', '<', (listNo + 1) * LIST_SIZE)
    .execute();
  const did = schoolDid(config.PUBLIC_URL, school.slug);
  const key = await activeSigningKey(trx, config, school.id, did);
  const url = statusListUrl(config.PUBLIC_URL, school.slug, purpose, listNo);
  const now = new Date();
  const encoded = await encodeList(rows.map((r) => r.status_index % LIST_SIZE));
  const signed = await signCredential(statusListCredential(url, did, purpose, encoded, now), key, now);
  await trx
    .insertInto('credential_status_lists')
    .values({ school_id: school.id, purpose, list_no: listNo, document: JSON.stringify(signed) })
    .onConflict((oc) =>
      oc
        .columns(['school_id', 'purpose', 'list_no'])
        .doUpdateSet({ document: JSON.stringify(signed), updated_at: now }),
    )
    .execute();
}

/**
 * Takes `count` consecutive positions in the school's status lists, making (signed, empty) lists
 * for any block not used before, so a credential never points at a list that does not exist.
 */
export async function allocateStatusPositions(
  trx: Trx,
  config: Config,
  school: { id: string; slug: string },
  count: number,
): Promise<number> {
  const row = await trx
    .updateTable('credential_issuers')
    .set({ next_status_index: sql`next_status_index + ${count}` })
    .where('school_id', '=', school.id)
    .returning('next_status_index')
    .executeTakeFirstOrThrow();
  const first = row.next_status_index - count;
  const firstList = Math.floor(first / LIST_SIZE);
  const lastList = Math.floor((first + count - 1) / LIST_SIZE);
  for (let listNo = firstList; listNo <= lastList; listNo++) {
    const existing = await trx
      .selectFrom('credential_status_lists')
      .select('purpose')
      .where('school_id', '=', school.id)
      .where('list_no', '=', listNo)
      .execute();
    for (const purpose of statusPurposes) {
      if (!existing.some((e) => e.purpose === purpose))
        await resignStatusList(trx, config, school, purpose, listNo);
    }
  }
  return first;
}

/**
 * Revokes (for good), suspends, or reinstates a suspended credential, with a reason in the audit log;
 * the school's status list is re-signed in the same transaction.
 */
export async function changeCredentialStatus(
  deps: Deps,
  actor: Actor,
  credentialId: string,
  input: CredentialStatusRequest,
) {
  const result = await inSchool(deps.db, actor.schoolId, async (trx) => {
    const school = await trx
      .selectFrom('schools')
      .select(['id', 'slug'])
      .where('id', '=', actor.schoolId)
      .executeTakeFirstOrThrow();
    const before = await trx
      .selectFrom('credentials')
      .select(['id', 'status_index', 'revoked_at', 'suspended_at', 'valid_until'])
      .where('id', '=', credentialId)
      .where('school_id', '=', actor.schoolId)
      .forUpdate()
      .executeTakeFirst();
    if (!before) throw new AppError('not_found');
    if (before.revoked_at) throw new AppError('conflict', { fields: { action: 'revoked_final' } });
    const now = new Date();
    const purposes: StatusPurpose[] = [];
    if (input.action === 'revoke') {
      await trx
        .updateTable('credentials')
        .set({ revoked_at: now, revoked_reason: input.reason })
        .where('id', '=', credentialId)
        .execute();
      purposes.push('revocation');
    } else if (input.action === 'suspend') {
      if (before.suspended_at) throw new AppError('conflict', { fields: { action: 'already_in_state' } });
      await trx
        .updateTable('credentials')
        .set({ suspended_at: now, suspended_reason: input.reason })
        .where('id', '=', credentialId)
        .execute();
      purposes.push('suspension');
    } else {
      if (!before.suspended_at) throw new AppError('conflict', { fields: { action: 'already_in_state' } });
      await trx
        .updateTable('credentials')
        .set({ suspended_at: null, suspended_reason: null })
        .where('id', '=', credentialId)
        .execute();
      purposes.push('suspension');
    }
    const listNo = Math.floor(before.status_index / LIST_SIZE);
    for (const purpose of purposes) {
      // Lock the list first: concurrent changes then re-sign one after another, each seeing the other.
      await trx
        .selectFrom('credential_status_lists')
        .select('purpose')
        .where('school_id', '=', school.id)
        .where('purpose', '=', purpose)
        .where('list_no', '=', listNo)
        .forUpdate()
        .execute();
      await resignStatusList(trx, deps.config, school, purpose, listNo);
    }
    const after = await trx
      .selectFrom('credentials')
      .select(['revoked_at', 'suspended_at', 'valid_until'])
      .where('id', '=', credentialId)
      .executeTakeFirstOrThrow();
    await recordAudit(trx, actorForAudit(actor), {
      action: `credential.${input.action === 'revoke' ? 'revoked' : input.action === 'suspend' ? 'suspended' : 'reinstated'}`,
      entityType: 'credential',
      entityId: credentialId,
      before: { state: credentialState(before) },
      after: { state: credentialState(after), reason: input.reason },
    });
    return { state: credentialState(after), slug: school.slug };
  });
  // Once more after the commit: nothing read in between can keep the old list.
  forgetStatusLists(deps.config, result.slug);
  return { state: result.state };
}
