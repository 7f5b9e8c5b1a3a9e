import { describe, expect, it } from 'vitest';
import { addDays, daysBetween, templateDueDate } from './dates.ts';

describe('plan dates', () => {
  it('adds days across months, years and the summer-time change', () => {
    expect(addDays('2026-03-28', 3)).toBe('2026-03-31');
    expect(addDays('2026-12-30', 3)).toBe('2027-01-02');
    expect(addDays('2026-03-01', -1)).toBe('2026-02-28');
  });

  it('counts the days left, negative after the date', () => {
    expect(daysBetween('2026-10-27', '2026-10-30')).toBe(3);
    expect(daysBetween('2026-10-30', '2026-10-27')).toBe(-3);
    expect(daysBetween('2026-03-28', '2026-03-30')).toBe(2);
  });

  it('puts a template task on its day from the first day, and on the last day when it would fall later', () => {
    expect(templateDueDate('2026-09-01', '2026-10-31', 0)).toBe('2026-09-01');
    expect(templateDueDate('2026-09-01', '2026-10-31', 14)).toBe('2026-09-15');
    expect(templateDueDate('2026-09-01', '2026-09-30', 60)).toBe('2026-09-30');
  });
});
