import { randomUUID } from 'node:crypto';
import {
  countryCodes,
  countryName,
  erasmusOid,
  isCountryCode,
  optionalEmail,
  type PartnerKind,
  partnerContactInput,
  partnerInput,
  phone,
  searchKey,
  website,
} from '@tilts/shared';
import { sql } from 'kysely';
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
import { nameKey, partnerKeys, registrationKey } from './partners.repository.ts';

/**
 * One organisation per row. Blank cells leave what is stored as it is: an import fills in and
 * corrects, it never erases. A row may carry one contact person; a contact already there (same
 * e-mail, or same name when the row has no e-mail) is updated, any other is added. More contacts
 * per organisation are added in the register itself, because a second row for the same
 * organisation is a problem.
 */
export interface PartnerImportRow {
  kind?: PartnerKind;
  legalName: string;
  registrationNumber?: string;
  country: string;
  city?: string;
  legalAddress?: string;
  website?: string;
  sector?: string;
  erasmusOid?: string;
  contact?: { name: string; position?: string; email?: string; phone?: string };
}

export const partnerImportColumns: readonly ImportColumn[] = [
  {
    key: 'legalName',
    label: { lv: 'Nosaukums', en: 'Legal name' },
    aliases: ['Juridiskais nosaukums', 'Name', 'Organisation', 'Organizācija'],
    required: true,
  },
  {
    key: 'registrationNumber',
    label: { lv: 'Reģistrācijas numurs', en: 'Registration number' },
    aliases: ['Reģ. nr.', 'Reg. nr.', 'Reg. no.', 'Reģistrācijas Nr.'],
  },
  {
    key: 'country',
    label: { lv: 'Valsts', en: 'Country' },
    aliases: ['Valsts kods', 'Country code'],
    required: true,
  },
  { key: 'kind', label: { lv: 'Veids', en: 'Type' }, aliases: ['Kind', 'Organizācijas veids'] },
  { key: 'city', label: { lv: 'Pilsēta', en: 'City' } },
  {
    key: 'legalAddress',
    label: { lv: 'Juridiskā adrese', en: 'Legal address' },
    aliases: ['Adrese', 'Address'],
  },
  {
    key: 'website',
    label: { lv: 'Tīmekļvietne', en: 'Website' },
    aliases: ['Mājaslapa', 'Mājas lapa', 'Web'],
  },
  { key: 'sector', label: { lv: 'Nozare', en: 'Sector' } },
  { key: 'erasmusOid', label: { lv: 'Erasmus+ OID', en: 'Erasmus+ OID' }, aliases: ['OID'] },
  {
    key: 'contactName',
    label: { lv: 'Kontaktpersona', en: 'Contact name' },
    aliases: ['Kontaktpersonas vārds', 'Contact person', 'Contact'],
  },
  {
    key: 'contactPosition',
    label: { lv: 'Kontaktpersonas amats', en: 'Contact position' },
    aliases: ['Amats', 'Position'],
  },
  {
    key: 'contactEmail',
    label: { lv: 'Kontaktpersonas e-pasts', en: 'Contact e-mail' },
    aliases: ['E-pasts', 'Email', 'E-mail', 'Contact email'],
  },
  {
    key: 'contactPhone',
    label: { lv: 'Kontaktpersonas tālrunis', en: 'Contact phone' },
    aliases: ['Tālrunis', 'Phone', 'Telefons'],
  },
];

const word = (text: string) => searchKey(text).replace(/[^a-z]+/g, '');

const kindWords: Record<string, PartnerKind> = Object.fromEntries(
  (
    [
      ['company', ['company', 'uzņēmums', 'komersants', 'host company', 'uzņēmējs']],
      ['school', ['school', 'skola', 'izglītības iestāde', 'partner school', 'partnerskola']],
      ['intermediary', ['intermediary', 'starpnieks', 'starpniekorganizācija', 'intermediary organisation']],
    ] as const
  ).flatMap(([kind, words]) => words.map((w) => [word(w), kind as PartnerKind])),
);

