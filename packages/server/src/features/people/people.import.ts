import { randomUUID } from 'node:crypto';
import { checkPersonalCode, email as emailSchema, isoDate, type Locale, type Role } from '@tilts/shared';
import { sql } from 'kysely';
import { z } from 'zod';
import type { Trx } from '../../db/context.ts';
import {
  type ApplyContext,
  cell,
  chunks,
  given,
  type ImportColumn,
  type ImportKind,
  type ImportPlan,
  type ImportRow,
  issue,
  type ParsedCells,
  type PlannedStatus,
  type RowIssue,
} from '../imports/import-kind.ts';
import { openFromImport, sealForImport } from './personal-crypto.ts';
import { openProfiles, writeProfile } from './profiles.repository.ts';

/**
 * Learners and staff from the school's register. The e-mail is the person: a second import of the
 * same file finds everyone and changes nothing. Blank cells leave what is stored (an import fills in
 * and corrects, it never erases). Nobody gets a password: people sign in by an e-mailed link.
 */
interface PersonCells {
  email: string;
  givenName: string;
  familyName: string;
  locale?: Locale;
}

export interface LearnerImportRow extends PersonCells {
  group?: string;
  /** Sealed (see sealForImport): the stored batch holds no birth date or personal code in plain text. */
  dateOfBirth?: string;
  nationalId?: string;
  guardianName?: string;
  guardianEmail?: string;
  guardianPhone?: string;
}

export interface StaffImportRow extends PersonCells {
  role: 'coordinator' | 'teacher';
}

const personColumns: ImportColumn[] = [
  {
    key: 'givenName',
    label: { lv: 'Vārds', en: 'Given name' },
    aliases: ['First name', 'Name'],
    required: true,
  },
  {
    key: 'familyName',
    label: { lv: 'Uzvārds', en: 'Family name' },
    aliases: ['Last name', 'Surname'],
    required: true,
  },
  {
    key: 'email',
    label: { lv: 'E-pasts', en: 'E-mail' },
    aliases: ['Email', 'E-pasta adrese'],
    required: true,
  },
];
const languageColumn: ImportColumn = {
  key: 'locale',
  label: { lv: 'Valoda', en: 'Language' },
  aliases: ['Saziņas valoda', 'Locale'],
};

export const learnerImportColumns: readonly ImportColumn[] = [
  ...personColumns,
  { key: 'group', label: { lv: 'Grupa', en: 'Group' }, aliases: ['Klase', 'Class', 'Kurss'] },
  {
    key: 'dateOfBirth',
    label: { lv: 'Dzimšanas datums', en: 'Date of birth' },
    aliases: ['Dzim. datums', 'Birth date', 'DOB'],
    sensitive: true,
  },
  {
    key: 'nationalId',
    label: { lv: 'Personas kods', en: 'Personal code' },
    aliases: ['P.k.', 'Pers. kods', 'National ID', 'ID number'],
    sensitive: true,
  },
  {
    key: 'guardianName',
    label: { lv: 'Likumiskais pārstāvis', en: 'Guardian' },
    aliases: ['Vecāks', 'Aizbildnis', 'Parent', 'Guardian name'],
  },
  {
    key: 'guardianEmail',
    label: { lv: 'Pārstāvja e-pasts', en: 'Guardian e-mail' },
    aliases: ['Vecāka e-pasts', 'Guardian email', 'Parent email'],
  },
  {
    key: 'guardianPhone',
    label: { lv: 'Pārstāvja tālrunis', en: 'Guardian phone' },
    aliases: ['Vecāka tālrunis', 'Parent phone'],
  },
  languageColumn,
];

export const staffImportColumns: readonly ImportColumn[] = [
  ...personColumns,
  { key: 'role', label: { lv: 'Loma', en: 'Role' }, aliases: ['Amats'], required: true },
  languageColumn,
];

const name = z.string().trim().min(1).max(100);
const shortText = (max: number) => z.string().trim().max(max);
const guardianEmail = z.string().trim().toLowerCase().pipe(z.email());

