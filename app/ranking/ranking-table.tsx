'use client';

import { useMemo, useState } from 'react';
import { useLocale, useTranslations } from 'next-intl';
import { useDisplayTimeZone } from '@/lib/i18n/use-time-zone';
import { formatDateTime } from '@/lib/format/number';
import type { Locale } from '@/lib/i18n/config';
import type { ScoreWeights } from '@/lib/organisations/settings';
import { KpiHelp } from '../_components/kpi-help';
import { NewScenarioFromSelection, SelectAllBox, SelectRowBox } from './ranking-selection';
import { DEFAULT_FILTER, DEFAULT_SORT, nextSort, rankingCsv, rankRows, type RankingFilter, type RankingRow, type SortKey } from './rank-rows';

export type { RankingRow } from './rank-rows';

const WEIGHT_KEYS = ['utilisation', 'cost', 'condition'] as const;
type Status = { kind: 'saved' | 'reset' | 'failed' | 'zero' } | null;

/**
 * Sortable, filterable ranking (weakest first; garages and sheds left out unless asked for) with weight sliders
 * that re-rank in the browser and can be saved per user, a CSV export and a print layout.
 */
export function RankingTable({ rows, orgWeights, savedWeights, selectable = false }: { rows: RankingRow[]; orgWeights: ScoreWeights; savedWeights: ScoreWeights | null; selectable?: boolean }) {
  const t = useTranslations('ranking');
  const tc = useTranslations('common');
  const locale = useLocale() as Locale;
  const timeZone = useDisplayTimeZone();
  const [weights, setWeights] = useState<ScoreWeights>(savedWeights ?? orgWeights);
  const [stored, setStored] = useState<{ weights: ScoreWeights; saved: boolean }>({ weights: savedWeights ?? orgWeights, saved: savedWeights !== null });
  const [status, setStatus] = useState<Status>(null);
  const [busy, setBusy] = useState(false);
  const [filter, setFilter] = useState<RankingFilter>(DEFAULT_FILTER);
  const [sort, setSort] = useState(DEFAULT_SORT);
  const [picked, setPicked] = useState<Set<string>>(new Set());
  const nf = useMemo(() => new Intl.NumberFormat(locale === 'da' ? 'da-DK' : 'en-GB', { maximumFractionDigits: 0 }), [locale]);

  const categories = useMemo(() => [...new Set(rows.map((r) => r.category))], [rows]);
  const districts = useMemo(() => [...new Set(rows.map((r) => r.district).filter((d): d is string => !!d))].sort((a, b) => a.localeCompare(b, 'da')), [rows]);
  const shown = useMemo(() => rankRows(rows, weights, filter, sort), [rows, weights, filter, sort]);
  const hiddenAncillary = useMemo(
    () => (filter.includeAncillary ? 0 : rankRows(rows, weights, { ...filter, includeAncillary: true }, sort).length - shown.length),
    [rows, weights, filter, sort, shown.length],
  );
  const changed = WEIGHT_KEYS.some((k) => weights[k] !== stored.weights[k]);
  const pct = (v: number) => nf.format(v * 100);

  async function send(method: 'PUT' | 'DELETE') {
    if (method === 'PUT' && WEIGHT_KEYS.every((k) => weights[k] === 0)) return setStatus({ kind: 'zero' });
    setBusy(true);
    try {
      const res = await fetch('/api/scores/weights', { method, headers: { 'content-type': 'application/json' }, body: method === 'PUT' ? JSON.stringify(weights) : undefined });
      if (!res.ok) throw new Error(String(res.status));
      const body = (await res.json()) as { weights: ScoreWeights; saved: boolean };
      setWeights(body.weights);
      setStored({ weights: body.weights, saved: body.saved });
      setStatus({ kind: method === 'PUT' ? 'saved' : 'reset' });
    } catch {
      setStatus({ kind: 'failed' });
    } finally {
      setBusy(false);
    }
  }

  const fmt = (v: number | null) => (v === null ? t('none') : nf.format(v));
  const header = (key: SortKey, label: string, className?: string) => (
    <th scope="col" className={className} aria-sort={sort.key === key ? (sort.desc ? 'descending' : 'ascending') : 'none'}>
      <span className="th-inner">
        <button type="button" className="sort-button" onClick={() => setSort((s) => nextSort(s, key))} aria-label={t('sortBy', { column: label })}>
          {label}<span aria-hidden="true">{sort.key === key ? (sort.desc ? ' ▼' : ' ▲') : ''}</span>
        </button>
        {key !== 'name' && <KpiHelp kpi={key} />}
      </span>
    </th>
  );

  function exportCsv() {
    const cols = ['rank', 'name', 'category', 'district', 'combined', 'utilisation', 'cost', 'condition', 'confidence'] as const;
    const csv = rankingCsv(shown, locale, cols.map((c) => t(`columns.${c}`)), (c) => tc(`categories.${c}`));
    const a = document.createElement('a');
    a.href = URL.createObjectURL(new Blob([csv], { type: 'text/csv;charset=utf-8' }));
    a.download = locale === 'da' ? 'areal-rangliste.csv' : 'areal-ranking.csv';
    a.click();
    URL.revokeObjectURL(a.href);
  }

  const activeFilters = [
    filter.query && `"${filter.query}"`,
    filter.category && tc(`categories.${filter.category}`),
    filter.district,
    filter.minConfidence > 0 && `${t('minConfidence')} ${pct(filter.minConfidence)} %`,
    filter.includeAncillary && t('printAncillaryIncluded'),
  ].filter(Boolean).join(', ');

  return (
    <>
      <fieldset className="ranking-controls no-print">
        <legend>{t('filters')}</legend>
        <label className="control">{t('search')}
          <input type="search" value={filter.query} onChange={(e) => setFilter({ ...filter, query: e.target.value })} />
        </label>
        <label className="control">{t('category')}
          <select value={filter.category} onChange={(e) => setFilter({ ...filter, category: e.target.value })}>
            <option value="">{t('all')}</option>
            {categories.map((c) => <option key={c} value={c}>{tc(`categories.${c}`)}</option>)}
          </select>
        </label>
        <label className="control">{t('district')}
          <select value={filter.district} onChange={(e) => setFilter({ ...filter, district: e.target.value })}>
            <option value="">{t('all')}</option>
            {districts.map((d) => <option key={d} value={d}>{d}</option>)}
          </select>
        </label>
        <label className="control">{t('minConfidence')} ({pct(filter.minConfidence)} %)
          <input type="range" min={0} max={1} step={0.05} value={filter.minConfidence} onChange={(e) => setFilter({ ...filter, minConfidence: Number(e.target.value) })} />
        </label>
        <label className="control control--check">
          <input type="checkbox" checked={filter.includeAncillary} onChange={(e) => setFilter({ ...filter, includeAncillary: e.target.checked })} />
          {t('includeAncillary')}
        </label>
      </fieldset>

      <fieldset className="ranking-controls no-print" data-testid="weights">
        <legend>{t('weights')}<KpiHelp kpi="combined" /></legend>
        {WEIGHT_KEYS.map((k) => (
          <label key={k} className="control">{t(`weight.${k}`)} ({pct(weights[k])} %)
            <input type="range" min={0} max={1} step={0.05} value={weights[k]} onChange={(e) => { setWeights((w) => ({ ...w, [k]: Number(e.target.value) })); setStatus(null); }} />
          </label>
        ))}
        <p className="control-actions">
          <button type="button" className="button button--primary" onClick={() => send('PUT')} disabled={busy || (!changed && stored.saved)}>{t('saveWeights')}</button>{' '}
          <button type="button" className="button" onClick={() => send('DELETE')} disabled={busy || (!stored.saved && !changed)}>{t('resetWeights')}</button>{' '}
          <span className="hint" data-testid="weights-source">{changed ? t('weightsSource.changed') : stored.saved ? t('weightsSource.saved') : t('weightsSource.org')}</span>
        </p>
        <p role="status" className="hint" data-testid="weights-status">
          {status?.kind === 'saved' ? t('weightsSaved') : status?.kind === 'reset' ? t('weightsReset') : status?.kind === 'failed' ? t('weightsFailed') : status?.kind === 'zero' ? t('weightsAllZero') : ''}
        </p>
      </fieldset>

      <p className="no-print ranking-count">
        <span role="status" data-testid="ranking-count">{t('count', { shown: shown.length, total: rows.length })}.{' '}{hiddenAncillary > 0 ? t('ancillaryHidden', { count: hiddenAncillary }) : ''}</span>{' '}
        <button type="button" className="button" onClick={exportCsv}>{t('export')}</button>{' '}
        <button type="button" className="button" onClick={() => window.print()}>{t('print')}</button>
        {selectable && <>{' '}<NewScenarioFromSelection picked={picked} onClear={() => setPicked(new Set())} /></>}
      </p>
      <p className="print-only" data-testid="print-summary">
        {t('printSummary', { date: formatDateTime(new Date(), locale, timeZone), shown: shown.length, total: rows.length, u: pct(weights.utilisation), c: pct(weights.cost), k: pct(weights.condition), filters: activeFilters || t('printNoFilters') })}
      </p>
      <p className="hint no-print">{t('sortHint')} {t('scoresNotPercent')}</p>
      <div className="table-scroll" role="region" aria-label={t('tableLabel')} tabIndex={0}>
        <table className="data-table ranking-table" data-testid="ranking-table">
          <thead>
            <tr>
              {selectable && <th scope="col" className="no-print"><SelectAllBox shownIds={shown.map((r) => r.id)} picked={picked} onChange={setPicked} /></th>}
              <th scope="col" className="num">{t('columns.rank')}</th>
              {header('name', t('columns.name'))}
              <th scope="col">{t('columns.category')}</th>
              <th scope="col">{t('columns.district')}</th>
              {header('combined', t('columns.combined'), 'num')}
              {header('utilisation', t('columns.utilisation'), 'num')}
              {header('cost', t('columns.cost'), 'num')}
              {header('condition', t('columns.condition'), 'num')}
              {header('confidence', t('columns.confidence'), 'num')}
              <th scope="col">{t('columns.why')}</th>
            </tr>
          </thead>
          <tbody>
            {shown.map((r, i) => (
              <tr key={r.id} data-building-id={r.id}>
                {selectable && (
                  <td className="no-print"><SelectRowBox name={r.name} checked={picked.has(r.id)} onChange={(on) => setPicked((p) => { const n = new Set(p); if (on) n.add(r.id); else n.delete(r.id); return n; })} /></td>
                )}
                <td className="num">{i + 1}</td>
                <th scope="row" className="row-name"><a href={`/map?b=${r.id}`}>{r.name}</a></th>
                <td>{tc(`categories.${r.category}`)}</td>
                <td>{r.district ?? t('none')}</td>
                <td className="num" data-col="combined">{r.combined === null && r.scores.utilisation === null ? <span className="hint">{t('unmeasured')}</span> : fmt(r.combined)}</td>
                <td className="num">{fmt(r.scores.utilisation)}</td>
                <td className="num">{fmt(r.scores.cost)}</td>
                <td className="num">{fmt(r.scores.condition)}</td>
                <td className="num">{nf.format(r.confidence * 100)} %</td>
                <td className="why">{r.why}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </>
  );
}
