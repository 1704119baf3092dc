// Supported UI languages. Danish is the default; the choice is kept in a cookie (no locale in URLs,
// so links shared between Danish and English users open the same page).
export const LOCALES = ['da', 'en'] as const;
export type Locale = (typeof LOCALES)[number];
export const DEFAULT_LOCALE: Locale = 'da';
export const LOCALE_COOKIE = 'NEXT_LOCALE';

export function isLocale(value: string | undefined | null): value is Locale {
  return value != null && (LOCALES as readonly string[]).includes(value);
}

/** The locale a request's Cookie header asks for (route handlers that answer in the user's language). */
export function localeFromCookieHeader(cookie: string | null | undefined): Locale {
  const m = new RegExp(`(?:^|;\\s*)${LOCALE_COOKIE}=([a-z]+)`).exec(cookie ?? '');
  return isLocale(m?.[1]) ? m[1] : DEFAULT_LOCALE;
}
