import type { DashboardFilter } from '@tilts/shared';

/** The dashboard's filters as they live in the address, so a view can be bookmarked and shared. */
export function dashboardSearch(input: Record<string, unknown>): DashboardFilter {
  const date = (v: unknown) => (typeof v === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(v) ? v : undefined);
  const id = (v: unknown) => (typeof v === 'string' && /^[0-9a-f-]{36}$/.test(v) ? v : undefined);
  return {
    from: date(input.from),
    to: date(input.to),
    projectId: id(input.projectId),
    programmeId: id(input.programmeId),
  };
}
