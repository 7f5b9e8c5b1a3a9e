import { z } from 'zod';
import { countryCode, listQuery, page } from './common.ts';

/** Host companies, partner schools abroad, intermediary organisations. */
export const partnerKinds = ['company', 'school', 'intermediary'] as const;
export type PartnerKind = (typeof partnerKinds)[number];

/** Text a form may leave empty; trimmed, with a length limit. */
const text = (max: number) => z.string().trim().max(max);

/** A web address; "www.example.lv" is taken as https://www.example.lv. */
export const website = z
  .string()
  .trim()
  .max(300)
  .transform((v) => (v && !/^[a-z][a-z0-9+.-]*:\/\//i.test(v) ? `https://${v}` : v))
  .pipe(z.union([z.literal(''), z.url({ protocol: /^https?$/, message: 'url' })]));

/** A phone number as people write it: digits, spaces, + ( ) - . / */
export const phone = text(40).regex(/^[+0-9 ()\-./]*$/, { message: 'phone' });

/** An e-mail address or nothing. */
export const optionalEmail = z
  .string()
  .trim()
  .toLowerCase()
  .max(254)
  .pipe(z.union([z.literal(''), z.email()]));

/** Erasmus+ organisation ID: E and 8 digits, or nothing. */
export const erasmusOid = z
  .string()
  .trim()
  .toUpperCase()
  .regex(/^(E\d{8})?$/, { message: 'erasmus_oid' });

export const partnerContactInput = z.object({
  /** Present for a contact that is already saved. */
  id: z.uuid().optional(),
  name: z.string().trim().min(1).max(200),
  position: text(200).default(''),
  email: optionalEmail.default(''),
  phone: phone.default(''),
  isPrimary: z.boolean().default(false),
});
export type PartnerContactInput = z.input<typeof partnerContactInput>;

export const partnerInput = z.object({
  kind: z.enum(partnerKinds),
  legalName: z.string().trim().min(2).max(300),
  registrationNumber: text(50).default(''),
  legalAddress: text(300).default(''),
  country: countryCode,
  city: text(100).default(''),
  website: website.default(''),
  sector: text(200).default(''),
  erasmusOid: erasmusOid.default(''),
  notes: text(4000).default(''),
  contacts: z.array(partnerContactInput).max(30).default([]),
});
export type PartnerInput = z.input<typeof partnerInput>;

/** An edit names the version it started from; a stale one is refused (`stale_version`). */
export const partnerUpdate = partnerInput.extend({ lockVersion: z.number().int().min(1) });
export type PartnerUpdate = z.input<typeof partnerUpdate>;

export const partnerListQuery = listQuery([
  'legalName',
  'kind',
  'country',
  'city',
  'createdAt',
  'updatedAt',
] as const).extend({
  kind: z.enum(partnerKinds).optional(),
  country: z
    .string()
    .trim()
    .toUpperCase()
    .regex(/^[A-Z]{2}$/, { message: 'country' })
    .optional(),
});
export type PartnerListQuery = z.infer<typeof partnerListQuery>;

export const partnerSummary = z.object({
  id: z.uuid(),
  kind: z.enum(partnerKinds),
  legalName: z.string(),
  registrationNumber: z.string(),
  country: z.string(),
  /** In the reader's language. */
  countryName: z.string(),
  city: z.string(),
  sector: z.string(),
  /** The primary (or first) contact's name; empty when there is none. */
  contactName: z.string(),
});
export type PartnerSummary = z.infer<typeof partnerSummary>;
export const partnerPage = page(partnerSummary);
export type PartnerPage = z.infer<typeof partnerPage>;

export const partnerContact = z.object({
  id: z.uuid(),
  name: z.string(),
  position: z.string(),
  email: z.string(),
  phone: z.string(),
  isPrimary: z.boolean(),
});
export type PartnerContact = z.infer<typeof partnerContact>;

export const partnerDetails = z.object({
  id: z.uuid(),
  kind: z.enum(partnerKinds),
  legalName: z.string(),
  registrationNumber: z.string(),
  legalAddress: z.string(),
  country: z.string(),
  countryName: z.string(),
  city: z.string(),
  website: z.string(),
  sector: z.string(),
  erasmusOid: z.string(),
  notes: z.string(),
  contacts: z.array(partnerContact),
  lockVersion: z.number().int(),
  /** What refers to the partner; it can be deleted only when both are 0. */
  usage: z.object({ placements: z.number().int(), mous: z.number().int() }),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type PartnerDetails = z.infer<typeof partnerDetails>;
