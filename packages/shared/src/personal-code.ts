/**
 * Latvian personal codes (personas kods). Two formats are in use: the old one begins with the birth
 * date (DDMMYY-CNNNK, C the century: 0 1800s, 1 1900s, 2 2000s) and the new one, issued since
 * 1 July 2017, begins with 32 and carries no date (32NNNN-NNNNK). Both end in a check digit K over
 * the first ten digits with the weights 1 6 3 7 9 10 5 8 4 2: K = (1101 − Σ) mod 11, and 10 is
 * written 0.
 */
const weights = [1, 6, 3, 7, 9, 10, 5, 8, 4, 2] as const;

export type PersonalCodeCheck =
  | { ok: true; code: string; format: 'old' | 'new'; dateOfBirth: string | null }
  | { ok: false; problem: 'personal_code_format' | 'personal_code_checksum' | 'personal_code_date' };

/** The code written the usual way, "DDMMYY-NNNNN": spaces dropped, the dash put back. */
export function normalisePersonalCode(value: string): string {
  const digits = value.replace(/[\s-]/g, '');
  return /^\d{11}$/.test(digits) ? `${digits.slice(0, 6)}-${digits.slice(6)}` : value.trim();
}

/** Checks a Latvian personal code's format, check digit and (old format) birth date. */
export function checkPersonalCode(value: string): PersonalCodeCheck {
  const compact = value.trim().replace(/\s/g, '');
  if (!/^\d{6}-?\d{5}$/.test(compact)) return { ok: false, problem: 'personal_code_format' };
  const digits = compact.replace('-', '').split('').map(Number);
  const sum = weights.reduce((s, w, i) => s + w * (digits[i] ?? 0), 0);
  const check = ((1101 - sum) % 11) % 10;
  if (check !== digits[10]) return { ok: false, problem: 'personal_code_checksum' };
  const code = `${compact.replace('-', '').slice(0, 6)}-${compact.replace('-', '').slice(6)}`;
  if (digits[0] === 3 && digits[1] === 2) return { ok: true, code, format: 'new', dateOfBirth: null };
  const century = [1800, 1900, 2000][digits[6] ?? 9];
  if (century === undefined) return { ok: false, problem: 'personal_code_date' };
  const day = digits[0]! * 10 + digits[1]!;
  const month = digits[2]! * 10 + digits[3]!;
  const year = century + digits[4]! * 10 + digits[5]!;
  const date = new Date(Date.UTC(year, month - 1, day));
  if (date.getUTCFullYear() !== year || date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day) {
    return { ok: false, problem: 'personal_code_date' };
  }
  const pad = (n: number) => String(n).padStart(2, '0');
  return { ok: true, code, format: 'old', dateOfBirth: `${year}-${pad(month)}-${pad(day)}` };
}

/** A code shown to someone who may know that one is on file but not what it is: "●●●●●●-●●●05". */
export function maskPersonalCode(code: string): string {
  return code.replace(/\d(?=[\d-]{2,}$)/g, '●');
}
