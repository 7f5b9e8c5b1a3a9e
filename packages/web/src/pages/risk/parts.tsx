import { Badge, Button } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useMutation } from '@tanstack/react-query';
import { describeRisk, type Me, type RiskAudience, type RiskLight, type RiskReason } from '@tilts/shared';
import { useTranslation } from 'react-i18next';
import { currentLocale } from '../../i18n/index.ts';
import { api, errorText } from '../../lib/api.ts';

export const lightColor: Record<RiskLight, string> = { red: 'red', amber: 'yellow', green: 'green' };

/** The traffic light with its word, so it does not rest on colour alone. */
export function LightBadge({ light }: { light: RiskLight }) {
  const { t } = useTranslation();
  return (
    <Badge
      color={lightColor[light]}
      variant={light === 'amber' ? 'filled' : 'light'}
      c={light === 'amber' ? 'dark' : undefined}
      leftSection="●"
      style={{ flexShrink: 0 }}
      data-light={light}
    >
      {t(`risk.lights.${light}`)}
    </Badge>
  );
}

/** The reasons in the language on screen ("no diary entry for 9 days; 2 deadlines missed"). */
export function reasonsText(reasons: RiskReason[], audience: RiskAudience = 'staff') {
  const text = describeRisk(reasons, currentLocale(), audience);
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** Opens the app as this learner, read only; the session stays so until Exit. */
export function ViewAsButton({ learnerId, name }: { learnerId: string; name: string }) {
  const { t } = useTranslation();
  const start = useMutation({
    mutationFn: () => api.post<Me>('/api/view-as', { learnerId }),
    // A fresh page: nothing the mentor's screens loaded stays in memory, and every query asks again
    // as the learner.
    onSuccess: () => window.location.assign('/'),
    onError: (error) => notifications.show({ color: 'red', message: errorText(error) }),
  });
  return (
    <Button
      size="compact-sm"
      variant="default"
      loading={start.isPending}
      onClick={() => start.mutate()}
      aria-label={t('risk.viewAsLabel', { name })}
    >
      {t('risk.viewAs')}
    </Button>
  );
}
