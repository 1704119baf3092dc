import type { Metadata } from 'next';
import { NextIntlClientProvider } from 'next-intl';
import { getLocale, getMessages, getTranslations } from 'next-intl/server';
import { SiteHeader } from './_components/site-header';
import './globals.css';
import { DEFAULT_TIME_ZONE } from '@/lib/config/time-zone';

export const metadata: Metadata = {
  title: 'Areal',
  description: 'Datadrevet arealoptimering for kommunale bygninger',
};

export default async function RootLayout({ children }: { children: React.ReactNode }) {
  const locale = await getLocale();
  const messages = await getMessages();
  const t = await getTranslations('common');
  return (
    <html lang={locale}>
      <body>
        <NextIntlClientProvider locale={locale} messages={messages} timeZone={DEFAULT_TIME_ZONE}>
          <a className="skip-link" href="#main">{t('skipToContent')}</a>
          <SiteHeader />
          <main id="main" tabIndex={-1}>{children}</main>
        </NextIntlClientProvider>
      </body>
    </html>
  );
}
