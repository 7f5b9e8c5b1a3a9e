/**
 * Fills a migrated, empty Tilts database to a chosen scale, fast: each step is one or a few
 * `insert … select … from generate_series` statements, and every user shares one argon2 hash.
 *
 *   npx node bench/generate.ts --data-dir ./.bench-data/db --schools 20 --users 50000
 *   npx node bench/generate.ts --url postgres://root@127.0.0.1:5432/tilts_bench
 *
 * A later feature adds its rows by appending a step to `fillSteps` (and, if it needs one, a number
 * to `Scale`). Rows get predictable ids (`benchId('user', n)`), so a step can point at the n-th
 * user, partner or session of an earlier step without reading it back.
 */
import { parseArgs } from 'node:util';
import { type Role, roles } from '@tilts/shared';
import { type Kysely, type RawBuilder, sql } from 'kysely';
import { openDatabase } from '../packages/server/src/db/database.ts';
import { migrate } from '../packages/server/src/db/migrate.ts';
import type { DB } from '../packages/server/src/db/schema.ts';
import { createSchool } from '../packages/server/src/demo/factories.ts';
import { hashPassword } from '../packages/server/src/features/auth/tokens.ts';

/** Every generated user signs in with this password. */
export const BENCH_PASSWORD = 'Bench-password-2026';
export const BENCH_EMAIL_DOMAIN = 'bench.tilts.lv';

export interface Scale {
  schools: number;
  users: number;
  /** Open sessions (a tenth of them expired), spread over the users. */
  sessions: number;
  partnersPerSchool: number;
  /** Placements, spread over the schools, each with one learner of its school (issue 3's benchmark). */
  placements: number;
}

export const defaultScale: Scale = {
  schools: 20,
  users: 50_000,
  sessions: 10_000,
  partnersPerSchool: 50,
  placements: 100_000,
};

/** The scale for a number of users: the other numbers follow it unless given. */
export function scaleFor(given: Partial<Scale>): Scale {
  const users = given.users ?? defaultScale.users;
  return {
    schools: given.schools ?? defaultScale.schools,
    users,
    sessions: given.sessions ?? Math.max(1, Math.round(users / 5)),
    partnersPerSchool: given.partnersPerSchool ?? defaultScale.partnersPerSchool,
    placements: given.placements ?? defaultScale.placements,
  };
}

export interface FillContext {
  db: Kysely<DB>;
  scale: Scale;
  /** The generated schools, in order: school k (0-based) is `schoolIds[k]`. */
  schoolIds: string[];
  /** The argon2 hash of BENCH_PASSWORD, computed once. */
  passwordHash: string;
}

export interface FillStep {
  name: string;
  /** Writes the step's rows; returns how many. */
  fill(ctx: FillContext): Promise<number>;
}

/**
 * A predictable uuid for the n-th generated row of a kind (n is an SQL expression or a number):
 * an md5 with the version-4 and variant bits set, as the API's uuid schemas require.
 */
export function benchId(kind: string, n: RawBuilder<unknown> | number): RawBuilder<string> {
  const hex = sql`md5(${`${kind}:`} || (${n})::text)`;
  return sql<string>`overlay(overlay(${hex} placing '4' from 13) placing '8' from 17)::uuid`;
}

/** The e-mail address of the n-th generated user (1-based). */
export function benchEmail(n: number): string {
  return `user${n}@${BENCH_EMAIL_DOMAIN}`;
}

/** The school (0-based) of the n-th user: users are dealt out to the schools in turn. */
const schoolIndexSql = (ctx: FillContext, n: RawBuilder<unknown>) => sql`((${n}) - 1) % ${ctx.scale.schools}`;

function schoolIdSql(ctx: FillContext, index: RawBuilder<unknown>): RawBuilder<string> {
  const ids = sql.join(ctx.schoolIds.map((id) => sql`${id}::uuid`));
  return sql<string>`(array[${ids}])[1 + (${index})]`;
}

