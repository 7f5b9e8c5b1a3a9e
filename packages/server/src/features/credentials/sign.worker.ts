import { parentPort } from 'node:worker_threads';
import { type SigningKey, signCredential } from './sign.ts';

/** One signing task: the credential, the key, and when the proof says it was made. */
export interface SignTask {
  id: number;
  credential: object;
  key: SigningKey;
  created: string;
}
export type SignOutcome = { id: number; signed: object } | { id: number; error: string };

// Runs in a worker thread: signing is CPU work (RDF canonicalisation, Ed25519), so a batch spreads it
// over the machine's cores while the main thread keeps serving requests and writing results.
parentPort?.on('message', async (task: SignTask) => {
  try {
    const signed = await signCredential(task.credential, task.key, new Date(task.created));
    parentPort?.postMessage({ id: task.id, signed } satisfies SignOutcome);
  } catch (error) {
    parentPort?.postMessage({
      id: task.id,
      error: (error as Error).message || String(error),
    } satisfies SignOutcome);
  }
});
