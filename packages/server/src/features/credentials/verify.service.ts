import type { Locale, VerificationResult } from '@tilts/shared';
import type { Kysely } from 'kysely';
import type { Config } from '../../config.ts';
import type { DB } from '../../db/schema.ts';
import { issuerRecordBySlug, statusListDocument } from './credentials.repository.ts';
import { type VerifyEnvironment, verifyCredential } from './verify.ts';

/** Verification against this installation's database: our issuers' DID documents and status lists. */
export function databaseEnvironment(db: Kysely<DB>, config: Config, locale: Locale): VerifyEnvironment {
  return {
    publicUrl: config.PUBLIC_URL,
    locale,
    issuer: (slug) => issuerRecordBySlug(db, config, slug),
    async statusList(slug, purpose, listNo) {
      const text = await statusListDocument(db, slug, purpose, listNo);
      return text ? (JSON.parse(text) as object) : null;
    },
  };
}

/** Verifies a credential (raw text or parsed JSON) and reports each check; never throws on bad input. */
export function verify(
  db: Kysely<DB>,
  config: Config,
  input: unknown,
  locale: Locale,
): Promise<VerificationResult> {
  return verifyCredential(input, databaseEnvironment(db, config, locale));
}
