import {
  Box,
  Button,
  Card,
  Group,
  Image,
  Input,
  SimpleGrid,
  Stack,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { queryOptions, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type SchoolDetails, type UpdateSchoolRequest, updateSchoolRequest } from '@tilts/shared';
import { type ChangeEvent, type FormEvent, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { FormAlert, LoadError, Loading } from '../../components/feedback.tsx';
import { PageHeader } from '../../components/PageHeader.tsx';
import { api, errorText } from '../../lib/api.ts';
import { useForm } from '../../lib/forms.ts';
import { meKey } from '../../lib/session.ts';
import { RetentionCard } from '../people/RetentionCard.tsx';

const schoolQuery = queryOptions({
  queryKey: ['school'],
  queryFn: () => api.get<SchoolDetails>('/api/school'),
});

const logoTypes = ['image/png', 'image/jpeg'];
const maxLogoBytes = 1024 * 1024;

function formValues(school: SchoolDetails) {
  return {
    name: school.name,
    legalAddress: school.legalAddress,
    city: school.city,
    registrationNumber: school.registrationNumber,
    country: school.country,
    erasmusOid: school.erasmusOid,
  };
}

function DetailsForm({ school }: { school: SchoolDetails }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const form = useForm(formValues(school));

  const save = useMutation({
    mutationFn: (body: UpdateSchoolRequest) => api.put<SchoolDetails>('/api/admin/school', body),
    onSuccess: (updated) => {
      queryClient.setQueryData(schoolQuery.queryKey, updated);
      form.setValues(formValues(updated));
      // The school's name is also in the header, which comes from /api/auth/me.
      void queryClient.invalidateQueries({ queryKey: meKey });
      notifications.show({ color: 'teal', message: t('school.saved') });
    },
    onError: form.fail,
  });

  function submit(event: FormEvent) {
    event.preventDefault();
    const body = form.check(updateSchoolRequest);
    if (body) save.mutate(body);
  }

  return (
    <form ref={form.formRef} onSubmit={submit} noValidate>
      <Stack>
        <FormAlert message={form.formError} />
        <TextInput label={t('school.name')} required autoComplete="organization" {...form.input('name')} />
        <TextInput
          label={t('school.legalAddress')}
          autoComplete="street-address"
          {...form.input('legalAddress')}
        />
        <TextInput
          label={t('school.city')}
          description={t('school.cityHint')}
          autoComplete="address-level2"
          {...form.input('city')}
        />
        <SimpleGrid cols={{ base: 1, sm: 2 }}>
          <TextInput label={t('school.registrationNumber')} {...form.input('registrationNumber')} />
          <TextInput
            label={t('school.country')}
            description={t('school.countryHint')}
            required
            maxLength={2}
            autoComplete="country"
            {...form.input('country')}
          />
        </SimpleGrid>
        <TextInput
          label={t('school.erasmusOid')}
          description={t('school.erasmusOidHint')}
          placeholder="E10012345"
          maxLength={20}
          {...form.input('erasmusOid')}
        />
        <Group>
          <Button type="submit" loading={save.isPending}>
            {t('common.save')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

function LogoForm({ school }: { school: SchoolDetails }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const inputRef = useRef<HTMLInputElement>(null);
  const [file, setFile] = useState<File | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const [preview, setPreview] = useState<string | null>(null);
  // Changes after each upload so the browser fetches the new image rather than its cached copy.
  const [version, setVersion] = useState(() => Date.now());

  useEffect(() => {
    if (!file) {
      setPreview(null);
      return;
    }
    const url = URL.createObjectURL(file);
    setPreview(url);
    return () => URL.revokeObjectURL(url);
  }, [file]);

  const upload = useMutation({
    mutationFn: (chosen: File) => api.putFile<SchoolDetails>('/api/admin/school/logo', chosen),
    onSuccess: (updated) => {
      queryClient.setQueryData(schoolQuery.queryKey, updated);
      setVersion(Date.now());
      setFile(null);
      if (inputRef.current) inputRef.current.value = '';
      notifications.show({ color: 'teal', message: t('school.uploaded') });
    },
    onError: (error) => setProblem(errorText(error)),
  });

  function choose(event: ChangeEvent<HTMLInputElement>) {
    const chosen = event.currentTarget.files?.[0] ?? null;
    setProblem(null);
    if (chosen && !logoTypes.includes(chosen.type)) setProblem(t('school.logoWrongType'));
    else if (chosen && chosen.size > maxLogoBytes) setProblem(t('school.logoTooLarge'));
    setFile(chosen);
  }

  function submit(event: FormEvent) {
    event.preventDefault();
    if (!file) return setProblem(t('school.logoRequired'));
    if (!logoTypes.includes(file.type)) return setProblem(t('school.logoWrongType'));
    if (file.size > maxLogoBytes) return setProblem(t('school.logoTooLarge'));
    upload.mutate(file);
  }

  return (
    <form onSubmit={submit} noValidate>
      <Stack>
        <Box>
          <Text fw={500} size="sm" mb={4}>
            {t('school.currentLogo')}
          </Text>
          {school.hasLogo ? (
            <Image
              src={`/api/school/logo?v=${version}`}
              alt={t('school.currentLogo')}
              h={96}
              w="auto"
              maw="100%"
              fit="contain"
            />
          ) : (
            <Text size="sm" c="dimmed">
              {t('school.noLogo')}
            </Text>
          )}
        </Box>
        <Input.Wrapper
          id="logo-file"
          label={t('school.logoFile')}
          description={t('school.logoIntro')}
          error={problem}
        >
          <input
            ref={inputRef}
            id="logo-file"
            name="logo"
            type="file"
            accept={logoTypes.join(',')}
            onChange={choose}
            aria-invalid={problem ? true : undefined}
            aria-describedby={problem ? 'logo-file-error logo-file-description' : 'logo-file-description'}
            style={{ display: 'block', marginTop: 6, maxWidth: '100%' }}
          />
        </Input.Wrapper>
        {preview && !problem && (
          <Box>
            <Text fw={500} size="sm" mb={4}>
              {t('school.preview')}
            </Text>
            <Image src={preview} alt={t('school.preview')} h={96} w="auto" maw="100%" fit="contain" />
          </Box>
        )}
        <Group>
          <Button type="submit" loading={upload.isPending}>
            {t('school.upload')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

export function SchoolPage() {
  const { t } = useTranslation();
  const school = useQuery(schoolQuery);
  return (
    <>
      <PageHeader title={t('school.title')} intro={t('school.intro')} />
      {school.isPending ? (
        <Loading />
      ) : school.isError ? (
        <LoadError error={school.error} onRetry={() => void school.refetch()} />
      ) : (
        <Stack gap="lg" maw={720}>
          <Card withBorder padding="lg" component="section">
            <DetailsForm key={school.data.id} school={school.data} />
          </Card>
          <Card withBorder padding="lg" component="section" aria-labelledby="logo-title">
            <Title order={2} size="h4" mb="sm" id="logo-title">
              {t('school.logoTitle')}
            </Title>
            <LogoForm school={school.data} />
          </Card>
          <RetentionCard />
        </Stack>
      )}
    </>
  );
}
