import { cookies } from 'next/headers';
import { getRequestConfig } from 'next-intl/server';
import { DEFAULT_LOCALE, isLocale, LOCALE_COOKIE, type Locale } from './config';
import { loadMessages } from './messages';
import { requestTimeZone } from './request-time-zone';

/** Locale from the cookie set by the language switch; Danish otherwise (a Danish public-sector product). */
async function resolveLocale(): Promise<Locale> {
  const fromCookie = (await cookies()).get(LOCALE_COOKIE)?.value;
  return isLocale(fromCookie) ? fromCookie : DEFAULT_LOCALE;
}

export default getRequestConfig(async () => {
  const locale = await resolveLocale();
  // Times on every page in the organisation's zone (the one its data is computed in).
  return { locale, messages: loadMessages(locale), timeZone: await requestTimeZone() };
});
