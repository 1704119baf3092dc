'use client';

import { useLocale, useTranslations } from 'next-intl';
import { useDisplayTimeZone } from '@/lib/i18n/use-time-zone';
import { useEffect, useMemo, useRef, useState } from 'react';
import { Bar, BarChart, CartesianGrid, Legend, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import type { BuildingPanel } from '@/lib/buildings/building-panel';
import type { DistrictPressure } from '@/lib/demand/district-pressure';
import { nearestPlaces } from '@/lib/geo/nearest-places';
import { axisWidth, formatMoneyTick, formatMonthLabel, tickCandidates } from '@/lib/format/chart-axis';
import { formatArea, formatDateTime, formatMoney, formatNumber, formatPercent } from '@/lib/format/number';
import type { Locale } from '@/lib/i18n/config';
import { SCORE_STEPS } from '@/lib/map/palette';
import { AddToScenario } from '../scenarios/add-to-scenario';
import { KpiHelp } from '../_components/kpi-help';

const COST_COLOURS: Record<string, string> = {
  cleaning: '#0072B2', energy: '#E69F00', maintenance: '#009E73', rent: '#CC79A7', caretaking: '#56B4E9', other: '#999999',
};

/** Stops of the heat map's colour scale, for its legend. */
const HEAT_STOPS = [0, 0.25, 0.5, 0.75, 1];

function heatColour(ratio: number): string {
  // Light → dark blue, single hue so it reads in greyscale too.
  const v = Math.max(0, Math.min(1, ratio));
  const l = 96 - v * 70;
  return `hsl(210 70% ${l}%)`;
}

/** The building panel: key figures, the four scores with their sentences, four charts and data quality. */
export function BuildingPanelView({ buildingId, canEditScenarios = false, focusOnLoad = false, onFocused }: { buildingId: string; canEditScenarios?: boolean; focusOnLoad?: boolean; onFocused?: () => void }) {
  const t = useTranslations('map.panel');
  const tc = useTranslations('common');
  const tm = useTranslations('map');
  const locale = useLocale() as Locale;
  const timeZone = useDisplayTimeZone();
  const [data, setData] = useState<(BuildingPanel & { demand?: DistrictPressure | null }) | null>(null);
  const [failed, setFailed] = useState(false);
  const heading = useRef<HTMLHeadingElement>(null);

  useEffect(() => {
    const controller = new AbortController();
    fetch(`/api/buildings/${buildingId}/panel`, { signal: controller.signal })
      .then((r) => (r.ok ? r.json() : Promise.reject(new Error(String(r.status)))))
      .then(setData)
      .catch((e) => e.name !== 'AbortError' && setFailed(true));
    return () => controller.abort();
  }, [buildingId]);

  const costsByYear = useMemo(() => {
    if (!data) return [];
    const years = new Map<number, Record<string, number>>();
    for (const c of data.costs) {
      const row = years.get(c.year) ?? { year: c.year };
      row[c.type] = c.amountDkk;
      years.set(c.year, row);
    }
    return [...years.values()];
  }, [data]);
  // Chosen from the list: move focus to the panel's heading once it has loaded, so a keyboard user lands on it.
  useEffect(() => {
    if (data && focusOnLoad) {
      heading.current?.focus();
      onFocused?.();
    }
  }, [data, focusOnLoad, onFocused]);
  const costTypes = useMemo(() => [...new Set(data?.costs.map((c) => c.type) ?? [])], [data]);

  if (failed) return <p role="alert">{tc('error', { id: buildingId.slice(0, 8) })}</p>;
  if (!data) return <p aria-live="polite">{t('loading')}</p>;
  const b = data.building;
  const s = data.scores;
  const overdue = data.backlogByGrade.reduce((sum, g) => sum + g.amountDkk, 0);
  const costAxis = axisWidth(tickCandidates(costsByYear.map((row) => Object.entries(row).reduce((sum, [k, v]) => (k === 'year' ? sum : sum + Number(v)), 0))).map((v) => formatMoneyTick(v, locale)));
  const backlogAxis = axisWidth(tickCandidates(data.backlogByGrade.map((g) => g.amountDkk + g.plannedDkk)).map((v) => formatMoneyTick(v, locale)));
  const weekdays = t.raw('weekdays') as string[];
  const heat = new Map(data.heatmap.map((h) => [`${h.weekday}-${h.hour}`, h.ratio]));
  const scoreRows: { key: 'utilisation' | 'cost' | 'condition'; label: string; sentence?: string }[] = [
    { key: 'utilisation', label: t('utilisation'), sentence: s?.explanation.sentences.utilisation[locale] },
    { key: 'cost', label: t('cost'), sentence: s?.explanation.sentences.cost[locale] },
    { key: 'condition', label: t('condition'), sentence: s?.explanation.sentences.condition[locale] },
  ];
  const scoreText = (v: number | null | undefined) => (v == null ? t('notScored') : `${formatNumber(v, locale)} / 100`);
  const swatch = (v: number | null | undefined) => (v == null ? '#d9d9d9' : [...SCORE_STEPS].reverse().find((st) => v >= st.from)!.colour);

  return (
    <div data-testid="building-panel">
      <h2 ref={heading} tabIndex={-1}>{b.name}</h2>
      <p className="hint">{b.address}</p>

      <h3 className="visually-hidden">{t('keyFigures')}</h3>
      <dl className="kv">
        <dt>{t('category')}</dt><dd>{tc(`categories.${b.category}`)}</dd>
        <dt>{t('district')}</dt><dd>{b.district ?? '–'}</dd>
        <dt>{t('area')}</dt><dd>{b.grossAreaM2 != null ? formatArea(b.grossAreaM2, locale) : '–'}</dd>
        <dt>{t('users')}</dt><dd>{b.usersTotal != null ? formatNumber(b.usersTotal, locale) : '–'}</dd>
        <dt>{t('capacity')}</dt><dd>{b.capacity != null ? formatNumber(b.capacity, locale) : '–'}</dd>
        <dt>{t('yearBuilt')}</dt><dd>{b.yearBuilt ?? '–'}</dd>
        <dt>{t('tenure')}</dt><dd>{b.tenure === 'leased' ? t('leased') : t('owned')}</dd>
        <dt>{t('registryId')}</dt><dd style={{ wordBreak: 'break-all' }}>{b.registryId}</dd>
      </dl>
      {data.demand && <DemandLine demand={data.demand} />}
      {canEditScenarios && <AddToScenario building={{ id: b.id, name: b.name }} />}

      <h2>{t('scores')}</h2>
      <ul className="score-list">
        <li>
          <span className="swatch" style={{ background: swatch(s?.combined) }} aria-hidden="true" />{' '}
          <strong>{t('combined')}</strong><KpiHelp kpi="combined" />{' '}
          {s && s.combined == null && s.scores.utilisation == null ? <span data-testid="combined-needs-use">{t('combinedNeedsUse')}</span> : scoreText(s?.combined)}
        </li>
        {scoreRows.map((r) => (
          <li key={r.key}>
            <span className="swatch" style={{ background: swatch(s?.scores[r.key]) }} aria-hidden="true" />{' '}
            <strong>{r.label}</strong><KpiHelp kpi={r.key} /> {scoreText(s?.scores[r.key])}
            {r.sentence && <div className="hint">{r.sentence}</div>}
          </li>
        ))}
        {s && <li className="hint">{s.explanation.sentences.space[locale]}</li>}
      </ul>

      <h2 id="heat-title">{t('heatmap')}</h2>
      {data.heatmap.length === 0 ? (
        <p className="hint">{t('noSensors')}</p>
      ) : (
        <table className="heatmap" aria-labelledby="heat-title" data-testid="heatmap">
          <caption className="hint" style={{ captionSide: 'bottom', textAlign: 'left' }}>{t('heatmapCaption')}</caption>
          <thead>
            <tr><th scope="col" />{[0, 3, 6, 9, 12, 15, 18, 21].map((h) => <th key={h} scope="col" colSpan={3}>{h}</th>)}</tr>
          </thead>
          <tbody>
            {weekdays.map((day, i) => (
              <tr key={day}>
                <th scope="row">{day}</th>
                {Array.from({ length: 24 }, (_, h) => {
                  const r = heat.get(`${i + 1}-${h}`);
                  return <td key={h} style={{ background: r == null ? '#fff' : heatColour(r) }} title={r == null ? '–' : `${day} ${h}:00 ${formatPercent(r, locale)}`} />;
                })}
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {data.heatmap.length > 0 && (
        <div className="heat-scale" data-testid="heat-scale">
          <span className="hint">{t('heatScale')}</span>
          <ol aria-label={t('heatScale')}>
            {HEAT_STOPS.map((r) => (
              <li key={r}><span className="swatch" style={{ background: heatColour(r) }} aria-hidden="true" />{formatPercent(r, locale)}</li>
            ))}
            <li><span className="swatch" style={{ background: '#fff' }} aria-hidden="true" />{t('heatNoData')}</li>
          </ol>
        </div>
      )}

      {data.monthly.length > 0 && (
        <>
          <h2>{t('monthly')}</h2>
          <div className="chart" data-testid="chart-monthly">
            <ResponsiveContainer>
              <LineChart data={data.monthly.map((m) => ({ ...m, label: formatMonthLabel(m.month, locale) }))} margin={{ left: 0, right: 8, top: 6 }}>
                <CartesianGrid strokeDasharray="3 3" />
                <XAxis dataKey="label" fontSize={10} />
                <YAxis fontSize={10} tickFormatter={(v: number) => formatPercent(v, locale)} />
                <Tooltip formatter={(v) => formatPercent(Number(v), locale)} />
                <Legend wrapperStyle={{ fontSize: 11 }} />
                <Line type="monotone" dataKey="utilisation" name={t('openHours')} stroke="#0b5cad" strokeWidth={2} dot={false} isAnimationActive={false} />
                <Line type="monotone" dataKey="afterHours" name={t('afterHours')} stroke="#E69F00" strokeDasharray="4 2" dot={false} isAnimationActive={false} />
              </LineChart>
            </ResponsiveContainer>
          </div>
        </>
      )}

      <h2>{t('costs')}</h2>
      <div className="chart" data-testid="chart-costs">
        <ResponsiveContainer>
          <BarChart data={costsByYear} margin={{ left: 10, right: 8, top: 6 }}>
            <CartesianGrid strokeDasharray="3 3" />
            <XAxis dataKey="year" fontSize={10} />
            <YAxis fontSize={10} tickFormatter={(v: number) => formatMoneyTick(v, locale)} width={costAxis} />
            <Tooltip formatter={(v) => formatMoney(Number(v), locale)} />
            <Legend wrapperStyle={{ fontSize: 11 }} />
            {costTypes.map((type) => (
              <Bar key={type} dataKey={type} stackId="c" name={t.has(`costTypes.${type}`) ? t(`costTypes.${type}`) : type} fill={COST_COLOURS[type] ?? '#777'} isAnimationActive={false} />
            ))}
          </BarChart>
        </ResponsiveContainer>
      </div>

      <h2>{t('backlog')}</h2>
      {data.backlogByGrade.length === 0 ? (
        <p className="hint">{t('noBacklog')}</p>
      ) : (
        <>
          <p data-testid="backlog-total">
            {t('backlogTotal', { amount: formatMoney(overdue, locale), perM2: b.grossAreaM2 ? formatMoney(overdue / b.grossAreaM2, locale) : '–', year: new Date().getFullYear() })}
          </p>
          <div className="chart" data-testid="chart-backlog">
            <ResponsiveContainer>
              <BarChart data={data.backlogByGrade.map((g) => ({ ...g, label: t('grade', { grade: g.grade }) }))} margin={{ left: 0, right: 8, top: 6 }}>
                <CartesianGrid strokeDasharray="3 3" />
                <XAxis dataKey="label" fontSize={10} />
                <YAxis fontSize={10} tickFormatter={(v: number) => formatMoneyTick(v, locale)} width={backlogAxis} />
                <Tooltip formatter={(v) => formatMoney(Number(v), locale)} />
                <Legend wrapperStyle={{ fontSize: 11 }} />
                <Bar dataKey="amountDkk" stackId="m" name={t('backlogOverdue')} isAnimationActive={false} fill="#b2182b" />
                <Bar dataKey="plannedDkk" stackId="m" name={t('backlogPlanned')} isAnimationActive={false} fill="#9aa5a0" />
              </BarChart>
            </ResponsiveContainer>
          </div>
          <p className="hint">{t('gradeExplained')}</p>
        </>
      )}

      <h2>{t('quality')}</h2>
      <dl className="kv">
        <dt>{t('sensors')}</dt><dd>{data.quality.sensors}</dd>
        <dt>{t('lastReading')}</dt><dd>{data.quality.lastReading ? formatDateTime(new Date(data.quality.lastReading), locale, timeZone) : '–'}</dd>
        <dt>{t('hoursWithData')}</dt><dd>{formatNumber(data.quality.hoursWithData, locale)}</dd>
        {s && <><dt>{tm('confidence')}<KpiHelp kpi="confidence" /></dt><dd>{formatPercent(s.confidence, locale)}</dd></>}
      </dl>
      {s && <p className="hint">{s.explanation.sentences.confidence[locale]}</p>}
      {data.quality.sensors === 0 && <p className="hint">{t('noSensors')}</p>}

      {data.neighbours.length > 0 && b.lon != null && b.lat != null && (
        <>
          <h2>{t('neighbours')}</h2>
          <ul className="link-list">
            {nearestPlaces([b.lon, b.lat], data.neighbours, 5).map((n) => (
              <li key={n.id}>
                {n.name} — {formatNumber(n.km, locale, 1)} km
              </li>
            ))}
          </ul>
        </>
      )}
    </div>
  );
}

/** The district's future-demand pressure for the building's service (lib/demand/district-pressure.ts). */
function DemandLine({ demand }: { demand: DistrictPressure }) {
  const t = useTranslations('demand');
  const locale = useLocale() as Locale;
  const service = t.has(`services.${demand.category}`) ? t(`services.${demand.category}`) : demand.category;
  return (
    <div data-testid="panel-demand" data-status={demand.status}>
      <h3>{t('panel.title', { district: demand.districtName })}</h3>
      <p>{t('panel.status', { service, year: demand.year, status: t(`statuses.${demand.status}`).toLowerCase(), demand: formatNumber(demand.demand, locale), places: formatNumber(demand.places, locale) })}</p>
      {demand.firstShortfall && <p className="notice">{t('panel.first', { year: demand.firstShortfall.year, places: formatNumber(demand.firstShortfall.places, locale) })}</p>}
      {demand.ownEstimate && <p className="hint">{t('ownEstimate')}</p>}
      <p><a href={`/demand?service=${demand.category}`}>{t('nav')}</a></p>
    </div>
  );
}
