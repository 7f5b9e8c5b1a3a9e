import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import type { Target } from './scenarios.ts';

const autocannonCli = createRequire(import.meta.url).resolve('autocannon');

export interface LoadResult {
  requestsPerSecond: number;
  p50Ms: number;
  p99Ms: number;
  total: number;
  /** Answers other than 2xx, connection errors and timeouts: any of these spoils the figure. */
  failures: number;
}

/**
 * Runs autocannon as its own process against one target, so that the load tool never competes
 * with the server for an event loop.
 */
export function runLoad(
  baseUrl: string,
  target: Target,
  options: { connections: number; seconds: number },
): Promise<LoadResult> {
  const args = [autocannonCli, '--json', '-c', String(options.connections), '-d', String(options.seconds)];
  args.push('-m', target.method ?? 'GET');
  for (const [name, value] of Object.entries(target.headers ?? {})) args.push('-H', `${name}: ${value}`);
  if (target.body !== undefined) args.push('-H', 'content-type: application/json', '-b', target.body);
  args.push(`${baseUrl}${target.path}`);
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (chunk) => {
      out += chunk;
    });
    child.stderr.on('data', (chunk) => {
      err += chunk;
    });
    child.on('error', reject);
    child.on('close', (code) => {
      const line = out.trim().split('\n').at(-1);
      if (code !== 0 || !line) {
        reject(new Error(`autocannon failed (exit ${code}): ${err.trim()}`));
        return;
      }
      const r = JSON.parse(line);
      resolve({
        requestsPerSecond: r.requests.average,
        p50Ms: r.latency.p50,
        p99Ms: r.latency.p99,
        total: r.requests.total,
        failures: r.non2xx + r.errors + r.timeouts,
      });
    });
  });
}
