'use client';
import { useLocale, useTranslations } from 'next-intl';
import { useMemo, useState } from 'react';
import { CartesianGrid, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import type { DistrictShape } from '@/lib/demand/forecast-areas';
import type { PressureStatus } from '@/lib/demand/coverage';
import { formatNumber } from '@/lib/format/number';
import type { Locale } from '@/lib/i18n/config';
import { PRESSURE_COLOURS } from '@/lib/map/palette';
import { svgProjection } from '@/lib/scenarios/scenario-geo';

export interface DistrictSeries {
  id: string;
  name: string;
  rows: { year: number; demand: number; places: number; shortfall: number; status: PressureStatus }[];
}

const STATUS_COLOUR: Record<PressureStatus, string> = PRESSURE_COLOURS;
const W = 520;
const H = 360;

// The capacity-pressure map for the chosen year (districts coloured by status, a year slider), the table behind it
// and one timeline per district (places needed against places within reach).
export function DemandView({ districts, shapes, years, initialYear, serviceLabel, variantLabel }: {
  districts: DistrictSeries[];
  shapes: DistrictShape[];
  years: number[];
  initialYear: number;
  serviceLabel: string;
  variantLabel: string;
}) {
  const t = useTranslations('demand');
  const locale = useLocale() as Locale;
  const [year, setYear] = useState(initialYear);
  const byId = useMemo(() => new Map(districts.map((d) => [d.id, d])), [districts]);
  const rowOf = (d: DistrictSeries | undefined) => d?.rows.find((r) => r.year === year);
  const paths = useMemo(() => {
    const coords = shapes.flatMap((s) => (s.geometry.type === 'Polygon' ? [s.geometry.coordinates] : s.geometry.coordinates).flat(2) as number[][]);
    if (coords.length === 0) return [];
    const bounds: [number, number, number, number] = [Math.min(...coords.map((c) => c[0])), Math.min(...coords.map((c) => c[1])), Math.max(...coords.map((c) => c[0])), Math.max(...coords.map((c) => c[1]))];
    const project = svgProjection(bounds, W, H, 12);
    return shapes.map((s) => {
      const polys = s.geometry.type === 'Polygon' ? [s.geometry.coordinates] : s.geometry.coordinates;
      const d = polys.map((poly) => poly.map((ring) => ring.map((p, i) => `${i === 0 ? 'M' : 'L'}${project(p as [number, number]).map((v) => v.toFixed(1)).join(',')}`).join('') + 'Z').join('')).join('');
      const outer = polys[0][0];
      const centre = project([outer.reduce((a, p) => a + p[0], 0) / outer.length, outer.reduce((a, p) => a + p[1], 0) / outer.length]);
      return { id: s.id, name: s.name, d, centre };
    });
  }, [shapes]);
  const fmt = (v: number) => formatNumber(v, locale);
  return (
    <div className="demand-view">
      <section aria-labelledby="demand-map-title">
        <h2 id="demand-map-title">{t('mapTitle', { year })}</h2>
        <label htmlFor="demand-year">{t('slider')}: <strong data-testid="demand-year">{year}</strong></label>
        <input id="demand-year" type="range" min={years[0]} max={years[years.length - 1]} step={1} value={year} onChange={(e) => setYear(Number(e.target.value))} />
        <svg viewBox={`0 0 ${W} ${H}`} role="img" aria-label={t('mapLabel', { year })} data-testid="demand-map" style={{ maxWidth: W, width: '100%' }}>
          {paths.map((p) => {
            const status = rowOf(byId.get(p.id))?.status;
            return (
              <g key={p.id} data-district={p.name} data-status={status ?? 'none'}>
                <path d={p.d} fill={status ? STATUS_COLOUR[status] : '#e5e7eb'} fillOpacity={0.75} stroke="#334155" strokeWidth={1} />
                <text x={p.centre[0]} y={p.centre[1]} textAnchor="middle" fontSize={11} fill="#111827">{p.name}</text>
              </g>
            );
          })}
        </svg>
        <ul className="legend">
          {(['over', 'warning', 'enough'] as const).map((s) => <li key={s}><span aria-hidden="true" style={{ display: 'inline-block', width: 12, height: 12, background: STATUS_COLOUR[s], marginRight: 6 }} />{t(`statuses.${s}`)}</li>)}
        </ul>
        <table className="data-table" data-testid="demand-table">
          <caption>{t('tableCaption', { service: serviceLabel, year })}</caption>
          <thead><tr><th scope="col">{t('district')}</th><th scope="col">{t('demand')}</th><th scope="col">{t('places')}</th><th scope="col">{t('shortfall')}</th><th scope="col">{t('status')}</th></tr></thead>
          <tbody>
            {districts.map((d) => {
              const r = rowOf(d);
              return (
                <tr key={d.id} data-status={r?.status}>
                  <th scope="row">{d.name}</th><td>{r ? fmt(r.demand) : '–'}</td><td>{r ? fmt(r.places) : '–'}</td><td>{r && r.shortfall > 0 ? fmt(r.shortfall) : '–'}</td><td>{r ? t(`statuses.${r.status}`) : '–'}</td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </section>
      <section aria-labelledby="demand-timeline-title" data-testid="demand-timeline">
        <h2 id="demand-timeline-title">{t('timelineTitle')}</h2>
        <p className="muted">{t('timelineCaption', { service: serviceLabel, variant: variantLabel })}</p>
        <div className="demand-timelines" style={{ display: 'grid', gridTemplateColumns: 'repeat(auto-fill, minmax(260px, 1fr))', gap: '1rem' }}>
          {districts.map((d) => (
            <figure key={d.id} data-district={d.name} style={{ margin: 0 }}>
              <figcaption><strong>{d.name}</strong></figcaption>
              <ResponsiveContainer width="100%" height={160}>
                <LineChart data={d.rows}>
                  <CartesianGrid strokeDasharray="3 3" />
                  <XAxis dataKey="year" />
                  <YAxis width={48} tickFormatter={fmt} />
                  <Tooltip formatter={(v) => fmt(Number(v))} />
                  <Line isAnimationActive={false} type="monotone" dataKey="demand" name={t('demandSeries')} stroke="#0072b2" dot={false} strokeWidth={2} />
                  <Line isAnimationActive={false} type="stepAfter" dataKey="places" name={t('placesSeries')} stroke="#334155" strokeDasharray="5 4" dot={false} />
                </LineChart>
              </ResponsiveContainer>
            </figure>
          ))}
        </div>
      </section>
    </div>
  );
}
