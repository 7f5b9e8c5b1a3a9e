import { hkdfSync } from 'node:crypto';
import type { Config } from '../../config.ts';
import { AppError } from '../../errors.ts';
import { masterKey, seal, unseal } from '../credentials/master-key.ts';

/**
 * The key that seals national ID numbers and birth dates: HKDF-SHA-256 of the master key with its
 * own label, so it never equals the key that seals the schools' signing keys. One installation has
 * one master key, and one process serves one installation, so the key is registered once at start
 * (startTilts) rather than threaded through every function that reads a learner's birth date.
 */
let current: Buffer | null = null;

export function derivePersonalDataKey(master: Buffer): Buffer {
  return Buffer.from(hkdfSync('sha256', master, 'tilts', 'tilts personal data v1', 32));
}

/** Registers this installation's personal-data key (null: none, on a PostgreSQL server without TILTS_MASTER_KEY). */
export function usePersonalDataKey(config: Config): Buffer | null {
  const master = masterKey(config);
  // A second Tilts in the same process without a key (a test of the 503) leaves the first one's key.
  if (master) current = derivePersonalDataKey(master);
  return master ? current : null;
}

export function personalDataKey(): Buffer | null {
  return current;
}

export type PersonalField = 'dob' | 'national_id';

/** The associated data: a sealed value moved to another learner's row or column does not open. */
const context = (schoolId: string, userId: string, field: PersonalField) => `${schoolId}/${userId}/${field}`;

/** Seals one value with AES-256-GCM; without a key this refuses, naming TILTS_MASTER_KEY. */
export function sealPersonal(schoolId: string, userId: string, field: PersonalField, value: string): string {
  if (!current) {
    throw new AppError('unavailable', {
      detail: 'TILTS_MASTER_KEY is not set',
      fields: { [field === 'dob' ? 'dateOfBirth' : 'nationalId']: 'personal_key_missing' },
    });
  }
  return seal(current, value, context(schoolId, userId, field));
}

/** Opens a sealed value; null when there is none, or no key, or it was sealed under another key. */
export function openPersonal(
  schoolId: string,
  userId: string,
  field: PersonalField,
  sealed: string | null | undefined,
): string | null {
  if (!sealed || !current) return null;
  try {
    return unseal(current, sealed, context(schoolId, userId, field));
  } catch {
    return null;
  }
}

/**
 * A personal code or birth date read from an uploaded file, sealed before the checked rows are
 * stored in import_batches (the file waits there for confirmation). It is opened and sealed again
 * for its learner when the import is applied.
 */
export function sealForImport(batchField: PersonalField, value: string): string | null {
  return current ? seal(current, value, `import/${batchField}`) : null;
}

export function openFromImport(batchField: PersonalField, sealed: string | undefined): string | undefined {
  if (!sealed || !current) return undefined;
  try {
    return unseal(current, sealed, `import/${batchField}`);
  } catch {
    return undefined;
  }
}
