import { z } from 'zod';
import { listQuery, page } from './common.ts';

/** What a learning outcome states (ECVET): knowledge, skills, or responsibility and autonomy. */
export const outcomeKinds = ['knowledge', 'skills', 'responsibility_autonomy'] as const;
export type OutcomeKind = (typeof outcomeKinds)[number];

/** A level of the European (EQF) or Latvian (LKI) qualifications framework: 1–8. */
export const frameworkLevel = z.coerce
  .number()
  .int({ message: 'level_range' })
  .min(1, { message: 'level_range' })
  .max(8, { message: 'level_range' });

/** A code as schools write them (letters, digits, . _ - / and spaces). */
export const catalogueCode = z
  .string()
  .trim()
  .min(1)
  .max(40)
  .regex(/^[\p{L}\p{N}._\-/ ]+$/u, { message: 'code_format' });

/** Credit points (ECVET or ECTS): 0–999.99, a decimal comma welcome, empty for 0. */
export const creditPoints = z.preprocess(
  (v) => (typeof v === 'string' ? (v.trim() === '' ? 0 : Number(v.trim().replace(',', '.'))) : v),
  z
    .number()
    .min(0)
    .max(999.99)
    .refine((n) => Math.abs(n * 100 - Math.round(n * 100)) < 1e-6, { message: 'two_decimals' }),
);

export const qualificationInput = z.object({
  code: catalogueCode,
  title: z.string().trim().min(2).max(300),
  titleEn: z.string().trim().max(300),
  eqfLevel: frameworkLevel,
  lkiLevel: frameworkLevel,
  programme: z.string().trim().max(300),
});
export type QualificationInput = z.input<typeof qualificationInput>;
export const qualificationUpdate = qualificationInput.extend({ lockVersion: z.number().int().min(1) });
export type QualificationUpdate = z.input<typeof qualificationUpdate>;

export const qualificationListQuery = listQuery([
  'code',
  'title',
  'eqfLevel',
  'lkiLevel',
  'createdAt',
] as const).extend({ eqfLevel: z.coerce.number().int().min(1).max(8).optional() });
export type QualificationListQuery = z.infer<typeof qualificationListQuery>;

export const qualificationSummary = z.object({
  id: z.uuid(),
  code: z.string(),
  title: z.string(),
  titleEn: z.string(),
  eqfLevel: z.number().int(),
  lkiLevel: z.number().int(),
  programme: z.string(),
  unitCount: z.number().int(),
});
export type QualificationSummary = z.infer<typeof qualificationSummary>;
export const qualificationPage = page(qualificationSummary);
export type QualificationPage = z.infer<typeof qualificationPage>;

export const unitSummary = z.object({
  id: z.uuid(),
  code: z.string(),
  title: z.string(),
  titleEn: z.string(),
  eqfLevel: z.number().int(),
  creditPoints: z.number(),
  outcomeCount: z.number().int(),
});
export type UnitSummary = z.infer<typeof unitSummary>;

export const qualificationDetails = qualificationSummary.extend({
  lockVersion: z.number().int(),
  units: z.array(unitSummary),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type QualificationDetails = z.infer<typeof qualificationDetails>;

export const outcomeInput = z.object({
  /** Present for an outcome that is already saved. */
  id: z.uuid().optional(),
  kind: z.enum(outcomeKinds),
  text: z.string().trim().min(1).max(2000),
  textEn: z.string().trim().max(2000),
  assessmentCriteria: z.string().trim().max(4000),
});
export type OutcomeInput = z.input<typeof outcomeInput>;

/** A unit with its outcomes in the order given: saving it creates, changes, reorders and removes outcomes. */
export const unitInput = z.object({
  code: catalogueCode,
  title: z.string().trim().min(2).max(300),
  titleEn: z.string().trim().max(300),
  eqfLevel: frameworkLevel,
  creditPoints,
  outcomes: z.array(outcomeInput).max(60).default([]),
});
export type UnitInput = z.input<typeof unitInput>;
export const unitUpdate = unitInput.extend({ lockVersion: z.number().int().min(1) });
export type UnitUpdate = z.input<typeof unitUpdate>;

export const learningOutcome = z.object({
  id: z.uuid(),
  position: z.number().int(),
  kind: z.enum(outcomeKinds),
  text: z.string(),
  textEn: z.string(),
  assessmentCriteria: z.string(),
});
export type LearningOutcome = z.infer<typeof learningOutcome>;

/** A unit with its qualification and outcomes: what MoUs, learning agreements and credentials read. */
export const unitDetails = z.object({
  id: z.uuid(),
  qualificationId: z.uuid(),
  qualificationCode: z.string(),
  qualificationTitle: z.string(),
  code: z.string(),
  title: z.string(),
  titleEn: z.string(),
  eqfLevel: z.number().int(),
  creditPoints: z.number(),
  lockVersion: z.number().int(),
  outcomes: z.array(learningOutcome),
});
export type UnitDetails = z.infer<typeof unitDetails>;
export const unitList = z.object({ items: z.array(unitDetails) });

/** `?ids=a,b,c`: up to 200 units by id. */
export const unitIdsQuery = z.object({
  ids: z
    .string()
    .trim()
    .default('')
    .transform((v) => (v ? [...new Set(v.split(',').map((s) => s.trim()))] : []))
    .pipe(z.array(z.uuid()).max(200)),
});
