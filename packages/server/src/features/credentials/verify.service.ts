import type { Locale, VerificationResult } from '@tilts/shared';
import type { Kysely } from 'kysely';
import type { Config } from '../../config.ts';
import type { DB } from '../../db/schema.ts';
import { issuerRecordBySlug, statusListDocuments } from './credentials.repository.ts';
import { cryptoPool } from './crypto-pool.ts';
import type { StatusPurpose } from './status-list.ts';
import type { IssuerRecord, VerifyEnvironment } from './verify.ts';
import { verifyCredential } from './verify.ts';

// Issuers change rarely (a key rotation); status lists may change any moment and are never cached.
const ISSUER_TTL_MS = 30_000;
const issuerCache = new WeakMap<Kysely<DB>, Map<string, { record: IssuerRecord | null; at: number }>>();

async function cachedIssuer(db: Kysely<DB>, config: Config, slug: string, keyId?: string) {
  let cache = issuerCache.get(db);
  if (!cache) {
    cache = new Map();
    issuerCache.set(db, cache);
  }
  const hit = cache.get(slug);
  const fresh = hit && Date.now() - hit.at < ISSUER_TTL_MS;
  // A proof made with a key the cached record does not list (rotated in another process) reloads it.
  const knowsKey = !keyId || hit?.record?.keys.some((k) => k.id === keyId);
  if (hit && fresh && knowsKey) return hit.record;
  const record = await issuerRecordBySlug(db, config, slug);
  cache.set(slug, { record, at: Date.now() });
  return record;
}

// Embedded (PGlite), this process is the only one on the database (it locks its folder), so status
// lists can be kept in memory and dropped when this process changes them; on a server, never.
const listCache = new WeakMap<Config, Map<string, Partial<Record<StatusPurpose, object>>>>();

async function statusLists(db: Kysely<DB>, config: Config, slug: string, listNo: number) {
  const embedded = !config.DATABASE_URL;
  let cache = listCache.get(config);
  if (embedded && !cache) {
    cache = new Map();
    listCache.set(config, cache);
  }
  const key = `${slug}/${listNo}`;
  const hit = cache?.get(key);
  if (hit) return hit;
  const texts = await statusListDocuments(db, slug, listNo);
  const lists = Object.fromEntries(
    Object.entries(texts).map(([purpose, text]) => [purpose, JSON.parse(text)]),
  );
  if (embedded) cache?.set(key, lists);
  return lists;
}

/** Drops a school's cached status lists in this process (when one is re-signed). */
export function forgetStatusLists(config: Config, slug: string) {
  const cache = listCache.get(config);
  if (!cache) return;
  for (const key of cache.keys()) if (key.startsWith(`${slug}/`)) cache.delete(key);
}

/** Drops a school's cached issuer record in this process (after a key is made or rotated). */
export function forgetIssuer(db: Kysely<DB>, slug: string) {
  issuerCache.get(db)?.delete(slug);
}

/**
 * Verification against this installation's database: our issuers' DID documents and status lists.
 * With `pool`, the proof is checked in the worker threads, so the public endpoint uses both cores.
 */
export function databaseEnvironment(
  db: Kysely<DB>,
  config: Config,
  locale: Locale,
  options: { pool?: boolean } = {},
): VerifyEnvironment {
  return {
    publicUrl: config.PUBLIC_URL,
    locale,
    issuer: (slug, keyId) => cachedIssuer(db, config, slug, keyId),
    statusLists: (slug, listNo) => statusLists(db, config, slug, listNo),
    ...(options.pool
      ? { checkProof: (credential, did, doc) => cryptoPool().verifyProof(credential, did, doc) }
      : {}),
  };
}

/** Verifies a credential (raw text or parsed JSON) and reports each check; never throws on bad input. */
export function verify(
  db: Kysely<DB>,
  config: Config,
  input: unknown,
  locale: Locale,
  options: { pool?: boolean } = {},
): Promise<VerificationResult> {
  return verifyCredential(input, databaseEnvironment(db, config, locale, options));
}
