import { Button, Input, Stack, Tabs, Text, Textarea, TextInput, Title } from '@mantine/core';
import { useMutation } from '@tanstack/react-query';
import { useNavigate } from '@tanstack/react-router';
import type { VerificationResult } from '@tilts/shared';
import { type ChangeEvent, type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { FormAlert } from '../../components/feedback.tsx';
import { errorText } from '../../lib/api.ts';
import { VerificationView } from './VerificationView.tsx';
import { verifyText } from './verify-api.ts';

const MAX_BYTES = 1024 * 1024;

/** The token of a Tilts share link (…/v/<token>), or null. */
export function shareToken(link: string): string | null {
  const match = link.trim().match(/\/v\/([A-Za-z0-9_-]{10,100})\/?(?:[?#].*)?$/);
  return match?.[1] ?? null;
}

/** The public verifier: paste the JSON, upload the file, or open a share link. No sign-in. */
export function VerifyPage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const [text, setText] = useState('');
  const [link, setLink] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  const [result, setResult] = useState<VerificationResult | null>(null);

  const check = useMutation({
    mutationFn: verifyText,
    onMutate: () => {
      setProblem(null);
      setResult(null);
    },
    onSuccess: setResult,
    onError: (error) => setProblem(errorText(error)),
  });

  function submitText(event: FormEvent) {
    event.preventDefault();
    check.mutate(text);
  }

  async function chooseFile(event: ChangeEvent<HTMLInputElement>) {
    const file = event.currentTarget.files?.[0];
    setResult(null);
    if (!file) return;
    if (file.size > MAX_BYTES) {
      setProblem(t('credentials.verify.tooLarge'));
      return;
    }
    check.mutate(await file.text());
  }

  function openLink(event: FormEvent) {
    event.preventDefault();
    const token = shareToken(link);
    if (!token) {
      setProblem(t('credentials.verify.badLink'));
      return;
    }
    void navigate({ to: '/v/$token', params: { token } });
  }

  return (
    <Stack>
      <Title order={1} size="h2">
        {t('credentials.verify.title')}
      </Title>
      <Text c="dimmed">{t('credentials.verify.intro')}</Text>
      <Tabs defaultValue="paste" keepMounted={false} onChange={() => setProblem(null)}>
        <Tabs.List>
          <Tabs.Tab value="paste">{t('credentials.verify.paste')}</Tabs.Tab>
          <Tabs.Tab value="upload">{t('credentials.verify.upload')}</Tabs.Tab>
          <Tabs.Tab value="link">{t('credentials.verify.link')}</Tabs.Tab>
        </Tabs.List>
        <Tabs.Panel value="paste" pt="md">
          <form onSubmit={submitText} noValidate>
            <Stack>
              <Textarea
                label={t('credentials.verify.json')}
                value={text}
                onChange={(event) => setText(event.currentTarget.value)}
                autosize
                minRows={6}
                maxRows={16}
                styles={{ input: { fontFamily: 'monospace', fontSize: 12 } }}
                required
              />
              <Button type="submit" loading={check.isPending} disabled={!text.trim()} w="fit-content">
                {t('credentials.verify.check')}
              </Button>
            </Stack>
          </form>
        </Tabs.Panel>
        <Tabs.Panel value="upload" pt="md">
          <Input.Wrapper id="credential-file" label={t('credentials.verify.file')}>
            <input
              id="credential-file"
              type="file"
              accept=".json,.jsonld,application/json,application/ld+json"
              onChange={(event) => void chooseFile(event)}
              style={{ display: 'block', marginTop: 6, maxWidth: '100%' }}
            />
          </Input.Wrapper>
        </Tabs.Panel>
        <Tabs.Panel value="link" pt="md">
          <form onSubmit={openLink} noValidate>
            <Stack>
              <TextInput
                label={t('credentials.verify.linkLabel')}
                value={link}
                onChange={(event) => setLink(event.currentTarget.value)}
                inputMode="url"
                required
              />
              <Button type="submit" w="fit-content">
                {t('credentials.verify.check')}
              </Button>
            </Stack>
          </form>
        </Tabs.Panel>
      </Tabs>
      <FormAlert message={problem} />
      {result && <VerificationView result={result} />}
    </Stack>
  );
}
