import type { Metadata } from 'next';
import { notFound } from 'next/navigation';
import { getLocale, getTranslations } from 'next-intl/server';
import { z } from 'zod';
import { getPool } from '@/lib/db/pool';
import { formatArea, formatMoney, formatNumber, formatPercent } from '@/lib/format/number';
import type { Locale } from '@/lib/i18n/config';
import { currentOrganisation } from '@/lib/organisations/current';
import { loadPortfolio } from '@/lib/scenarios/load-portfolio';
import { getScenario } from '@/lib/scenarios/scenario-store';
import { simulateScenario } from '@/lib/scenarios/simulate';
import { loadDemandInputs } from '@/lib/demand/load-demand-inputs';
import { scenarioDemand } from '@/lib/demand/scenario-demand';
import { DemandVerdict } from '../../demand-verdict';
import { PrintButton } from './print-button';
import { requirePageAuth } from '@/lib/auth/current';
import { SCENARIO_READERS, canSeeScenario } from '@/lib/auth/roles';

export const dynamic = 'force-dynamic';

/** The document title carries the scenario's name, so the printed PDF's title (its metadata) names it too. */
export async function generateMetadata({ params }: { params: Promise<{ id: string }> }): Promise<Metadata> {
  const pageAuth = await requirePageAuth(SCENARIO_READERS);
  const [{ id }, organisation, t] = await Promise.all([params, currentOrganisation(), getTranslations('scenarios.brief')]);
  if (!organisation || !z.string().uuid().safeParse(id).success) return {};
  const scenario = await getScenario(getPool(), organisation.id, id);
  if (!scenario || !canSeeScenario(pageAuth.role, scenario.status)) return {};
  return { title: t('title', { name: scenario.name }) };
}

// The politicians' brief: read-only, the scenario's story in plain language, printable (print CSS below).
export default async function BriefPage({ params }: { params: Promise<{ id: string }> }) {
  const pageAuth = await requirePageAuth(SCENARIO_READERS);
  const [t, ts, tp, tc, locale, organisation, { id }] = await Promise.all([
    getTranslations('scenarios.brief'), getTranslations('scenarios'), getTranslations('scenarios.param'), getTranslations('common'), getLocale(), currentOrganisation(), params,
  ]);
  if (!organisation) return <p className="notice">{tc('noOrganisation')}</p>;
  if (!z.string().uuid().safeParse(id).success) notFound();
  const pool = getPool();
  const scenario = await getScenario(pool, organisation.id, id);
  if (!scenario || !canSeeScenario(pageAuth.role, scenario.status)) notFound();
  const loc = locale as Locale;
  const year = new Date().getFullYear();
  const [portfolio, demandInputs] = await Promise.all([loadPortfolio(pool, organisation.id, year), loadDemandInputs(pool, organisation.id, year)]);
  const demand = scenarioDemand(demandInputs, scenario.actions, scenario.params.maxAddedTravelKm);
  const o = simulateScenario(portfolio, scenario.actions, scenario.params);
  const names = new Map(portfolio.map((b) => [b.id, b.name]));
  const km = (v: number | null) => `${formatNumber(v ?? 0, loc, 1)} km`;
  const pct = (v: number | null) => (v === null ? '–' : formatPercent(v, loc));
  const ceiling = formatPercent(scenario.params.peakUtilisationCeiling, loc);
  const peaks = o.receivers.map((r) => r.peakAfter).filter((p): p is number => p !== null);
  const over = o.receivers.filter((r) => r.overCeiling).map((r) => r.name);
  const payback = o.paybackYears === null ? t('paybackNever') : o.paybackYears === 0 ? t('paybackNow') : t('paybackYears', { years: formatNumber(o.paybackYears, loc, 1) });
  return (
    <article className="page brief" data-testid="brief">
      <style>{`@media print { .site-header, .skip-link, .demo-banner, .no-print { display: none !important; } .brief { font-size: 11pt; } a { color: inherit; text-decoration: none; } }`}</style>
      <h1>{t('title', { name: scenario.name })}</h1>
      <p>{t('status', { status: ts(`status.${scenario.status}`).toLowerCase() })}</p>
      <p className="no-print">
        <PrintButton label={t('print')} />{' '}
        <a className="button" href={`/api/scenarios/${scenario.id}/pdf`} download data-testid="brief-pdf">{t('downloadPdf')}</a>
      </p>
      <p>{o.actions.length > 0 ? t('closes', { count: o.actions.length, names: o.actions.map((a) => a.name).join(', '), area: formatArea(o.areaRemovedM2, loc), share: formatPercent(o.areaRemovedShare, loc, 1) }) : t('closesNone')}</p>
      <p>{o.usersAffected > 0 ? t('moves', { users: formatNumber(o.usersAffected, loc), mean: km(o.travel.meanAddedKm), max: km(o.travel.maxAddedKm) }) : t('movesNone')}</p>
      {o.moves.length > 0 && (
        <ul>{scenario.actions.filter((a) => a.receivers.length > 0).map((a) => (
          <li key={a.buildingId}>{t('moveLine', { from: names.get(a.buildingId) ?? '', to: a.receivers.map((r) => `${names.get(r.buildingId)} (${formatPercent(r.share, loc)})`).join(', ') })}</li>
        ))}</ul>
      )}
      <p>{t('saves', { savings: formatMoney(o.annualSavingsDkk, loc), rent: o.annualRentIncomeDkk > 0 ? t('rent', { rent: formatMoney(o.annualRentIncomeDkk, loc) }) : '' })}</p>
      <p>{t('costs', { oneOff: formatMoney(o.oneOffCostsDkk, loc), sale: formatMoney(o.saleValueDkk, loc), payback })}</p>
      <p>{t('co2', { co2: `${formatNumber(o.co2AvoidedTPerYear, loc, 0)} t` })}</p>
      {peaks.length > 0 && <p>{t('receivers', { max: formatPercent(Math.max(...peaks), loc), ceiling })}</p>}
      {over.length > 0 && <p className="notice">{t('receiversOver', { names: over.join(', '), ceiling })}</p>}
      <DemandVerdict demand={demand} municipalityName={organisation.name} />
      <p>
        {t('confidence', { weighted: pct(o.confidence.areaWeighted), min: pct(o.confidence.min) })}{' '}
        {(o.confidence.min ?? 0) >= 0.6 ? t('confidenceHigh') : t('confidenceLow')}
      </p>
      <h2>{t('assumptions')}</h2>
      <dl className="figures">
        {Object.entries(scenario.params).map(([key, value]) => (
          <div className="figure" key={key}><dt>{tp(key)}</dt><dd>{formatNumber(value, loc, 3)}</dd></div>
        ))}
      </dl>
    </article>
  );
}
