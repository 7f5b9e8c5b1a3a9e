import { queryOptions } from '@tanstack/react-query';
import type { UnreadResponse } from '@tilts/shared';
import { api } from '../../lib/api.ts';

/** Unread messages per placement for the signed-in person; refreshed every minute. */
export const unreadQuery = queryOptions({
  queryKey: ['support', 'unread'],
  queryFn: () => api.get<UnreadResponse>('/api/messages/unread'),
  refetchInterval: 60_000,
});
