import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Ajv2019 } from 'ajv/dist/2019.js';
import addFormatsModule from 'ajv-formats';

// ajv-formats is CommonJS: Node hands its function over as `.default`.
const addFormats = addFormatsModule.default;

const schemaFile = join(import.meta.dirname, 'standards', 'ob_v3p0_achievementcredential_schema.json');

let compiled: ((data: unknown) => boolean) & { errors?: { instancePath: string; message?: string }[] | null };

function validator() {
  if (!compiled) {
    const ajv = new Ajv2019({ allErrors: true, strict: false });
    addFormats(ajv);
    compiled = ajv.compile(JSON.parse(readFileSync(schemaFile, 'utf8')));
  }
  return compiled;
}

/**
 * Checks a credential against the official 1EdTech Open Badges 3.0 AchievementCredential JSON schema.
 * A single proof object counts as a one-element array (wrapping does not change the signature).
 */
export function validateOb3Schema(credential: unknown): { valid: true } | { valid: false; error: string } {
  let data = credential;
  if (data && typeof data === 'object' && !Array.isArray(data)) {
    const proof = (data as { proof?: unknown }).proof;
    if (proof && !Array.isArray(proof)) data = { ...data, proof: [proof] };
  }
  const validate = validator();
  if (validate(data)) return { valid: true };
  // The deepest error says most: a oneOf failure at /issuer hides the real one below it.
  const deepest = [...(validate.errors ?? [])].sort(
    (a, b) => b.instancePath.length - a.instancePath.length,
  )[0];
  return { valid: false, error: `${deepest?.instancePath || '/'} ${deepest?.message ?? 'is not valid'}` };
}