let countriesByName: Map<string, string> | undefined;
/** A country code, or the country's name in Latvian or English ("Vācija", "Germany"). */
function countryFromCell(value: string): string | undefined {
  const code = value.trim().toUpperCase();
  if (isCountryCode(code)) return code;
  if (!countriesByName) {
    countriesByName = new Map();
    for (const c of countryCodes) {
      for (const locale of ['lv', 'en'] as const) countriesByName.set(word(countryName(c, locale)), c);
    }
  }
  return countriesByName.get(word(value));
}

function parse(cells: Partial<Record<string, string>>): ParsedCells<PartnerImportRow> {
  const problems: RowIssue[] = [];
  const optional = <T>(key: string, schema: Parameters<typeof cell>[2]): T | undefined => {
    const value = given(cells, key);
    return value === undefined ? undefined : (cell(problems, key, schema, value) as T | undefined);
  };
  const legalName = cell(problems, 'legalName', partnerInput.shape.legalName, cells.legalName ?? '');
  const countryText = given(cells, 'country');
  const country = countryText ? countryFromCell(countryText) : undefined;
  if (!countryText) problems.push(issue('country', 'required'));
  else if (!country) problems.push(issue('country', 'unknown_country'));
  const kindText = given(cells, 'kind');
  const kind = kindText ? kindWords[word(kindText)] : undefined;
  if (kindText && !kind) {
    problems.push(
      issue('kind', 'partner_kind', {
        allowed: 'uzņēmums / company, skola / school, starpnieks / intermediary',
      }),
    );
  }
  const row: Omit<PartnerImportRow, 'legalName' | 'country'> = {
    kind,
    registrationNumber: optional<string>('registrationNumber', partnerInput.shape.registrationNumber),
    city: optional<string>('city', partnerInput.shape.city),
    legalAddress: optional<string>('legalAddress', partnerInput.shape.legalAddress),
    website: optional<string>('website', website),
    sector: optional<string>('sector', partnerInput.shape.sector),
    erasmusOid: optional<string>('erasmusOid', erasmusOid),
  };
  const contactName = given(cells, 'contactName');
  const contactRest = ['contactPosition', 'contactEmail', 'contactPhone'].some((k) => given(cells, k));
  if (contactName || contactRest) {
    const name = cell(problems, 'contactName', partnerContactInput.shape.name, contactName ?? '');
    const contact = {
      name: name ?? '',
      position: optional<string>('contactPosition', partnerContactInput.shape.position),
      email: optional<string>('contactEmail', optionalEmail),
      phone: optional<string>('contactPhone', phone),
    };
    row.contact = contact;
  }
  if (problems.length > 0 || legalName === undefined || country === undefined) return { ok: false, problems };
  return { ok: true, data: { ...row, legalName, country } };
}

interface ExistingPartner {
  id: string;
  kind: PartnerKind;
  legal_name: string;
  registration_number: string;
  registration_key: string;
  country: string;
  city: string;
  legal_address: string;
  website: string;
  sector: string;
  erasmus_oid: string;
  name_key: string;
}

interface ExistingContact {
  id: string;
  partner_id: string;
  name: string;
  position: string;
  email: string;
  phone: string;
  sort_order: number;
}

/** The partner columns an import may set, and the row field each comes from. */
const fields = [
  ['kind', 'kind'],
  ['legal_name', 'legalName'],
  ['registration_number', 'registrationNumber'],
  ['city', 'city'],
  ['legal_address', 'legalAddress'],
  ['website', 'website'],
  ['sector', 'sector'],
  ['erasmus_oid', 'erasmusOid'],
] as const;
type PartnerValues = { [K in (typeof fields)[number][0]]: K extends 'kind' ? PartnerKind : string };

interface PlanItem {
  line: number;
  status: PlannedStatus;
  id: string;
  country: string;
  values: PartnerValues;
  /** All contacts' names and e-mails after the import: part of the search text. */
  contacts: { name: string; email: string }[];
  changes: Record<string, [string, string]>;
  contactInsert?: {
    name: string;
    position: string;
    email: string;
    phone: string;
    isPrimary: boolean;
    order: number;
  };
  contactUpdate?: { id: string; position: string; email: string; phone: string };
}

