// npx node bench/agreements.ts: the learning agreement figures of docs/benchmarks.md.
//   1. The PDF of a learning agreement with 10 units (through the service the route calls, database
//      read and file record included), p50 over 50 renders, next to a one-line PDF in the same run.
//   2. A group of 30 learners: their agreements generated and sent for signature (links, e-mails,
//      audit entries) in one action each, as the coordinator's two clicks.
// Runs on the embedded database; DATABASE_URL=postgres://… runs it on a PostgreSQL server (an empty
// database: it is filled with the bench school).
import { performance } from 'node:perf_hooks';
import type { Actor } from '../packages/server/src/db/context.ts';
import { createPartner, createSchool, createUser } from '../packages/server/src/demo/factories.ts';
import { insertPlacement } from '../packages/server/src/demo/placements.ts';
import { createAgreement } from '../packages/server/src/features/agreements/agreements.demo.ts';
import { versionPdf } from '../packages/server/src/features/agreements/agreements.files.ts';
import {
  generateAgreements,
  sendAll,
} from '../packages/server/src/features/agreements/agreements.service.ts';
import { renderPdf } from '../packages/server/src/pdf/pdf.ts';
import { startTilts } from '../packages/server/src/server.ts';

const RENDERS = 50;

function p50(samples: number[]): number {
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

async function time<T>(work: () => Promise<T>): Promise<[number, T]> {
  const start = performance.now();
  const result = await work();
  return [performance.now() - start, result];
}

const tilts = await startTilts(
  {
    ...(process.env.DATABASE_URL
      ? { DATABASE_URL: process.env.DATABASE_URL }
      : { TILTS_DATA_DIR: 'memory://' }),
    TILTS_DEMO: 'false',
    TILTS_JOBS: 'false',
    LOG_LEVEL: 'silent',
    PUBLIC_URL: 'http://tilts.bench',
  },
  { logger: false },
);
try {
  const db = tilts.deps.db;
  const school = await createSchool(db, {
    name: 'Rīgas Valsts tehnikums (bench)',
    slug: `bench-${Date.now()}`,
    legalAddress: 'Kr. Valdemāra iela 1c, Rīga, LV-1010',
  });
  const coordinator = await createUser(db, {
    email: `koordinatore.${Date.now()}@bench.test`,
    givenName: 'Ilze',
    familyName: 'Kļaviņa',
    schoolId: school.id,
    role: 'coordinator',
  });
  const actor: Actor = {
    userId: coordinator.id,
    email: coordinator.email,
    schoolId: school.id,
    role: 'coordinator',
    locale: 'lv',
  };
  const q = await db
    .insertInto('qualifications')
    .values({
      school_id: school.id,
      code: '33 481 02 1',
      title: 'Datorsistēmu tehniķis',
      eqf_level: 4,
      lki_level: 4,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  const unitIds: string[] = [];
  for (let i = 1; i <= 10; i++) {
    const u = await db
      .insertInto('units')
      .values({
        school_id: school.id,
        qualification_id: q.id,
        code: `M${i}`,
        title: `Mācību modulis Nr. ${i}: datortīklu ierīkošana un uzturēšana`,
        eqf_level: 4,
        credit_points: 3,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await db
      .insertInto('learning_outcomes')
      .values(
        Array.from({ length: 4 }, (_, j) => ({
          school_id: school.id,
          unit_id: u.id,
          position: j,
          kind: 'skills' as const,
          text: `Glāžšķūņa rūķīši dzērumā čiepj Baha koncertflīģeļu vākus: rezultāts ${i}.${j + 1}`,
          assessment_criteria: 'Praktisks uzdevums darba vietā',
        })),
      )
      .execute();
    unitIds.push(u.id);
  }
  const host = await createPartner(db, {
    school_id: school.id,
    kind: 'company',
    legal_name: 'Müller Maschinenbau GmbH',
    country: 'DE',
    city: 'Dresden',
    legal_address: 'Königsbrücker Straße 96, 01099 Dresden',
  });
  const placement = async (title: string, learners: { id: string }[]) => {
    const id = await insertPlacement(
      db,
      school.id,
      {
        kind: 'erasmus',
        activity_type: 'group_mobility',
        title,
        qualification_id: q.id,
        host_partner_id: host.id,
        destination_country: 'DE',
        destination_city: 'Dresden',
        supervisor_name: 'Hans Müller',
        supervisor_email: 'h.mueller@example.de',
        mentor_id: coordinator.id,
        start_date: '2027-04-05',
        end_date: '2027-04-23',
        insurance: 'ERGO grupas polise',
      },
      learners.map((l) => ({ userId: l.id, role: 'learner' as const, name: title })),
    );
    await db
      .insertInto('placement_units')
      .values(
        unitIds.map((unitId, position) => ({
          school_id: school.id,
          placement_id: id,
          unit_id: unitId,
          position,
        })),
      )
      .execute();
    return id;
  };
  const learner = async (n: number) => {
    const u = await createUser(db, {
      email: `audzeknis.${n}.${Date.now()}@bench.test`,
      givenName: 'Ģirts',
      familyName: `Šņore-${n}`,
      schoolId: school.id,
      role: 'learner',
    });
    await db
      .insertInto('learner_profiles')
      .values({ school_id: school.id, user_id: u.id, date_of_birth: '2005-05-05' })
      .execute();
    return u;
  };

  // 1. One learner's agreement with 10 units, signed by every party.
  const one = await learner(0);
  const single = await placement('PDF', [one]);
  const agreementId = await createAgreement(db, {
    schoolId: school.id,
    placementId: single,
    learnerId: one.id,
    by: { userId: coordinator.id, email: coordinator.email, name: 'Ilze Kļaviņa' },
    signedAt: new Date('2027-03-01T10:00:00Z'),
    edit: (e) => ({
      ...e,
      units: unitIds.map((unitId) => ({
        unitId,
        activities: 'Darbs ražošanas cehā mentora vadībā',
        outcomes: [],
      })),
    }),
  });
  const baseline: number[] = [];
  const agreement: number[] = [];
  let pages = 0;
  for (let i = 0; i < 5; i++) {
    await renderPdf([{ text: 'Tilts' }], { title: 'Tilts', locale: 'lv' });
    await versionPdf(tilts.deps, actor, agreementId, 1, 'lv');
  }
  for (let i = 0; i < RENDERS; i++) {
    baseline.push((await time(() => renderPdf([{ text: 'Tilts' }], { title: 'Tilts', locale: 'lv' })))[0]);
    const [ms, pdf] = await time(() => versionPdf(tilts.deps, actor, agreementId, 1, i % 2 ? 'en' : 'lv'));
    agreement.push(ms);
    pages = Math.max(pages, (pdf.bytes.toString('latin1').match(/\/Type\s*\/Page[^s]/g) ?? []).length);
  }

  // 2. A group of 30: generated in one action, sent in another.
  const group = [];
  for (let i = 1; i <= 30; i++) group.push(await learner(i));
  const groupPlacement = await placement('Grupa uz Drēzdeni', group);
  const [generateMs, generated] = await time(() =>
    generateAgreements(
      tilts.deps,
      actor,
      groupPlacement,
      '1. nedēļa: iepazīšanās; 2.–3. nedēļa: darbs cehā.',
    ),
  );
  // The learning agreement needs the activities at the host: the coordinator fills them once per
  // learner before sending (not timed: it is typing).
  for (const a of generated.agreements) {
    const v = await db
      .selectFrom('agreement_versions')
      .select(['id', 'content'])
      .where('agreement_id', '=', a.id)
      .executeTakeFirstOrThrow();
    const content = { ...v.content, units: v.content.units.map((u) => ({ ...u, activities: 'Darbs cehā' })) };
    await db
      .updateTable('agreement_versions')
      .set({ content: JSON.stringify(content) })
      .where('id', '=', v.id)
      .execute();
  }
  const [sendMs, sent] = await time(() => sendAll(tilts.deps, actor, groupPlacement));
  const mails = await db
    .selectFrom('mail_messages')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();

  const f = (ms: number) => `${ms.toFixed(1)} ms`;
  console.log(
    `\nLearning agreements (${process.env.DATABASE_URL ? 'PostgreSQL server' : 'embedded PGlite'}, Node ${process.version})\n`,
  );
  console.log('| measure | result |');
  console.log('| --- | --- |');
  console.log(`| one-line PDF (baseline), p50 of ${RENDERS} | ${f(p50(baseline))} |`);
  console.log(
    `| learning agreement, 10 units × 4 outcomes (${pages} pages), p50 of ${RENDERS} | ${f(p50(agreement))} |`,
  );
  console.log(`| learning agreement, slowest of ${RENDERS} | ${f(Math.max(...agreement))} |`);
  console.log(
    `| group of 30: generate the agreements | ${f(generateMs)} (${generated.agreements.length} made) |`,
  );
  console.log(
    `| group of 30: send for signature | ${f(sendMs)} (${sent.sent} sent, ${sent.notReady.length} not ready, ${Number(mails.n)} e-mails) |`,
  );
  console.log(`| group of 30: generate + send | ${((generateMs + sendMs) / 1000).toFixed(2)} s |`);
} finally {
  await tilts.close();
}
