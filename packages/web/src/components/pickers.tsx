import { MultiSelect, Select, type SelectProps } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { countryCodes, countryName } from '@tilts/shared';
import { useMemo, useState } from 'react';
import { currentLocale } from '../i18n/index.ts';
import { api } from '../lib/api.ts';

export interface Person {
  id: string;
  name: string;
  email: string;
}

interface PickerProps {
  label: string;
  description?: string;
  placeholder?: string;
  error?: string;
  required?: boolean;
}

/** Every country by its name in the interface language, searchable; the value is the ISO code. */
export function CountrySelect({
  value,
  onChange,
  ...props
}: PickerProps & { value: string; onChange: (code: string) => void }) {
  const locale = currentLocale();
  const data = useMemo(
    () =>
      countryCodes
        .map((code) => ({ value: code, label: `${countryName(code, locale)} (${code})` }))
        .sort((a, b) => a.label.localeCompare(b.label, locale)),
    [locale],
  );
  return (
    <Select
      {...props}
      data={data}
      value={value || null}
      onChange={(v) => onChange(v ?? '')}
      searchable
      clearable
    />
  );
}

/** A partner organisation, found by typing part of its name. */
export function PartnerPicker({
  value,
  initialLabel,
  onChange,
  ...props
}: PickerProps & {
  value: string | null;
  initialLabel?: string;
  onChange: (id: string | null, partner: { country: string; city: string } | null) => void;
}) {
  const [search, setSearch] = useState('');
  const [q] = useDebouncedValue(search, 250);
  const found = useQuery({
    queryKey: ['partners', 'picker', q],
    queryFn: () =>
      api.get<{ items: { id: string; legalName: string; country: string; city: string }[] }>(
        '/api/partners',
        {
          q: q || undefined,
          pageSize: 20,
        },
      ),
    placeholderData: keepPreviousData,
  });
  const [known, setKnown] = useState<Record<string, { label: string; country: string; city: string }>>(
    value && initialLabel ? { [value]: { label: initialLabel, country: '', city: '' } } : {},
  );
  const items = found.data?.items ?? [];
  const data = [
    ...items.map((p) => ({ value: p.id, label: `${p.legalName} (${p.country})` })),
    ...(value && !items.some((p) => p.id === value) && known[value]
      ? [{ value, label: known[value].label }]
      : []),
  ];
  return (
    <Select
      {...props}
      data={data}
      value={value}
      searchable
      clearable
      filter={({ options }) => options}
      searchValue={search}
      onSearchChange={setSearch}
      nothingFoundMessage="—"
      onChange={(id) => {
        const partner = items.find((p) => p.id === id);
        if (id && partner) {
          setKnown((k) => ({
            ...k,
            [id]: {
              label: `${partner.legalName} (${partner.country})`,
              country: partner.country,
              city: partner.city,
            },
          }));
        }
        onChange(id, partner ? { country: partner.country, city: partner.city } : null);
      }}
    />
  );
}

function usePeople(q: string) {
  return useQuery({
    queryKey: ['placements', 'people', q],
    queryFn: () =>
      api.get<{ learners: Person[]; staff: Person[] }>('/api/placements/people', { q: q || undefined }),
    placeholderData: keepPreviousData,
  });
}

const label = (p: Person) => `${p.name} · ${p.email}`;

/** Several people of the school (learners or staff), found by name or e-mail. */
export function PeoplePicker({
  group,
  value,
  onChange,
  max,
  ...props
}: PickerProps & {
  group: 'learners' | 'staff';
  value: Person[];
  onChange: (people: Person[]) => void;
  max?: number;
}) {
  const [search, setSearch] = useState('');
  const [q] = useDebouncedValue(search, 250);
  const found = usePeople(q);
  const pool = found.data?.[group] ?? [];
  const byId = new Map([...value, ...pool].map((p) => [p.id, p]));
  const data = [...byId.values()].map((p) => ({ value: p.id, label: label(p) }));
  return (
    <MultiSelect
      {...props}
      data={data}
      value={value.map((p) => p.id)}
      searchable
      searchValue={search}
      onSearchChange={setSearch}
      filter={({ options }) => options}
      maxValues={max}
      hidePickedOptions
      onChange={(ids) => onChange(ids.map((id) => byId.get(id)).filter((p): p is Person => Boolean(p)))}
    />
  );
}

/** One member of staff (a mentor), found by name or e-mail. */
export function StaffPicker({
  value,
  onChange,
  ...props
}: PickerProps & { value: Person | null; onChange: (person: Person | null) => void } & Pick<
    SelectProps,
    'clearable'
  >) {
  const [search, setSearch] = useState('');
  const [q] = useDebouncedValue(search, 250);
  const found = usePeople(q);
  const pool = found.data?.staff ?? [];
  const byId = new Map([...(value ? [value] : []), ...pool].map((p) => [p.id, p]));
  return (
    <Select
      {...props}
      data={[...byId.values()].map((p) => ({ value: p.id, label: label(p) }))}
      value={value?.id ?? null}
      searchable
      clearable
      searchValue={search}
      onSearchChange={setSearch}
      filter={({ options }) => options}
      onChange={(id) => onChange(id ? (byId.get(id) ?? null) : null)}
    />
  );
}
