import { type ListSearch, optionalIsoDate, optionalText, parseListSearch } from '../../lib/list-search.ts';

export interface AuditSearch extends Pick<ListSearch<never>, 'q' | 'page'> {
  action?: string;
  actor?: string;
  entityType?: string;
  from?: string;
  to?: string;
}

export const auditSearch = (input: Record<string, unknown>): AuditSearch => {
  const { q, page } = parseListSearch(input, []);
  return {
    q,
    page,
    action: optionalText(input.action, 100),
    actor: optionalText(input.actor, 200),
    entityType: optionalText(input.entityType, 100),
    from: optionalIsoDate(input.from),
    to: optionalIsoDate(input.to),
  };
};
