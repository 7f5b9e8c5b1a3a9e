import { parentPort } from 'node:worker_threads';
import { type SigningKey, signCredential } from './sign.ts';
import { checkProof, type ProofOutcome } from './verify-proof.ts';

/** Work for a crypto thread: sign a credential, or check a credential's proof. */
export type CryptoTask =
  | { id: number; kind: 'sign'; credential: object; key: SigningKey; created: string; asText?: boolean }
  | { id: number; kind: 'verify'; credential: object; issuerDid: string; didDocument: object };
export type CryptoOutcome =
  | { id: number; signed: object | string }
  | { id: number; proof: ProofOutcome }
  | { id: number; error: string };

// Runs in a worker thread: signing and checking proofs is CPU work (RDF canonicalisation, Ed25519),
// so it spreads over the machine's cores while the main thread serves requests and writes results.
parentPort?.on('message', async (task: CryptoTask) => {
  try {
    if (task.kind === 'sign') {
      const signed = await signCredential(task.credential, task.key, new Date(task.created));
      // As text, the result crosses to the main thread as one string and is stored as it is.
      parentPort?.postMessage({
        id: task.id,
        signed: task.asText ? JSON.stringify(signed) : signed,
      } satisfies CryptoOutcome);
    } else {
      const proof = await checkProof(task.credential, task.issuerDid, task.didDocument);
      parentPort?.postMessage({ id: task.id, proof } satisfies CryptoOutcome);
    }
  } catch (error) {
    parentPort?.postMessage({
      id: task.id,
      error: (error as Error).message || String(error),
    } satisfies CryptoOutcome);
  }
});
