import { Badge, Card, Group, List, Stack, Text, Title } from '@mantine/core';
import {
  type AgreementContent,
  type AgreementParty,
  activityTypeNames,
  countryName,
  type SignatureView,
} from '@tilts/shared';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { currentLocale } from '../../i18n/index.ts';
import { formatDate, formatDateTime } from '../../lib/format.ts';

/** A titled card of "label: value" rows, as the placement page shows facts. */
export function FactCard({
  title,
  rows,
  children,
}: {
  title: string;
  rows?: [string, ReactNode][];
  children?: ReactNode;
}) {
  return (
    <Card withBorder padding="lg" component="section">
      <Title order={3} size="h5" mb="sm">
        {title}
      </Title>
      <Stack gap={6}>
        {rows?.map(([label, value]) => (
          <Group key={label} gap="xs" wrap="nowrap" align="flex-start">
            <Text size="sm" c="dimmed" w={180} style={{ flexShrink: 0 }}>
              {label}
            </Text>
            <Text size="sm" style={{ overflowWrap: 'anywhere', whiteSpace: 'pre-wrap' }}>
              {value === '' || value === null || value === undefined ? '—' : value}
            </Text>
          </Group>
        ))}
        {children}
      </Stack>
    </Card>
  );
}

const person = (p: { name: string; position: string; email: string; phone: string } | null) =>
  p ? [p.name, p.position, p.email, p.phone].filter((x) => x.trim()).join(', ') : '';

/** Every section of an agreement's content, read only: what each party reads before signing. */
export function AgreementContentView({ content: c }: { content: AgreementContent }) {
  const { t } = useTranslation();
  const locale = currentLocale();
  const en = locale === 'en';
  const units = c.units.filter((u) => u.outcomes.some((o) => o.included));
  return (
    <Stack>
      <FactCard
        title={t('agreements.sections.parties')}
        rows={[
          [t('agreements.fields.school'), `${c.school.name}, ${c.school.legalAddress}`],
          [
            t('agreements.fields.host'),
            c.host ? `${c.host.name}, ${c.host.legalAddress} (${countryName(c.host.country, locale)})` : '',
          ],
          [t('agreements.fields.learner'), `${c.learner.givenName} ${c.learner.familyName}`],
          [
            t('agreements.fields.dateOfBirth'),
            c.learner.dateOfBirth ? formatDate(c.learner.dateOfBirth, locale) : '',
          ],
          ...(c.guardian
            ? [
                [t('agreements.fields.guardian'), `${c.guardian.name}, ${c.guardian.email}`] as [
                  string,
                  ReactNode,
                ],
              ]
            : []),
        ]}
      />
      <FactCard
        title={t('agreements.sections.qualification')}
        rows={[
          [
            t('agreements.fields.qualification'),
            c.qualification
              ? `${c.qualification.code} ${en && c.qualification.titleEn ? c.qualification.titleEn : c.qualification.title}`
              : '',
          ],
          [
            t('agreements.fields.levels'),
            c.qualification
              ? t('agreements.levels', { eqf: c.qualification.eqfLevel, lki: c.qualification.lkiLevel })
              : '',
          ],
          [t('agreements.fields.programme'), c.qualification?.programme ?? ''],
          ...(c.programme
            ? [
                [
                  t('agreements.fields.internshipProgramme'),
                  t('agreements.programmeHours', { title: c.programme.title, hours: c.programme.hours }),
                ] as [string, ReactNode],
              ]
            : []),
          ...(c.activityType
            ? [
                [t('agreements.fields.activityType'), activityTypeNames[locale][c.activityType]] as [
                  string,
                  ReactNode,
                ],
              ]
            : []),
          [
            t('agreements.fields.period'),
            `${formatDate(c.period.startDate, locale)}–${formatDate(c.period.endDate, locale)}`,
          ],
        ]}
      />
      <Card withBorder padding="lg" component="section">
        <Title order={3} size="h5" mb="sm">
          {c.kind === 'learning_contract'
            ? t('agreements.sections.individualPlan')
            : t('agreements.sections.outcomes')}
        </Title>
        {units.length === 0 && (
          <Text size="sm" c="dimmed">
            {t('agreements.noOutcomes')}
          </Text>
        )}
        <Stack gap="md">
          {units.map((u) => (
            <Stack key={u.id} gap={4}>
              <Text fw={600} size="sm">
                {u.code} {en && u.titleEn ? u.titleEn : u.title} ·{' '}
                {t('agreements.unitFacts', { eqf: u.eqfLevel, credits: u.creditPoints })}
              </Text>
              <List size="sm" spacing={2}>
                {u.outcomes
                  .filter((o) => o.included)
                  .map((o) => (
                    <List.Item key={o.id}>
                      {en && o.textEn ? o.textEn : o.text}
                      {c.kind === 'learning_contract' && (
                        <Badge
                          ml="xs"
                          size="xs"
                          variant="light"
                          color={o.place === 'workplace' ? 'teal' : 'blue'}
                        >
                          {t(`agreements.places.${o.place}`)}
                        </Badge>
                      )}
                    </List.Item>
                  ))}
              </List>
              {u.activities && (
                <Text size="sm">
                  <Text span fw={500}>
                    {t('agreements.fields.activities')}:
                  </Text>{' '}
                  {u.activities}
                </Text>
              )}
            </Stack>
          ))}
          {c.tasks.length > 0 && (
            <Stack gap={4}>
              <Text fw={600} size="sm">
                {t('agreements.fields.tasks')}
              </Text>
              <List size="sm" type="ordered">
                {c.tasks.map((task) => (
                  <List.Item key={`${task.dueDay}-${task.title}`}>
                    {task.title} ({t('agreements.dueDay', { day: task.dueDay })})
                  </List.Item>
                ))}
              </List>
            </Stack>
          )}
        </Stack>
      </Card>
      <FactCard
        title={t('agreements.sections.people')}
        rows={[
          [t('agreements.fields.schoolMentor'), person(c.schoolMentor)],
          [t('agreements.fields.hostMentor'), person(c.hostMentor)],
          [
            t('agreements.fields.hostSignatory'),
            [c.hostSignatory.name, c.hostSignatory.position, c.hostSignatory.email]
              .filter(Boolean)
              .join(', '),
          ],
        ]}
      />
      <FactCard
        title={t('agreements.sections.responsibilities')}
        rows={[
          [t('agreements.fields.schoolDuties'), c.responsibilities.school],
          [t('agreements.fields.hostDuties'), c.responsibilities.host],
          [t('agreements.fields.learnerDuties'), c.responsibilities.learner],
        ]}
      />
      <FactCard
        title={t('agreements.sections.terms')}
        rows={[
          [t('agreements.fields.insurance'), c.insurance],
          [t('agreements.fields.assessmentMethod'), c.assessment.method],
          [t('agreements.fields.grading'), t(`agreements.gradings.${c.assessment.grading}`)],
          [t('agreements.fields.recognition'), c.recognition],
          ...(c.mou
            ? [[t('agreements.fields.mou'), `${c.mou.title} (${c.mou.version})`] as [string, ReactNode]]
            : []),
          ...(c.groupProgramme
            ? [[t('agreements.fields.groupProgramme'), c.groupProgramme] as [string, ReactNode]]
            : []),
          ...(c.notes ? [[t('agreements.fields.notes'), c.notes] as [string, ReactNode]] : []),
        ]}
      />
    </Stack>
  );
}

