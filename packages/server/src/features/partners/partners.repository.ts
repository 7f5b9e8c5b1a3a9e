import { searchKey } from '@tilts/shared';
import { type Kysely, sql } from 'kysely';
import type { Trx } from '../../db/context.ts';
import type { DB } from '../../db/schema.ts';

/** The registration number as the database's registration_key writes it: letters and digits, upper case. */
export function registrationKey(number: string): string {
  return number.replace(/[^0-9A-Za-z]/g, '').toUpperCase();
}

/**
 * An organisation's name as it is compared: without case, diacritics and punctuation, so
 * "SIA „Ziemeļu Ābeles”" and "SIA Ziemelu Abeles" are one name.
 */
export function nameKey(legalName: string): string {
  return searchKey(legalName)
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}

export interface PartnerSearchFields {
  legalName: string;
  registrationNumber: string;
  city: string;
  sector: string;
  contacts: readonly { name: string; email: string }[];
}

/**
 * The columns the service keeps beside what people type: the name and the search text without
 * diacritics, so "kimija" finds "Ķīmija" and an import matches a name however it is accented.
 */
export function partnerKeys(p: PartnerSearchFields): { name_key: string; search_text: string } {
  const parts = [
    p.legalName,
    p.registrationNumber,
    registrationKey(p.registrationNumber),
    p.city,
    p.sector,
    ...p.contacts.flatMap((c) => [c.name, c.email]),
  ];
  return {
    name_key: nameKey(p.legalName),
    search_text: searchKey(parts.filter(Boolean).join(' | ')),
  };
}

/** How many placements and memoranda refer to each partner: what keeps it from being deleted. */
export async function partnerUsage(
  trx: Trx | Kysely<DB>,
  ids: readonly string[],
): Promise<Map<string, { placements: number; mous: number }>> {
  const usage = new Map(ids.map((id) => [id, { placements: 0, mous: 0 }]));
  if (ids.length === 0) return usage;
  const rows = await sql<{ id: string; placements: number; mous: number }>`
    select p.id,
      (select count(*) from placements pl where pl.host_partner_id = p.id)::int as placements,
      (select count(distinct mp.mou_id) from mou_parties mp where mp.partner_id = p.id)::int as mous
    from partners p where p.id = any(${[...ids]}::uuid[])`.execute(trx);
  for (const r of rows.rows) usage.set(r.id, { placements: Number(r.placements), mous: Number(r.mous) });
  return usage;
}
