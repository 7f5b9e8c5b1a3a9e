import { useTranslation } from 'react-i18next';
import { EmailLinkRequest } from './EmailLinkRequest.tsx';

export function MagicLinkRequestPage() {
  const { t } = useTranslation();
  return (
    <EmailLinkRequest
      endpoint="/api/auth/magic-link/request"
      title={t('auth.magicRequest.title')}
      intro={t('auth.magicRequest.intro')}
      submitLabel={t('auth.magicRequest.submit')}
      sentMessage={t('auth.magicRequest.sent')}
    />
  );
}
