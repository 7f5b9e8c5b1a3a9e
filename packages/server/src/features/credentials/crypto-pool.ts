import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import type { CryptoOutcome, CryptoTask } from './crypto.worker.ts';
import type { SigningKey } from './sign.ts';
import type { ProofOutcome } from './verify-proof.ts';

const IDLE_MS = 30_000;

interface Pending {
  resolve: (value: unknown) => void;
  reject: (error: Error) => void;
}

type TaskBody = CryptoTask extends infer T ? (T extends { id: number } ? Omit<T, 'id'> : never) : never;

/**
 * A small pool of worker threads for signing and checking proofs (two by default: the machines have
 * two cores). A task goes to the worker with the fewest in flight; the pool ends itself after half a
 * minute idle and never keeps the process alive.
 */
export class CryptoPool {
  readonly size: number;
  readonly #workers: { worker: Worker; inFlight: number }[] = [];
  readonly #pending = new Map<number, Pending>();
  #next = 1;
  #idleTimer: NodeJS.Timeout | undefined;

  constructor(size = Math.max(1, Math.min(2, availableParallelism()))) {
    this.size = size;
  }

  #start() {
    if (this.#workers.length > 0) return;
    for (let i = 0; i < this.size; i++) {
      const worker = new Worker(new URL('./crypto.worker.ts', import.meta.url));
      worker.unref();
      const slot = { worker, inFlight: 0 };
      worker.on('message', (outcome: CryptoOutcome) => {
        slot.inFlight--;
        const pending = this.#pending.get(outcome.id);
        this.#pending.delete(outcome.id);
        if ('error' in outcome) pending?.reject(new Error(outcome.error));
        else pending?.resolve('signed' in outcome ? outcome.signed : outcome.proof);
        this.#scheduleIdle();
      });
      worker.on('error', (error) => this.#fail(error));
      this.#workers.push(slot);
    }
  }

  #fail(error: Error) {
    for (const pending of this.#pending.values()) pending.reject(error);
    this.#pending.clear();
    void this.close();
  }

  #scheduleIdle() {
    clearTimeout(this.#idleTimer);
    if (this.#pending.size > 0) return;
    this.#idleTimer = setTimeout(() => void this.close(), IDLE_MS);
    this.#idleTimer.unref();
  }

  #run<T>(task: TaskBody): Promise<T> {
    this.#start();
    clearTimeout(this.#idleTimer);
    const slot = this.#workers.reduce((a, b) => (b.inFlight < a.inFlight ? b : a));
    const id = this.#next++;
    slot.inFlight++;
    return new Promise<T>((resolve, reject) => {
      this.#pending.set(id, { resolve: resolve as (value: unknown) => void, reject });
      slot.worker.postMessage({ ...task, id } as CryptoTask);
    });
  }

  /** Signs one credential in a worker thread. */
  sign<T extends object>(credential: T, key: SigningKey, created: Date): Promise<T & { proof: object[] }> {
    return this.#run({ kind: 'sign', credential, key, created: created.toISOString() });
  }

  /** Signs one credential in a worker thread and returns it as JSON text, ready to store. */
  signToText(credential: object, key: SigningKey, created: Date): Promise<string> {
    return this.#run({ kind: 'sign', credential, key, created: created.toISOString(), asText: true });
  }

  /** Checks one credential's proof in a worker thread against the issuer's DID document. */
  verifyProof(credential: object, issuerDid: string, didDocument: object): Promise<ProofOutcome> {
    return this.#run({ kind: 'verify', credential, issuerDid, didDocument });
  }

  async close() {
    clearTimeout(this.#idleTimer);
    const workers = this.#workers.splice(0);
    await Promise.all(workers.map((w) => w.worker.terminate()));
  }
}

let shared: CryptoPool | undefined;

/** The process's crypto pool, made on first use. */
export function cryptoPool(): CryptoPool {
  shared ??= new CryptoPool();
  return shared;
}
