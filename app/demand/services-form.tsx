'use client';
import { useTranslations } from 'next-intl';
import { useRouter } from 'next/navigation';
import { useState, type FormEvent } from 'react';
import type { DemandSettings } from '@/lib/demand/services';

const SERVED = ['daycare', 'school', 'elderly'] as const;

// The organisation's services (age band and take-up per category) and the forecast horizon; admin only.
export function ServicesForm({ settings }: { settings: DemandSettings }) {
  const t = useTranslations('demand.settings');
  const tc = useTranslations('common');
  const router = useRouter();
  const [message, setMessage] = useState<string | null>(null);
  async function save(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const f = new FormData(event.currentTarget);
    const services = Object.fromEntries(SERVED.flatMap((c) => {
      const takeUp = String(f.get(`${c}-takeUp`) ?? '').trim();
      if (takeUp === '') return [];
      return [[c, { minAge: Number(f.get(`${c}-minAge`)), maxAge: Number(f.get(`${c}-maxAge`)), takeUp: Number(takeUp) / 100 }]];
    }));
    const body = { ...settings, services, horizonYear: Number(f.get('horizonYear')) };
    const response = await fetch('/api/demand/settings', { method: 'PUT', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
    setMessage(response.ok ? t('saved') : t('invalid'));
    if (response.ok) router.refresh();
  }
  return (
    <section aria-labelledby="services-title" data-testid="services-form">
      <h2 id="services-title">{t('title')}</h2>
      <p>{t('lead')}</p>
      <form onSubmit={save}>
        <table className="data-table">
          <thead><tr><th scope="col">{t('category')}</th><th scope="col">{t('minAge')}</th><th scope="col">{t('maxAge')}</th><th scope="col">{t('takeUp')}</th></tr></thead>
          <tbody>
            {SERVED.map((c) => {
              const s = settings.services[c];
              const label = tc(`categories.${c}`);
              return (
                <tr key={c}>
                  <th scope="row">{label}</th>
                  <td><input aria-label={`${label}: ${t('minAge')}`} name={`${c}-minAge`} type="number" min={0} max={120} defaultValue={s?.minAge ?? (c === 'elderly' ? 80 : 0)} /></td>
                  <td><input aria-label={`${label}: ${t('maxAge')}`} name={`${c}-maxAge`} type="number" min={0} max={120} defaultValue={s?.maxAge ?? 120} /></td>
                  <td><input aria-label={`${label}: ${t('takeUp')}`} name={`${c}-takeUp`} type="number" min={0} max={100} step="any" defaultValue={s ? Math.round(s.takeUp * 1000) / 10 : ''} /></td>
                </tr>
              );
            })}
          </tbody>
        </table>
        <label htmlFor="demand-horizon">{t('horizon')}</label>{' '}
        <input id="demand-horizon" name="horizonYear" type="number" min={2000} max={2100} defaultValue={settings.horizonYear} />{' '}
        <button type="submit" className="button">{t('save')}</button>
      </form>
      {message && <p role="status">{message}</p>}
    </section>
  );
}
