import { writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import type { TestProject } from 'vitest/node';
import { startTilts } from '../../src/server.ts';

/**
 * Builds one migrated template database per run; every test file then starts from a copy of it
 * (a PGlite dump, or CREATE DATABASE … TEMPLATE on a PostgreSQL server).
 */
export default async function setup(project: TestProject) {
  const serverUrl = process.env.TILTS_TEST_DATABASE_URL;
  if (serverUrl) {
    const template = `tilts_template_${process.pid}`;
    const admin = new pg.Client({ connectionString: serverUrl });
    await admin.connect();
    await admin.query(`drop database if exists ${template}`);
    await admin.query(`create database ${template}`);
    const url = new URL(serverUrl);
    url.pathname = `/${template}`;
    const tilts = await startTilts(
      { DATABASE_URL: url.toString(), TILTS_DEMO: 'false', LOG_LEVEL: 'silent' },
      { logger: false },
    );
    await tilts.close();
    project.provide('templateDatabase', template);
    return async () => {
      await admin.query(`drop database if exists ${template}`);
      await admin.end();
    };
  }
  const tilts = await startTilts(
    { TILTS_DATA_DIR: 'memory://', TILTS_DEMO: 'false', LOG_LEVEL: 'silent' },
    { logger: false },
  );
  const dump = await tilts.deps.database.pglite!.dumpDataDir('none');
  await tilts.close();
  const file = join(tmpdir(), `tilts-template-${process.pid}.tar`);
  await writeFile(file, Buffer.from(await dump.arrayBuffer()));
  project.provide('templateDatabase', file);
}

declare module 'vitest' {
  export interface ProvidedContext {
    templateDatabase: string;
  }
}