async function existingFor(trx: Trx, schoolId: string, rows: readonly ImportRow<PartnerImportRow>[]) {
  const regKeys = new Set<string>();
  const nameKeys = new Set<string>();
  for (const { data } of rows) {
    const reg = registrationKey(data.registrationNumber ?? '');
    if (reg) regKeys.add(`${data.country}|${reg}`);
    nameKeys.add(`${data.country}|${nameKey(data.legalName)}`);
  }
  if (nameKeys.size === 0) return { partners: [] as ExistingPartner[], contacts: [] as ExistingContact[] };
  const partners = (
    await sql<ExistingPartner>`
      select id, kind, legal_name, registration_number, registration_key, country, city, legal_address,
        website, sector, erasmus_oid, name_key
      from partners
      where school_id = ${schoolId} and (
        (registration_key <> '' and country || '|' || registration_key in (select unnest(${[...regKeys]}::text[])))
        or country || '|' || name_key in (select unnest(${[...nameKeys]}::text[])))`.execute(trx)
  ).rows;
  const ids = partners.map((p) => p.id);
  const contacts =
    ids.length === 0
      ? []
      : (
          await sql<ExistingContact>`
            select id, partner_id, name, position, email, phone, sort_order from partner_contacts
            where partner_id in (select unnest(${ids}::uuid[]))
            order by sort_order, created_at, id`.execute(trx)
        ).rows;
  return { partners, contacts };
}

/** Matches every row with the register (two queries in all) and works out what each would change. */
async function planPartners(trx: Trx, schoolId: string, rows: readonly ImportRow<PartnerImportRow>[]) {
  const { partners, contacts } = await existingFor(trx, schoolId, rows);
  const byReg = new Map<string, ExistingPartner>();
  const byName = new Map<string, ExistingPartner[]>();
  for (const p of partners) {
    if (p.registration_key) byReg.set(`${p.country}|${p.registration_key}`, p);
    const key = `${p.country}|${p.name_key}`;
    byName.set(key, [...(byName.get(key) ?? []), p]);
  }
  const contactsOf = new Map<string, ExistingContact[]>();
  for (const c of contacts) contactsOf.set(c.partner_id, [...(contactsOf.get(c.partner_id) ?? []), c]);

  const items: PlanItem[] = [];
  const problems: ImportPlan['problems'] = [];
  const seenReg = new Map<string, number>();
  const seenName = new Map<string, number>();
  const seenNameWithoutReg = new Map<string, number>();
  const claimed = new Map<string, number>();

  for (const { line, data } of rows) {
    const reg = registrationKey(data.registrationNumber ?? '');
    const regKey = `${data.country}|${reg}`;
    const byNameKey = `${data.country}|${nameKey(data.legalName)}`;
    const earlier = reg
      ? (seenReg.get(regKey) ?? seenNameWithoutReg.get(byNameKey))
      : seenName.get(byNameKey);
    if (reg) seenReg.set(regKey, seenReg.get(regKey) ?? line);
    else seenNameWithoutReg.set(byNameKey, seenNameWithoutReg.get(byNameKey) ?? line);
    seenName.set(byNameKey, seenName.get(byNameKey) ?? line);
    if (earlier !== undefined) {
      problems.push({
        line,
        ...issue(reg ? 'registrationNumber' : 'legalName', 'duplicate_in_file', { line: earlier }),
      });
      continue;
    }

    let existing: ExistingPartner | undefined;
    if (reg) {
      // A number the register does not know may belong to an organisation registered without one.
      existing = byReg.get(regKey);
      if (!existing) {
        const unnumbered = (byName.get(byNameKey) ?? []).filter((p) => !p.registration_key);
        if (unnumbered.length === 1) existing = unnumbered[0];
      }
    } else {
      const candidates = byName.get(byNameKey) ?? [];
      if (candidates.length > 1) {
        problems.push({ line, ...issue('legalName', 'partner_ambiguous', { count: candidates.length }) });
        continue;
      }
      existing = candidates[0];
    }
    if (existing) {
      const first = claimed.get(existing.id);
      if (first !== undefined) {
        problems.push({ line, ...issue('legalName', 'duplicate_in_file', { line: first }) });
        continue;
      }
      claimed.set(existing.id, line);
    }
    items.push(planRow(line, data, existing, existing ? (contactsOf.get(existing.id) ?? []) : []));
  }
  return { items, problems };
}

