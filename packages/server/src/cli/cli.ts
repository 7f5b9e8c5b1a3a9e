import { createInterface } from 'node:readline/promises';
import { parseArgs } from 'node:util';

import { z } from 'zod';
import { type Config, loadConfig } from '../config.ts';
import { openDatabase } from '../db/database.ts';
import { migrate } from '../db/migrate.ts';
import { createUser } from '../demo/factories.ts';
import { seedDemo } from '../demo/seed.ts';
import { recordAudit, verifyAuditChain } from '../features/audit/audit.service.ts';
import { findUserByEmail } from '../features/auth/auth.repository.ts';
import { hashPassword } from '../features/auth/tokens.ts';
import { BackupError, backupDataDir, restoreDataDir } from '../features/backup/backup.ts';
import { MASTER_KEY_FILE } from '../features/credentials/master-key.ts';
import { verifyFile } from '../features/credentials/verify.cli.ts';
import { seedSchoolDefaults } from '../features/rules/rules.service.ts';

const usage = `Usage: npx tilts <command>

  migrate                      apply database migrations
  seed                         create the demo school (only in an empty database)
  create-admin [--email E] [--password P] [--school NAME] [--given-name G] [--family-name F]
                               create a school admin (asks for what is missing in a terminal)
  audit verify                 check that no audit log entry was changed or removed
  verify FILE [--lang lv|en]   verify a credential (signed JSON) offline: exit 0 when valid, 1 when not
  backup FILE                  write the embedded database to FILE (stop Tilts first)
  restore FILE                 replace the embedded database with FILE's (stop Tilts first; the old
                               data folder is kept beside it). PostgreSQL: use pg_dump / pg_restore

The database is the one the server uses: DATABASE_URL, or PGlite in TILTS_DATA_DIR (default ./data).`;

/** `backup FILE` and `restore FILE`: the embedded database only; they never open it as a server would. */
async function backupCommand(command: 'backup' | 'restore', file: string | undefined, config: Config) {
  if (!file) {
    console.error(`Usage: npx tilts ${command} FILE`);
    return 1;
  }
  if (config.DATABASE_URL) {
    console.error(
      `tilts ${command} works on the embedded database. On a PostgreSQL server use pg_dump and pg_restore (see the README, "Backup").`,
    );
    return 1;
  }
  if (config.TILTS_DATA_DIR.startsWith('memory://')) {
    console.error(`An in-memory database has nothing to ${command}.`);
    return 1;
  }
  try {
    if (command === 'backup') {
      const header = await backupDataDir(config.TILTS_DATA_DIR, file);
      console.log(
        `Backup written to ${file}: schema ${header.schema}, ${header.bytes} bytes, SHA-256 ${header.sha256}.`,
      );
      console.log(
        `The master key (${MASTER_KEY_FILE} or TILTS_MASTER_KEY) is not in it: keep a copy apart, or sealed data cannot be read.`,
      );
    } else {
      const { header, previous } = await restoreDataDir(file, config.TILTS_DATA_DIR);
      console.log(
        `Restored ${file} (schema ${header.schema}, made ${header.createdAt}) into ${config.TILTS_DATA_DIR}.`,
      );
      if (previous) console.log(`The data folder as it was is kept in ${previous}.`);
    }
    return 0;
  } catch (error) {
    if (!(error instanceof BackupError)) throw error;
    console.error(
      command === 'restore'
        ? `Restore refused: ${error.message} Nothing was changed.`
        : `Backup failed: ${error.message}`,
    );
    return 1;
  }
}

async function ask(question: string, current: string | undefined): Promise<string> {
  if (current) return current;
  if (!process.stdin.isTTY) throw new Error(`missing ${question}: pass it as an option`);
  const rl = createInterface({ input: process.stdin, output: process.stdout });
  try {
    return (await rl.question(`${question}: `)).trim();
  } finally {
    rl.close();
  }
}

