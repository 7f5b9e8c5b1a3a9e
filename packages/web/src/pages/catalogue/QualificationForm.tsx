import { Button, Group, NativeSelect, SimpleGrid, Stack, TextInput } from '@mantine/core';
import { useMutation } from '@tanstack/react-query';
import { type QualificationDetails, type QualificationInput, qualificationInput } from '@tilts/shared';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { FormAlert } from '../../components/feedback.tsx';
import { ApiRequestError, api } from '../../lib/api.ts';
import { useForm } from '../../lib/forms.ts';

export const levels = ['1', '2', '3', '4', '5', '6', '7', '8'];

function fieldsOf(q?: QualificationDetails) {
  return {
    code: q?.code ?? '',
    title: q?.title ?? '',
    titleEn: q?.titleEn ?? '',
    eqfLevel: q ? String(q.eqfLevel) : '4',
    lkiLevel: q ? String(q.lkiLevel) : '4',
    programme: q?.programme ?? '',
  };
}

/** A qualification's own fields, new or edited; a stale edit offers to keep what was typed or reload. */
export function QualificationForm({
  qualification,
  onSaved,
  onCancel,
}: {
  qualification?: QualificationDetails;
  onSaved: (saved: QualificationDetails) => void;
  onCancel: () => void;
}) {
  const { t } = useTranslation();
  const form = useForm(fieldsOf(qualification));
  const [lockVersion, setLockVersion] = useState(qualification?.lockVersion ?? 1);
  const [stale, setStale] = useState(false);
  const path = qualification
    ? `/api/catalogue/qualifications/${qualification.id}`
    : '/api/catalogue/qualifications';

  const save = useMutation({
    mutationFn: (body: QualificationInput) =>
      qualification
        ? api.put<QualificationDetails>(path, { ...body, lockVersion })
        : api.post<QualificationDetails>(path, body),
    onSuccess: onSaved,
    onError: (error) => {
      const isStale =
        error instanceof ApiRequestError && error.code === 'conflict' && Boolean(error.fields.lockVersion);
      setStale(isStale);
      if (isStale) form.showErrors(error.fields, null);
      else form.fail(error);
    },
  });
  const reload = useMutation({ mutationFn: () => api.get<QualificationDetails>(path) });

  async function resolve(keepMine: boolean) {
    const latest = await reload.mutateAsync();
    if (!keepMine) form.setValues(fieldsOf(latest));
    setLockVersion(latest.lockVersion);
    setStale(false);
    form.setFormError(null);
  }

  function submit(event: FormEvent) {
    event.preventDefault();
    const body = form.check(qualificationInput);
    if (body) save.mutate(body);
  }

  const levelOptions = levels.map((l) => ({ value: l, label: l }));
  return (
    <form ref={form.formRef} onSubmit={submit} noValidate>
      <Stack>
        <FormAlert message={form.formError}>
          {stale && (
            <Group mt="xs" gap="xs">
              <Button
                size="xs"
                variant="default"
                loading={reload.isPending}
                onClick={() => void resolve(true)}
              >
                {t('catalogue.keepMine')}
              </Button>
              <Button
                size="xs"
                variant="default"
                loading={reload.isPending}
                onClick={() => void resolve(false)}
              >
                {t('catalogue.loadSaved')}
              </Button>
            </Group>
          )}
        </FormAlert>
        <SimpleGrid cols={{ base: 1, sm: 2 }}>
          <TextInput label={t('catalogue.code')} required data-autofocus {...form.input('code')} />
          <TextInput label={t('catalogue.qualificationTitle')} required {...form.input('title')} />
          <TextInput label={t('catalogue.titleEn')} lang="en" {...form.input('titleEn')} />
          <TextInput label={t('catalogue.programme')} {...form.input('programme')} />
          <NativeSelect
            label={t('catalogue.eqfLevel')}
            required
            data={levelOptions}
            {...form.input('eqfLevel')}
          />
          <NativeSelect
            label={t('catalogue.lkiLevel')}
            required
            data={levelOptions}
            {...form.input('lkiLevel')}
          />
        </SimpleGrid>
        <Group justify="flex-end">
          <Button variant="default" onClick={onCancel}>
            {t('common.cancel')}
          </Button>
          <Button type="submit" loading={save.isPending}>
            {t('common.save')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
