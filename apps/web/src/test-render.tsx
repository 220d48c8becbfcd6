import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { render } from '@testing-library/react';
import type { ReactElement } from 'react';
import { I18nProvider, type Lang } from './i18n/i18n.tsx';

/** Renders with the providers the app has: a fresh query cache and a fixed language. */
export function renderWithApp(ui: ReactElement, { lang = 'en' }: { lang?: Lang } = {}) {
  const queryClient = new QueryClient({ defaultOptions: { queries: { retry: false } } });
  const rendered = render(
    <QueryClientProvider client={queryClient}>
      <I18nProvider lang={lang}>{ui}</I18nProvider>
    </QueryClientProvider>,
  );
  return { ...rendered, queryClient };
}
