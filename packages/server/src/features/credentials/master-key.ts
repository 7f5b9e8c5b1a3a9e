import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { type Config, masterKeyBytes } from '../../config.ts';

export const MASTER_KEY_FILE = 'tilts-master.key';

/** Why the credential feature cannot sign here, in words that name what to set. */
export const MISSING_MASTER_KEY =
  'Credential signing is off: set TILTS_MASTER_KEY (32 bytes as base64 or hex) to turn it on. ' +
  'On a PostgreSQL server Tilts does not create a key file, because several processes must share one key.';

const keys = new WeakMap<Config, Buffer | null>();

/**
 * The master key that seals the schools' signing keys: TILTS_MASTER_KEY, or in embedded mode a key
 * file made on first start in TILTS_DATA_DIR (mode 0600); an in-memory database gets a key that lives
 * as long as the process. On a PostgreSQL server without the variable there is none (null).
 */
export function masterKey(config: Config): Buffer | null {
  if (keys.has(config)) return keys.get(config)!;
  let key: Buffer | null = null;
  if (config.TILTS_MASTER_KEY) {
    key = masterKeyBytes(config.TILTS_MASTER_KEY);
  } else if (!config.DATABASE_URL) {
    key = config.TILTS_DATA_DIR.startsWith('memory://') ? randomBytes(32) : keyFile(config.TILTS_DATA_DIR);
  }
  keys.set(config, key);
  return key;
}

function keyFile(dataDir: string): Buffer {
  const file = join(dataDir, MASTER_KEY_FILE);
  if (existsSync(file)) {
    const bytes = masterKeyBytes(readFileSync(file, 'utf8').trim());
    if (!bytes) throw new Error(`${file} does not hold a 32-byte key in hex; restore it from a backup.`);
    return bytes;
  }
  mkdirSync(dataDir, { recursive: true });
  const key = randomBytes(32);
  writeFileSync(file, `${key.toString('hex')}\n`, { mode: 0o600, flag: 'wx' });
  chmodSync(file, 0o600);
  return key;
}

// sealed: "v1." + base64url(iv 12 bytes | tag 16 bytes | ciphertext)
const VERSION = 'v1.';

/** Encrypts a secret with AES-256-GCM; `context` (the key's school and number) is bound as AAD. */
export function seal(key: Buffer, plaintext: string, context: string): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  cipher.setAAD(Buffer.from(context));
  const ciphertext = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
  return VERSION + Buffer.concat([iv, cipher.getAuthTag(), ciphertext]).toString('base64url');
}

/** Decrypts what seal() made; throws when the master key or the context is not the one it was sealed with. */
export function unseal(key: Buffer, sealed: string, context: string): string {
  if (!sealed.startsWith(VERSION)) throw new Error('unknown sealed key format');
  const bytes = Buffer.from(sealed.slice(VERSION.length), 'base64url');
  const decipher = createDecipheriv('aes-256-gcm', key, bytes.subarray(0, 12));
  decipher.setAAD(Buffer.from(context));
  decipher.setAuthTag(bytes.subarray(12, 28));
  return Buffer.concat([decipher.update(bytes.subarray(28)), decipher.final()]).toString('utf8');
}
