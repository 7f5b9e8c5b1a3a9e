import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import type { SigningKey } from './sign.ts';
import type { SignOutcome, SignTask } from './sign.worker.ts';

const IDLE_MS = 30_000;

interface Pending {
  resolve: (signed: object) => void;
  reject: (error: Error) => void;
}

/**
 * A small pool of worker threads that sign credentials (two by default: the machines have two cores).
 * Tasks go to the worker with the fewest in flight; the pool ends itself after half a minute idle and
 * never keeps the process alive.
 */
export class SignPool {
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
      const worker = new Worker(new URL('./sign.worker.ts', import.meta.url));
      worker.unref();
      const slot = { worker, inFlight: 0 };
      worker.on('message', (outcome: SignOutcome) => {
        slot.inFlight--;
        const pending = this.#pending.get(outcome.id);
        this.#pending.delete(outcome.id);
        if ('error' in outcome) pending?.reject(new Error(outcome.error));
        else pending?.resolve(outcome.signed);
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

  /** Signs one credential in a worker thread. */
  sign<T extends object>(credential: T, key: SigningKey, created: Date): Promise<T & { proof: object[] }> {
    this.#start();
    clearTimeout(this.#idleTimer);
    const slot = this.#workers.reduce((a, b) => (b.inFlight < a.inFlight ? b : a));
    const id = this.#next++;
    slot.inFlight++;
    return new Promise((resolve, reject) => {
      this.#pending.set(id, { resolve: resolve as (s: object) => void, reject });
      slot.worker.postMessage({ id, credential, key, created: created.toISOString() } satisfies SignTask);
    });
  }

  async close() {
    clearTimeout(this.#idleTimer);
    const workers = this.#workers.splice(0);
    await Promise.all(workers.map((w) => w.worker.terminate()));
  }
}

let shared: SignPool | undefined;

/** The process's signing pool, made on first use. */
export function signPool(): SignPool {
  shared ??= new SignPool();
  return shared;
}
