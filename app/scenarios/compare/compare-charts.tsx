'use client';
import { useLocale, useTranslations } from 'next-intl';
import { Bar, BarChart, CartesianGrid, Legend, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { formatNumber } from '@/lib/format/number';
import type { Locale } from '@/lib/i18n/config';

export interface CompareSeries {
  name: string;
  areaRemovedM2: number;
  annualBenefitDkk: number;
  movingDkk: number;
  refurbishDkk: number;
  saleDkk: number;
}

const COLOURS = ['#0072b2', '#e69f00', '#009e73', '#cc79a7'];
const YEARS = 10;

// Charts for the comparison: m² removed, yearly savings, one-off cost breakdown and cumulative net gain over 10 years.
export function CompareCharts({ series }: { series: CompareSeries[] }) {
  const t = useTranslations('scenarios.compare');
  const locale = useLocale() as Locale;
  const fmt = (v: number) => formatNumber(v, locale);
  // Axis ticks of millions in short form ("60 mio." / "60M") so large kroner figures are not clipped; smaller ones
  // in full (da-DK's compact thousands, "45 t", would read as tonnes). Tooltips stay exact.
  const compact = new Intl.NumberFormat(locale === 'da' ? 'da-DK' : 'en-GB', { notation: 'compact', maximumFractionDigits: 1 });
  const tick = (v: number) => (Math.abs(v) >= 1e6 ? compact.format(v) : fmt(v));
  const bars = series.map((s) => ({ name: s.name, area: s.areaRemovedM2, savings: s.annualBenefitDkk, moving: s.movingDkk, refurbish: s.refurbishDkk }));
  // Year 0: sale value minus one-off costs; each later year adds the annual savings and rent.
  const cumulative = Array.from({ length: YEARS + 1 }, (_, year) => ({
    year,
    ...Object.fromEntries(series.map((s) => [s.name, s.saleDkk - s.movingDkk - s.refurbishDkk + year * s.annualBenefitDkk])),
  }));
  return (
    <div className="compare-charts" data-testid="compare-charts">
      <h2>{t('chartArea')}</h2>
      <ResponsiveContainer width="100%" height={220}>
        <BarChart data={bars}><CartesianGrid strokeDasharray="3 3" /><XAxis dataKey="name" /><YAxis tickFormatter={tick} width={70} /><Tooltip formatter={(v) => fmt(Number(v))} /><Bar isAnimationActive={false} dataKey="area" name={t('chartArea')} fill={COLOURS[0]} /></BarChart>
      </ResponsiveContainer>
      <h2>{t('chartSavings')}</h2>
      <ResponsiveContainer width="100%" height={220}>
        <BarChart data={bars}><CartesianGrid strokeDasharray="3 3" /><XAxis dataKey="name" /><YAxis tickFormatter={tick} width={70} /><Tooltip formatter={(v) => fmt(Number(v))} /><Bar isAnimationActive={false} dataKey="savings" name={t('chartSavings')} fill={COLOURS[2]} /></BarChart>
      </ResponsiveContainer>
      <h2>{t('chartCosts')}</h2>
      <ResponsiveContainer width="100%" height={220}>
        <BarChart data={bars}><CartesianGrid strokeDasharray="3 3" /><XAxis dataKey="name" /><YAxis tickFormatter={tick} width={70} /><Tooltip formatter={(v) => fmt(Number(v))} /><Legend />
          <Bar isAnimationActive={false} dataKey="moving" stackId="c" name={t('moving')} fill={COLOURS[1]} /><Bar isAnimationActive={false} dataKey="refurbish" stackId="c" name={t('refurbish')} fill={COLOURS[3]} /></BarChart>
      </ResponsiveContainer>
      <h2>{t('chartCumulative')}</h2>
      <ResponsiveContainer width="100%" height={260}>
        <LineChart data={cumulative}><CartesianGrid strokeDasharray="3 3" /><XAxis dataKey="year" name={t('year')} /><YAxis tickFormatter={tick} width={70} /><Tooltip formatter={(v) => fmt(Number(v))} /><Legend />
          {series.map((s, i) => <Line isAnimationActive={false} key={s.name} type="monotone" dataKey={s.name} stroke={COLOURS[i % COLOURS.length]} dot={false} />)}
        </LineChart>
      </ResponsiveContainer>
    </div>
  );
}
