import { randomBytes } from 'node:crypto';
import type { Locale, MyCredential, ShareView } from '@tilts/shared';
import type { Kysely } from 'kysely';
import type { Config } from '../../config.ts';
import { inSchool } from '../../db/context.ts';
import type { DB } from '../../db/schema.ts';
import type { Deps } from '../../deps.ts';
import { AppError } from '../../errors.ts';
import { type AuditActor, recordAudit } from '../audit/audit.service.ts';
import { credentialState } from './credentials.repository.ts';
import { verify } from './verify.service.ts';

/** Who asks for their own credentials: any signed-in person, in any of their schools. */
export interface Holder {
  userId: string;
  email: string;
  ip?: string;
  requestId?: string;
}

export function shareUrl(config: Config, token: string): string {
  return `${config.PUBLIC_URL}/v/${token}`;
}

function shareView(
  config: Config,
  r: {
    id: string;
    token: string;
    purpose: 'link' | 'pdf' | 'linkedin';
    label: string;
    created_at: Date;
    expires_at: Date | null;
    revoked_at: Date | null;
    views: number;
  },
): ShareView {
  return {
    id: r.id,
    url: shareUrl(config, r.token),
    purpose: r.purpose,
    label: r.label,
    createdAt: r.created_at.toISOString(),
    expiresAt: r.expires_at?.toISOString() ?? null,
    revokedAt: r.revoked_at?.toISOString() ?? null,
    views: r.views,
  };
}

const shareColumns = [
  'id',
  'token',
  'purpose',
  'label',
  'created_at',
  'expires_at',
  'revoked_at',
  'views',
] as const;

/** The credentials a person holds, from every school that issued them one, with their share links. */
export async function listMyCredentials(deps: Deps, holder: Holder): Promise<{ items: MyCredential[] }> {
  const rows = await deps.db
    .selectFrom('credentials as c')
    .innerJoin('schools as s', 's.id', 'c.school_id')
    .select([
      'c.id',
      'c.title',
      's.name as school_name',
      'c.issued_at',
      'c.valid_until',
      'c.revoked_at',
      'c.suspended_at',
      'c.grade',
    ])
    .where('c.learner_id', '=', holder.userId)
    .orderBy('c.issued_at', 'desc')
    .execute();
  const shares =
    rows.length === 0
      ? []
      : await deps.db
          .selectFrom('credential_shares')
          .select([...shareColumns, 'credential_id'])
          .where(
            'credential_id',
            'in',
            rows.map((r) => r.id),
          )
          .orderBy('created_at', 'desc')
          .execute();
  return {
    items: rows.map((r) => ({
      id: r.id,
      title: r.title,
      schoolName: r.school_name,
      issuedAt: r.issued_at.toISOString(),
      validUntil: r.valid_until?.toISOString() ?? null,
      state: credentialState(r),
      grade: r.grade,
      shares: shares.filter((s) => s.credential_id === r.id).map((s) => shareView(deps.config, s)),
    })),
  };
}

/** One of the holder's own credentials; someone else's is 404, as if it did not exist. */
export async function ownCredential(db: Kysely<DB>, holder: Holder, id: string) {
  const row = await db
    .selectFrom('credentials as c')
    .innerJoin('schools as s', 's.id', 'c.school_id')
    .select(['c.id', 'c.school_id', 'c.document', 'c.title', 'c.issued_at', 's.name as school_name'])
    .where('c.id', '=', id)
    .where('c.learner_id', '=', holder.userId)
    .executeTakeFirst();
  if (!row) throw new AppError('not_found');
  return row;
}

const audit = (holder: Holder, schoolId: string): AuditActor => ({
  userId: holder.userId,
  email: holder.email,
  schoolId,
  ip: holder.ip,
  requestId: holder.requestId,
});

/** The holder's credential with their names, for the ELM export (the credential names them in one string). */
export async function credentialForExport(deps: Deps, holder: Holder, id: string) {
  const row = await ownCredential(deps.db, holder, id);
  const person = await deps.db
    .selectFrom('users')
    .select(['given_name', 'family_name'])
    .where('id', '=', holder.userId)
    .executeTakeFirstOrThrow();
  return {
    title: row.title,
    document: JSON.parse(row.document) as Record<string, unknown>,
    person: { givenName: person.given_name, familyName: person.family_name },
  };
}

