import { useTranslation } from 'react-i18next';
import { EmailLinkRequest } from './EmailLinkRequest.tsx';

export function ForgotPasswordPage() {
  const { t } = useTranslation();
  return (
    <EmailLinkRequest
      endpoint="/api/auth/password-reset/request"
      title={t('auth.forgot.title')}
      intro={t('auth.forgot.intro')}
      submitLabel={t('auth.forgot.submit')}
      sentMessage={t('auth.forgot.sent')}
    />
  );
}