/**
 * A user's role from their rank in their school: one admin, three coordinators, then of every ten
 * one teacher, two workplace supervisors and seven learners.
 */
const roleSql = (rank: RawBuilder<unknown>) => sql`case
    when ${rank} = 0 then 'admin'
    when ${rank} < 4 then 'coordinator'
    when (${rank} - 4) % 10 = 0 then 'teacher'
    when (${rank} - 4) % 10 in (1, 2) then 'supervisor'
    else 'learner' end`;

const givenNames = [
  'Anna',
  'Kārlis',
  'Elīza',
  'Ģirts',
  'Līga',
  'Mārtiņš',
  'Ieva',
  'Edgars',
  'Dārta',
  'Ņikita',
];
const familyNames = ['Bērziņš', 'Ozols', 'Kalniņa', 'Zariņš', 'Krūmiņa', 'Jansons', 'Ķirse', 'Šulcs', 'Ūdre'];
const textArray = (values: string[]) => sql`(array[${sql.join(values)}]::text[])`;

const rows = (result: { numAffectedRows?: bigint }) => Number(result.numAffectedRows ?? 0n);

export const fillSteps: FillStep[] = [
  {
    name: 'schools',
    async fill(ctx) {
      for (let k = 0; k < ctx.scale.schools; k++) {
        const number = String(k + 1).padStart(4, '0');
        const school = await createSchool(ctx.db, {
          name: `Bench tehnikums ${number}`,
          slug: `bench-${number}`,
          legalAddress: `Skolas iela ${k + 1}, Rīga`,
          registrationNumber: `9000${number}`,
        });
        ctx.schoolIds.push(school.id);
      }
      return ctx.scale.schools;
    },
  },
  {
    name: 'users',
    async fill(ctx) {
      const n = sql`n`;
      const result = await sql`
        insert into users (id, email, given_name, family_name, password_hash, locale, created_at, updated_at)
        select ${benchId('user', n)}, 'user' || n || ${`@${BENCH_EMAIL_DOMAIN}`},
          ${textArray(givenNames)}[1 + n % ${givenNames.length}],
          ${textArray(familyNames)}[1 + (n / ${givenNames.length}) % ${familyNames.length}],
          ${ctx.passwordHash}, case when n % 10 = 0 then 'en' else 'lv' end,
          now() - (n % 5000) * interval '1 hour', now()
        from generate_series(1, ${ctx.scale.users}::int) n
      `.execute(ctx.db);
      return rows(result);
    },
  },
  {
    name: 'memberships',
    async fill(ctx) {
      const n = sql`n`;
      const rank = sql`((n - 1) / ${ctx.scale.schools})`;
      const first = await sql`
        insert into memberships (school_id, user_id, role)
        select ${schoolIdSql(ctx, schoolIndexSql(ctx, n))}, ${benchId('user', n)}, ${roleSql(rank)}
        from generate_series(1, ${ctx.scale.users}::int) n
      `.execute(ctx.db);
      if (ctx.scale.schools < 2) return rows(first);
      // Some workplace supervisors take learners from a second school too.
      const second = await sql`
        insert into memberships (school_id, user_id, role)
        select ${schoolIdSql(ctx, sql`(${schoolIndexSql(ctx, n)} + 1) % ${ctx.scale.schools}`)},
          ${benchId('user', n)}, 'supervisor'
        from generate_series(1, ${ctx.scale.users}::int) n
        where ${rank} >= 4 and (${rank} - 4) % 50 = 1
      `.execute(ctx.db);
      return rows(first) + rows(second);
    },
  },
  {
    name: 'sessions',
    async fill(ctx) {
      // Session i's cookie value is 'bench-session:i', so a load test can use many sessions.
      const user = sql`(1 + (i * 7919) % ${ctx.scale.users})`;
      const result = await sql`
        insert into sessions (token_hash, user_id, school_id, created_at, last_seen_at, expires_at)
        select encode(sha256(convert_to('bench-session:' || i, 'UTF8')), 'hex'), ${benchId('user', user)},
          ${schoolIdSql(ctx, schoolIndexSql(ctx, user))}, now() - (i % 720) * interval '1 hour', now(),
          case when i % 10 = 0 then now() - interval '1 day' else now() + interval '30 days' end
        from generate_series(1, ${ctx.scale.sessions}::int) i
      `.execute(ctx.db);
      return rows(result);
    },
  },
  {
    name: 'partners',
    async fill(ctx) {
      const total = ctx.scale.schools * ctx.scale.partnersPerSchool;
      const countries = ['LV', 'LV', 'LV', 'EE', 'LT', 'DE', 'FI', 'ES'];
      const result = await sql`
        insert into partners (id, school_id, kind, legal_name, registration_number, country, city, sector)
        select ${benchId('partner', sql`n`)}, ${schoolIdSql(ctx, sql`(n - 1) % ${ctx.scale.schools}`)},
          (array['company', 'company', 'company', 'school', 'intermediary'])[1 + n % 5],
          'SIA „Partneris ' || n || '”', '4000' || lpad(n::text, 7, '0'),
          ${textArray(countries)}[1 + n % ${countries.length}], 'Rīga', 'Būvniecība'
        from generate_series(1, ${total}::int) n
      `.execute(ctx.db);
      return rows(result);
    },
  },
  {
    name: 'placements',
    async fill(ctx) {
      const S = ctx.scale.schools;
      const perSchool = Math.floor(ctx.scale.users / S);
      // Learners sit at ranks 4 + 10j + 3…9 of their school (roleSql), teachers at 4 + 10j.
      const blocks = Math.floor((perSchool - 4) / 10) - 1;
      if (blocks < 1) return 0;
      const n = sql`n`;
      const school = sql`((n - 1) % ${S})`;
      const block = sql`((n / ${S}) % ${blocks})`;
      const learner = sql`(${school} + 1 + ${S} * (4 + 10 * ${block} + 3 + n % 7))`;
      const mentor = sql`(${school} + 1 + ${S} * (4 + 10 * ${block}))`;
      const partner = sql`(${school} + 1 + ${S} * (n % ${ctx.scale.partnersPerSchool}))`;
      const given = sql`${textArray(givenNames)}[1 + ${learner} % ${givenNames.length}]`;
      const family = sql`${textArray(familyNames)}[1 + (${learner} / ${givenNames.length}) % ${familyNames.length}]`;
      const title = sql`${given} || ' ' || ${family} || ' — SIA „Partneris ' || ${partner} || '”'`;
      const kinds = ['internship', 'dvb', 'virtual_internship', 'erasmus'];
      const statuses = [
        'draft',
        'planned',
        'ready',
        'in_progress',
        'in_progress',
        'completed',
        'recognised',
        'closed',
        'cancelled',
      ];
      const placements = await sql`
        insert into placements (id, school_id, kind, activity_type, title, host_partner_id, destination_country,
          destination_city, supervisor_name, supervisor_email, mentor_id, start_date, end_date, mode, insurance,
          status, search_text, comm_channels, comm_every_days)
        select ${benchId('placement', n)}, ${schoolIdSql(ctx, school)}, k.kind,
          case when k.kind = 'erasmus' then 'short_term_learner' end, ${title}, ${benchId('partner', partner)},
          (array['LV', 'LV', 'DE', 'EE', 'FI'])[1 + n % 5], 'Rīga', 'Ilze Kalna',
          'supervisor' || (n % 997) || '@example.lv', ${benchId('user', mentor)},
          date '2025-01-01' + (n % 700), date '2025-01-01' + (n % 700) + 14 + n % 60,
          case when k.kind = 'virtual_internship' then 'virtual' else 'on_site' end, 'BTA',
          ${textArray(statuses)}[1 + (n / ${S}) % ${statuses.length}],
          lower(translate(${title} || ' ilze kalna riga', 'āčēģīķļņšūžĀČĒĢĪĶĻŅŠŪŽ„”', 'acegiklnsuzACEGIKLNSUZ  ')),
          case when k.kind = 'virtual_internship' then array['Teams'] else '{}'::text[] end,
          case when k.kind = 'virtual_internship' then 3 end
        from generate_series(1, ${ctx.scale.placements}::int) n
        cross join lateral (select ${textArray(kinds)}[1 + (n / ${S} / 9) % ${kinds.length}] as kind) k
      `.execute(ctx.db);
      await sql`
        insert into placement_participants (school_id, placement_id, user_id, role)
        select ${schoolIdSql(ctx, school)}, ${benchId('placement', n)}, ${benchId('user', learner)}, 'learner'
        from generate_series(1, ${ctx.scale.placements}::int) n
      `.execute(ctx.db);
      return rows(placements);
    },
  },
];

