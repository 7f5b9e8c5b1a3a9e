import { DID_V1, MULTIKEY_V1 } from './contexts.ts';

/**
 * The school's did:web: the public address's host (port percent-encoded), its path, then
 * `schools:<slug>`. It resolves to `<public URL>/schools/<slug>/did.json`, which Tilts serves.
 */
export function schoolDid(publicUrl: string, slug: string): string {
  return `${didPrefix(publicUrl)}${encodeURIComponent(slug)}`;
}

function didPrefix(publicUrl: string): string {
  const url = new URL(publicUrl);
  const host = url.port ? `${url.hostname}%3A${url.port}` : url.hostname;
  const path = url.pathname
    .split('/')
    .filter(Boolean)
    .map((segment) => encodeURIComponent(segment));
  return `${['did:web', host, ...path, 'schools'].join(':')}:`;
}

/** The school slug of a did:web that this deployment issues under, or null for anyone else's. */
export function slugOfOurDid(publicUrl: string, did: string): string | null {
  const prefix = didPrefix(publicUrl);
  if (!did.startsWith(prefix)) return null;
  const rest = did.slice(prefix.length);
  if (!rest || rest.includes(':') || rest.includes('#')) return null;
  try {
    return decodeURIComponent(rest);
  } catch {
    return null;
  }
}

/** Where the DID document of a school is served, as did:web resolution expects. */
export function didDocumentUrl(publicUrl: string, slug: string): string {
  return `${publicUrl}/schools/${encodeURIComponent(slug)}/did.json`;
}

export interface PublicKey {
  keyNo: number;
  publicKeyMultibase: string;
}

export function keyId(did: string, keyNo: number): string {
  return `${did}#key-${keyNo}`;
}

/**
 * The DID document: the DID context first and absolute key ids, as verifiers look keys up by exact
 * id. Every key, retired ones too, stays an assertion method so that what it signed still verifies.
 */
export function didDocument(did: string, keys: PublicKey[]) {
  const methods = [...keys]
    .sort((a, b) => a.keyNo - b.keyNo)
    .map((k) => ({
      id: keyId(did, k.keyNo),
      type: 'Multikey',
      controller: did,
      publicKeyMultibase: k.publicKeyMultibase,
    }));
  return {
    '@context': [DID_V1, MULTIKEY_V1],
    id: did,
    verificationMethod: methods,
    assertionMethod: methods.map((m) => m.id),
  };
}
