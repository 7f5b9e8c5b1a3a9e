import { DataIntegrityProof } from '@digitalbazaar/data-integrity';
import * as Ed25519Multikey from '@digitalbazaar/ed25519-multikey';
import { cryptosuite } from '@digitalbazaar/eddsa-rdfc-2022-cryptosuite';
import * as vc from '@digitalbazaar/vc';
import { offlineLoader } from './contexts.ts';

/** A school's key as the signer needs it: the verification method id, its DID, and the key pair. */
export interface SigningKey {
  id: string;
  controller: string;
  publicKeyMultibase: string;
  secretKeyMultibase: string;
}

// Signing resolves contexts only (no DIDs): the static loader is enough, here and in the workers.
const loader = offlineLoader();
const keyPairs = new Map<string, Promise<Ed25519Multikey.Ed25519KeyPair>>();

function keyPair(key: SigningKey) {
  const cacheKey = `${key.id} ${key.publicKeyMultibase}`;
  let pair = keyPairs.get(cacheKey);
  if (!pair) {
    pair = Ed25519Multikey.from({ type: 'Multikey', ...key });
    keyPairs.set(cacheKey, pair);
  }
  return pair;
}

/** A fresh Ed25519 key pair for a school's DID, as multibase strings. */
export async function generateKeyPair(): Promise<{ publicKeyMultibase: string; secretKeyMultibase: string }> {
  const pair = await Ed25519Multikey.generate();
  const exported = await pair.export({ publicKey: true, secretKey: true });
  return {
    publicKeyMultibase: exported.publicKeyMultibase,
    secretKeyMultibase: exported.secretKeyMultibase!,
  };
}

/**
 * Signs a credential with an `eddsa-rdfc-2022` Data Integrity proof. The proof comes back as an
 * array, as the Open Badges 3.0 JSON schema wants; wrapping it does not change what was signed.
 */
export async function signCredential<T extends object>(
  credential: T,
  key: SigningKey,
  created: Date = new Date(),
): Promise<T & { proof: object[] }> {
  const suite = new DataIntegrityProof({
    signer: (await keyPair(key)).signer(),
    cryptosuite,
    date: created,
  });
  const signed = await vc.issue({
    credential: structuredClone(credential),
    suite,
    documentLoader: loader,
    now: created,
  });
  const proof = signed.proof;
  return { ...signed, proof: Array.isArray(proof) ? proof : [proof] } as T & { proof: object[] };
}