export interface GenerateResult {
  scale: Scale;
  steps: { name: string; rows: number; ms: number }[];
  ms: number;
}

/** Runs every fill step on a migrated database that has no generated rows yet, then ANALYZE. */
export async function generate(
  db: Kysely<DB>,
  scale: Scale,
  onStep: (step: { name: string; rows: number; ms: number }) => void = () => {},
): Promise<GenerateResult> {
  const started = performance.now();
  const taken = await db
    .selectFrom('schools')
    .select('id')
    .where('slug', 'like', 'bench-%')
    .executeTakeFirst();
  if (taken) throw new Error('This database already holds generated data: generate into an empty one.');
  const ctx: FillContext = { db, scale, schoolIds: [], passwordHash: await hashPassword(BENCH_PASSWORD) };
  const steps: GenerateResult['steps'] = [];
  for (const step of fillSteps) {
    const t0 = performance.now();
    const count = await step.fill(ctx);
    const done = { name: step.name, rows: count, ms: Math.round(performance.now() - t0) };
    steps.push(done);
    onStep(done);
  }
  // Fresh statistics and visibility map, as autovacuum keeps them on a database that grew slowly.
  await sql`vacuum analyze`.execute(db);
  return { scale, steps, ms: Math.round(performance.now() - started) };
}

