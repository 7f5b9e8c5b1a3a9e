import { Alert, Button, Divider, FileInput, List, Stack, Text, TextInput, Title } from '@mantine/core';
import { useDocumentTitle } from '@mantine/hooks';
import { useMutation } from '@tanstack/react-query';
import type { AgreementCheckResult } from '@tilts/shared';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { FormAlert } from '../../components/feedback.tsx';
import { currentLocale } from '../../i18n/index.ts';
import { api, errorText } from '../../lib/api.ts';
import { formatDate, formatDateTime } from '../../lib/format.ts';

/**
 * The public check: anyone holding an agreement's PDF uploads it (or types the hash from its last
 * page) and reads which signed version it is, or plainly that none matches.
 */
export function AgreementCheckPage() {
  const { t } = useTranslation();
  useDocumentTitle(`${t('agreements.checkPage.title')} · Tilts`);
  const [file, setFile] = useState<File | null>(null);
  const [hash, setHash] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  const check = useMutation({
    mutationFn: (what: { file: File } | { hash: string }) =>
      'file' in what
        ? api.postFile<AgreementCheckResult>(
            '/api/agreement-check',
            new Blob([what.file], { type: 'application/octet-stream' }),
          )
        : api.get<AgreementCheckResult>('/api/agreement-check', { hash: what.hash }),
    onSuccess: () => setProblem(null),
    onError: (e) => setProblem(errorText(e)),
  });
  return (
    <Stack>
      <Title order={1} size="h2">
        {t('agreements.checkPage.title')}
      </Title>
      <Text>{t('agreements.checkPage.intro')}</Text>
      <FormAlert message={problem} />
      <form
        onSubmit={(e: FormEvent) => {
          e.preventDefault();
          if (file) check.mutate({ file });
        }}
      >
        <Stack gap="xs">
          <FileInput
            label={t('agreements.checkPage.file')}
            placeholder={t('agreements.checkPage.choose')}
            value={file}
            onChange={setFile}
            clearable
          />
          <Button
            type="submit"
            disabled={!file}
            loading={check.isPending && check.variables && 'file' in check.variables}
            w="fit-content"
          >
            {t('agreements.checkPage.checkFile')}
          </Button>
        </Stack>
      </form>
      <Divider label={t('agreements.checkPage.or')} />
      <form
        onSubmit={(e: FormEvent) => {
          e.preventDefault();
          if (hash.trim()) check.mutate({ hash: hash.trim() });
        }}
      >
        <Stack gap="xs">
          <TextInput
            label={t('agreements.checkPage.hash')}
            value={hash}
            onChange={(e) => setHash(e.currentTarget.value)}
            spellCheck={false}
          />
          <Button type="submit" disabled={!hash.trim()} variant="light" w="fit-content">
            {t('agreements.checkPage.checkHash')}
          </Button>
        </Stack>
      </form>
      {check.data && <CheckResult result={check.data} />}
    </Stack>
  );
}

function CheckResult({ result: r }: { result: AgreementCheckResult }) {
  const { t } = useTranslation();
  const locale = currentLocale();
  if (!r.match) {
    return (
      <Alert
        color="red"
        variant="light"
        role="status"
        title={t(`agreements.checkPage.outcomes.${r.outcome}`)}
      >
        {r.hash && (
          <Text size="xs" style={{ overflowWrap: 'anywhere' }}>
            SHA-256: {r.hash}
          </Text>
        )}
      </Alert>
    );
  }
  const m = r.match;
  const signed = r.outcome === 'signed';
  return (
    <Alert
      color={signed ? 'teal' : 'orange'}
      variant="light"
      role="status"
      title={t(`agreements.checkPage.outcomes.${r.outcome}`)}
    >
      <Stack gap={6}>
        <Text size="sm">
          {t('agreements.checkPage.matches', {
            version: m.version,
            kind: t(`agreements.kinds.${m.kind}`),
            learner: m.learner,
            host: m.host,
            school: m.school,
            from: formatDate(m.startDate, locale),
            to: formatDate(m.endDate, locale),
          })}
        </Text>
        {m.signatures.length > 0 && (
          <List size="sm">
            {m.signatures.map((s) => (
              <List.Item key={s.party}>
                {t('agreements.checkPage.signedLine', {
                  party: t(`agreements.parties.${s.party}`),
                  name: [s.name, s.position].filter(Boolean).join(', '),
                  at: formatDateTime(s.signedAt, locale),
                })}
              </List.Item>
            ))}
          </List>
        )}
        {m.replacedBy && (
          <Text size="sm">{t('agreements.checkPage.replaced', { version: m.replacedBy })}</Text>
        )}
        {r.fileMatches === true && <Text size="sm">{t('agreements.checkPage.fileMatches')}</Text>}
        {r.fileMatches === false && <Text size="sm">{t('agreements.checkPage.fileDiffers')}</Text>}
        <Text size="xs" style={{ overflowWrap: 'anywhere' }}>
          SHA-256: {r.hash}
        </Text>
      </Stack>
    </Alert>
  );
}
