'use client';

import { useLocale, useTranslations } from 'next-intl';
import { useRouter } from 'next/navigation';
import { LOCALE_COOKIE, LOCALES } from '@/lib/i18n/config';

/** Danish/English switch: stores the choice in a cookie and re-renders the server components. */
export function LocaleSwitch() {
  const locale = useLocale();
  const t = useTranslations('common.language');
  const router = useRouter();
  return (
    <div className="locale-switch" role="group" aria-label={t('label')}>
      {LOCALES.map((l) => (
        <button
          key={l}
          type="button"
          lang={l}
          aria-pressed={l === locale}
          onClick={() => {
            document.cookie = `${LOCALE_COOKIE}=${l}; path=/; max-age=31536000; samesite=lax`;
            router.refresh();
          }}
        >
          {t(l)}
        </button>
      ))}
    </div>
  );
}