/** Makes a share link for one of the holder's credentials: revocable, with an optional last day. */
export async function createShare(
  deps: Deps,
  holder: Holder,
  credentialId: string,
  input: { label: string; expiresOn: string | null; purpose?: 'link' | 'pdf' | 'linkedin' },
): Promise<ShareView> {
  const credential = await ownCredential(deps.db, holder, credentialId);
  return inSchool(deps.db, credential.school_id, async (trx) => {
    // The link works through the whole last day it names, in Latvian time at the latest.
    const expiresAt = input.expiresOn ? new Date(`${input.expiresOn}T23:59:59+02:00`) : null;
    if (expiresAt && expiresAt.getTime() < Date.now()) {
      throw new AppError('validation_failed', { fields: { expiresOn: 'invalid' } });
    }
    const row = await trx
      .insertInto('credential_shares')
      .values({
        school_id: credential.school_id,
        credential_id: credentialId,
        token: randomBytes(18).toString('base64url'),
        purpose: input.purpose ?? 'link',
        label: input.label,
        expires_at: expiresAt,
      })
      .returning(shareColumns)
      .executeTakeFirstOrThrow();
    await recordAudit(trx, audit(holder, credential.school_id), {
      action: 'credential_share.created',
      entityType: 'credential_share',
      entityId: row.id,
      after: { credentialId, purpose: row.purpose, expiresAt: row.expires_at },
    });
    return shareView(deps.config, row);
  });
}

/** The holder's one standing link of a kind (for the PDF's QR code or LinkedIn), made on first use. */
export async function standingShare(
  deps: Deps,
  holder: Holder,
  credentialId: string,
  purpose: 'pdf' | 'linkedin',
) {
  const credential = await ownCredential(deps.db, holder, credentialId);
  const existing = await deps.db
    .selectFrom('credential_shares')
    .select(shareColumns)
    .where('credential_id', '=', credential.id)
    .where('purpose', '=', purpose)
    .where('revoked_at', 'is', null)
    .where('expires_at', 'is', null)
    .orderBy('created_at', 'desc')
    .executeTakeFirst();
  if (existing) return shareView(deps.config, existing);
  return createShare(deps, holder, credentialId, {
    label: purpose === 'pdf' ? 'PDF' : 'LinkedIn',
    expiresOn: null,
    purpose,
  });
}

/** Ends a share link at once; the page behind it then says the link no longer works. */
export async function revokeShare(deps: Deps, holder: Holder, shareId: string) {
  const share = await deps.db
    .selectFrom('credential_shares as s')
    .innerJoin('credentials as c', 'c.id', 's.credential_id')
    .select(['s.id', 's.school_id', 's.revoked_at'])
    .where('s.id', '=', shareId)
    .where('c.learner_id', '=', holder.userId)
    .executeTakeFirst();
  if (!share) throw new AppError('not_found');
  if (share.revoked_at) return;
  await inSchool(deps.db, share.school_id, async (trx) => {
    await trx
      .updateTable('credential_shares')
      .set({ revoked_at: new Date() })
      .where('id', '=', shareId)
      .execute();
    await recordAudit(trx, audit(holder, share.school_id), {
      action: 'credential_share.revoked',
      entityType: 'credential_share',
      entityId: shareId,
    });
  });
}

/** The LinkedIn "add to profile" address for a credential, pointing at a standing share link. */
export async function linkedInUrl(deps: Deps, holder: Holder, credentialId: string) {
  const credential = await ownCredential(deps.db, holder, credentialId);
  const share = await standingShare(deps, holder, credentialId, 'linkedin');
  const params = new URLSearchParams({
    startTask: 'CERTIFICATION_NAME',
    name: credential.title,
    organizationName: credential.school_name,
    issueYear: String(credential.issued_at.getUTCFullYear()),
    issueMonth: String(credential.issued_at.getUTCMonth() + 1),
    certUrl: share.url,
    certId: credential.id,
  });
  return { url: `https://www.linkedin.com/profile/add?${params.toString()}`, shareUrl: share.url };
}

/**
 * What a share link opens: the credential and its verification, for anyone. A revoked, expired or
 * unknown link is 410, all alike.
 */
export async function openShare(deps: Deps, token: string, locale: Locale) {
  const share = await deps.db
    .selectFrom('credential_shares as s')
    .innerJoin('credentials as c', 'c.id', 's.credential_id')
    .select(['s.id', 's.expires_at', 's.revoked_at', 'c.document'])
    .where('s.token', '=', token)
    .executeTakeFirst();
  if (!share || share.revoked_at || (share.expires_at && share.expires_at.getTime() < Date.now())) {
    throw new AppError('link_invalid');
  }
  await deps.db
    .updateTable('credential_shares')
    .set((eb) => ({ views: eb('views', '+', 1), last_viewed_at: new Date() }))
    .where('id', '=', share.id)
    .execute();
  const document = JSON.parse(share.document) as object;
  return {
    verification: await verify(deps.db, deps.config, document, locale),
    document,
    expiresAt: share.expires_at?.toISOString() ?? null,
  };
}
