import { DataIntegrityProof } from '@digitalbazaar/data-integrity';
import { cryptosuite } from '@digitalbazaar/eddsa-rdfc-2022-cryptosuite';
import * as vc from '@digitalbazaar/vc';
import { offlineLoader } from './contexts.ts';

/** What the library said about a proof, in a form that crosses a worker boundary. */
export type ProofOutcome = { verified: true } | { verified: false; message: string; unknownUrl?: string };

const suite = new DataIntegrityProof({ cryptosuite });

/**
 * Checks the Data Integrity proof with the W3C library, resolving only the issuer's own DID document.
 * Dates are the validity check's business: the library is asked at a moment inside the credential's
 * own period, so that an expired credential still has its signature judged on its own.
 */
export async function checkProof(
  credential: object,
  issuerDid: string,
  didDocument: object,
): Promise<ProofOutcome> {
  const loader = offlineLoader((did) => (did === issuerDid ? didDocument : null));
  const at = (credential as { validFrom?: unknown }).validFrom;
  const result = await vc.verifyCredential({
    credential,
    suite,
    documentLoader: loader,
    now: typeof at === 'string' ? at : new Date().toISOString(),
    checkStatus: async () => ({ verified: true }),
  });
  if (result.verified) return { verified: true };
  const error = (result.error?.errors?.[0] ?? result.results?.[0]?.error ?? result.error) as
    | (Error & { url?: string })
    | undefined;
  return {
    verified: false,
    message: error?.message ?? 'unknown error',
    ...(error?.name === 'UnknownDocumentError' && error.url ? { unknownUrl: error.url } : {}),
  };
}
