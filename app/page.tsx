import Link from 'next/link';
import { getLocale, getTimeZone, getTranslations } from 'next-intl/server';
import { getPool } from '@/lib/db/pool';
import { formatArea, formatDateTime, formatMoney, formatNumber, formatPercent } from '@/lib/format/number';
import { assignedBuildingsOverview, COVERAGE_DAYS, scenariosForHome } from '@/lib/home/overview';
import type { Locale } from '@/lib/i18n/config';
import { getPortfolioTotals } from '@/lib/portfolio/get-portfolio-totals';
import { requirePageAuth } from '@/lib/auth/current';
import { can, ROLES, type Role } from '@/lib/auth/roles';

export const dynamic = 'force-dynamic';

type T = Awaited<ReturnType<typeof getTranslations<'home'>>>;
type TC = Awaited<ReturnType<typeof getTranslations<'common'>>>;

// GET / — a home page per role, read from the database:
//   admin / property manager: portfolio totals and shortcuts;
//   facility staff: their assigned buildings (sensors, last reading, coverage) and the upload link — no totals;
//   viewer (politician): the proposed and approved scenarios first, then the portfolio figures.
type SearchParams = Promise<Record<string, string | string[] | undefined>>;

export default async function HomePage({ searchParams }: { searchParams: SearchParams }) {
  const session = await requirePageAuth(ROLES, '/');
  const [t, tc, ta, locale, sp, timeZone] = await Promise.all([getTranslations('home'), getTranslations('common'), getTranslations('auth'), getLocale() as Promise<Locale>, searchParams, getTimeZone()]);
  // After the header's organisation switcher refused an organisation the user is not a member of.
  const refused = sp.organisation === 'refused' && <p className="notice" role="alert">{ta('switcher.refused')}</p>;
  const { organisation } = session;
  const pool = getPool();

  if (session.role === 'facility_staff') {
    const buildings = await assignedBuildingsOverview(pool, organisation.id, session.assignedBuildingIds ?? []);
    return (
      <div className="page" data-home="facility_staff">
        {refused}
        <h1 id="staff-title">{t('staff.title')}</h1>
        <p className="lead">{t('staff.intro', { days: COVERAGE_DAYS })}</p>
        {buildings.length === 0 ? (
          <p className="notice" data-testid="no-assignments">{t('staff.none')}</p>
        ) : (
          <table className="data-table" data-testid="assigned-buildings" aria-labelledby="staff-title">
            <thead>
              <tr>
                <th scope="col">{t('staff.building')}</th>
                <th scope="col">{t('category')}</th>
                <th scope="col" className="num">{t('sensors')}</th>
                <th scope="col">{t('staff.lastReading')}</th>
                <th scope="col" className="num">{t('staff.coverage', { days: COVERAGE_DAYS })}</th>
              </tr>
            </thead>
            <tbody>
              {buildings.map((b) => (
                <tr key={b.id} data-building={b.id}>
                  <th scope="row">
                    {b.name}
                    {b.address && <div style={{ color: 'var(--muted)', fontWeight: 'normal', fontSize: '.9rem' }}>{b.address}</div>}
                  </th>
                  <td>{categoryLabel(tc, b.category)}</td>
                  <td className="num">{formatNumber(b.sensors, locale)}</td>
                  <td>{b.lastReadingAt ? formatDateTime(b.lastReadingAt, locale, timeZone) : t('staff.noReadings')}</td>
                  <td className="num">{b.coverage === null ? '–' : formatPercent(b.coverage, locale)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
        <p>
          <Link href="/uploads" className="button button--primary">{t('goUploads')}</Link>
        </p>
      </div>
    );
  }

  const year = new Date().getFullYear();
  // Viewers: what has been put before them first, then the figures.
  const [scenarios, totals] = await Promise.all([
    session.role === 'viewer' ? scenariosForHome(pool, organisation.id, session.role) : Promise.resolve(null),
    getPortfolioTotals(pool, organisation.id, year),
  ]);
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
    <div className="page" data-home={session.role}>
      {refused}
      {scenarios && (
        <>
          <h1>{t('viewer.title')}</h1>
          <p className="lead">{t('viewer.intro')}</p>
          <section aria-labelledby="home-scenarios">
            <h2 id="home-scenarios">{t('viewer.scenarios')}</h2>
            {scenarios.length === 0 ? (
              <p data-testid="no-scenarios">{t('viewer.none')}</p>
            ) : (
              <table className="data-table" data-testid="home-scenarios">
                <thead>
                  <tr>
                    <th scope="col">{t('viewer.name')}</th>
                    <th scope="col">{t('viewer.status')}</th>
                    <th scope="col">{t('viewer.changed')}</th>
                    <th scope="col" className="num">{t('viewer.areaRemoved')}</th>
                    <th scope="col" className="num">{t('viewer.savings')}</th>
                  </tr>
                </thead>
                <tbody>
                  {scenarios.map((s) => (
                    <tr key={s.id} data-status={s.status}>
                      <th scope="row"><Link href={`/scenarios/${s.id}`}>{s.name}</Link></th>
                      <td>{t(`viewer.statuses.${s.status as 'proposed' | 'approved'}`)}</td>
                      <td>{s.statusChangedAt ? formatDateTime(s.statusChangedAt, locale, timeZone) : '–'}</td>
                      <td className="num">{s.areaRemovedM2 === null ? '–' : formatArea(s.areaRemovedM2, locale)}</td>
                      <td className="num">{s.annualSavingsDkk === null ? '–' : formatMoney(s.annualSavingsDkk, locale)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            )}
          </section>
        </>
      )}

      {scenarios ? <h2>{t('title')}</h2> : <h1>{t('title')}</h1>}
      {!scenarios && <p className="lead">{t('intro')}</p>}
      <dl className="figures" data-testid="portfolio-totals">
        {figures.map((f) => (
          <div key={f.key} className="figure" data-figure={f.key}>
            <dt>{f.label}</dt>
            <dd>{f.value}</dd>
          </div>
        ))}
      </dl>

      <section aria-labelledby="by-category">
        {scenarios ? <h3 id="by-category">{t('byCategory')}</h3> : <h2 id="by-category">{t('byCategory')}</h2>}
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
                <th scope="row">{categoryLabel(tc, c.category)}</th>
                <td className="num">{formatNumber(c.buildings, locale)}</td>
                <td className="num">{formatArea(c.grossAreaM2, locale)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>

      <Shortcuts role={session.role} t={t} />
    </div>
  );
}

/** Links to the jobs this role may do (nothing it would be refused). */
function Shortcuts({ role, t }: { role: Role; t: T }) {
  const links = [
    ...(can(role, 'portfolio:read') ? [{ href: '/map', label: t('goMap') }, { href: '/ranking', label: t('goRanking') }] : []),
    ...(can(role, 'scenario:read') ? [{ href: '/scenarios', label: can(role, 'scenario:write') ? t('goScenarios') : t('goScenariosRead') }] : []),
    ...(can(role, 'import:write') ? [{ href: '/uploads', label: t('goUploads') }] : []),
  ];
  return (
    <section aria-labelledby="next-steps">
      <h2 id="next-steps">{t('next')}</h2>
      <ul className="link-list">
        {links.map((l) => <li key={l.href}><Link href={l.href}>{l.label}</Link></li>)}
      </ul>
    </section>
  );
}

function categoryLabel(tc: TC, category: string): string {
  return tc.has(`categories.${category}`) ? tc(`categories.${category}`) : category;
}
