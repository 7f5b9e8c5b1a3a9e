import '@mantine/core/styles.css';
import '@mantine/dates/styles.css';
import '@mantine/notifications/styles.css';
import 'dayjs/locale/lv';
import './styles.css';
import { createTheme, MantineProvider } from '@mantine/core';
import { DatesProvider } from '@mantine/dates';
import { Notifications } from '@mantine/notifications';
import { MutationCache, QueryCache, QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { RouterProvider } from '@tanstack/react-router';
import { type ReactNode, StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { I18nextProvider, useTranslation } from 'react-i18next';
import { i18n } from './i18n/index.ts';
import { ApiRequestError } from './lib/api.ts';
import { meKey } from './lib/session.ts';
import { makeRouter } from './router.tsx';

const theme = createTheme({
  primaryColor: 'teal',
  primaryShade: 8,
  defaultRadius: 'md',
  fontFamily: 'system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif',
  headings: {
    fontFamily: 'system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif',
  },
});

// Any call answered 401 means the session ended (expired, or signed out elsewhere): forget who was
// signed in, and the app layout sends the person to sign-in, remembering where they were.
function onApiError(error: unknown, isMeQuery: boolean) {
  if (!isMeQuery && error instanceof ApiRequestError && error.status === 401) {
    queryClient.setQueryData(meKey, null);
  }
}

const queryClient: QueryClient = new QueryClient({
  queryCache: new QueryCache({
    onError: (error, query) => onApiError(error, query.queryKey[0] === meKey[0]),
  }),
  mutationCache: new MutationCache({ onError: (error) => onApiError(error, false) }),
  defaultOptions: {
    queries: {
      staleTime: 15_000,
      retry: (failures, error) =>
        failures < 2 && !(error instanceof ApiRequestError && error.status > 0 && error.status < 500),
    },
  },
});

const router = makeRouter(queryClient);

/** Calendars speak the interface language (month names, Monday first in both). */
function LocalisedDates({ children }: { children: ReactNode }) {
  const { i18n } = useTranslation();
  return (
    <DatesProvider settings={{ locale: i18n.language === 'lv' ? 'lv' : 'en', firstDayOfWeek: 1 }}>
      {children}
    </DatesProvider>
  );
}

const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root');

createRoot(root).render(
  <StrictMode>
    <I18nextProvider i18n={i18n}>
      <MantineProvider theme={theme} defaultColorScheme="light">
        <Notifications position="top-right" />
        <LocalisedDates>
          <QueryClientProvider client={queryClient}>
            <RouterProvider router={router} />
          </QueryClientProvider>
        </LocalisedDates>
      </MantineProvider>
    </I18nextProvider>
  </StrictMode>,
);
