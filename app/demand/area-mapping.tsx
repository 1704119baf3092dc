'use client';
import { useTranslations } from 'next-intl';
import { useRouter } from 'next/navigation';
import { useState } from 'react';
import type { UnmatchedArea } from '@/lib/demand/forecast-areas';

// The forecast import's mapping step: each forecast area that matched no district gets one chosen by hand.
export function AreaMapping({ areas, districts }: { areas: UnmatchedArea[]; districts: { id: string; name: string }[] }) {
  const t = useTranslations('demand.mapping');
  const router = useRouter();
  const [chosen, setChosen] = useState<Record<string, string>>({});
  const [message, setMessage] = useState<string | null>(null);
  async function save(id: string) {
    const response = await fetch(`/api/demand/areas/${id}`, { method: 'PUT', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ districtId: chosen[id] || null }) });
    setMessage(response.ok ? t('saved') : ((await response.json().catch(() => null))?.error?.message ?? response.statusText));
    if (response.ok) router.refresh();
  }
  return (
    <section aria-labelledby="area-mapping-title" data-testid="area-mapping">
      <h2 id="area-mapping-title">{t('title')}</h2>
      {areas.length === 0 ? <p className="muted">{t('allMatched')}</p> : (
        <>
          <p>{t('lead')}</p>
          <table className="data-table">
            <thead><tr><th scope="col">{t('area')}</th><th scope="col">{t('choose')}</th><th scope="col"><span className="visually-hidden">{t('save')}</span></th></tr></thead>
            <tbody>
              {areas.map((a) => (
                <tr key={a.id}>
                  <th scope="row">{a.name}{a.code ? ` (${a.code})` : ''}</th>
                  <td>
                    <select aria-label={`${t('choose')}: ${a.name}`} value={chosen[a.id] ?? ''} onChange={(e) => setChosen((c) => ({ ...c, [a.id]: e.target.value }))}>
                      <option value="">{t('none')}</option>
                      {districts.map((d) => <option key={d.id} value={d.id}>{d.name}</option>)}
                    </select>
                  </td>
                  <td><button type="button" className="button" disabled={!chosen[a.id]} onClick={() => save(a.id)}>{t('save')}</button></td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      )}
      {message && <p role="status">{message}</p>}
    </section>
  );
}
