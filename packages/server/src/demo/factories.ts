import type { Role } from '@tilts/shared';
import type { Insertable, Kysely } from 'kysely';
import type { DB, PartnersTable } from '../db/schema.ts';
import { hashPassword } from '../features/auth/tokens.ts';
import { partnerKeys } from '../features/partners/partners.repository.ts';
import { seedSchoolDefaults } from '../features/rules/rules.service.ts';

/** Makes rows the way the app would; the demo data, the tests and the benchmark all use these. */
export async function createSchool(
  db: Kysely<DB>,
  values: {
    name: string;
    slug: string;
    country?: string;
    legalAddress?: string;
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
      registration_number: values.registrationNumber ?? '',
      erasmus_oid: values.erasmusOid ?? '',
    })
    .returning(['id', 'name'])
    .executeTakeFirstOrThrow()
    .then(async (school) => {
      await seedSchoolDefaults(db, school.id);
      return school;
    });
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

/** A partner organisation with its contacts, the first one primary. */
export async function createPartner(
  db: Kysely<DB>,
  values: Omit<Insertable<PartnersTable>, 'id' | 'name_key' | 'search_text'>,
  contacts: { name: string; position?: string; email?: string; phone?: string }[] = [],
) {
  const partner = await db
    .insertInto('partners')
    .values({
      ...values,
      ...partnerKeys({
        legalName: values.legal_name,
        registrationNumber: values.registration_number ?? '',
        city: values.city ?? '',
        sector: values.sector ?? '',
        contacts: contacts.map((c) => ({ name: c.name, email: c.email ?? '' })),
      }),
    })
    .returning(['id', 'legal_name'])
    .executeTakeFirstOrThrow();
  if (contacts.length > 0) {
    await db
      .insertInto('partner_contacts')
      .values(
        contacts.map((c, i) => ({
          school_id: values.school_id,
          partner_id: partner.id,
          name: c.name,
          position: c.position ?? '',
          email: c.email ?? '',
          phone: c.phone ?? '',
          is_primary: i === 0,
          sort_order: i,
        })),
      )
      .execute();
  }
  return partner;
}
