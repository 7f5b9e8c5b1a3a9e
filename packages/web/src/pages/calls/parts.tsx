import { Badge } from '@mantine/core';
import type { ApplicationStatus, CallCriterion, CallDestination, CallStatus } from '@tilts/shared';
import { countryName, isNamedCriterion, type Locale } from '@tilts/shared';
import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import { ApiRequestError, errorText } from '../../lib/api.ts';

const callColors: Record<CallStatus, string> = {
  draft: 'gray',
  open: 'teal',
  closed: 'orange',
  decided: 'blue',
};

export function CallStatusBadge({ status }: { status: CallStatus }) {
  const { t } = useTranslation();
  return (
    <Badge variant="light" color={callColors[status]}>
      {t(`calls.statuses.${status}`)}
    </Badge>
  );
}

const applicationColors: Record<ApplicationStatus, string> = {
  submitted: 'gray',
  withdrawn: 'dark',
  selected: 'teal',
  reserve: 'yellow',
  not_selected: 'red',
};

export function ApplicationStatusBadge({
  status,
  reservePosition,
}: {
  status: ApplicationStatus;
  reservePosition?: number | null;
}) {
  const { t } = useTranslation();
  return (
    <Badge variant="light" color={applicationColors[status]}>
      {status === 'reserve' && reservePosition
        ? t('calls.reserveNumber', { position: reservePosition })
        : t(`calls.applicationStatuses.${status}`)}
    </Badge>
  );
}

/** "Dresden, Vācija (Müller Maschinenbau GmbH)". */
export function destinationText(
  d: Pick<CallDestination, 'city' | 'country' | 'hostName'>,
  locale: Locale,
): string {
  const place = [d.city, countryName(d.country, locale)].filter(Boolean).join(', ');
  return d.hostName ? `${place} (${d.hostName})` : place;
}

/** The four named criteria in the interface's words; the coordinator's own by their label. */
export function criterionName(c: Pick<CallCriterion, 'key' | 'label'>, t: TFunction): string {
  return isNamedCriterion(c.key) ? t(`calls.criteria.${c.key}`) : c.label || c.key;
}

/** The server's message with each field's words, for an action that has no form to put them on. */
export function errorWithFields(error: unknown): string {
  if (error instanceof ApiRequestError) return [error.message, ...Object.values(error.fields)].join(' ');
  return errorText(error);
}