/** Who signs a version and who has: name, position, e-mail, when and how. */
export function SignatureList({ signatures }: { signatures: SignatureView[] }) {
  const { t } = useTranslation();
  const locale = currentLocale();
  if (signatures.length === 0)
    return (
      <Text size="sm" c="dimmed">
        {t('agreements.notSent')}
      </Text>
    );
  return (
    <Stack gap="xs">
      {signatures.map((s) => (
        <Group key={s.party} gap="sm" wrap="nowrap" align="flex-start" justify="space-between">
          <Stack gap={0} style={{ minWidth: 0 }}>
            <Text size="sm" fw={500}>
              {t(`agreements.parties.${s.party as AgreementParty}`)}
            </Text>
            <Text size="xs" c="dimmed" style={{ overflowWrap: 'anywhere' }}>
              {s.signedAt
                ? t('agreements.signedBy', {
                    who: [s.name, s.position, s.email].filter(Boolean).join(', '),
                    at: formatDateTime(s.signedAt, locale),
                    how: t(`agreements.methods.${s.method ?? 'in_app'}`),
                  })
                : [s.expectedName, s.expectedEmail].filter(Boolean).join(', ') || '—'}
            </Text>
          </Stack>
          <Badge color={s.signedAt ? 'teal' : 'gray'} variant="light" style={{ flexShrink: 0 }}>
            {s.signedAt ? t('agreements.signed') : t('agreements.waiting')}
          </Badge>
        </Group>
      ))}
    </Stack>
  );
}
