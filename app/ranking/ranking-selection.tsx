'use client';
import Link from 'next/link';
import { useTranslations } from 'next-intl';

// The ranking's selection: a check box per row and "new scenario with the selected (n)", which opens
// /scenarios/new with one ?building= per selected row. Only shown to roles that may edit scenarios.

export function SelectRowBox({ name, checked, onChange }: { name: string; checked: boolean; onChange: (checked: boolean) => void }) {
  const t = useTranslations('scenarios.pick');
  return <input type="checkbox" aria-label={t('selectRow', { name })} checked={checked} onChange={(e) => onChange(e.target.checked)} />;
}

export function SelectAllBox({ shownIds, picked, onChange }: { shownIds: string[]; picked: ReadonlySet<string>; onChange: (next: Set<string>) => void }) {
  const t = useTranslations('scenarios.pick');
  const all = shownIds.length > 0 && shownIds.every((id) => picked.has(id));
  return (
    <input type="checkbox" aria-label={t('selectAllShown')} checked={all}
      onChange={() => onChange(all ? new Set([...picked].filter((id) => !shownIds.includes(id))) : new Set([...picked, ...shownIds]))} />
  );
}

export function NewScenarioFromSelection({ picked, onClear }: { picked: ReadonlySet<string>; onClear: () => void }) {
  const t = useTranslations('scenarios.pick');
  const label = t('newWithSelected', { count: picked.size });
  const href = `/scenarios/new?${[...picked].map((id) => `building=${id}`).join('&')}`;
  return (
    <span className="ranking-selection" data-testid="ranking-selection">
      {picked.size > 0 ? <Link className="button button--primary" href={href}>{label}</Link> : <button type="button" className="button" disabled>{label}</button>}{' '}
      {picked.size > 0 && <button type="button" className="button" onClick={onClear}>{t('clearSelection')}</button>}
    </span>
  );
}
