'use client';
import { useLocale, useTranslations } from 'next-intl';
import { Bar, BarChart, CartesianGrid, Legend, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { axisWidth, formatAreaTick, formatMoneyTick, tickCandidates } from '@/lib/format/chart-axis';
import { formatArea, formatMoney } from '@/lib/format/number';
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
  // Axis ticks with their unit ("19,5 mio. kr.", "12.500 m²"), the axis as wide as its longest label so nothing is
  // clipped; tooltips exact.
  // recharts wraps a tick label at its spaces when it thinks the axis is too narrow ("6.000" over "m²"); joined by
  // no-break spaces a label stays one line.
  const oneLine = (s: string) => s.replace(/ /g, '\u00a0');
  const money = (v: number) => oneLine(formatMoneyTick(v, locale));
  const area = (v: number) => oneLine(formatAreaTick(v, locale));
  const moneyExact = (v: unknown) => formatMoney(Number(v), locale);
  const widthFor = (values: number[], f: (v: number) => string) => axisWidth(tickCandidates(values).map(f)) + 8;
  const bars = series.map((s) => ({ name: s.name, area: s.areaRemovedM2, savings: s.annualBenefitDkk, moving: s.movingDkk, refurbish: s.refurbishDkk }));
  // Year 0: sale value minus one-off costs; each later year adds the annual savings and rent.
  const cumulative = Array.from({ length: YEARS + 1 }, (_, year) => ({
    year,
    ...Object.fromEntries(series.map((s) => [s.name, s.saleDkk - s.movingDkk - s.refurbishDkk + year * s.annualBenefitDkk])),
  }));
  const net = cumulative.flatMap((row) => series.map((x) => Number(row[x.name as keyof typeof row])));
  const wArea = widthFor(series.map((x) => x.areaRemovedM2), area);
  const wSavings = widthFor(series.map((x) => x.annualBenefitDkk), money);
  const wCosts = widthFor(series.map((x) => x.movingDkk + x.refurbishDkk), money);
  const wNet = widthFor(net, money);
  return (
    <div className="compare-charts" data-testid="compare-charts">
      <h2>{t('chartArea')}</h2>
      <ResponsiveContainer width="100%" height={220}>
        <BarChart data={bars}><CartesianGrid strokeDasharray="3 3" /><XAxis dataKey="name" /><YAxis tickFormatter={area} width={wArea} /><Tooltip formatter={(v) => formatArea(Number(v), locale)} /><Bar isAnimationActive={false} dataKey="area" name={t('chartArea')} fill={COLOURS[0]} /></BarChart>
      </ResponsiveContainer>
      <h2>{t('chartSavings')}</h2>
      <ResponsiveContainer width="100%" height={220}>
        <BarChart data={bars}><CartesianGrid strokeDasharray="3 3" /><XAxis dataKey="name" /><YAxis tickFormatter={money} width={wSavings} /><Tooltip formatter={moneyExact} /><Bar isAnimationActive={false} dataKey="savings" name={t('chartSavings')} fill={COLOURS[2]} /></BarChart>
      </ResponsiveContainer>
      <h2>{t('chartCosts')}</h2>
      <ResponsiveContainer width="100%" height={220}>
        <BarChart data={bars}><CartesianGrid strokeDasharray="3 3" /><XAxis dataKey="name" /><YAxis tickFormatter={money} width={wCosts} /><Tooltip formatter={moneyExact} /><Legend />
          <Bar isAnimationActive={false} dataKey="moving" stackId="c" name={t('moving')} fill={COLOURS[1]} /><Bar isAnimationActive={false} dataKey="refurbish" stackId="c" name={t('refurbish')} fill={COLOURS[3]} /></BarChart>
      </ResponsiveContainer>
      <h2>{t('chartCumulative')}</h2>
      <ResponsiveContainer width="100%" height={260}>
        <LineChart data={cumulative} margin={{ top: 5, right: 24, bottom: 5, left: 0 }}><CartesianGrid strokeDasharray="3 3" /><XAxis dataKey="year" name={t('year')} label={{ value: t('year'), position: 'insideBottomRight', offset: -4 }} /><YAxis tickFormatter={money} width={wNet} /><Tooltip formatter={moneyExact} /><Legend />
          {series.map((s, i) => <Line isAnimationActive={false} key={s.name} type="monotone" dataKey={s.name} stroke={COLOURS[i % COLOURS.length]} dot={false} />)}
        </LineChart>
      </ResponsiveContainer>
    </div>
  );
}
