import { getLocale, getTranslations } from 'next-intl/server';
import { z } from 'zod';
import { requirePageAuth } from '@/lib/auth/current';
import { can, PORTFOLIO_READERS } from '@/lib/auth/roles';
import { getPool } from '@/lib/db/pool';
import { availableVariants, demandReport } from '@/lib/demand/demand-report';
import { districtShapes, unmatchedForecastAreas } from '@/lib/demand/forecast-areas';
import { loadDemandInputs } from '@/lib/demand/load-demand-inputs';
import { FORECAST_VARIANTS } from '@/lib/demand/services';
import { shortfallSentence } from '@/lib/demand/shortfall-sentence';
import { loadScenarioDefaults } from '@/lib/scenarios/load-portfolio';
import type { Category } from '@/lib/registry/categories';
import { AreaMapping } from './area-mapping';
import { DemandView, type DistrictSeries } from './demand-view';
import { ServicesForm } from './services-form';

export const dynamic = 'force-dynamic';

const searchSchema = z.object({
  variant: z.enum(FORECAST_VARIANTS).optional(),
  service: z.string().optional(),
  year: z.coerce.number().int().optional(),
});

// Future demand: the forecast against the places within reach of each district, per service and variant, year by
// year (timeline per district, capacity-pressure map with a year slider), the mapping step for unmatched forecast
// areas, and the services' age bands and take-up (admin).
export default async function DemandPage({ searchParams }: { searchParams: Promise<Record<string, string | undefined>> }) {
  const auth = await requirePageAuth(PORTFOLIO_READERS, '/demand');
  const { organisation } = auth;
  const [t, locale, sp] = await Promise.all([getTranslations('demand'), getLocale(), searchParams]);
  const query = searchSchema.safeParse(sp);
  const pool = getPool();
  const year = new Date().getFullYear();
  const [inputs, defaults, shapes, unmatched] = await Promise.all([
    loadDemandInputs(pool, organisation.id, year),
    loadScenarioDefaults(pool, organisation.id),
    districtShapes(pool, organisation.id),
    can(auth.role, 'scenario:write') ? unmatchedForecastAreas(pool, organisation.id) : Promise.resolve([]),
  ]);
  const reachKm = defaults.maxAddedTravelKm;
  const variants = availableVariants(inputs);
  const variant = query.success && query.data.variant && variants.includes(query.data.variant) ? query.data.variant : variants.includes(inputs.settings.defaultVariant) ? inputs.settings.defaultVariant : variants[0];
  const lang = locale === 'en' ? 'en' : 'da';
  const report = variant ? demandReport(inputs, variant, reachKm) : null;
  const services = report?.services ?? [];
  const wanted = query.success ? query.data.service : undefined;
  const service = services.find((s) => s.category === wanted) ?? services[0];
  const names = new Map(inputs.districts.map((d) => [d.id, d.name]));
  const series: DistrictSeries[] = service
    ? inputs.districts.map((d) => ({
        id: d.id,
        name: d.name,
        rows: service.report.districts.filter((r) => r.districtId === d.id).map((r) => ({ year: r.year, demand: Math.round(r.demand), places: Math.round(r.placesWithinReach), shortfall: Math.ceil(r.shortfall - 1e-9), status: r.status })),
      })).filter((d) => d.rows.length > 0)
    : [];
  const years = [...new Set(series.flatMap((d) => d.rows.map((r) => r.year)))].sort((a, b) => a - b);
  const first = service?.report.firstShortfall ?? null;
  const link = (v: string, s: string) => `/demand?variant=${v}&service=${s}`;
  return (
    <div className="page demand-page">
      <h1>{t('title')}</h1>
      <p className="lead">{t('lead', { km: reachKm })}</p>
      {inputs.ownEstimate && <p className="notice" data-testid="own-estimate">{t('ownEstimate')}</p>}
      {!report || !service ? (
        <p className="notice" data-testid="demand-empty">{t('noForecast')}</p>
      ) : (
        <>
          <nav aria-label={t('variant')} className="demand-choices">
            <span>{t('variant')}: </span>
            {variants.map((v) => <a key={v} href={link(v, service.category)} aria-current={v === variant ? 'page' : undefined} className="button button--small">{t(`variants.${v}`)}</a>)}
            <span> · {t('service')}: </span>
            {services.map((s) => <a key={s.category} href={link(variant!, s.category)} aria-current={s.category === service.category ? 'page' : undefined} className="button button--small">{t.has(`services.${s.category}`) ? t(`services.${s.category}`) : s.category}</a>)}
          </nav>
          <p data-testid="demand-first" className={first ? 'notice' : undefined}>
            {first
              ? t('first', { sentence: shortfallSentence(lang, service.category as Category, first, first.districtId ? (names.get(first.districtId) ?? null) : null, organisation.name) })
              : t('covered', { year: report.horizonYear })}
          </p>
          {service.estimatedBuildings > 0 && <p className="muted">{t('estimated', { count: service.estimatedBuildings })}</p>}
          <DemandView
            districts={series}
            shapes={shapes}
            years={years}
            initialYear={query.success && query.data.year && years.includes(query.data.year) ? query.data.year : (first?.year ?? years[0])}
            serviceLabel={t.has(`services.${service.category}`) ? t(`services.${service.category}`) : service.category}
            variantLabel={t(`variants.${variant!}`)}
          />
        </>
      )}
      {can(auth.role, 'scenario:write') && <AreaMapping areas={unmatched} districts={inputs.districts.map((d) => ({ id: d.id, name: d.name }))} />}
      {can(auth.role, 'settings:manage') && <ServicesForm settings={inputs.settings} />}
    </div>
  );
}
