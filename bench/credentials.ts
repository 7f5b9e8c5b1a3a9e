// Micro-credential benchmark, in one run on the same credential:
//  1. issuing per second: Tilts' batch job (pg-boss handler, worker pool of two) against a bare loop
//     of the Digital Bazaar library on one core (goal: at least 1.5×);
//  2. verifying: requests per second of the public POST /api/verify (load from autocannon in another
//     process) against the bare library's verify loop on one core (goal: at least 80 %).
// Run: npm run bench:credentials  (BENCH_ISSUE=N, BENCH_SECONDS=S, BENCH_DATABASE_URL=postgres://… to use a server)
import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { availableParallelism, cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { DataIntegrityProof } from '@digitalbazaar/data-integrity';
import * as Ed25519Multikey from '@digitalbazaar/ed25519-multikey';
import { cryptosuite } from '@digitalbazaar/eddsa-rdfc-2022-cryptosuite';
import * as vc from '@digitalbazaar/vc';
import { inSchool } from '../packages/server/src/db/context.ts';
import { createSchool, createUser } from '../packages/server/src/demo/factories.ts';
import { createBatch, runIssueBatch } from '../packages/server/src/features/credentials/batch.service.ts';
import { offlineLoader } from '../packages/server/src/features/credentials/contexts.ts';
import {
  activeSigningKey,
  issuerRecordBySlug,
} from '../packages/server/src/features/credentials/credentials.repository.ts';
import { cryptoPool } from '../packages/server/src/features/credentials/crypto-pool.ts';
import {
  issueCredential,
  loadIssueContext,
  prepareCredential,
} from '../packages/server/src/features/credentials/issue.service.ts';
import { ensureIssuer } from '../packages/server/src/features/credentials/issuer.service.ts';
import { createTemplate } from '../packages/server/src/features/credentials/templates.service.ts';
import { startTilts } from '../packages/server/src/server.ts';

const run = promisify(execFile);
const ISSUE = Number(process.env.BENCH_ISSUE ?? 400);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const PORT = 3000 + Math.floor(Math.random() * 2000);
const PUBLIC_URL = `http://127.0.0.1:${PORT}`;

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);

interface Sample {
  rate: number;
  cpuMs: number;
}

/** Runs `work` once: operations per second of wall time, and CPU milliseconds (every thread) per operation. */
async function sample(ops: number | (() => number), work: () => Promise<unknown>): Promise<Sample> {
  const cpu = process.cpuUsage();
  const begin = performance.now();
  await work();
  const seconds = (performance.now() - begin) / 1000;
  const used = process.cpuUsage(cpu);
  const n = typeof ops === 'number' ? ops : ops();
  return { rate: n / seconds, cpuMs: (used.user + used.system) / 1000 / n };
}

/** How many cores this process actually gets right now: two threads spin for a second. */
async function coresAvailable(): Promise<number> {
  const { Worker } = await import('node:worker_threads');
  const cpu = process.cpuUsage();
  const begin = performance.now();
  const spin = 'const end = Date.now() + 1000; while (Date.now() < end) {}';
  await Promise.all(
    [0, 1].map(() => new Promise((resolve) => new Worker(spin, { eval: true }).on('exit', resolve))),
  );
  const used = process.cpuUsage(cpu);
  return (used.user + used.system) / 1000 / (performance.now() - begin);
}

function median<T extends Sample>(samples: T[]): T {
  return [...samples].sort((a, b) => a.rate - b.rate)[Math.floor(samples.length / 2)]!;
}

const dir = await mkdtemp(join(tmpdir(), 'tilts-bench-credentials-'));
const tilts = await startTilts(
  {
    PORT: String(PORT),
    PUBLIC_URL,
    TILTS_DATA_DIR: 'memory://',
    TILTS_DEMO: 'false',
    TILTS_JOBS: 'false',
    LOG_LEVEL: 'silent',
    TILTS_MASTER_KEY: 'a'.repeat(64),
    ...(process.env.BENCH_DATABASE_URL ? { DATABASE_URL: process.env.BENCH_DATABASE_URL } : {}),
  },
  { logger: false },
);
const { deps } = tilts;