/** "14.09.2005", "14.9.2005", "2005-09-14": a real calendar date as YYYY-MM-DD, or undefined. */
export function parseDate(value: string): string | undefined {
  const v = value.trim();
  let y: number;
  let m: number;
  let d: number;
  const lv = /^(\d{1,2})\.\s?(\d{1,2})\.\s?(\d{4})\.?$/.exec(v);
  const iso = /^(\d{4})-(\d{2})-(\d{2})$/.exec(v);
  if (lv) [d, m, y] = [Number(lv[1]), Number(lv[2]), Number(lv[3])];
  else if (iso) [y, m, d] = [Number(iso[1]), Number(iso[2]), Number(iso[3])];
  else return undefined;
  const date = new Date(Date.UTC(y, m - 1, d));
  if (date.getUTCFullYear() !== y || date.getUTCMonth() !== m - 1 || date.getUTCDate() !== d)
    return undefined;
  const out = date.toISOString().slice(0, 10);
  return isoDate.safeParse(out).success ? out : undefined;
}

const localeWords: Record<string, Locale> = {
  lv: 'lv',
  latviesu: 'lv',
  latvian: 'lv',
  en: 'en',
  anglu: 'en',
  english: 'en',
};
const plainWord = (s: string) =>
  s
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z]/g, '');

function parsePerson(cells: Partial<Record<string, string>>, problems: RowIssue[]): PersonCells | undefined {
  const email = cell(problems, 'email', emailSchema, cells.email ?? '');
  const givenName = cell(problems, 'givenName', name, cells.givenName ?? '');
  const familyName = cell(problems, 'familyName', name, cells.familyName ?? '');
  const localeText = given(cells, 'locale');
  const locale = localeText ? localeWords[plainWord(localeText)] : undefined;
  if (localeText && !locale) problems.push(issue('locale', 'invalid'));
  if (email === undefined || givenName === undefined || familyName === undefined) return undefined;
  return { email, givenName, familyName, ...(locale ? { locale } : {}) };
}

function sealed(problems: RowIssue[], field: string, kind: 'dob' | 'national_id', value: string) {
  const s = sealForImport(kind, value);
  if (s === null) problems.push(issue(field, 'personal_key_missing'));
  return s ?? undefined;
}

function parseLearner(cells: Partial<Record<string, string>>): ParsedCells<LearnerImportRow> {
  const problems: RowIssue[] = [];
  const person = parsePerson(cells, problems);
  const optional = (key: string, schema: z.ZodType<string>) => {
    const value = given(cells, key);
    return value === undefined ? undefined : cell(problems, key, schema, value);
  };
  const row: Omit<LearnerImportRow, keyof PersonCells> = {
    group: optional('group', shortText(60)),
    guardianName: optional('guardianName', shortText(200)),
    guardianEmail: optional('guardianEmail', guardianEmail),
    guardianPhone: optional('guardianPhone', shortText(60)),
  };
  const dateText = given(cells, 'dateOfBirth');
  let dateOfBirth = dateText ? parseDate(dateText) : undefined;
  if (dateText && !dateOfBirth) problems.push(issue('dateOfBirth', 'date_format'));
  const codeText = given(cells, 'nationalId');
  if (codeText) {
    const check = checkPersonalCode(codeText);
    if (!check.ok) problems.push(issue('nationalId', check.problem));
    else {
      if (check.dateOfBirth && dateOfBirth && check.dateOfBirth !== dateOfBirth) {
        problems.push(issue('nationalId', 'personal_code_birth_date', { date: check.dateOfBirth }));
      }
      // An old-format code carries the birth date: a file without the column still gives it.
      dateOfBirth ??= check.dateOfBirth ?? undefined;
      row.nationalId = sealed(problems, 'nationalId', 'national_id', check.code);
    }
  }
  if (dateOfBirth) row.dateOfBirth = sealed(problems, 'dateOfBirth', 'dob', dateOfBirth);
  if (problems.length > 0 || !person) return { ok: false, problems };
  const data = { ...person, ...row };
  for (const k of Object.keys(data) as (keyof typeof data)[]) if (data[k] === undefined) delete data[k];
  return { ok: true, data };
}

const roleWords: Record<string, 'coordinator' | 'teacher'> = {
  coordinator: 'coordinator',
  koordinators: 'coordinator',
  koordinatore: 'coordinator',
  teacher: 'teacher',
  skolotajs: 'teacher',
  skolotaja: 'teacher',
  mentor: 'teacher',
  mentors: 'teacher',
  pasniedzejs: 'teacher',
};

