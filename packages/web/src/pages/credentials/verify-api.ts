import { errorMessages, type VerificationResult } from '@tilts/shared';
import { currentLocale } from '../../i18n/index.ts';
import { ApiRequestError } from '../../lib/api.ts';

/**
 * Sends the credential as it is, text and all, so that malformed JSON comes back as a failed check;
 * a body too large comes back as 413 with the size check, which is a result too.
 */
export async function verifyText(text: string): Promise<VerificationResult> {
  const locale = currentLocale();
  let response: Response;
  try {
    response = await fetch('/api/verify', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Accept: 'application/json', 'Accept-Language': locale },
      body: text,
      credentials: 'same-origin',
    });
  } catch {
    throw new ApiRequestError(0, 'unavailable', errorMessages[locale].unavailable);
  }
  const payload = (await response.json().catch(() => null)) as
    | (VerificationResult & { error?: { code: string; message: string } })
    | null;
  if (payload && Array.isArray(payload.checks)) return payload;
  throw new ApiRequestError(
    response.status,
    payload?.error?.code ?? 'internal',
    payload?.error?.message ?? errorMessages[locale].internal,
  );
}
