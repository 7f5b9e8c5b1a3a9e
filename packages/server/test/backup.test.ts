import { createHash } from 'node:crypto';
import { mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { runCli } from '../src/cli/cli.ts';
import { inSchool } from '../src/db/context.ts';
import { migrationFiles } from '../src/db/migrate.ts';
import { createSchool, createUser } from '../src/demo/factories.ts';
import { openProfiles, writeProfile } from '../src/features/people/profiles.repository.ts';
import { startTilts } from '../src/server.ts';
import { createTestTilts, onServer, type TestTilts } from './support/harness.ts';

/** Runs one CLI command as `npx tilts` would, and what it printed. */
async function run(argv: string[], env: Record<string, string>) {
  const out: string[] = [];
  const err: string[] = [];
  vi.spyOn(console, 'log').mockImplementation((...a: unknown[]) => void out.push(a.join(' ')));
  vi.spyOn(console, 'error').mockImplementation((...a: unknown[]) => void err.push(a.join(' ')));
  try {
    const code = await runCli(argv, env);
    return { code, out: out.join('\n'), err: err.join('\n') };
  } finally {
    vi.restoreAllMocks();
  }
}
afterEach(() => vi.restoreAllMocks());
const latest = migrationFiles().at(-1)!.id;

if (onServer) {
  describe('npx tilts backup / restore on a PostgreSQL server (the commands are for the embedded database only)', () => {
    let t: TestTilts;
    beforeAll(async () => {
      t = await createTestTilts();
    });
    afterAll(() => t?.close());

    it('refuses and points to pg_dump and pg_restore', async () => {
      const env = { DATABASE_URL: t.deps.config.DATABASE_URL!, LOG_LEVEL: 'silent' };
      for (const command of ['backup', 'restore']) {
        const result = await run([command, join(tmpdir(), 'tilts.backup')], env);
        expect(result.code).toBe(1);
        expect(result.err).toContain('On a PostgreSQL server use pg_dump and pg_restore');
      }
    });
  });
} else {
  describe('npx tilts backup / restore of the embedded database (PGlite only; PostgreSQL uses pg_dump)', () => {
    let root: string;
    let dataDir: string;
    let env: Record<string, string>;
    let schoolId: string;
    let learnerId: string;
    const file = () => join(root, 'tilts.backup');

    /** Starts Tilts on the data folder, as `npm start` would (a key file, no demo), for `work`. */
    async function withTilts<T>(work: (t: Awaited<ReturnType<typeof startTilts>>) => Promise<T>) {
      const tilts = await startTilts(
        { TILTS_DATA_DIR: dataDir, TILTS_DEMO: 'false', TILTS_JOBS: 'false', LOG_LEVEL: 'silent' },
        { logger: false },
      );
      try {
        return await work(tilts);
      } finally {
        await tilts.close();
      }
    }
    const partnerNames = () =>
      withTilts(async (t) =>
        (await t.deps.db.selectFrom('partners').select('legal_name').orderBy('legal_name').execute()).map(
          (p) => p.legal_name,
        ),
      );
    /** Every file of the data folder with its size and time: "untouched" means this is the same. */
    async function fingerprint(dir: string): Promise<string> {
      const hash = createHash('sha256');
      const walk = async (d: string) => {
        for (const entry of (await readdir(d, { withFileTypes: true })).sort((a, b) =>
          a.name.localeCompare(b.name),
        )) {
          const path = join(d, entry.name);
          if (entry.isDirectory()) await walk(path);
          else {
            const s = await stat(path);
            hash.update(`${path} ${s.size} ${s.mtimeMs}\n`);
          }
        }
      };
      await walk(dir);
      return hash.digest('hex');
    }

    beforeAll(async () => {
      root = await mkdtemp(join(tmpdir(), 'tilts-backup-'));
      dataDir = join(root, 'data');
      env = { TILTS_DATA_DIR: dataDir, LOG_LEVEL: 'silent' };
      await withTilts(async (t) => {
        const school = await createSchool(t.deps.db, { name: 'Cēsu tehnikums', slug: 'cesis' });
        schoolId = school.id;
        const learner = await createUser(t.deps.db, {
          email: 'ilze@cesis.test',
          givenName: 'Ilze',
          familyName: 'Ērgle',
          schoolId,
          role: 'learner',
        });
        learnerId = learner.id;
        await inSchool(t.deps.db, schoolId, (trx) =>
          writeProfile(
            trx,
            schoolId,
            learnerId,
            { dateOfBirth: '2008-05-17', nationalId: '170508-20005' },
            new Date(),
          ),
        );
        await t.deps.db
          .insertInto('partners')
          .values({ school_id: schoolId, kind: 'company', legal_name: 'SIA Ābele', country: 'LV' })
          .execute();
      });
    });
    afterAll(async () => {
      if (root) await rm(root, { recursive: true, force: true });
    });

    it('writes a backup with a header naming its format, schema and checksum, and without the master key', async () => {
      const result = await run(['backup', file()], env);
      expect(result).toMatchObject({ code: 0 });
      expect(result.out).toContain(`schema ${latest}`);
      expect(result.out).toContain('The master key (tilts-master.key or TILTS_MASTER_KEY) is not in it');
      const bytes = await readFile(file());
      const [magic, header] = bytes.subarray(0, 2000).toString('latin1').split('\n');
      expect(magic).toBe('TILTS-BACKUP 1');
      expect(JSON.parse(header!)).toMatchObject({
        format: 1,
        schema: latest,
        migrations: expect.arrayContaining(['0011_personal_data']),
        sha256: expect.stringMatching(/^[0-9a-f]{64}$/),
      });
      const key = (await readFile(join(dataDir, 'tilts-master.key'), 'utf8')).trim();
      expect(bytes.includes(Buffer.from(key))).toBe(false);
    });

    it('restores: what changed after the backup is gone, what was in it is back, sealed data still opens', async () => {
      await withTilts(async (t) => {
        await t.deps.db.deleteFrom('partners').execute();
        await t.deps.db
          .insertInto('partners')
          .values({ school_id: schoolId, kind: 'company', legal_name: 'SIA Pēc dublējuma', country: 'LV' })
          .execute();
      });
      expect(await partnerNames()).toEqual(['SIA Pēc dublējuma']);

      const result = await run(['restore', file()], env);
      expect(result.code).toBe(0);
      expect(result.out).toMatch(/The data folder as it was is kept in .*data\.before-restore-/);
      expect(await partnerNames()).toEqual(['SIA Ābele']);
      const profile = await withTilts((t) =>
        inSchool(t.deps.db, schoolId, async (trx) => (await openProfiles(trx, [learnerId])).get(learnerId)),
      );
      expect(profile).toMatchObject({ dateOfBirth: '2008-05-17', nationalId: '170508-20005' });
    });

    it('refuses a truncated, a corrupted, a too new and a non-backup file, leaving the data folder untouched', async () => {
      const good = await readFile(file());
      const newline = good.indexOf(0x0a, good.indexOf(0x0a) + 1);
      const header = JSON.parse(good.subarray(good.indexOf(0x0a) + 1, newline).toString('utf8'));
      const dump = good.subarray(newline + 1);
      const flipped = Buffer.from(good);
      flipped[flipped.length - 100] = (flipped[flipped.length - 100] ?? 0) ^ 0xff;
      const newer = Buffer.concat([
        Buffer.from(
          `TILTS-BACKUP 1\n${JSON.stringify({ ...header, schema: '0099_future', migrations: [...header.migrations, '0099_future'] })}\n`,
        ),
        dump,
      ]);
      const cases: [string, Buffer, string][] = [
        ['truncated.backup', good.subarray(0, good.length - 4096), 'is truncated'],
        ['corrupted.backup', flipped, 'is corrupted: its checksum does not match'],
        ['newer.backup', newer, 'newer version of Tilts (schema 0099_future'],
        ['newer-format.backup', Buffer.concat([Buffer.from('TILTS-BACKUP 2\n{}\n'), dump]), 'format 2'],
        ['notes.txt', Buffer.from('Ne dublējums\n'), 'is not a Tilts backup'],
      ];
      const before = await fingerprint(dataDir);
      for (const [name, bytes, message] of cases) {
        const path = join(root, name);
        await writeFile(path, bytes);
        const result = await run(['restore', path], env);
        expect(result.code, name).toBe(1);
        expect(result.err).toContain('Restore refused:');
        expect(result.err).toContain(message);
        expect(result.err).toContain('Nothing was changed.');
      }
      expect(await fingerprint(dataDir)).toBe(before);
      // and no half-restored folder was left beside it
      expect((await readdir(root)).filter((n) => n.includes('.restore-'))).toEqual([]);
      expect(await partnerNames()).toEqual(['SIA Ābele']);
    });
  });
}
