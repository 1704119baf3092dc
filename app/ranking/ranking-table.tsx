'use client';

import { useMemo, useState } from 'react';
import { useLocale, useTranslations } from 'next-intl';
import type { ScoreWeights } from '@/lib/organisations/settings';
import type { Category } from '@/lib/registry/categories';
import { combineScores, type PartialScores } from '@/lib/scoring/scores';
import { NewScenarioFromSelection, SelectAllBox, SelectRowBox } from './ranking-selection';

export interface RankingRow {
  id: string;
  name: string;
  category: Category;
  district: string | null;
  scores: PartialScores;
  confidence: number;
  why: string;
}

type SortKey = 'combined' | 'utilisation' | 'cost' | 'condition' | 'confidence' | 'name';
const WEIGHT_KEYS = ['utilisation', 'cost', 'condition'] as const;

/** Sortable, filterable ranking with weight sliders that re-rank in the browser and a CSV export. */
export function RankingTable({ rows, defaultWeights, selectable = false }: { rows: RankingRow[]; defaultWeights: ScoreWeights; selectable?: boolean }) {
  const t = useTranslations('ranking');
  const tc = useTranslations('common');
  const locale = useLocale();
  const [weights, setWeights] = useState<ScoreWeights>(defaultWeights);
  const [category, setCategory] = useState('');
  const [district, setDistrict] = useState('');
  const [minConfidence, setMinConfidence] = useState(0);
  const [sort, setSort] = useState<{ key: SortKey; desc: boolean }>({ key: 'combined', desc: true });
  const [picked, setPicked] = useState<Set<string>>(new Set());
  const nf = useMemo(() => new Intl.NumberFormat(locale === 'da' ? 'da-DK' : 'en-GB', { maximumFractionDigits: 0 }), [locale]);

  const categories = useMemo(() => [...new Set(rows.map((r) => r.category))], [rows]);
  const districts = useMemo(() => [...new Set(rows.map((r) => r.district).filter((d): d is string => !!d))].sort((a, b) => a.localeCompare(b, 'da')), [rows]);

  const shown = useMemo(() => {
    const value = (r: RankingRow & { combined: number | null }) =>
      sort.key === 'name' ? r.name : sort.key === 'combined' ? r.combined : sort.key === 'confidence' ? r.confidence : r.scores[sort.key];
    return rows
      .filter((r) => (!category || r.category === category) && (!district || r.district === district) && r.confidence >= minConfidence)
      .map((r) => ({ ...r, combined: combineScores(r.scores, weights) }))
      .sort((a, b) => {
        const va = value(a);
        const vb = value(b);
        if (va === null || vb === null) return va === vb ? 0 : va === null ? 1 : -1; // unscored always last
        const cmp = typeof va === 'string' ? va.localeCompare(vb as string, 'da') : (va as number) - (vb as number);
        return sort.desc ? -cmp : cmp;
      });
  }, [rows, weights, category, district, minConfidence, sort]);

  const fmt = (v: number | null) => (v === null ? t('none') : nf.format(v));
  const header = (key: SortKey, label: string) => (
    <th aria-sort={sort.key === key ? (sort.desc ? 'descending' : 'ascending') : 'none'}>
      <button type="button" onClick={() => setSort((s) => ({ key, desc: s.key === key ? !s.desc : key !== 'name' }))} aria-label={t('sortBy', { column: label })}>
        {label}{sort.key === key ? (sort.desc ? ' ▼' : ' ▲') : ''}
      </button>
    </th>
  );

  function exportCsv() {
    const cols = ['rank', 'name', 'category', 'district', 'combined', 'utilisation', 'cost', 'condition', 'confidence'] as const;
    const sep = locale === 'da' ? ';' : ',';
    const num = (v: number | null) => (v === null ? '' : locale === 'da' ? v.toFixed(1).replace('.', ',') : v.toFixed(1));
    const quote = (s: string) => `"${s.replace(/"/g, '""')}"`;
    const lines = [cols.map((c) => t(`columns.${c}`)).join(sep)].concat(
      shown.map((r, i) => [String(i + 1), quote(r.name), quote(tc(`categories.${r.category}`)), quote(r.district ?? ''), num(r.combined),
        num(r.scores.utilisation), num(r.scores.cost), num(r.scores.condition), num(r.confidence * 100)].join(sep)),
    );
    const blob = new Blob(['\ufeff' + lines.join('\r\n')], { type: 'text/csv;charset=utf-8' });
    const a = document.createElement('a');
    a.href = URL.createObjectURL(blob);
    a.download = 'areal-rangliste.csv';
    a.click();
    URL.revokeObjectURL(a.href);
  }

  return (
    <>
      <fieldset>
        <legend>{t('filters')}</legend>
        <label>{t('category')}{' '}
          <select value={category} onChange={(e) => setCategory(e.target.value)}>
            <option value="">{t('all')}</option>
            {categories.map((c) => <option key={c} value={c}>{tc(`categories.${c}`)}</option>)}
          </select>
        </label>{' '}
        <label>{t('district')}{' '}
          <select value={district} onChange={(e) => setDistrict(e.target.value)}>
            <option value="">{t('all')}</option>
            {districts.map((d) => <option key={d} value={d}>{d}</option>)}
          </select>
        </label>{' '}
        <label>{t('minConfidence')}{' '}
          <input type="range" min={0} max={1} step={0.05} value={minConfidence} onChange={(e) => setMinConfidence(Number(e.target.value))} /> {nf.format(minConfidence * 100)} %
        </label>
      </fieldset>
      <fieldset>
        <legend>{t('weights')}</legend>
        {WEIGHT_KEYS.map((k) => (
          <label key={k}>{t(`weight.${k}`)}{' '}
            <input type="range" min={0} max={1} step={0.05} value={weights[k]} onChange={(e) => setWeights((w) => ({ ...w, [k]: Number(e.target.value) }))} />{' '}
            {nf.format(weights[k] * 100)} %{' '}
          </label>
        ))}
      </fieldset>
      <p>
        {t('count', { shown: shown.length, total: rows.length })}{' '}
        <button type="button" className="button" onClick={exportCsv}>{t('export')}</button>
        {selectable && <>{' '}<NewScenarioFromSelection picked={picked} onClear={() => setPicked(new Set())} /></>}
      </p>
      <table className="data-table">
        <thead>
          <tr>
            {selectable && <th><SelectAllBox shownIds={shown.map((r) => r.id)} picked={picked} onChange={setPicked} /></th>}
            <th>{t('columns.rank')}</th>
            {header('name', t('columns.name'))}
            <th>{t('columns.category')}</th>
            <th>{t('columns.district')}</th>
            {header('combined', t('columns.combined'))}
            {header('utilisation', t('columns.utilisation'))}
            {header('cost', t('columns.cost'))}
            {header('condition', t('columns.condition'))}
            {header('confidence', t('columns.confidence'))}
            <th>{t('columns.why')}</th>
          </tr>
        </thead>
        <tbody>
          {shown.map((r, i) => (
            <tr key={r.id}>
              {selectable && (
                <td><SelectRowBox name={r.name} checked={picked.has(r.id)} onChange={(on) => setPicked((p) => { const n = new Set(p); if (on) n.add(r.id); else n.delete(r.id); return n; })} /></td>
              )}
              <td>{i + 1}</td>
              <td>{r.name}</td>
              <td>{tc(`categories.${r.category}`)}</td>
              <td>{r.district ?? t('none')}</td>
              <td>{fmt(r.combined)}</td>
              <td>{fmt(r.scores.utilisation)}</td>
              <td>{fmt(r.scores.cost)}</td>
              <td>{fmt(r.scores.condition)}</td>
              <td>{nf.format(r.confidence * 100)} %</td>
              <td>{r.why}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </>
  );
}