/** Runs one CLI command; returns the exit code. */
export async function runCli(
  argv: string[],
  env: Record<string, string | undefined> = process.env,
): Promise<number> {
  const [command, sub, ...rest] = argv;
  if (!command || command === 'help' || command === '--help') {
    console.log(usage);
    return command ? 0 : 1;
  }
  const config = loadConfig(env);
  if (command === 'backup' || command === 'restore') return backupCommand(command, sub, config);
  const database = await openDatabase({ url: config.DATABASE_URL, dataDir: config.TILTS_DATA_DIR });
  try {
    const { db } = database;
    switch (command) {
      case 'migrate': {
        const applied = await migrate(db);
        console.log(applied.length ? `Applied: ${applied.join(', ')}` : 'The database is up to date.');
        return 0;
      }
      case 'seed': {
        await migrate(db);
        console.log(
          (await seedDemo(db))
            ? 'Demo school created.'
            : 'The database already has a school; nothing was added.',
        );
        return 0;
      }
      case 'create-admin': {
        const { values } = parseArgs({
          args: [sub, ...rest].filter((a): a is string => a !== undefined),
          options: {
            email: { type: 'string' },
            password: { type: 'string' },
            school: { type: 'string' },
            'given-name': { type: 'string' },
            'family-name': { type: 'string' },
          },
        });
        await migrate(db);
        const email = z.email().parse((await ask('E-mail', values.email)).toLowerCase());
        const schoolName = await ask('School name', values.school);
        const password = await ask('Password (at least 10 characters)', values.password);
        if (password.length < 10) throw new Error('the password must have at least 10 characters');
        if (await findUserByEmail(db, email)) throw new Error(`a user with e-mail ${email} already exists`);
        await db.transaction().execute(async (trx) => {
          let school = await trx
            .selectFrom('schools')
            .select(['id', 'name'])
            .where('name', '=', schoolName)
            .executeTakeFirst();
          if (!school) {
            const slug = `${schoolName
              .normalize('NFD')
              .replace(/[^\w]+/g, '-')
              .toLowerCase()
              .slice(0, 40)}-${Date.now().toString(36)}`;
            school = await trx
              .insertInto('schools')
              .values({ name: schoolName, slug })
              .returning(['id', 'name'])
              .executeTakeFirstOrThrow();
            await seedSchoolDefaults(trx, school.id);
          }
          const user = await createUser(trx, {
            email,
            givenName: values['given-name'] ?? 'Admin',
            familyName: values['family-name'] ?? schoolName,
            schoolId: school.id,
            role: 'admin',
          });
          await trx
            .updateTable('users')
            .set({ password_hash: await hashPassword(password) })
            .where('id', '=', user.id)
            .execute();
          await recordAudit(
            trx,
            { schoolId: school.id, email: 'cli' },
            {
              action: 'user.admin_created',
              entityType: 'user',
              entityId: user.id,
              after: { email, role: 'admin' },
            },
          );
          console.log(`Admin ${email} created in "${school.name}".`);
        });
        return 0;
      }
      case 'verify': {
        const { values, positionals } = parseArgs({
          args: [sub, ...rest].filter((a): a is string => a !== undefined),
          options: { lang: { type: 'string' } },
          allowPositionals: true,
        });
        const file = positionals[0];
        if (!file) break;
        const lang = values.lang ?? env.LANG ?? '';
        const result = await verifyFile(db, config, file, lang.startsWith('en') ? 'en' : 'lv');
        for (const line of result.lines) console.log(line);
        return result.code;
      }
      case 'audit': {
        if (sub !== 'verify') break;
        const result = await verifyAuditChain(db);
        if (result.ok) {
          console.log(`Audit log intact: ${result.entries} entries, every hash matches.`);
          return 0;
        }
        console.error(
          `Audit log BROKEN at entry ${result.problem?.id}: ${result.problem?.reason} (${result.entries} entries before it are intact).`,
        );
        return 1;
      }
    }
    console.error(`Unknown command: ${argv.join(' ')}\n\n${usage}`);
    return 1;
  } finally {
    await database.close();
  }
}
