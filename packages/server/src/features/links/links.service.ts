import type { Locale } from '@tilts/shared';
import type { Selectable } from 'kysely';
import { type Kysely, sql } from 'kysely';
import type { Trx } from '../../db/context.ts';
import type { AccessLinksTable, DB } from '../../db/schema.ts';
import { AppError } from '../../errors.ts';
import { hashSecret, newSecret } from '../auth/tokens.ts';

/**
 * What a link lets its holder do. Each feature names its own purposes; the link only ever opens
 * the one row (`subjectId`) for the one purpose it was made for.
 */
export type LinkPurpose = string;

export interface IssueLinkInput {
  schoolId: string;
  purpose: LinkPurpose;
  subjectId: string;
  email: string;
  personName?: string;
  locale: Locale;
  /** A signature link works once; a supervisor's review link works until it expires. */
  singleUse: boolean;
  days: number;
  createdBy?: string | null;
  now: Date;
}

export interface OpenLink {
  schoolId: string;
  purpose: string;
  subjectId: string;
  email: string;
  personName: string;
  locale: Locale;
  singleUse: boolean;
  expiresAt: Date;
  tokenHash: string;
}

/** Makes a link for someone without an account, in the caller's transaction; returns the token for the e-mail. */
export async function issueLink(trx: Trx, input: IssueLinkInput): Promise<string> {
  const { token, hash } = newSecret();
  await trx
    .insertInto('access_links')
    .values({
      token_hash: hash,
      school_id: input.schoolId,
      purpose: input.purpose,
      subject_id: input.subjectId,
      email: input.email.toLowerCase(),
      person_name: input.personName ?? '',
      locale: input.locale,
      single_use: input.singleUse,
      created_by: input.createdBy ?? null,
      expires_at: new Date(input.now.getTime() + input.days * 86_400_000),
    })
    .execute();
  return token;
}

function view(row: Selectable<AccessLinksTable>): OpenLink {
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

/**
 * Looks a link up for its purpose without using it: unknown, revoked, expired or (single-use) used
 * links are all "invalid", with one message that asks for a new link. Runs outside any school,
 * because the holder is not signed in; the link names its school.
 */
export async function openLink(
  db: Kysely<DB> | Trx,
  token: string,
  purpose: LinkPurpose | readonly LinkPurpose[],
  now: Date,
): Promise<OpenLink> {
  const purposes = typeof purpose === 'string' ? [purpose] : [...purpose];
  if (!/^[\w-]{20,200}$/.test(token)) throw new AppError('link_invalid');
  const row = await db
    .selectFrom('access_links')
    .selectAll()
    .where('token_hash', '=', hashSecret(token))
    .where('purpose', 'in', purposes)
    .where('revoked_at', 'is', null)
    .where('expires_at', '>', now)
    .where((eb) => eb.or([eb('single_use', '=', false), eb('used_at', 'is', null)]))
    .executeTakeFirst();
  if (!row) throw new AppError('link_invalid');
  return view(row);
}

/**
 * Uses a single-use link in the caller's transaction: one UPDATE that only an unused link passes,
 * so two clicks cannot both win. A reusable link is only checked.
 */
export async function useLink(trx: Trx, link: OpenLink, now: Date): Promise<void> {
  if (!link.singleUse) return;
  const used = await trx
    .updateTable('access_links')
    .set({ used_at: now })
    .where('token_hash', '=', link.tokenHash)
    .where('used_at', 'is', null)
    .where('revoked_at', 'is', null)
    .executeTakeFirst();
  if (Number(used.numUpdatedRows) !== 1) throw new AppError('link_invalid');
}

/** Ends every open link for a row and purpose (a withdrawn request, a replaced version). */
export async function revokeLinks(trx: Trx, purpose: LinkPurpose, subjectId: string, now: Date) {
  await trx
    .updateTable('access_links')
    .set({ revoked_at: now })
    .where('purpose', '=', purpose)
    .where('subject_id', '=', subjectId)
    .where('revoked_at', 'is', null)
    .where(sql<boolean>`used_at is null or not single_use`)
    .execute();
}
