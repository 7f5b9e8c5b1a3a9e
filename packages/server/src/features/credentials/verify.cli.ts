import { open } from 'node:fs/promises';
import type { Locale } from '@tilts/shared';
import type { Kysely } from 'kysely';
import type { Config } from '../../config.ts';
import type { DB } from '../../db/schema.ts';
import { verify } from './verify.service.ts';
import { MAX_CREDENTIAL_BYTES } from './verify.ts';

const mark = { passed: '✔', failed: '✘', skipped: '·', warning: '!' } as const;

/**
 * `npx tilts verify FILE`: the same checks as the web page, offline, against this installation's
 * database. Prints each step; exit code 0 when the credential is valid, 1 when it is not.
 */
export async function verifyFile(db: Kysely<DB>, config: Config, file: string, locale: Locale) {
  let text: string | Buffer;
  try {
    const handle = await open(file, 'r');
    try {
      const { size } = await handle.stat();
      // Read one byte past the limit at most: the size check then reports it without loading it all.
      const buffer = Buffer.alloc(Math.min(size, MAX_CREDENTIAL_BYTES + 1));
      await handle.read(buffer, 0, buffer.length, 0);
      text = size > MAX_CREDENTIAL_BYTES ? 'x'.repeat(size) : buffer;
    } finally {
      await handle.close();
    }
  } catch (error) {
    return { code: 1, lines: [`${file}: ${(error as Error).message}`] };
  }
  const result = await verify(db, config, text, locale);
  const lines = [
    `${file}`,
    ...result.checks.map((c) => `  ${mark[c.status]} ${c.id.padEnd(10)} ${c.message}`),
    '',
    result.verified
      ? locale === 'lv'
        ? 'DERĪGS: visas pārbaudes izdevās.'
        : 'VALID: every check passed.'
      : `${locale === 'lv' ? 'NEDERĪGS' : 'NOT VALID'}: ${result.failed.join(', ')}`,
  ];
  if (result.credential?.title)
    lines.splice(1, 0, `  ${result.credential.title} — ${result.credential.issuer.name ?? ''}`);
  return { code: result.verified ? 0 : 1, lines };
}
