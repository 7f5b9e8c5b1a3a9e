import { Select, type SelectProps } from '@mantine/core';
import { countryCodes, countryName } from '@tilts/shared';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { currentLocale } from '../i18n/index.ts';

/** Every country, named in the reader's language and sorted as that language sorts. */
export function useCountryOptions() {
  const { i18n } = useTranslation();
  // biome-ignore lint/correctness/useExhaustiveDependencies: the names change with the language.
  return useMemo(() => {
    const locale = currentLocale();
    return countryCodes
      .map((code) => ({ value: code, label: `${countryName(code, locale)} (${code})` }))
      .sort((a, b) => a.label.localeCompare(b.label, locale));
  }, [i18n.language]);
}

/** A country picker that finds a country by typing part of its name or its code. */
export function CountrySelect(props: Omit<SelectProps, 'data'>) {
  const { t } = useTranslation();
  const options = useCountryOptions();
  return (
    <Select
      searchable
      data={options}
      placeholder={t('partners.countryPlaceholder')}
      nothingFoundMessage={t('partners.noSuchCountry')}
      autoComplete="off"
      {...props}
    />
  );
}
