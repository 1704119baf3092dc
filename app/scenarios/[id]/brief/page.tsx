import type { Metadata } from 'next';
import { notFound } from 'next/navigation';
import { getLocale, getTranslations } from 'next-intl/server';
import { getPool } from '@/lib/db/pool';
import { formatArea, formatMoney, formatNumber, formatPercent } from '@/lib/format/number';
import type { Locale } from '@/lib/i18n/config';
import { loadScenarioBrief, visibleScenario } from '@/lib/scenarios/brief-data';
import { DemandVerdict } from '../../demand-verdict';
import { BriefMap } from './brief-map';
import { PdfButton } from './pdf-button';
import { PrintButton } from './print-button';
import { requirePageAuth } from '@/lib/auth/current';
import { SCENARIO_READERS } from '@/lib/auth/roles';

export const dynamic = 'force-dynamic';

/** The document title carries the scenario's name, so the printed PDF's title (its metadata) names it too. */
export async function generateMetadata({ params }: { params: Promise<{ id: string }> }): Promise<Metadata> {
  const auth = await requirePageAuth(SCENARIO_READERS);
  const [{ id }, t] = await Promise.all([params, getTranslations('scenarios.brief')]);
  const scenario = await visibleScenario(getPool(), auth, id);
  return scenario ? { title: t('title', { name: scenario.name }) } : {};
}

