import { createHash, randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { copyFile, mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import { gzipSync } from 'node:zlib';
import { sql } from 'kysely';
import { openDatabase } from '../../db/database.ts';
import { migrationFiles } from '../../db/migrate.ts';
import { MASTER_KEY_FILE } from '../credentials/master-key.ts';

/**
 * A backup of the embedded database (PGlite): one file, a text header and PGlite's own dump of its
 * data folder (a gzipped tar). The header says what the file is, which migrations its database had
 * and the SHA-256 of the dump, so a restore refuses a truncated, corrupted or too new file before it
 * touches anything.
 *
 *   TILTS-BACKUP 1\n
 *   {"format":1,"schema":"0012_session_lookup","migrations":[…],"createdAt":"…","bytes":N,"sha256":"…"}\n
 *   <N bytes of the dump>
 */
export const BACKUP_MAGIC = 'TILTS-BACKUP';
export const BACKUP_FORMAT = 1;

export interface BackupHeader {
  format: number;
  /** The last migration applied to the database in the file. */
  schema: string;
  migrations: string[];
  createdAt: string;
  bytes: number;
  sha256: string;
  compression: 'gzip';
}

/** A restore or backup refused, with words for the person at the terminal. */
export class BackupError extends Error {}

const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

/** Writes a backup of the PGlite database in `dataDir` to `file`; returns its header. */
export async function backupDataDir(dataDir: string, file: string, now = new Date()): Promise<BackupHeader> {
  if (!existsSync(join(dataDir, 'PG_VERSION'))) {
    throw new BackupError(`There is no embedded database in ${resolve(dataDir)} to back up.`);
  }
  const database = await openDatabase({ dataDir });
  let dump: Uint8Array;
  let migrations: string[];
  try {
    migrations = (
      await sql<{ id: string }>`select id from schema_migrations order by id`.execute(database.db)
    ).rows.map((r) => r.id);
    const tar = new Uint8Array(await (await database.pglite!.dumpDataDir('none')).arrayBuffer());
    dump = gzipSync(withoutEntry(tar, MASTER_KEY_FILE));
  } finally {
    await database.close();
  }
  const header: BackupHeader = {
    format: BACKUP_FORMAT,
    schema: migrations.at(-1) ?? '',
    migrations,
    createdAt: now.toISOString(),
    bytes: dump.length,
    sha256: sha256(dump),
    compression: 'gzip',
  };
  const head = Buffer.from(`${BACKUP_MAGIC} ${BACKUP_FORMAT}\n${JSON.stringify(header)}\n`, 'utf8');
  // Written beside the target and renamed: a failure halfway never leaves a half file under its name.
  const partial = `${file}.partial-${randomBytes(4).toString('hex')}`;
  await writeFile(partial, Buffer.concat([head, dump]), { mode: 0o600 });
  await rename(partial, file);
  return header;
}

/**
 * The tar without one top-level file. PGlite dumps everything in its folder, and the embedded master
 * key lives there too: a backup must not carry the key that opens the data sealed inside it.
 */
export function withoutEntry(tar: Uint8Array, name: string): Uint8Array {
  const kept: Uint8Array[] = [];
  let at = 0;
  while (at + 512 <= tar.length) {
    const header = tar.subarray(at, at + 512);
    if (header.every((b) => b === 0)) break;
    const field = (from: number, length: number) =>
      Buffer.from(header.subarray(from, from + length))
        .toString('latin1')
        .replace(/\0.*$/s, '');
    const size = Number.parseInt(field(124, 12).trim() || '0', 8);
    const entryName = `${field(345, 155)}${field(345, 155) ? '/' : ''}${field(0, 100)}`.replace(
      /^\.?\/+/,
      '',
    );
    const end = at + 512 + Math.ceil(size / 512) * 512;
    if (entryName !== name) kept.push(tar.subarray(at, end));
    at = end;
  }
  kept.push(new Uint8Array(1024));
  return Buffer.concat(kept);
}

/** Reads and checks a backup file: what it is, that it is whole, that this version can read it. */
export async function readBackup(file: string): Promise<{ header: BackupHeader; dump: Uint8Array }> {
  let bytes: Buffer;
  try {
    bytes = await readFile(file);
  } catch (error) {
    throw new BackupError(
      `Cannot read ${file}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}.`,
    );
  }
  const notBackup = new BackupError(
    `${file} is not a Tilts backup (it does not begin with "${BACKUP_MAGIC}").`,
  );
  const firstLine = bytes.indexOf(0x0a);
  if (firstLine < 0 || !bytes.subarray(0, firstLine).toString('latin1').startsWith(`${BACKUP_MAGIC} `))
    throw notBackup;
  const format = Number(bytes.subarray(BACKUP_MAGIC.length + 1, firstLine).toString('latin1'));
  if (!Number.isInteger(format)) throw notBackup;
  if (format > BACKUP_FORMAT) {
    throw new BackupError(
      `${file} is a backup in format ${format}, made by a newer version of Tilts; this version reads format ${BACKUP_FORMAT}. Update Tilts first.`,
    );
  }
  const secondLine = bytes.indexOf(0x0a, firstLine + 1);
  let header: BackupHeader;
  try {
    if (secondLine < 0) throw new Error('no header');
    header = JSON.parse(bytes.subarray(firstLine + 1, secondLine).toString('utf8')) as BackupHeader;
    if (
      typeof header.bytes !== 'number' ||
      typeof header.sha256 !== 'string' ||
      !Array.isArray(header.migrations)
    ) {
      throw new Error('incomplete header');
    }
  } catch {
    throw new BackupError(`${file} is damaged: its header cannot be read.`);
  }
  const dump = bytes.subarray(secondLine + 1);
  if (dump.length < header.bytes) {
    throw new BackupError(
      `${file} is truncated: the backup should hold ${header.bytes} bytes of data and holds ${dump.length}. Copy it again from where it was kept.`,
    );
  }
  if (dump.length > header.bytes || sha256(dump) !== header.sha256) {
    throw new BackupError(
      `${file} is corrupted: its checksum does not match. Copy it again from where it was kept.`,
    );
  }
  const known = new Set(migrationFiles().map((m) => m.id));
  const unknown = header.migrations.filter((id) => !known.has(id));
  if (unknown.length > 0) {
    const latest = [...known].sort().at(-1);
    throw new BackupError(
      `${file} holds a database of a newer version of Tilts (schema ${header.schema}; this version knows up to ${latest}, not ${unknown.join(', ')}). Update Tilts, then restore.`,
    );
  }
  return { header, dump };
}

/**
 * Restores a backup into `dataDir`. The file is checked, unpacked into a new folder beside the data
 * folder and opened there; only when that database answers with the migrations the header names is
 * the old folder moved aside (kept, never deleted) and the new one put in its place. Any refusal
 * leaves the data folder as it was. Tilts must not be running on the folder meanwhile.
 */
export async function restoreDataDir(
  file: string,
  dataDir: string,
  now = new Date(),
): Promise<{ header: BackupHeader; previous: string | null }> {
  const { header, dump } = await readBackup(file);
  const target = resolve(dataDir);
  await mkdir(dirname(target), { recursive: true });
  const stamp = now.toISOString().replace(/[:.]/g, '-');
  const staging = join(dirname(target), `.${basename(target)}.restore-${randomBytes(4).toString('hex')}`);
  try {
    const database = await openDatabase({ dataDir: staging, loadDataDir: new Blob([new Uint8Array(dump)]) });
    try {
      const migrations = (
        await sql<{ id: string }>`select id from schema_migrations order by id`.execute(database.db)
      ).rows.map((r) => r.id);
      if (migrations.join() !== [...header.migrations].sort().join()) {
        throw new BackupError(
          `${file} is damaged: its database does not hold the migrations its header names.`,
        );
      }
    } finally {
      await database.close();
    }
  } catch (error) {
    await rm(staging, { recursive: true, force: true });
    if (error instanceof BackupError) throw error;
    throw new BackupError(`${file} is damaged: its database does not open (${(error as Error).message}).`);
  }
  let previous: string | null = null;
  if (existsSync(target)) {
    previous = `${target}.before-restore-${stamp}`;
    // The master key is not part of the backup: the restored folder keeps the installation's key.
    const key = join(target, MASTER_KEY_FILE);
    if (existsSync(key) && !existsSync(join(staging, MASTER_KEY_FILE))) {
      await copyFile(key, join(staging, MASTER_KEY_FILE));
    }
    await rename(target, previous);
  }
  await rename(staging, target);
  return { header, previous };
}
