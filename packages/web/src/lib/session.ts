import { type QueryClient, queryOptions } from '@tanstack/react-query';
import type { Locale, Me } from '@tilts/shared';
import { applyLocale } from '../i18n/index.ts';
import { ApiRequestError, api } from './api.ts';

export const meKey = ['me'] as const;

async function fetchMe(): Promise<Me | null> {
  try {
    const me = await api.get<Me>('/api/auth/me');
    applyLocale(me.locale);
    return me;
  } catch (error) {
    if (error instanceof ApiRequestError && error.status === 401) return null;
    throw error;
  }
}

/** Who is signed in: `Me`, or null when nobody is. */
export const meQuery = queryOptions({ queryKey: meKey, queryFn: fetchMe, staleTime: 60_000 });

// A language picked on a signed-out page during this visit; it wins over the stored one at sign-in,
// because the person chose it a moment ago.
let chosenWhileSignedOut: Locale | null = null;

export function rememberSignedOutChoice(locale: Locale): void {
  chosenWhileSignedOut = locale;
}

/** After any way of signing in: drop data of whoever was here before, keep the new `Me`, speak its language. */
export async function completeSignIn(queryClient: QueryClient, me: Me): Promise<Me> {
  let current = me;
  if (chosenWhileSignedOut && chosenWhileSignedOut !== me.locale) {
    try {
      current = await api.patch<Me>('/api/auth/me', { locale: chosenWhileSignedOut });
    } catch {
      // Keep the profile's language; the sign-in itself worked.
    }
  }
  chosenWhileSignedOut = null;
  queryClient.removeQueries({ predicate: (query) => query.queryKey[0] !== meKey[0] });
  queryClient.setQueryData(meKey, current);
  applyLocale(current.locale);
  return current;
}

/** Replaces the signed-in person after a school switch: everything cached belonged to the other school. */
export function replaceMe(queryClient: QueryClient, me: Me): void {
  queryClient.removeQueries({ predicate: (query) => query.queryKey[0] !== meKey[0] });
  queryClient.setQueryData(meKey, me);
}

/** Signs out and reloads on the sign-in page, so nothing of the session stays in memory. */
export async function signOut(): Promise<void> {
  try {
    await api.post('/api/auth/logout');
  } finally {
    window.location.assign('/sign-in');
  }
}

/** A same-site path to go back to after sign-in, or undefined for anything else. */
export function safeRedirect(value: unknown): string | undefined {
  if (typeof value !== 'string') return undefined;
  if (!value.startsWith('/') || value.startsWith('//') || value.startsWith('/\\')) return undefined;
  if (value === '/' || value.startsWith('/sign-in')) return undefined;
  return value;
}
