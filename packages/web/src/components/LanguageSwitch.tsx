import { Button, Group } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useQueryClient } from '@tanstack/react-query';
import { type Locale, locales, type Me } from '@tilts/shared';
import { useTranslation } from 'react-i18next';
import { applyLocale, currentLocale } from '../i18n/index.ts';
import { api } from '../lib/api.ts';
import { meKey, rememberSignedOutChoice } from '../lib/session.ts';

/** LV | EN. Signed in, the choice is saved to the profile; signed out, it is kept in this browser. */
export function LanguageSwitch() {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const current = currentLocale();

  async function choose(locale: Locale) {
    if (locale === current) return;
    applyLocale(locale);
    const me = queryClient.getQueryData<Me | null>(meKey);
    if (!me) {
      rememberSignedOutChoice(locale);
      return;
    }
    try {
      queryClient.setQueryData(meKey, await api.patch<Me>('/api/auth/me', { locale }));
    } catch {
      notifications.show({ color: 'yellow', message: t('lang.saveFailed') });
    }
  }

  return (
    <Group gap={4} wrap="nowrap" role="group" aria-label={t('lang.label')}>
      {locales.map((locale) => (
        <Button
          key={locale}
          size="compact-sm"
          variant={locale === current ? 'filled' : 'default'}
          aria-pressed={locale === current}
          lang={locale}
          title={t(`lang.${locale}`)}
          onClick={() => void choose(locale)}
        >
          {locale.toUpperCase()}
        </Button>
      ))}
    </Group>
  );
}
