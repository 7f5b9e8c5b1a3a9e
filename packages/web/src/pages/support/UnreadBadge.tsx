import { Badge } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { unreadQuery } from './unread.ts';

/** Unread messages in the person's placement threads, next to "Placements" in the navigation. */
export function UnreadBadge() {
  const { t } = useTranslation();
  const unread = useQuery(unreadQuery);
  const total = unread.data?.total ?? 0;
  if (total === 0) return null;
  return (
    <Badge
      size="sm"
      color="red"
      variant="filled"
      circle={total < 10}
      aria-label={t('support.nav.unread', { count: total })}
    >
      {total}
    </Badge>
  );
}