// The politicians' brief: read-only, the scenario's story in plain language, printable (print CSS below).
export default async function BriefPage({ params }: { params: Promise<{ id: string }> }) {
  const auth = await requirePageAuth(SCENARIO_READERS);
  const { organisation } = auth;
  const [t, ts, tp, to, locale, { id }] = await Promise.all([
    getTranslations('scenarios.brief'), getTranslations('scenarios'), getTranslations('scenarios.param'), getTranslations('scenarios.optimiser'), getLocale(), params,
  ]);
  const pool = getPool();
  const scenario = await visibleScenario(pool, auth, id);
  if (!scenario) notFound();
  const loc = locale as Locale;
  const { portfolio, outcome: o, citizens, sketch, demand } = await loadScenarioBrief(pool, organisation.id, scenario, new Date().getFullYear());
  const byName = new Map(citizens.closures.flatMap((c) => c.moves.map((m) => [m.id, m] as const)));
  const count = (word: string, n: number | null) => (n === null ? t('usersUnknown') : t(`userCount.${word}` as 'userCount.users', { count: formatNumber(Math.round(n), loc) }));
  const kindName = (k: string) => to(`kind.${k}` as 'kind.other');
  const names = new Map(portfolio.map((b) => [b.id, b.name]));
  const km = (v: number | null) => `${formatNumber(v ?? 0, loc, 1)} km`;
  const pct = (v: number | null) => (v === null ? '–' : formatPercent(v, loc));
  const ceiling = formatPercent(scenario.params.peakUtilisationCeiling, loc);
  const peaks = o.receivers.map((r) => r.peakAfter).filter((p): p is number => p !== null);
  const over = o.receivers.filter((r) => r.overCeiling).map((r) => r.name);
  const payback = o.paybackYears === null ? t('paybackNever') : o.paybackYears === 0 ? t('paybackNow') : t('paybackYears', { years: formatNumber(o.paybackYears, loc, 1) });
  return (
    <article className="page brief" data-testid="brief">
      <style>{`@media print { .site-header, .skip-link, .demo-banner, .no-print { display: none !important; } .brief { font-size: 11pt; } a { color: inherit; text-decoration: none; } }
        .brief-card, .brief .figure, .brief li { break-inside: avoid; page-break-inside: avoid; }
        .brief-card { border: 1px solid var(--line, #d0d4d8); border-radius: 6px; padding: .6rem .9rem; margin: .75rem 0; }
        .brief-card h3 { margin: 0 0 .35rem; } .brief-card dl { margin: 0; } .brief-card dt { font-weight: 650; margin-top: .35rem; } .brief-card dd { margin: 0; }
        .brief-card ul { margin: .15rem 0; padding-left: 1.2rem; } .brief-map svg { width: 100%; height: auto; max-height: 60vh; }
        .brief-map__legend { list-style: none; padding: 0; display: flex; gap: 1rem; flex-wrap: wrap; }
        .pdf-button__status:not(:empty) { display: block; margin-top: .4rem; color: var(--danger, #a4262c); }`}</style>
      <h1>{t('title', { name: scenario.name })}</h1>
      <p>{t('status', { status: ts(`status.${scenario.status}`).toLowerCase() })}</p>
      <p className="no-print">
        <PrintButton label={t('print')} />{' '}
        <PdfButton href={`/api/scenarios/${scenario.id}/pdf`} labels={{ download: t('downloadPdf'), making: t('pdfMaking'), failed: t('pdfFailed') }} />
      </p>
      {o.actions.length > 0 ? (
        <>
          <p>{t('closesList', { count: o.actions.length, area: formatArea(o.areaRemovedM2, loc), share: formatPercent(o.areaRemovedShare, loc, 1) })}</p>
          <ul data-testid="brief-closed-list">{o.actions.map((a) => <li key={a.buildingId}>{a.name}</li>)}</ul>
        </>
      ) : <p>{t('closesNone')}</p>}
      <p>{o.usersAffected > 0 ? t('moves', { users: formatNumber(o.usersAffected, loc), mean: km(o.travel.meanAddedKm), max: km(o.travel.maxAddedKm) }) : t('movesNone')}</p>
      {o.moves.length > 0 && (
        <ul>{scenario.actions.filter((a) => a.receivers.length > 0).map((a) => (
          <li key={a.buildingId}>
            {t('moveLine', { from: names.get(a.buildingId) ?? '', to: a.receivers.length === 1 ? names.get(a.receivers[0].buildingId) ?? '' : '' })}
            {a.receivers.length > 1 && <ul>{a.receivers.map((r) => <li key={r.buildingId}>{names.get(r.buildingId)} ({formatPercent(r.share, loc)})</li>)}</ul>}
          </li>
        ))}</ul>
      )}
      {sketch && (
        <>
          <h2>{t('mapTitle')}</h2>
          <BriefMap sketch={sketch} label={t('mapLabel', { removed: o.actions.length, receivers: o.receivers.length })}
            legend={{ removed: t('mapRemoved'), receiver: t('mapReceiver'), other: t('mapOther') }} />
        </>
      )}
      {citizens.closures.length > 0 && (
        <section aria-labelledby="brief-citizens" data-testid="brief-citizens">
          <h2 id="brief-citizens">{t('citizensTitle')}</h2>
          <p>{t('citizensLead')}</p>
          <h3>{t('warningsTitle')}</h3>
          {citizens.unmeasuredIds.length === 0 && citizens.differentKindMoves.length === 0 ? <p>{t('warningsNone')}</p> : (
            <ul className="notice" data-testid="brief-warnings">
              {citizens.closures.filter((c) => c.unmeasured).map((c) => <li key={`u-${c.id}`} data-warning="unmeasured"><strong>{c.name}:</strong> {t('warnUnmeasured', { confidence: pct(c.confidence) })}</li>)}
              {citizens.differentKindMoves.map(([from, into]) => (
                <li key={`k-${from}-${into}`} data-warning="different-kind"><strong>{names.get(from)}:</strong> {t('warnDifferentKind', { name: names.get(into) ?? '', kind: kindName(byName.get(into)!.kind) })}</li>
              ))}
            </ul>
          )}
          {citizens.closures.map((c) => (
            <article className="brief-card" key={c.id} data-testid="citizen-card" data-building={c.id}>
              <h3>{c.name} <span className="hint">({kindName(c.kind)})</span></h3>
              {c.unmeasured && <p className="flag" data-flag="unmeasured">{t('warnUnmeasured', { confidence: pct(c.confidence) })}</p>}
              <dl>
                <dt>{t('cardUsers')}</dt>
                <dd>{count(c.userWord, c.users)}</dd>
                <dt>{t('cardGoesTo')}</dt>
                <dd>
                  {c.moves.length === 0 ? t('goesNowhere') : (
                    <ul>{c.moves.map((m) => (
                      <li key={m.id}>
                        {t('goesToLine', { name: m.name, users: count(c.userWord, m.users), km: m.km === null ? '–' : km(m.km) })}
                        {m.differentKind && <> <span className="flag" data-flag="different-kind">{to('flagDifferentKind')}: {kindName(m.kind)}</span></>}
                      </li>
                    ))}</ul>
                  )}
                </dd>
                {c.moves.length > 0 && (
                  <>
                    <dt>{t('cardPlaces')}</dt>
                    <dd><ul>{c.moves.map((m) => (
                      <li key={m.id}>
                        {m.capacity === null || m.usersBefore === null || m.usersAfter === null ? t('placesUnknown', { name: m.name })
                          : t('placesLine', { name: m.name, before: formatNumber(m.usersBefore, loc), after: formatNumber(Math.round(m.usersAfter), loc), capacity: formatNumber(m.capacity, loc) })}
                      </li>
                    ))}</ul></dd>
                  </>
                )}
                <dt>{t('cardAlternatives')}</dt>
                <dd>
                  {c.alternatives.length === 0 ? t('noAlternatives') : (
                    <ul>{c.alternatives.map((a) => (
                      <li key={a.id}>{a.freePlaces === null ? t('altLineUnknown', { name: a.name, km: km(a.km) }) : t('altLine', { name: a.name, km: km(a.km), free: formatNumber(a.freePlaces, loc) })}</li>
                    ))}</ul>
                  )}
                </dd>
              </dl>
            </article>
          ))}
        </section>
      )}
      <p>{t('saves', { savings: formatMoney(o.annualSavingsDkk, loc), rent: o.annualRentIncomeDkk > 0 ? t('rent', { rent: formatMoney(o.annualRentIncomeDkk, loc) }) : '' })}</p>
      <p>{t('costs', { oneOff: formatMoney(o.oneOffCostsDkk, loc), sale: formatMoney(o.saleValueDkk, loc), payback })}</p>
      <p>{t('co2', { co2: `${formatNumber(o.co2AvoidedTPerYear, loc, 0)} t` })}</p>
      {peaks.length > 0 && <p>{t('receivers', { max: formatPercent(Math.max(...peaks), loc), ceiling })}</p>}
      {over.length > 0 && <div className="notice"><p>{t('receiversOver', { names: '', ceiling })}</p><ul>{over.map((n) => <li key={n}>{n}</li>)}</ul></div>}
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