function parseStaff(cells: Partial<Record<string, string>>): ParsedCells<StaffImportRow> {
  const problems: RowIssue[] = [];
  const person = parsePerson(cells, problems);
  const role = roleWords[plainWord(cells.role ?? '')];
  if (!role) problems.push(issue('role', 'staff_role'));
  if (problems.length > 0 || !person || !role) return { ok: false, problems };
  return { ok: true, data: { ...person, role } };
}

interface ExistingPerson {
  id: string;
  email: string;
  given_name: string;
  family_name: string;
  locale: Locale;
  anonymised_at: Date | null;
  role: Role | null;
}

/** Everyone the rows name, with their role in this school: one query. */
async function existingPeople(trx: Trx, schoolId: string, emails: string[]) {
  if (emails.length === 0) return new Map<string, ExistingPerson>();
  const rows = (
    await sql<ExistingPerson>`
      select u.id, lower(u.email) as email, u.given_name, u.family_name, u.locale, u.anonymised_at, m.role
      from users u
      left join memberships m on m.user_id = u.id and m.school_id = ${schoolId}
      where lower(u.email) in (select unnest(${emails}::text[]))`.execute(trx)
  ).rows;
  return new Map(rows.map((r) => [r.email, r]));
}

interface PlanItem<T> {
  line: number;
  status: PlannedStatus;
  userId: string;
  data: T;
  createUser: boolean;
  addMembership: boolean;
  /** What would change, by field name: for the audit entry, never the values of sealed fields. */
  changed: string[];
}

async function planPeople<T extends PersonCells>(
  trx: Trx,
  schoolId: string,
  rows: readonly ImportRow<T>[],
  role: (row: T) => Role,
  profileChanges: (row: T, userId: string) => Promise<string[]> | string[],
) {
  const people = await existingPeople(
    trx,
    schoolId,
    rows.map((r) => r.data.email),
  );
  const items: PlanItem<T>[] = [];
  const problems: ImportPlan['problems'] = [];
  const seen = new Map<string, number>();
  for (const { line, data } of rows) {
    const earlier = seen.get(data.email);
    if (earlier !== undefined) {
      problems.push({ line, ...issue('email', 'email_in_file', { line: earlier }) });
      continue;
    }
    seen.set(data.email, line);
    const existing = people.get(data.email);
    if (existing?.anonymised_at) {
      problems.push({ line, ...issue('email', 'person_anonymised') });
      continue;
    }
    if (existing?.role && existing.role !== role(data)) {
      problems.push({ line, ...issue('email', 'member_other_role', { role: existing.role }) });
      continue;
    }
    if (!existing) {
      items.push({
        line,
        status: 'new',
        userId: randomUUID(),
        data,
        createUser: true,
        addMembership: true,
        changed: [],
      });
      continue;
    }
    const changed: string[] = [];
    if (existing.given_name !== data.givenName) changed.push('givenName');
    if (existing.family_name !== data.familyName) changed.push('familyName');
    if (data.locale && existing.locale !== data.locale) changed.push('locale');
    changed.push(...(await profileChanges(data, existing.id)));
    items.push({
      line,
      status: !existing.role ? 'new' : changed.length > 0 ? 'update' : 'unchanged',
      userId: existing.id,
      data,
      createUser: false,
      addMembership: !existing.role,
      changed,
    });
  }
  return { items, problems };
}

const toPlan = <T>(items: PlanItem<T>[], problems: ImportPlan['problems']): ImportPlan => ({
  status: new Map(items.map((i) => [i.line, i.status])),
  problems,
});

/** Writes the people (new users, changed names, memberships) in chunks; profiles are the caller's. */
async function writePeople<T extends PersonCells>(
  trx: Trx,
  context: ApplyContext,
  items: PlanItem<T>[],
  role: (row: T) => Role,
) {
  const { actor, now } = context;
  const created = items.filter((i) => i.createUser);
  for (const part of chunks(created)) {
    await trx
      .insertInto('users')
      .values(
        part.map((i) => ({
          id: i.userId,
          email: i.data.email,
          given_name: i.data.givenName,
          family_name: i.data.familyName,
          password_hash: null,
          locale: i.data.locale ?? actor.locale,
          created_at: now,
          updated_at: now,
        })),
      )
      .execute();
  }
  const renamed = items.filter(
    (i) => !i.createUser && i.changed.some((c) => c === 'givenName' || c === 'familyName' || c === 'locale'),
  );
  for (const i of renamed) {
    await trx
      .updateTable('users')
      .set({
        given_name: i.data.givenName,
        family_name: i.data.familyName,
        ...(i.data.locale ? { locale: i.data.locale } : {}),
        updated_at: now,
      })
      .where('id', '=', i.userId)
      .execute();
  }
  const joining = items.filter((i) => i.addMembership);
  for (const part of chunks(joining)) {
    await trx
      .insertInto('memberships')
      .values(
        part.map((i) => ({
          school_id: actor.schoolId,
          user_id: i.userId,
          role: role(i.data),
          created_at: now,
        })),
      )
      .execute();
  }
}

