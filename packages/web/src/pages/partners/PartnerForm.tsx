import {
  Button,
  Card,
  Group,
  NativeSelect,
  Radio,
  SimpleGrid,
  Stack,
  Text,
  Textarea,
  TextInput,
  Title,
} from '@mantine/core';
import { useMutation } from '@tanstack/react-query';
import { type PartnerDetails, type PartnerInput, partnerInput, partnerKinds } from '@tilts/shared';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { CountrySelect } from '../../components/CountrySelect.tsx';
import { FormAlert } from '../../components/feedback.tsx';
import { currentLocale } from '../../i18n/index.ts';
import { ApiRequestError, api } from '../../lib/api.ts';
import { type FieldErrors, useForm } from '../../lib/forms.ts';
import { splitErrors, validateDeep } from '../../lib/nested-errors.ts';

interface ContactDraft {
  key: string;
  id?: string;
  name: string;
  position: string;
  email: string;
  phone: string;
  isPrimary: boolean;
}

let nextKey = 0;
const draftKey = () => `c${++nextKey}`;

function fieldsOf(p?: PartnerDetails) {
  return {
    kind: p?.kind ?? 'company',
    legalName: p?.legalName ?? '',
    registrationNumber: p?.registrationNumber ?? '',
    legalAddress: p?.legalAddress ?? '',
    country: p?.country ?? '',
    city: p?.city ?? '',
    website: p?.website ?? '',
    sector: p?.sector ?? '',
    erasmusOid: p?.erasmusOid ?? '',
    notes: p?.notes ?? '',
  };
}

function contactsOf(p?: PartnerDetails): ContactDraft[] {
  return (p?.contacts ?? []).map((c) => ({ ...c, key: draftKey() }));
}

/**
 * The partner form, for a new partner or an edit. A refusal never clears what was typed: field
 * problems show by their fields (contacts too), and a save over someone else's newer save offers
 * to keep what was typed or to load the saved version.
 */