/** One generated user of each role in the first school, to sign in as. */
export async function benchAccounts(db: Kysely<DB>): Promise<Record<Role, string>> {
  const found = await sql<{ role: Role; email: string }>`
    select distinct on (m.role) m.role, u.email
    from memberships m join users u on u.id = m.user_id join schools s on s.id = m.school_id
    where s.slug = 'bench-0001'
    order by m.role, length(u.email), u.email
  `.execute(db);
  const accounts = Object.fromEntries(found.rows.map((r) => [r.role, r.email])) as Record<Role, string>;
  const missing = roles.filter((r) => !accounts[r]);
  if (missing.length > 0)
    throw new Error(`The generated data has no ${missing.join(', ')} in the first school.`);
  return accounts;
}

if (import.meta.main) {
  const { values } = parseArgs({
    options: {
      url: { type: 'string' },
      'data-dir': { type: 'string' },
      schools: { type: 'string' },
      users: { type: 'string' },
      sessions: { type: 'string' },
      placements: { type: 'string' },
    },
  });
  if (!values.url && !values['data-dir']) {
    process.stderr.write('Give --url postgres://… or --data-dir <folder for the embedded database>.\n');
    process.exit(2);
  }
  const number = (v: string | undefined) => (v === undefined ? undefined : Number(v));
  const scale = scaleFor({
    schools: number(values.schools),
    users: number(values.users),
    sessions: number(values.sessions),
    placements: number(values.placements),
  });
  const database = await openDatabase({ url: values.url, dataDir: values['data-dir'] });
  try {
    await migrate(database.db);
    const result = await generate(database.db, scale, (s) =>
      process.stdout.write(`  ${s.name.padEnd(12)} ${String(s.rows).padStart(9)} rows ${s.ms} ms\n`),
    );
    process.stdout.write(`Generated in ${result.ms} ms. Password of every user: ${BENCH_PASSWORD}\n`);
  } finally {
    await database.close();
  }
}