const auditOf = <T>(items: PlanItem<T>[]) => ({
  created: items.filter((i) => i.status === 'new').map((i) => i.userId),
  updated: items.filter((i) => i.status === 'update').map((i) => ({ id: i.userId, fields: i.changed })),
});

async function planLearners(trx: Trx, schoolId: string, rows: readonly ImportRow<LearnerImportRow>[]) {
  const profiles = await openProfiles(
    trx,
    [
      ...(
        await existingPeople(
          trx,
          schoolId,
          rows.map((r) => r.data.email),
        )
      ).values(),
    ].map((p) => p.id),
  );
  return planPeople(
    trx,
    schoolId,
    rows,
    () => 'learner',
    (row, userId) => {
      const p = profiles.get(userId);
      const changed: string[] = [];
      const compare = (field: string, next: string | undefined, now: string | null | undefined) => {
        if (next !== undefined && next !== (now ?? '')) changed.push(field);
      };
      compare('group', row.group, p?.groupName);
      compare('dateOfBirth', openFromImport('dob', row.dateOfBirth), p?.dateOfBirth);
      compare('nationalId', openFromImport('national_id', row.nationalId), p?.nationalId);
      compare('guardianName', row.guardianName, p?.guardianName);
      compare('guardianEmail', row.guardianEmail, p?.guardianEmail);
      compare('guardianPhone', row.guardianPhone, p?.guardianPhone);
      return changed;
    },
  );
}

/** Learners: a user with the learner role, and their profile (group, sealed birth date and code, guardian). */
export const learnerImport: ImportKind<LearnerImportRow> = {
  name: 'learners',
  roles: ['admin', 'coordinator'],
  columns: learnerImportColumns,
  parse: parseLearner,
  async plan(trx, schoolId, rows) {
    const { items, problems } = await planLearners(trx, schoolId, rows);
    return toPlan(items, problems);
  },
  async apply(trx, context, rows) {
    const { items, problems } = await planLearners(trx, context.actor.schoolId, rows);
    const writing = items.filter((i) => i.status !== 'unchanged');
    await writePeople(trx, context, writing, () => 'learner');
    for (const i of writing) {
      const d = i.data;
      const has = i.createUser || i.addMembership;
      const profileFields = [
        'group',
        'dateOfBirth',
        'nationalId',
        'guardianName',
        'guardianEmail',
        'guardianPhone',
      ];
      if (!has && !i.changed.some((c) => profileFields.includes(c))) continue;
      await writeProfile(
        trx,
        context.actor.schoolId,
        i.userId,
        {
          groupName: d.group,
          dateOfBirth: openFromImport('dob', d.dateOfBirth),
          nationalId: openFromImport('national_id', d.nationalId),
          guardianName: d.guardianName,
          guardianEmail: d.guardianEmail,
          guardianPhone: d.guardianPhone,
        },
        context.now,
      );
    }
    return { plan: toPlan(items, problems), audit: auditOf(items) };
  },
};

/** Coordinators and teachers: a user with that role in the school. Only an admin imports staff. */
export const staffImport: ImportKind<StaffImportRow> = {
  name: 'staff',
  roles: ['admin'],
  columns: staffImportColumns,
  parse: parseStaff,
  async plan(trx, schoolId, rows) {
    const { items, problems } = await planPeople(
      trx,
      schoolId,
      rows,
      (r) => r.role,
      () => [],
    );
    return toPlan(items, problems);
  },
  async apply(trx, context, rows) {
    const { items, problems } = await planPeople(
      trx,
      context.actor.schoolId,
      rows,
      (r) => r.role,
      () => [],
    );
    await writePeople(
      trx,
      context,
      items.filter((i) => i.status !== 'unchanged'),
      (r) => r.role,
    );
    return { plan: toPlan(items, problems), audit: auditOf(items) };
  },
};
