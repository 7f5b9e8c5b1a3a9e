import { defaultMobilityRules, type Role } from '@tilts/shared';
import { type Insertable, type Kysely, sql } from 'kysely';
import type { DB, PartnersTable } from '../db/schema.ts';
import { hashPassword } from '../features/auth/tokens.ts';

/** Makes rows the way the app would; the demo data, the tests and the benchmark all use these. */
export async function createSchool(
  db: Kysely<DB>,
  values: {
    name: string;
    slug: string;
    country?: string;
    legalAddress?: string;
    city?: string;
    registrationNumber?: string;
    erasmusOid?: string;
  },
) {
  return db
    .insertInto('schools')
    .values({
      name: values.name,
      slug: values.slug,
      country: values.country ?? 'LV',
      legal_address: values.legalAddress ?? '',
      city: values.city ?? '',
      registration_number: values.registrationNumber ?? '',
      erasmus_oid: values.erasmusOid ?? '',
    })
    .returning(['id', 'name'])
    .executeTakeFirstOrThrow();
}

export async function createUser(
  db: Kysely<DB>,
  values: {
    email: string;
    givenName: string;
    familyName: string;
    password?: string;
    locale?: 'lv' | 'en';
    schoolId?: string;
    role?: Role;
  },
) {
  const user = await db
    .insertInto('users')
    .values({
      email: values.email.toLowerCase(),
      given_name: values.givenName,
      family_name: values.familyName,
      password_hash: values.password ? await hashPassword(values.password) : null,
      locale: values.locale ?? 'lv',
    })
    .returning(['id', 'email'])
    .executeTakeFirstOrThrow();
  if (values.schoolId && values.role) {
    await db
      .insertInto('memberships')
      .values({ school_id: values.schoolId, user_id: user.id, role: values.role })
      .execute();
  }
  return user;
}

export async function createPartner(db: Kysely<DB>, values: Omit<Insertable<PartnersTable>, 'id'>) {
  return db.insertInto('partners').values(values).returning(['id', 'legal_name']).executeTakeFirstOrThrow();
}

/** The default Erasmus+ activity rules for the given call years (kept if the school already has them). */
export async function createMobilityRules(db: Kysely<DB>, schoolId: string, years: number[]) {
  for (const year of years) {
    for (const r of defaultMobilityRules) {
      await sql`
        insert into mobility_rules (school_id, call_year, activity_type, participants, min_days, max_days,
          min_learners, needs_accompanying_staff, graduate_months, needs_linked_mobility)
        values (${schoolId}, ${year}, ${r.activityType}, ${r.participants}, ${r.minDays}, ${r.maxDays},
          ${r.minLearners}, ${r.needsAccompanyingStaff}, ${r.graduateMonths}, ${r.needsLinkedMobility})
        on conflict do nothing
      `.execute(db);
    }
  }
}

export async function createProject(
  db: Kysely<DB>,
  values: {
    schoolId: string;
    callYear: number;
    startDate: string;
    endDate: string;
    number?: string;
    title?: string;
  },
) {
  return db
    .insertInto('projects')
    .values({
      school_id: values.schoolId,
      action: 'KA121',
      call_year: values.callYear,
      project_number:
        values.number ?? `${values.callYear}-1-LV01-KA121-VET-${Math.floor(Math.random() * 1e9)}`,
      title: values.title ?? `Erasmus+ akreditācija ${values.callYear}`,
      budget_eur: 120_000,
      start_date: values.startDate,
      end_date: values.endDate,
    })
    .returning(['id', 'call_year'])
    .executeTakeFirstOrThrow();
}

/** An active memorandum between the school and one partner, for readiness checks. */
export async function createActiveMou(
  db: Kysely<DB>,
  values: { schoolId: string; partnerId: string; validFrom: string; validUntil: string },
) {
  const id = crypto.randomUUID();
  await db
    .insertInto('mous')
    .values({
      id,
      school_id: values.schoolId,
      series_id: id,
      title: 'Saprašanās memorands',
      valid_from: values.validFrom,
      valid_until: values.validUntil,
      status: 'active',
    })
    .execute();
  await db
    .insertInto('mou_parties')
    .values([
      {
        school_id: values.schoolId,
        mou_id: id,
        position: 1,
        partner_id: null,
        organisation_name: 'Skola',
        country: 'LV',
      },
      {
        school_id: values.schoolId,
        mou_id: id,
        position: 2,
        partner_id: values.partnerId,
        organisation_name: 'Partneris',
        country: 'DE',
      },
    ])
    .execute();
  return id;
}
