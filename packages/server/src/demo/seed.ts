import type { Role } from '@tilts/shared';
import type { Kysely } from 'kysely';
import type { DB } from '../db/schema.ts';
import { seedDemoAgreements } from '../features/agreements/agreements.demo.ts';
import { recordAudit } from '../features/audit/audit.service.ts';
import { seedDemoCalls } from '../features/calls/calls.demo.ts';
import { seedDemoDiary } from '../features/diary/diary.demo.ts';
import { seedDemoMous } from '../features/mous/mous.demo.ts';
import { seedDemoPeople } from '../features/people/people.demo.ts';
import { seedDemoPlan } from '../features/plan/plan.demo.ts';
import { seedDemoRisk } from '../features/risk/risk.demo.ts';
import { seedDemoSupport } from '../features/support/support.demo.ts';
import { createSchool, createUser } from './factories.ts';
import { seedDemoPlacements } from './placements.ts';
import { seedRegisters } from './registers.ts';

export const DEMO_PASSWORD = 'Tilts-demo-2026';
export const DEMO_SCHOOL_SLUG = 'demo';

export const demoAccounts: { role: Role; email: string; givenName: string; familyName: string }[] = [
  { role: 'admin', email: 'admin@demo.tilts.lv', givenName: 'Inese', familyName: 'Bērziņa' },
  { role: 'coordinator', email: 'koordinators@demo.tilts.lv', givenName: 'Māris', familyName: 'Kalniņš' },
  { role: 'teacher', email: 'pedagogs@demo.tilts.lv', givenName: 'Gunta', familyName: 'Ozoliņa' },
  { role: 'learner', email: 'audzeknis@demo.tilts.lv', givenName: 'Jānis', familyName: 'Liepiņš' },
  { role: 'supervisor', email: 'prakses.vaditajs@demo.tilts.lv', givenName: 'Ģirts', familyName: 'Šņore' },
];

// Thirty learners, every Latvian letter among them: ā č ē ģ ī ķ ļ ņ š ū ž.
const learnerNames: [string, string][] = [
  ['Anna', 'Bērziņa'],
  ['Kārlis', 'Ozols'],
  ['Elīza', 'Kalniņa'],
  ['Ģirts', 'Zariņš'],
  ['Līga', 'Krūmiņa'],
  ['Mārtiņš', 'Jansons'],
  ['Ieva', 'Ozoliņa'],
  ['Edgars', 'Vītols'],
  ['Dārta', 'Pētersone'],
  ['Roberts', 'Kļaviņš'],
  ['Katrīna', 'Āboliņa'],
  ['Emīls', 'Siliņš'],
  ['Laura', 'Žagare'],
  ['Ņikita', 'Čaika'],
  ['Sanija', 'Ķirse'],
  ['Rūdolfs', 'Lāčplēsis'],
  ['Marta', 'Eglīte'],
  ['Dāvis', 'Šulcs'],
  ['Annija', 'Ūdre'],
  ['Reinis', 'Grīnbergs'],
  ['Paula', 'Mežale'],
  ['Artūrs', 'Priedītis'],
  ['Evelīna', 'Strazdiņa'],
  ['Ričards', 'Ločmelis'],
  ['Beāte', 'Kociņa'],
  ['Gustavs', 'Putniņš'],
  ['Alise', 'Dūmiņa'],
  ['Valters', 'Ķēniņš'],
  ['Estere', 'Vanaga'],
  ['Miķelis', 'Zvaigzne'],
];

function ascii(text: string): string {
  return text
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase();
}

/** Fills an empty database with the demo school. Returns false (and does nothing) if any school exists. */
export async function seedDemo(db: Kysely<DB>): Promise<boolean> {
  return db.transaction().execute(async (trx) => {
    const any = await trx.selectFrom('schools').select('id').limit(1).executeTakeFirst();
    if (any) return false;
    const school = await createSchool(trx, {
      name: 'Rīgas Tehniskā koledža (demo)',
      slug: DEMO_SCHOOL_SLUG,
      legalAddress: 'Braslas iela 16, Rīga, LV-1084',
      city: 'Rīga',
      registrationNumber: '90000012345',
      erasmusOid: 'E10000001',
    });
    const other = await createSchool(trx, {
      name: 'Liepājas Valsts tehnikums (demo)',
      slug: 'demo-liepaja',
      legalAddress: 'Ventspils iela 51, Liepāja, LV-3405',
      city: 'Liepāja',
      registrationNumber: '90000054321',
    });
    for (const account of demoAccounts) {
      await createUser(trx, { ...account, password: DEMO_PASSWORD, schoolId: school.id });
    }
    await createUser(trx, {
      email: 'admin@liepaja.demo.tilts.lv',
      givenName: 'Aija',
      familyName: 'Jēkabsone',
      password: DEMO_PASSWORD,
      schoolId: other.id,
      role: 'admin',
    });
    for (const [given, family] of learnerNames) {
      await createUser(trx, {
        email: `${ascii(given)}.${ascii(family)}@audzekni.demo.tilts.lv`,
        givenName: given,
        familyName: family,
        schoolId: school.id,
        role: 'learner',
      });
    }
    const registers = await seedRegisters(trx, school.id, new Date());
    const today = new Date().toISOString().slice(0, 10);
    await seedDemoPlacements(trx, school.id, today);
    const mous = await seedDemoMous(trx, school.id, new Date());
    // The agreement gives the demo internship its units; self-mentoring (support) assesses their outcomes.
    await seedDemoAgreements(trx, school.id, today);
    await seedDemoSupport(trx, school.id, today);
    await seedDemoDiary(trx, school.id, today);
    await seedDemoPlan(trx, school.id, today);
    await seedDemoCalls(trx, school.id);
    await seedDemoPeople(trx, school.id, new Date());
    await seedDemoRisk(trx, school.id, today);
    await recordAudit(
      trx,
      { schoolId: school.id, email: 'system' },
      {
        action: 'demo.seeded',
        entityType: 'school',
        entityId: school.id,
        after: { users: demoAccounts.length + learnerNames.length, ...registers, mous },
      },
    );
    return true;
  });
}

/** The lines printed at start-up so that a newcomer can sign in. */
export async function demoSignInLines(db: Kysely<DB>): Promise<string[]> {
  const school = await db
    .selectFrom('schools')
    .select('id')
    .where('slug', '=', DEMO_SCHOOL_SLUG)
    .executeTakeFirst();
  if (!school) return [];
  return demoAccounts.map((a) => `  ${a.role.padEnd(12)} ${a.email.padEnd(34)} ${DEMO_PASSWORD}`);
}
