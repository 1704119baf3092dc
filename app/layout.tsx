import type { Metadata } from 'next';
import { NextIntlClientProvider } from 'next-intl';
import { getLocale, getMessages, getTimeZone, getTranslations } from 'next-intl/server';
import { SiteHeader } from './_components/site-header';
import './globals.css';

export const metadata: Metadata = {
  title: 'Areal',
  description: 'Datadrevet arealoptimering for kommunale bygninger',
};

export default async function RootLayout({ children }: { children: React.ReactNode }) {
  const locale = await getLocale();
  const messages = await getMessages();
  const t = await getTranslations('common');
  const timeZone = await getTimeZone();
  return (
    <html lang={locale}>
      <body>
        <NextIntlClientProvider locale={locale} messages={messages} timeZone={timeZone}>
          <a className="skip-link" href="#main">{t('skipToContent')}</a>
          <SiteHeader />
          <main id="main" tabIndex={-1}>{children}</main>
        </NextIntlClientProvider>
      </body>
    </html>
  );
}
