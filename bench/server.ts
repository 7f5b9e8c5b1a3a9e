/**
 * The server side of `npm run bench`, run by run.ts as a child process so that the load tool and
 * the server never share an event loop. Starts Tilts and the bare baseline app on the same
 * database (DATABASE_URL, or TILTS_DATA_DIR for the embedded one), each on a free loopback port,
 * and prints one JSON line with the ports when both listen. SIGTERM closes both.
 */
import { startTilts } from '../packages/server/src/server.ts';
import { buildBareApp } from './bare.ts';

export interface ServerReady {
  tilts: number;
  bare: number;
  database: 'pglite' | 'postgres';
}

const host = '127.0.0.1';
const tilts = await startTilts({ ...process.env, TILTS_DEMO: 'false', LOG_LEVEL: 'silent', HOST: host });
await tilts.app.listen({ port: 0, host });
const bare = buildBareApp(tilts.deps);
await bare.listen({ port: 0, host });

const portOf = (address: ReturnType<typeof bare.server.address>) =>
  typeof address === 'object' && address ? address.port : 0;
const ready: ServerReady = {
  tilts: portOf(tilts.app.server.address()),
  bare: portOf(bare.server.address()),
  database: tilts.deps.database.kind,
};
process.stdout.write(`${JSON.stringify(ready)}\n`);

let closing = false;
process.on('SIGTERM', async () => {
  if (closing) return;
  closing = true;
  await bare.close();
  await tilts.close();
  process.exit(0);
});
