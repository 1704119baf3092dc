'use client';
import { useLocale, useTranslations } from 'next-intl';
import { useRouter } from 'next/navigation';
import { useState, type FormEvent } from 'react';
import { formatNumber } from '@/lib/format/number';
import type { Locale } from '@/lib/i18n/config';

// "Make Areal's own estimate": for areas that have only the current population by age, the cohort projection to the
// horizon with the birth rate the user states (property managers and admins). The result is labelled everywhere.
export function OwnEstimateForm({ horizonYear }: { horizonYear: number }) {
  const t = useTranslations('demand.ownEstimateForm');
  const locale = useLocale() as Locale;
  const router = useRouter();
  const [busy, setBusy] = useState(false);
  const [message, setMessage] = useState<string | null>(null);
  async function run(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const birthsPer1000 = Number(String(new FormData(event.currentTarget).get('birthsPer1000')).replace(',', '.'));
    setBusy(true);
    setMessage(null);
    try {
      const response = await fetch('/api/demand/own-estimate', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ birthsPer1000 }) });
      if (!response.ok) return setMessage(t('invalid'));
      const r: { areas: number; rows: number } = await response.json();
      setMessage(r.areas === 0 ? t('nothing') : t('done', { areas: r.areas, rows: formatNumber(r.rows, locale) }));
      router.refresh();
    } catch {
      setMessage(t('failed'));
    } finally {
      setBusy(false);
    }
  }
  return (
    <section aria-labelledby="own-estimate-title" data-testid="own-estimate-form">
      <h2 id="own-estimate-title">{t('title')}</h2>
      <p>{t('lead', { horizon: horizonYear })}</p>
      <form onSubmit={run}>
        <label htmlFor="own-estimate-rate">{t('birthRate')}</label>{' '}
        <input id="own-estimate-rate" name="birthsPer1000" type="text" inputMode="decimal" size={6} defaultValue={formatNumber(9.6, locale, 1)} required aria-describedby="own-estimate-rate-hint" />{' '}
        <button type="submit" className="button" disabled={busy} aria-busy={busy}>{busy ? t('running') : t('run')}</button>
        <p className="hint" id="own-estimate-rate-hint">{t('birthRateHint')}</p>
      </form>
      {message && <p role="status" data-testid="own-estimate-result">{message}</p>}
    </section>
  );
}