export function PartnerForm({
  partner,
  onSaved,
  onCancel,
}: {
  partner?: PartnerDetails;
  onSaved: (saved: PartnerDetails) => void;
  onCancel: () => void;
}) {
  const { t } = useTranslation();
  const form = useForm(fieldsOf(partner));
  const [contacts, setContacts] = useState<ContactDraft[]>(() => contactsOf(partner));
  const [contactErrors, setContactErrors] = useState<FieldErrors>({});
  const [lockVersion, setLockVersion] = useState(partner?.lockVersion ?? 1);
  const [stale, setStale] = useState(false);

  const save = useMutation({
    mutationFn: (body: PartnerInput) =>
      partner
        ? api.put<PartnerDetails>(`/api/partners/${partner.id}`, { ...body, lockVersion })
        : api.post<PartnerDetails>('/api/partners', body),
    onSuccess: onSaved,
    onError: (error) => {
      if (error instanceof ApiRequestError) {
        const { top, nested } = splitErrors(error.fields, 'contacts');
        setContactErrors(nested);
        const isStale = error.code === 'conflict' && Boolean(error.fields.lockVersion);
        setStale(isStale);
        // A stale save has one message that says it all; others get the general one too.
        form.showErrors(top, isStale ? null : error.message);
      } else form.fail(error);
    },
  });

  const reload = useMutation({
    mutationFn: () => api.get<PartnerDetails>(`/api/partners/${partner?.id}`),
    onSuccess: (latest, _v) => latest,
  });

  async function keepMine() {
    const latest = await reload.mutateAsync();
    setLockVersion(latest.lockVersion);
    setStale(false);
    form.setFormError(null);
  }

  async function loadSaved() {
    const latest = await reload.mutateAsync();
    form.setValues(fieldsOf(latest));
    setContacts(contactsOf(latest));
    setContactErrors({});
    setLockVersion(latest.lockVersion);
    setStale(false);
    form.setFormError(null);
  }

  function body() {
    return {
      ...form.values,
      contacts: contacts.map(({ key: _k, ...c }) => c),
    };
  }

  function submit(event: FormEvent) {
    event.preventDefault();
    const result = validateDeep(partnerInput, body(), currentLocale());
    if (!result.ok) {
      const { top, nested } = splitErrors(result.errors, 'contacts');
      setContactErrors(nested);
      form.showErrors(top, null);
      return;
    }
    save.mutate(body() as PartnerInput);
  }

  const setContact = (index: number, change: Partial<ContactDraft>) => {
    setContacts((list) =>
      list.map((c, i) =>
        i === index ? { ...c, ...change } : change.isPrimary ? { ...c, isPrimary: false } : c,
      ),
    );
    const fields = Object.keys(change).map((k) => `contacts.${index}.${k}`);
    setContactErrors((errors) =>
      Object.fromEntries(Object.entries(errors).filter(([k]) => !fields.includes(k))),
    );
  };

  return (
    <form ref={form.formRef} onSubmit={submit} noValidate>
      <Stack>
        <FormAlert message={form.formError}>
          {stale && partner && (
            <Group mt="xs" gap="xs">
              <Button size="xs" variant="default" loading={reload.isPending} onClick={() => void keepMine()}>
                {t('partners.keepMine')}
              </Button>
              <Button size="xs" variant="default" loading={reload.isPending} onClick={() => void loadSaved()}>
                {t('partners.loadSaved')}
              </Button>
            </Group>
          )}
        </FormAlert>
        <SimpleGrid cols={{ base: 1, sm: 2 }}>
          <TextInput
            label={t('partners.legalName')}
            required
            autoComplete="organization"
            {...form.input('legalName')}
          />
          <NativeSelect
            label={t('partners.kind')}
            required
            data={partnerKinds.map((k) => ({ value: k, label: t(`partners.kinds.${k}`) }))}
            {...form.input('kind')}
          />
          <TextInput label={t('partners.registrationNumber')} {...form.input('registrationNumber')} />
          <CountrySelect
            label={t('partners.country')}
            required
            name="country"
            value={form.values.country || null}
            onChange={(value) => form.setValue('country', value ?? '')}
            error={form.errors.country}
          />
          <TextInput label={t('partners.city')} autoComplete="address-level2" {...form.input('city')} />
          <TextInput
            label={t('partners.legalAddress')}
            autoComplete="street-address"
            {...form.input('legalAddress')}
          />
          <TextInput label={t('partners.website')} type="url" inputMode="url" {...form.input('website')} />
          <TextInput label={t('partners.sector')} {...form.input('sector')} />
          <TextInput
            label={t('partners.erasmusOid')}
            description={t('partners.erasmusOidHint')}
            maxLength={9}
            {...form.input('erasmusOid')}
          />
        </SimpleGrid>
        <Textarea label={t('partners.notes')} autosize minRows={2} {...form.input('notes')} />

        <Title order={2} size="h4" mt="sm">
          {t('partners.contacts')}
        </Title>
        {contacts.length === 0 && (
          <Text size="sm" c="dimmed">
            {t('partners.noContacts')}
          </Text>
        )}
        {contacts.map((c, i) => {
          const err = (field: string) => contactErrors[`contacts.${i}.${field}`];
          return (
            <Card key={c.key} withBorder padding="md" component="fieldset" style={{ margin: 0 }}>
              <Text component="legend" fw={600} size="sm" px={4}>
                {t('partners.contactN', { n: i + 1 })}
              </Text>
              <SimpleGrid cols={{ base: 1, sm: 2 }}>
                <TextInput
                  label={t('partners.contactName')}
                  required
                  value={c.name}
                  error={err('name')}
                  onChange={(e) => setContact(i, { name: e.currentTarget.value })}
                />
                <TextInput
                  label={t('partners.contactPosition')}
                  value={c.position}
                  error={err('position')}
                  onChange={(e) => setContact(i, { position: e.currentTarget.value })}
                />
                <TextInput
                  label={t('partners.contactEmail')}
                  type="email"
                  inputMode="email"
                  value={c.email}
                  error={err('email')}
                  onChange={(e) => setContact(i, { email: e.currentTarget.value })}
                />
                <TextInput
                  label={t('partners.contactPhone')}
                  type="tel"
                  inputMode="tel"
                  value={c.phone}
                  error={err('phone')}
                  onChange={(e) => setContact(i, { phone: e.currentTarget.value })}
                />
              </SimpleGrid>
              <Group justify="space-between" mt="sm">
                <Radio
                  name="primary-contact"
                  label={t('partners.primary')}
                  checked={c.isPrimary}
                  onChange={() => setContact(i, { isPrimary: true })}
                />
                <Button
                  size="xs"
                  variant="subtle"
                  color="red"
                  onClick={() => {
                    setContacts((list) => list.filter((_, j) => j !== i));
                    setContactErrors({});
                  }}
                >
                  {t('partners.removeContact')}
                </Button>
              </Group>
            </Card>
          );
        })}
        <Group>
          <Button
            variant="default"
            onClick={() =>
              setContacts((list) => [
                ...list,
                {
                  key: draftKey(),
                  name: '',
                  position: '',
                  email: '',
                  phone: '',
                  isPrimary: list.length === 0,
                },
              ])
            }
          >
            {t('partners.addContact')}
          </Button>
        </Group>

        <Group justify="flex-end" mt="md">
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
