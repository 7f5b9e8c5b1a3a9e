import { Badge, Card, List, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import {
  countryName,
  type MouCatalogueEntry,
  type MouDocument,
  type MouParty,
  type MouStatus,
  type Role,
  staffRoles,
} from '@tilts/shared';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { currentLocale } from '../../i18n/index.ts';
import { formatDate, formatDateTime } from '../../lib/format.ts';

/** Who reads memoranda (the API lets staff read), and who drafts, sends, signs for the school and ends them. */
export const mouReaders: readonly Role[] = staffRoles;
export const mouEditors: readonly Role[] = ['admin', 'coordinator'];

const statusColor: Record<MouStatus, string> = {
  draft: 'gray',
  awaiting_signatures: 'yellow',
  active: 'teal',
  expired: 'orange',
  terminated: 'red',
};

export function MouStatusBadge({ status }: { status: MouStatus }) {
  const { t } = useTranslation();
  return (
    <Badge color={statusColor[status]} variant="light" style={{ flexShrink: 0 }}>
      {t(`mous.statuses.${status}`)}
    </Badge>
  );
}

function Section({ title, children }: { title: string; children: ReactNode }) {
  return (
    <Stack gap={6} component="section">
      <Title order={2} size="h4">
        {title}
      </Title>
      {children}
    </Stack>
  );
}

function Prose({ text }: { text: string }) {
  const { t } = useTranslation();
  return text.trim() ? (
    <Text className="preserve-lines">{text}</Text>
  ) : (
    <Text c="dimmed">{t('common.none')}</Text>
  );
}

function entryLabel(e: MouCatalogueEntry, eqf: string): string {
  const title = currentLocale() === 'en' && e.titleEn ? e.titleEn : e.title;
  return `${e.code} ${title} (${eqf})`;
}

function Detail({ label, value }: { label: string; value: string }) {
  if (!value.trim()) return null;
  return (
    <Text size="sm">
      <Text span c="dimmed">
        {label}:
      </Text>{' '}
      {value}
    </Text>
  );
}

/** One signing organisation: its details as drafted and whether (and how) it signed. */
export function PartyCard({
  party,
  ownSchool = true,
  children,
}: {
  party: MouParty;
  /** Whether the reader is the school's staff ("our school"); the partner's signing page is not. */
  ownSchool?: boolean;
  children?: ReactNode;
}) {
  const { t } = useTranslation();
  const locale = currentLocale();
  const sig = party.signature;
  return (
    <Card withBorder padding="md" component="article" aria-label={party.organisationName}>
      <Stack gap={4}>
        <Text fw={600}>{party.organisationName}</Text>
        {party.isSchool && ownSchool && (
          <Text size="xs" c="dimmed">
            {t('mous.party.school')}
          </Text>
        )}
        <Detail
          label={t('mous.party.country')}
          value={`${countryName(party.country, locale)} (${party.country})`}
        />
        <Detail label={t('mous.party.address')} value={party.address} />
        <Detail label={t('mous.party.phone')} value={party.phone} />
        <Detail label={t('mous.party.website')} value={party.website} />
        <Detail
          label={t('mous.party.contactName')}
          value={[party.contactName, party.contactPosition].filter(Boolean).join(', ')}
        />
        <Detail
          label={t('mous.party.signatoryName')}
          value={[party.signatoryName, party.signatoryPosition, party.signatoryEmail]
            .filter(Boolean)
            .join(', ')}
        />
        {sig ? (
          <Stack gap={0} mt={4}>
            <Text size="sm" fw={600} c="teal.8">
              {t('mous.party.signedBy', { name: [sig.name, sig.position].filter(Boolean).join(', ') })}
            </Text>
            <Text size="xs" c="dimmed" mt={4}>
              {t('mous.party.signedAtHow', {
                at: formatDateTime(sig.at, locale),
                how: t(`mous.party.methods.${sig.method}`),
              })}
            </Text>
          </Stack>
        ) : (
          <Badge color="gray" variant="light" mt={4}>
            {t('mous.party.notSigned')}
          </Badge>
        )}
        {children}
      </Stack>
    </Card>
  );
}

/** The memorandum as its parties read it, section by section (the order of the PDF). */
export function MouDocumentView({
  doc,
  partyExtra,
  ownSchool = true,
}: {
  doc: MouDocument;
  ownSchool?: boolean;
  /** Something to add under a party's card (the staff's "send the link again"). */
  partyExtra?: (party: MouParty) => ReactNode;
}) {
  const { t } = useTranslation();
  const locale = currentLocale();
  return (
    <Stack gap="lg">
      <Section title={t('mous.sections.objectives')}>
        <Prose text={doc.objectives} />
      </Section>
      <Section title={t('mous.sections.parties')}>
        <SimpleGrid cols={{ base: 1, sm: 2 }}>
          {doc.parties.map((party) => (
            <PartyCard key={party.id} party={party} ownSchool={ownSchool}>
              {partyExtra?.(party)}
            </PartyCard>
          ))}
        </SimpleGrid>
      </Section>
      <Section title={t('mous.sections.qualifications')}>
        {doc.qualifications.length ? (
          <List>
            {doc.qualifications.map((q) => (
              <List.Item key={q.id}>{entryLabel(q, t('mous.eqf', { level: q.eqfLevel }))}</List.Item>
            ))}
          </List>
        ) : (
          <Text c="dimmed">{t('common.none')}</Text>
        )}
      </Section>
      <Section title={t('mous.sections.units')}>
        {doc.units.length ? (
          <List>
            {doc.units.map((u) => (
              <List.Item key={u.id}>{entryLabel(u, t('mous.eqf', { level: u.eqfLevel }))}</List.Item>
            ))}
          </List>
        ) : (
          <Text c="dimmed">{t('common.none')}</Text>
        )}
      </Section>
      <Section title={t('mous.sections.outcomes')}>
        {(['assessment', 'documentation', 'validation', 'recognition', 'responsibilities'] as const).map(
          (key) => (
            <Stack gap={2} key={key}>
              <Title order={3} size="h5">
                {t(`mous.sections.${key}`)}
              </Title>
              <Prose text={doc[key]} />
            </Stack>
          ),
        )}
      </Section>
      <Section title={t('mous.sections.duration')}>
        <Text>
          {doc.minDurationDays || doc.maxDurationDays
            ? t('mous.durationRange', {
                min: doc.minDurationDays ?? t('common.none'),
                max: doc.maxDurationDays ?? t('common.none'),
              })
            : t('common.none')}
        </Text>
      </Section>
      <Section title={t('mous.sections.evaluation')}>
        <Prose text={doc.evaluation} />
      </Section>
      <Section title={t('mous.sections.validity')}>
        <Text>
          {t('mous.sections.validFrom')}: {formatDate(doc.validFrom, locale) || t('common.none')} ·{' '}
          {t('mous.sections.validUntil')}: {formatDate(doc.validUntil, locale) || t('common.none')}
        </Text>
      </Section>
    </Stack>
  );
}
