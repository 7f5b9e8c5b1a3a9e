import { Alert, Badge, Box, Group, List, Stack, Table, Text, Title } from '@mantine/core';
import { countryName, credentialWords, type VerificationResult } from '@tilts/shared';
import { useTranslation } from 'react-i18next';
import { currentLocale } from '../../i18n/index.ts';
import { formatDate } from '../../lib/format.ts';

const statusColor = { passed: 'teal', failed: 'red', skipped: 'gray', warning: 'yellow' } as const;
const statusMark = { passed: '✔', failed: '✘', skipped: '·', warning: '!' } as const;

/** A code from a credential ("on-site") in the reader's words, or the code itself when unknown. */
export function codeWord(table: Record<string, string>, code: string | null): string | null {
  if (!code) return null;
  return table[code.replace(/-/g, '_')] ?? code;
}

/** The result of a verification: verified or not, every EU element, and each check step by step. */
export function VerificationView({ result }: { result: VerificationResult }) {
  const { t } = useTranslation();
  const locale = currentLocale();
  const w = credentialWords[locale];
  const d = result.credential;
  const failedNames = result.failed.map((id) => t(`credentials.verify.checkNames.${id}`)).join(', ');
  const rows: [string, string | null | undefined][] = d
    ? [
        [t('credentials.verify.el.title'), d.title],
        [t('credentials.verify.el.documentType'), codeWord(w.documentType, d.documentType)],
        [t('credentials.verify.el.learner'), d.learner.name],
        [t('credentials.verify.el.awardingBody'), d.issuer.name],
        [
          t('credentials.verify.el.country'),
          [d.issuer.countryCode ? countryName(d.issuer.countryCode, locale) : null, d.issuer.region]
            .filter(Boolean)
            .join(', '),
        ],
        [t('credentials.verify.el.issuedAt'), formatDate(d.issuedAt, locale)],
        [
          t('credentials.verify.el.validUntil'),
          d.validUntil ? formatDate(d.validUntil, locale) : t('credentials.verify.el.noEnd'),
        ],
        [
          t('credentials.verify.el.workload'),
          [
            d.ects !== null ? `${d.ects} ECTS` : null,
            d.hours ? `${d.hours} ${t('credentials.verify.el.hours')}` : null,
          ]
            .filter(Boolean)
            .join(', '),
        ],
        [t('credentials.verify.el.eqf'), d.eqfLevel],
        [t('credentials.verify.el.lki'), d.lkiLevel],
        [
          t('credentials.verify.el.assessment'),
          [codeWord(w.assessmentType, d.assessmentType), d.assessmentDescription].filter(Boolean).join(' — '),
        ],
        [
          t('credentials.verify.el.participation'),
          [codeWord(w.participationMode, d.participationMode), codeWord(w.learningSetting, d.learningSetting)]
            .filter(Boolean)
            .join(', '),
        ],
        [t('credentials.verify.el.quality'), d.qualityAssurance],
        [t('credentials.verify.el.prerequisites'), d.prerequisites],
        [t('credentials.verify.el.identity'), codeWord(w.identityVerification, d.identityVerification)],
        [t('credentials.verify.el.grade'), d.grade],
        [t('credentials.verify.el.grading'), d.gradingScheme],
        [t('credentials.verify.el.parts'), d.parts.map((p) => p.name).join('; ')],
        [t('credentials.verify.el.stacks'), d.stacksInto],
        [t('credentials.verify.el.further'), d.furtherInformation],
        [t('credentials.verify.el.description'), d.description === d.title ? null : d.description],
      ]
    : [];
  return (
    <Stack gap="lg" data-testid="verification-result">
      <Alert
        color={result.verified ? 'teal' : 'red'}
        variant="light"
        role="status"
        title={result.verified ? t('credentials.verify.verified') : t('credentials.verify.notVerified')}
      >
        {result.verified
          ? t('credentials.verify.verifiedText')
          : t('credentials.verify.failedText', { checks: failedNames })}
      </Alert>

      {d && (
        <Box>
          <Title order={2} size="h4" mb="xs">
            {result.verified ? t('credentials.verify.elements') : t('credentials.verify.elementsUnverified')}
          </Title>
          <Table.ScrollContainer minWidth={320} type="native">
            <Table verticalSpacing={6}>
              <Table.Tbody>
                {rows
                  .filter(([, value]) => value)
                  .map(([label, value]) => (
                    <Table.Tr key={label}>
                      <Table.Th w="38%" fw={500} c="dimmed" fz="sm">
                        {label}
                      </Table.Th>
                      <Table.Td>{value}</Table.Td>
                    </Table.Tr>
                  ))}
                {d.learningOutcomes.length > 0 && (
                  <Table.Tr>
                    <Table.Th w="38%" fw={500} c="dimmed" fz="sm">
                      {t('credentials.verify.el.outcomes')}
                    </Table.Th>
                    <Table.Td>
                      <List size="sm" spacing={2}>
                        {d.learningOutcomes.map((o, i) => (
                          // biome-ignore lint/suspicious/noArrayIndexKey: outcomes have no id of their own here
                          <List.Item key={i}>{o.text}</List.Item>
                        ))}
                      </List>
                    </Table.Td>
                  </Table.Tr>
                )}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        </Box>
      )}

      <Box>
        <Title order={2} size="h4" mb="xs">
          {t('credentials.verify.steps')}
        </Title>
        <List type="ordered" spacing="xs" listStyleType="none" p={0}>
          {result.checks.map((check) => (
            <List.Item key={check.id}>
              <Group gap="xs" wrap="nowrap" align="flex-start">
                <Badge color={statusColor[check.status]} variant="light" miw={120} aria-hidden={false}>
                  {statusMark[check.status]} {t(`credentials.verify.checkNames.${check.id}`)}
                </Badge>
                <Text size="sm">
                  <Text span fw={500}>
                    {t(`credentials.verify.statuses.${check.status}`)}:
                  </Text>{' '}
                  {check.message}
                </Text>
              </Group>
            </List.Item>
          ))}
        </List>
      </Box>
    </Stack>
  );
}
