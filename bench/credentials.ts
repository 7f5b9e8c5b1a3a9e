// Micro-credential benchmark, in one run on the same credential:
//  1. issuing per second: Tilts' batch job (pg-boss handler, worker pool of two) against a bare loop
//     of the Digital Bazaar library on one core (goal: at least 1.5×);
//  2. verifying: requests per second of the public POST /api/verify (load from autocannon in another
//     process) against the bare library's verify loop on one core (goal: at least 80 %).
// Run: npm run bench:credentials  (BENCH_ISSUE=N, BENCH_SECONDS=S, BENCH_DATABASE_URL=postgres://… to use a server)
import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { availableParallelism, cpus, tmpdir } from 'node:os';
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
  let started = performance.now();
  for (let i = 0; i < ISSUE; i++) await bareSign();
  const bareIssueRate = ISSUE / ((performance.now() - started) / 1000);

  // 1b. Tilts: the batch job, from a CSV batch written by the service, signing in the worker pool.
  const warm = await createBatch(deps, actor, template.id, Buffer.from(csv.slice(0, 21).join('\n')), true);
  await runIssueBatch(deps, warm.id);
  const batch = await createBatch(
    deps,
    actor,
    template.id,
    Buffer.from([csv[0], ...csv.slice(21, 21 + ISSUE)].join('\n')),
    true,
  );
  started = performance.now();
  await runIssueBatch(deps, batch.id);
  const batchIssueRate = ISSUE / ((performance.now() - started) / 1000);
  const done = await deps.db
    .selectFrom('credential_batches')
    .select(['done', 'failed'])
    .where('id', '=', batch.id)
    .executeTakeFirstOrThrow();
  if (done.done !== ISSUE) throw new Error(`batch issued ${done.done} of ${ISSUE}`);
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
  let count = 0;
  started = performance.now();
  while (performance.now() - started < SECONDS * 1000) {
    await bareVerify();
    count++;
  }
  const bareVerifyRate = count / ((performance.now() - started) / 1000);

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
  const { stdout } = await run(
    'npx',
    [
      'autocannon',
      '--json',
      '-c',
      '8',
      '-d',
      String(SECONDS),
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
  const load = JSON.parse(stdout.slice(stdout.indexOf('{'))) as {
    requests: { average: number; total: number };
    latency: { p50: number; p99: number };
    non2xx: number;
    errors: number;
  };
  const endpointRate = load.requests.total / SECONDS;
  if (load.non2xx > 0 || load.errors > 0)
    throw new Error(`autocannon saw ${load.non2xx} non-2xx and ${load.errors} errors`);

  const database = deps.database.kind === 'pglite' ? 'PGlite (embedded)' : 'PostgreSQL server';
  const lines = [
    `Machine: ${availableParallelism()} cores (${cpus()[0]?.model ?? '?'}), Node ${process.version}, ${database}`,
    '',
    '| measure | Tilts | bare Digital Bazaar library, one core | ratio | goal |',
    '| --- | --- | --- | --- | --- |',
    `| issuing (credentials/s), ${ISSUE} in one batch | ${batchIssueRate.toFixed(1)} (batch job, pool of ${cryptoPool().size}) | ${bareIssueRate.toFixed(1)} (vc.issue loop) | ${(batchIssueRate / bareIssueRate).toFixed(2)}× | ≥ 1.5× |`,
    `| verifying (requests/s), ${SECONDS} s | ${endpointRate.toFixed(1)} (POST /api/verify, 8 connections, p50 ${load.latency.p50} ms, p99 ${load.latency.p99} ms) | ${bareVerifyRate.toFixed(1)} (vc.verifyCredential loop) | ${((endpointRate / bareVerifyRate) * 100).toFixed(0)} % | ≥ 80 % |`,
  ];
  process.stdout.write(`${lines.join('\n')}\n`);
} finally {
  await cryptoPool().close();
  await tilts.close();
  await rm(dir, { recursive: true, force: true });
}