function planRow(
  line: number,
  data: PartnerImportRow,
  existing: ExistingPartner | undefined,
  contacts: ExistingContact[],
): PlanItem {
  const { contact: _contact, ...own } = data;
  const file: Record<string, string | undefined> = own;
  if (!existing) {
    const values = Object.fromEntries(
      fields.map(([column, key]) => [column, file[key] ?? (column === 'kind' ? 'company' : '')]),
    ) as PartnerValues;
    const contact = data.contact;
    return {
      line,
      status: 'new',
      id: randomUUID(),
      country: data.country,
      values,
      contacts: contact ? [{ name: contact.name, email: contact.email ?? '' }] : [],
      changes: {},
      ...(contact
        ? {
            contactInsert: {
              name: contact.name,
              position: contact.position ?? '',
              email: contact.email ?? '',
              phone: contact.phone ?? '',
              isPrimary: true,
              order: 0,
            },
          }
        : {}),
    };
  }
  const values = Object.fromEntries(fields.map(([column]) => [column, existing[column]])) as PartnerValues;
  const changes: PlanItem['changes'] = {};
  for (const [column, key] of fields) {
    const value = file[key];
    if (value === undefined || value === existing[column]) continue;
    // The same name or number spelt another way is not a change: the register keeps its spelling.
    if (column === 'legal_name' && nameKey(value) === existing.name_key) continue;
    if (column === 'registration_number' && registrationKey(value) === existing.registration_key) continue;
    changes[column] = [existing[column], value];
    (values as Record<string, string>)[column] = value;
  }
  const item: PlanItem = {
    line,
    status: 'unchanged',
    id: existing.id,
    country: existing.country,
    values,
    contacts: contacts.map((c) => ({ name: c.name, email: c.email })),
    changes,
  };
  const contact = data.contact;
  if (contact) {
    const email = contact.email?.toLowerCase();
    const match =
      (email ? contacts.find((c) => c.email.toLowerCase() === email) : undefined) ??
      contacts.find((c) => searchKey(c.name) === searchKey(contact.name) && (!email || !c.email));
    if (!match) {
      item.contactInsert = {
        name: contact.name,
        position: contact.position ?? '',
        email: contact.email ?? '',
        phone: contact.phone ?? '',
        isPrimary: contacts.length === 0,
        order: Math.max(-1, ...contacts.map((c) => c.sort_order)) + 1,
      };
      item.contacts.push({ name: contact.name, email: contact.email ?? '' });
      changes.contact = ['', contact.name];
    } else {
      const next = {
        position: contact.position ?? match.position,
        email: contact.email ?? match.email,
        phone: contact.phone ?? match.phone,
      };
      if (next.position !== match.position || next.email !== match.email || next.phone !== match.phone) {
        item.contactUpdate = { id: match.id, ...next };
        changes.contact = [
          [match.name, match.position, match.email, match.phone].join(' / '),
          [match.name, next.position, next.email, next.phone].join(' / '),
        ];
        const own = item.contacts.find((c) => c.name === match.name && c.email === match.email);
        if (own) own.email = next.email;
      }
    }
  }
  if (Object.keys(changes).length > 0) item.status = 'update';
  return item;
}

function toPlan(items: PlanItem[], problems: ImportPlan['problems']): ImportPlan {
  return { status: new Map(items.map((i) => [i.line, i.status])), problems };
}