try {
  // The cast: one school, its admin, a template with every element, and the learners of a course.
  const school = await createSchool(deps.db, { name: 'Rīgas Valsts tehnikums', slug: 'bench' });
  const adminUser = await createUser(deps.db, {
    email: 'admin@bench.test',
    givenName: 'Inese',
    familyName: 'Bērziņa',
    schoolId: school.id,
    role: 'admin',
  });
  const actor = {
    userId: adminUser.id,
    email: adminUser.email,
    schoolId: school.id,
    role: 'admin' as const,
    locale: 'lv' as const,
  };
  const template = await createTemplate(deps, actor, {
    title: 'Metināšana ar MIG/MAG metodi',
    description: 'Moduļa apguve darba vidē.',
    language: 'lv',
    documentType: 'module_certificate',
    learningOutcomes: [
      { text: 'Sagatavo metināmās virsmas atbilstoši rasējumam', kind: 'skills' },
      { text: 'Izvēlas metināšanas režīmu materiālam un biezumam', kind: 'knowledge' },
      { text: 'Ievēro darba drošības prasības', kind: 'responsibility_autonomy' },
    ],
    unitId: null,
    ects: 3,
    hours: 80,
    eqfLevel: 4,
    lkiLevel: 4,
    assessmentType: 'exam',
    assessmentDescription: 'Praktisks noslēguma pārbaudījums',
    participationMode: 'blended',
    learningSetting: 'formal',
    qualityAssurance: 'Akreditēta profesionālās izglītības programma (IKVD)',
    prerequisites: 'Darba drošības instruktāža',
    identityVerification: 'onsite_id',
    gradingScheme: '10 ballu skala',
    stacksInto: '',
    furtherInformation: '',
    validMonths: null,
    partIds: [],
  });
  const csv = ['email,given_name,family_name,grade'];
  for (let i = 0; i < ISSUE + 20; i++) csv.push(`audzeknis${i}@bench.test,Audzēknis,Nr${i},${(i % 10) + 1}`);

  // The credential both sides sign: the same template, issuer and learner.
  const { ctx, key } = await inSchool(deps.db, school.id, async (trx) => {
    await ensureIssuer(trx, deps, school.id, null);
    const ctx = await loadIssueContext(trx, deps.config, school.id, template.id);
    return { ctx, key: await activeSigningKey(trx, deps.config, school.id, ctx.issuer.did) };
  });
  const learner = { id: adminUser.id, givenName: 'Ēriks', familyName: 'Žubīts', email: 'eriks@bench.test' };
  const { unsigned } = prepareCredential(ctx, deps.config, learner, 0, '9', [], [], new Date());

  // 1a. Bare library, one core: vc.issue in a loop on this thread, nothing else running.
  const pair = await Ed25519Multikey.from({ type: 'Multikey', ...key });
  const loader = offlineLoader();
  const bareSign = () =>
    vc.issue({
      credential: structuredClone(unsigned),
      suite: new DataIntegrityProof({ signer: pair.signer(), cryptosuite }),
      documentLoader: loader,
    });
  for (let i = 0; i < 10; i++) await bareSign();
  const warm = await createBatch(deps, actor, template.id, Buffer.from(csv.slice(0, 21).join('\n')), true);
  await runIssueBatch(deps, warm.id);
  const courseCsv = Buffer.from([csv[0], ...csv.slice(21, 21 + ISSUE)].join('\n'));

  // The machine is shared: rounds alternate the two sides, and the medians are compared. CPU time
  // (all threads of this process) per credential does not depend on what else runs.
  const bareIssue: Sample[] = [];
  const batchIssue: Sample[] = [];
  for (let round = 0; round < ROUNDS; round++) {
    bareIssue.push(
      await sample(ISSUE, async () => {
        for (let i = 0; i < ISSUE; i++) await bareSign();
      }),
    );
    const batch = await createBatch(deps, actor, template.id, courseCsv, true);
    batchIssue.push(await sample(ISSUE, () => runIssueBatch(deps, batch.id)));
    const done = await deps.db
      .selectFrom('credential_batches')
      .select(['done'])
      .where('id', '=', batch.id)
      .executeTakeFirstOrThrow();
    if (done.done !== ISSUE) throw new Error(`batch issued ${done.done} of ${ISSUE}`);
  }
  await cryptoPool().close();

  // 2a. Bare library verify loop, one core, on a credential Tilts issued (DID document from memory).
  const issued = await issueCredential(deps, {
    schoolId: school.id,
    learnerUserId: adminUser.id,
    templateId: template.id,
    grade: '9',
  });
  const record = (await issuerRecordBySlug(deps.db, deps.config, 'bench'))!;
  const verifyLoader = offlineLoader((did) => (did === record.didDocument.id ? record.didDocument : null));
  const verifySuite = new DataIntegrityProof({ cryptosuite });
  const bareVerify = async () => {
    const r = await vc.verifyCredential({
      credential: issued.document,
      suite: verifySuite,
      documentLoader: verifyLoader,
      checkStatus: async () => ({ verified: true }),
    });
    if (!r.verified) throw new Error('bare verify failed');
  };
  for (let i = 0; i < 10; i++) await bareVerify();

  // 2b. The public endpoint under load from autocannon in a separate process.
  await tilts.app.listen({ port: PORT, host: '127.0.0.1' });
  const body = join(dir, 'credential.json');
  await writeFile(body, JSON.stringify(issued.document));
  const check = await fetch(`${PUBLIC_URL}/api/verify`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(issued.document),
  });
  const checked = (await check.json()) as { verified: boolean; failed: string[] };
  if (!checked.verified) throw new Error(`endpoint did not verify: ${checked.failed.join(', ')}`);
  const slice = SECONDS / ROUNDS;
  const bareVerifySamples: Sample[] = [];
  const endpointSamples: (Sample & { p50: number; p99: number })[] = [];
  for (let round = 0; round < ROUNDS; round++) {
    let count = 0;
    bareVerifySamples.push(
      await sample(
        () => count,
        async () => {
          const begin = performance.now();
          while (performance.now() - begin < slice * 1000) {
            await bareVerify();
            count++;
          }
        },
      ),
    );
    let load = { requests: { total: 0 }, latency: { p50: 0, p99: 0 }, non2xx: 0, errors: 0 };
    const measured = await sample(
      () => load.requests.total,
      async () => {
        const { stdout } = await run(
          'npx',
          [
            'autocannon',
            '--json',
            '-c',
            '8',
            '-d',
            String(slice),
            '-m',
            'POST',
            '-H',
            'content-type=application/json',
            '-i',
            body,
            `${PUBLIC_URL}/api/verify`,
          ],
          { maxBuffer: 64 * 1024 * 1024 },
        );
        load = JSON.parse(stdout.slice(stdout.indexOf('{')));
      },
    );
    if (load.non2xx > 0 || load.errors > 0)
      throw new Error(`autocannon saw ${load.non2xx} non-2xx and ${load.errors} errors`);
    // autocannon's own start-up is not load: the rate is over the load's duration.
    endpointSamples.push({
      ...measured,
      rate: load.requests.total / slice,
      p50: load.latency.p50,
      p99: load.latency.p99,
    });
  }

  const database = deps.database.kind === 'pglite' ? 'PGlite (embedded)' : 'PostgreSQL server';
  const cores = await coresAvailable();
  const bi = median(bareIssue);
  const ti = median(batchIssue);
  const bv = median(bareVerifySamples);
  const tv = median(endpointSamples);
  const lines = [
    `Machine: ${availableParallelism()} cores (${cpus()[0]?.model ?? '?'}), Node ${process.version}, ${database}, load average ${loadavg()
      .map((l) => l.toFixed(1))
      .join(' ')}; two spinning threads got ${cores.toFixed(2)} cores; ${ROUNDS} alternating rounds, medians`,
    '',
    '| measure | Tilts | bare Digital Bazaar library, one core | ratio | goal |',
    '| --- | --- | --- | --- | --- |',
    `| issuing, credentials/s (${ISSUE} per round) | ${ti.rate.toFixed(1)} (batch job, pool of ${cryptoPool().size}) | ${bi.rate.toFixed(1)} (vc.issue loop) | ${(ti.rate / bi.rate).toFixed(2)}× | ≥ 1.5× |`,
    `| issuing, CPU ms per credential (all threads) | ${ti.cpuMs.toFixed(1)} | ${bi.cpuMs.toFixed(1)} | | |`,
    `| verifying, requests/s (${slice.toFixed(1)} s per round) | ${tv.rate.toFixed(1)} (POST /api/verify, 8 connections, p50 ${tv.p50} ms, p99 ${tv.p99} ms) | ${bv.rate.toFixed(1)} (vc.verifyCredential loop) | ${((tv.rate / bv.rate) * 100).toFixed(0)} % | ≥ 80 % |`,
    `| verifying, CPU ms per request (Tilts process; autocannon apart) | ${tv.cpuMs.toFixed(1)} | ${bv.cpuMs.toFixed(1)} | | |`,
    '',
    `On two idle cores the CPU costs above allow: issuing ${(2000 / ti.cpuMs).toFixed(0)}/s against ${(1000 / bi.cpuMs).toFixed(0)}/s (${(2000 / ti.cpuMs / (1000 / bi.cpuMs)).toFixed(2)}×); verifying ${(2000 / tv.cpuMs).toFixed(0)}/s against ${(1000 / bv.cpuMs).toFixed(0)}/s (${((2000 / tv.cpuMs / (1000 / bv.cpuMs)) * 100).toFixed(0)} %), the load generator apart.`,
  ];
  process.stdout.write(`${lines.join('\n')}\n`);
} finally {
  await cryptoPool().close();
  await tilts.close();
  await rm(dir, { recursive: true, force: true });
}
