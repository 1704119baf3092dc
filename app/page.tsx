import Link from 'next/link';
import { getLocale, getTranslations } from 'next-intl/server';
import { getPool } from '@/lib/db/pool';
import { formatArea, formatMoney, formatNumber } from '@/lib/format/number';
import type { Locale } from '@/lib/i18n/config';
import { currentOrganisation } from '@/lib/organisations/current';
import { getPortfolioTotals } from '@/lib/portfolio/get-portfolio-totals';
import { requirePageAuth } from '@/lib/auth/current';
import { ROLES } from '@/lib/auth/roles';

export const dynamic = 'force-dynamic';

// GET / — the organisation's headline figures, read from the database.
export default async function HomePage() {
  await requirePageAuth(ROLES, '/');
  const t = await getTranslations('home');
  const tc = await getTranslations('common');
  const locale = (await getLocale()) as Locale;
  const organisation = await currentOrganisation();
  if (!organisation) return <p className="notice">{tc('noOrganisation')}</p>;

  const year = new Date().getFullYear();
  const totals = await getPortfolioTotals(getPool(), organisation.id, year);
  const figures = [
    { key: 'buildings', label: t('buildings'), value: formatNumber(totals.buildings, locale) },
    { key: 'area', label: t('area'), value: formatArea(totals.grossAreaM2, locale) },
    { key: 'sensors', label: t('sensors'), value: formatNumber(totals.sensors, locale) },
    { key: 'readings', label: t('readings'), value: formatNumber(totals.readings, locale) },
    { key: 'backlog', label: t('backlog'), value: formatMoney(totals.backlogDkk, locale) },
    ...(totals.operatingCostYear
      ? [{ key: 'cost', label: t('operatingCost', { year: totals.operatingCostYear }), value: formatMoney(totals.operatingCostDkk, locale) }]
      : []),
  ];

  return (
    <div className="page">
      <h1>{t('title')}</h1>
      <p className="lead">{t('intro')}</p>
      <dl className="figures" data-testid="portfolio-totals">
        {figures.map((f) => (
          <div key={f.key} className="figure" data-figure={f.key}>
            <dt>{f.label}</dt>
            <dd>{f.value}</dd>
          </div>
        ))}
      </dl>

      <section aria-labelledby="by-category">
        <h2 id="by-category">{t('byCategory')}</h2>
        <table className="data-table">
          <thead>
            <tr>
              <th scope="col">{t('category')}</th>
              <th scope="col" className="num">{t('count')}</th>
              <th scope="col" className="num">{t('area')}</th>
            </tr>
          </thead>
          <tbody>
            {totals.byCategory.map((c) => (
              <tr key={c.category}>
                <th scope="row">{tc.has(`categories.${c.category}`) ? tc(`categories.${c.category}`) : c.category}</th>
                <td className="num">{formatNumber(c.buildings, locale)}</td>
                <td className="num">{formatArea(c.grossAreaM2, locale)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>

      <section aria-labelledby="next-steps">
        <h2 id="next-steps">{t('next')}</h2>
        <ul className="link-list">
          <li><Link href="/map">{t('goMap')}</Link></li>
          <li><Link href="/ranking">{t('goRanking')}</Link></li>
          <li><Link href="/scenarios">{t('goScenarios')}</Link></li>
          <li><Link href="/uploads">{t('goUploads')}</Link></li>
        </ul>
      </section>
    </div>
  );
}