async function apply(trx: Trx, context: ApplyContext, rows: readonly ImportRow<PartnerImportRow>[]) {
  const { actor, now } = context;
  const { items, problems } = await planPartners(trx, actor.schoolId, rows);
  const created = items.filter((i) => i.status === 'new');
  const updated = items.filter((i) => i.status === 'update');
  const keys = (i: PlanItem) =>
    partnerKeys({
      legalName: i.values.legal_name,
      registrationNumber: i.values.registration_number,
      city: i.values.city,
      sector: i.values.sector,
      contacts: i.contacts,
    });

  // Arrays, one per column: a few parameters per chunk rather than one per cell.
  for (const part of chunks(created, 2000)) {
    const col = <K extends keyof PartnerValues>(k: K) => part.map((i) => i.values[k]);
    const derived = part.map(keys);
    await sql`
      insert into partners (id, school_id, kind, legal_name, registration_number, country, city, legal_address,
        website, sector, erasmus_oid, name_key, search_text, created_by, created_at, updated_at)
      select v.id, ${actor.schoolId}, v.kind, v.legal_name, v.registration_number, v.country, v.city,
        v.legal_address, v.website, v.sector, v.erasmus_oid, v.name_key, v.search_text, ${actor.userId}::uuid,
        ${now}, ${now}
      from unnest(${part.map((i) => i.id)}::uuid[], ${col('kind')}::text[], ${col('legal_name')}::text[],
        ${col('registration_number')}::text[], ${part.map((i) => i.country)}::text[], ${col('city')}::text[],
        ${col('legal_address')}::text[], ${col('website')}::text[], ${col('sector')}::text[],
        ${col('erasmus_oid')}::text[], ${derived.map((d) => d.name_key)}::text[],
        ${derived.map((d) => d.search_text)}::text[])
        as v(id, kind, legal_name, registration_number, country, city, legal_address, website, sector,
          erasmus_oid, name_key, search_text)`.execute(trx);
  }
  for (const part of chunks(updated)) {
    const col = <K extends keyof PartnerValues>(k: K) => part.map((i) => i.values[k]);
    const derived = part.map(keys);
    await sql`
      update partners as p set kind = v.kind, legal_name = v.legal_name,
        registration_number = v.registration_number, city = v.city, legal_address = v.legal_address,
        website = v.website, sector = v.sector, erasmus_oid = v.erasmus_oid, name_key = v.name_key,
        search_text = v.search_text, lock_version = p.lock_version + 1, updated_at = ${now}
      from unnest(${part.map((i) => i.id)}::uuid[], ${col('kind')}::text[], ${col('legal_name')}::text[],
        ${col('registration_number')}::text[], ${col('city')}::text[], ${col('legal_address')}::text[],
        ${col('website')}::text[], ${col('sector')}::text[], ${col('erasmus_oid')}::text[],
        ${derived.map((d) => d.name_key)}::text[], ${derived.map((d) => d.search_text)}::text[])
        as v(id, kind, legal_name, registration_number, city, legal_address, website, sector, erasmus_oid,
          name_key, search_text)
      where p.id = v.id and p.school_id = ${actor.schoolId}`.execute(trx);
  }
  const contactInserts = items.flatMap((i) =>
    i.contactInsert ? [{ partnerId: i.id, ...i.contactInsert }] : [],
  );
  for (const part of chunks(contactInserts, 2000)) {
    const col = <K extends keyof (typeof part)[number]>(k: K) => part.map((c) => c[k]);
    await sql`
      insert into partner_contacts (school_id, partner_id, name, position, email, phone, is_primary, sort_order,
        created_at)
      select ${actor.schoolId}, v.partner_id, v.name, v.position, v.email, v.phone, v.is_primary, v.sort_order,
        ${now}
      from unnest(${col('partnerId')}::uuid[], ${col('name')}::text[], ${col('position')}::text[],
        ${col('email')}::text[], ${col('phone')}::text[], ${col('isPrimary')}::boolean[], ${col('order')}::int[])
        as v(partner_id, name, position, email, phone, is_primary, sort_order)`.execute(trx);
  }
  const contactUpdates = items.flatMap((i) => (i.contactUpdate ? [i.contactUpdate] : []));
  for (const part of chunks(contactUpdates)) {
    await sql`
      update partner_contacts as c set position = v.position, email = v.email, phone = v.phone
      from unnest(${part.map((u) => u.id)}::uuid[], ${part.map((u) => u.position)}::text[],
        ${part.map((u) => u.email)}::text[], ${part.map((u) => u.phone)}::text[]) as v(id, position, email, phone)
      where c.id = v.id`.execute(trx);
  }
  return {
    plan: toPlan(items, problems),
    audit: {
      created: created.map((i) => i.id),
      updated: updated.map((i) => ({ id: i.id, changes: i.changes })),
    },
  };
}

/** Partner organisations from a CSV: same country and registration number (or name) is the same one. */
export const partnerImport: ImportKind<PartnerImportRow> = {
  name: 'partners',
  roles: ['admin', 'coordinator'],
  columns: partnerImportColumns,
  parse,
  async plan(trx, schoolId, rows) {
    const { items, problems } = await planPartners(trx, schoolId, rows);
    return toPlan(items, problems);
  },
  apply,
};
