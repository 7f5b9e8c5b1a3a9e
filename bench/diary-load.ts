/**
 * The load of `npm run bench:diary`, in its own process so that it never shares an event loop with
 * the server: autocannon, each request writing a new diary entry (another placement, or another day).
 * Reads its job from the JSON file named by the first argument; prints one JSON line with the result.
 */
import { readFileSync } from 'node:fs';
import autocannon from 'autocannon';

export interface DiaryLoadJob {
  url: string;
  mode: 'tilts' | 'bare';
  connections: number;
  seconds: number;
  /** Day offsets from each placement's start this run may use: [from, to). */
  days: [number, number];
  /** Which pass over the placements this run starts at (runs of the same mode never repeat a day). */
  firstRequest: number;
  placements: { n: number; id: string; learnerId: string; schoolId: string; start: string }[];
}

export interface DiaryLoadResult {
  requestsPerSecond: number;
  p50Ms: number;
  p99Ms: number;
  total: number;
  failures: number;
  /** The next request number for a later run of the same mode. */
  nextRequest: number;
}

const DAY = 86_400_000;
const addDays = (date: string, days: number) =>
  new Date(Date.parse(`${date}T00:00:00Z`) + days * DAY).toISOString().slice(0, 10);

const job = JSON.parse(readFileSync(process.argv[2]!, 'utf8')) as DiaryLoadJob;
const P = job.placements.length;
const span = job.days[1] - job.days[0];
let i = job.firstRequest;

const result = await autocannon({
  url: job.url,
  connections: job.connections,
  duration: job.seconds,
  requests: [
    {
      method: 'POST',
      setupRequest: (request): typeof request => {
        const k = i++;
        const p = job.placements[k % P]!;
        const day = job.days[0] + (Math.floor(k / P) % span);
        const entry = {
          entryDate: addDays(p.start, day),
          hours: 7.5,
          workDone: 'Montēju ģipškartona sienas otrajā stāvā un pārbaudīju līmeni.',
          reflection: 'Iemācījos strādāt ar lāzera līmeni.',
        };
        if (job.mode === 'tilts') {
          return {
            ...request,
            path: `/api/placements/${p.id}/diary`,
            headers: {
              'content-type': 'application/json',
              origin: job.url,
              cookie: `tilts_session=bench-diary:${p.n}`,
            },
            body: JSON.stringify(entry),
          };
        }
        return {
          ...request,
          path: '/bare/diary-entries',
          headers: { 'content-type': 'application/json' } as Record<string, string>,
          body: JSON.stringify({ ...entry, schoolId: p.schoolId, placementId: p.id, learnerId: p.learnerId }),
        };
      },
    },
  ],
});

const out: DiaryLoadResult = {
  requestsPerSecond: result.requests.average,
  p50Ms: result.latency.p50,
  p99Ms: result.latency.p99,
  total: result.requests.total,
  failures: result.non2xx + result.errors + result.timeouts,
  nextRequest: i,
};
process.stdout.write(`${JSON.stringify(out)}\n`);
