export type SortDir = 'asc' | 'desc';

/** The part of a list's address that says what to show. Absent means the page's default. */
export interface ListSearch<S extends string> {
  q?: string;
  sort?: S;
  dir?: SortDir;
  page?: number;
}

function text(value: unknown, max = 200): string | undefined {
  if (typeof value === 'number') return String(value);
  if (typeof value !== 'string') return undefined;
  const trimmed = value.trim();
  return trimmed ? trimmed.slice(0, max) : undefined;
}

/** Reads a list's search parameters leniently: anything malformed is dropped, not an error page. */
export function parseListSearch<S extends string>(
  input: Record<string, unknown>,
  sortable: readonly S[],
): ListSearch<S> {
  const page = Number(input.page);
  const sort = sortable.find((s) => s === input.sort);
  return {
    q: text(input.q),
    sort,
    dir: input.dir === 'asc' || input.dir === 'desc' ? input.dir : undefined,
    page: Number.isInteger(page) && page > 1 ? page : undefined,
  };
}

export function optionalText(value: unknown, max = 200): string | undefined {
  return text(value, max);
}

export function optionalIsoDate(value: unknown): string | undefined {
  return typeof value === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(value) ? value : undefined;
}
