/** Calendar dates as the API carries them (YYYY-MM-DD), counted in whole days. */

export function addDays(isoDate: string, days: number): string {
  const d = new Date(`${isoDate}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

/** Days from `from` to `to`: 3 when `to` is three days later, negative when it is earlier. */
export function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);
}

/** The date a template task falls due: `dueDay` days after the first day, never after the last. */
export function templateDueDate(startDate: string, endDate: string, dueDay: number): string {
  const due = addDays(startDate, Math.max(0, dueDay));
  return due > endDate ? endDate : due;
}
