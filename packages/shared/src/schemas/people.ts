import { z } from 'zod';
import { checkPersonalCode, normalisePersonalCode } from '../personal-code.ts';

/** A Latvian personal code (old or new format), written "DDMMYY-NNNNN" once checked. */
export const personalCode = z
  .string()
  .trim()
  .superRefine((value, ctx) => {
    const check = checkPersonalCode(value);
    if (!check.ok) ctx.addIssue({ code: 'custom', message: check.problem });
  })
  .transform(normalisePersonalCode);

/** How long the school keeps a learner's personal data after their last placement ends. */
export const retentionSettings = z.object({
  retentionYears: z.coerce.number().int().min(1).max(50),
});
export type RetentionSettings = z.infer<typeof retentionSettings>;

/** What the retention page shows: the setting and who would be anonymised by it now. */
export const retentionView = retentionSettings.extend({
  /** Learners whose last placement ended before this date (YYYY-MM-DD) are anonymised. */
  cutoff: z.string(),
  due: z.number().int(),
  anonymised: z.number().int(),
});
export type RetentionView = z.infer<typeof retentionView>;
