'use client';
import Link from 'next/link';
import { useTranslations } from 'next-intl';
import { useState } from 'react';

export interface ScenarioRow {
  id: string;
  name: string;
  status: string;
  area: string;
  savings: string;
  changed: string;
}

// The scenario list with check boxes; two to four ticked scenarios open side by side.
export function CompareSelection({ rows }: { rows: ScenarioRow[] }) {
  const t = useTranslations('scenarios');
  const [picked, setPicked] = useState<string[]>([]);
  const toggle = (id: string) => setPicked((p) => (p.includes(id) ? p.filter((x) => x !== id) : [...p, id]));
  const canCompare = picked.length >= 2 && picked.length <= 4;
  return (
    <>
      <table className="data-table" data-testid="scenario-list">
        <thead>
          <tr>
            <th>{t('columns.select')}</th>
            <th>{t('columns.name')}</th>
            <th>{t('columns.status')}</th>
            <th>{t('columns.areaRemoved')}</th>
            <th>{t('columns.savings')}</th>
            <th>{t('columns.changed')}</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr key={r.id}>
              <td>
                <input type="checkbox" aria-label={`${t('columns.select')} ${r.name}`} checked={picked.includes(r.id)} onChange={() => toggle(r.id)} />
              </td>
              <td><Link href={`/scenarios/${r.id}`}>{r.name}</Link></td>
              <td>{r.status}</td>
              <td>{r.area}</td>
              <td>{r.savings}</td>
              <td>{r.changed}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <p>
        {canCompare ? (
          <Link className="button" href={`/scenarios/compare?ids=${picked.join(',')}`}>{t('compareSelected')}</Link>
        ) : (
          <button className="button" type="button" disabled>{t('compareSelected')}</button>
        )}
      </p>
    </>
  );
}
