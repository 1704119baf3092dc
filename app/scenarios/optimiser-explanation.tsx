'use client';
import { useLocale, useTranslations } from 'next-intl';
import { formatArea, formatMoney, formatNumber, formatPercent } from '@/lib/format/number';
import type { Locale } from '@/lib/i18n/config';
import type { NeedsMeasuringRow, OptimiseResult } from '@/lib/scenarios/optimise';
import type { ServiceKind } from '@/lib/scenarios/optimiser-defaults';
import type { PlanExplanation } from '@/lib/scenarios/plan-explanation';

const MAX_NEEDS_MEASURING = 25;

// The optimiser's proposal before it is saved: one net savings figure with its parts, every closed building and
// every receiver with the figures behind the choice, and the buildings that must be measured before they may close.
export function OptimiserExplanation({ result }: { result: OptimiseResult }) {
  const t = useTranslations('scenarios.optimiser');
  const locale = useLocale() as Locale;
  const kind = (k: ServiceKind) => t(`kind.${k}`);
  const pct = (v: number | null) => (v === null ? '–' : formatPercent(v, locale));
  const km = (v: number) => `${formatNumber(v, locale, 1)} km`;
  const plan = result.plan;
  return (
    <div className="optimiser-explanation">
      {plan && <SavingsFigure savings={plan.explanation.savings} />}
      {plan && plan.explanation.closed.some((c) => c.onRegistryData) && (
        <p className="notice" data-testid="registry-warning">{t('registryWarning', { count: plan.explanation.closed.filter((c) => c.onRegistryData).length })}</p>
      )}
      {plan && plan.explanation.closed.length > 0 && (
        <>
          <h3>{t('closedTitle')}</h3>
          <div className="table-scroll">
            <table className="data-table" data-testid="optimiser-closed">
              <caption className="visually-hidden">{t('closedCaption')}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('col.building')}</th>
                  <th scope="col">{t('col.area')}</th>
                  <th scope="col">{t('col.users')}</th>
                  <th scope="col">{t('col.why')}</th>
                  <th scope="col">{t('col.to')}</th>
                  <th scope="col" className="num">{t('col.saving')}</th>
                </tr>
              </thead>
              <tbody>
                {plan.explanation.closed.map((c) => (
                  <tr key={c.id} data-building={c.id}>
                    <th scope="row">
                      {c.name}
                      <div className="hint">{kind(c.kind)}</div>
                      {c.onRegistryData && <div className="flag" data-flag="registry">{t('flagRegistry')}</div>}
                    </th>
                    <td>{formatArea(c.areaM2, locale)}</td>
                    <td>{formatNumber(c.users, locale)}</td>
                    <td>
                      <ul className="plain-list">
                        <li>{c.peakUtilisation === null ? t('whyUnmeasured') : t('whyUse', { peak: pct(c.peakUtilisation) })}</li>
                        <li>{c.costPerM2Dkk === null ? t('whyCostUnknown') : t('whyCost', { cost: formatMoney(c.costPerM2Dkk, locale) })}</li>
                        {c.backlogDkk > 0 && <li>{t('whyBacklog', { backlog: formatMoney(c.backlogDkk, locale) })}</li>}
                        <li>{t('whyConfidence', { confidence: pct(c.confidence) })}</li>
                      </ul>
                    </td>
                    <td>
                      <ul className="plain-list">
                        {c.moves.map((m) => (
                          <li key={m.id}>
                            {t('moveTo', { name: m.name, km: km(m.km), users: formatNumber(m.users, locale) })}
                            {m.differentKind && <> <span className="flag" data-flag="different-kind">{t('flagDifferentKind')}: {kind(m.kind)}</span></>}
                          </li>
                        ))}
                      </ul>
                    </td>
                    <td className="num">{formatMoney(c.netSavingDkk, locale)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </>
      )}
      {plan && plan.explanation.receivers.length > 0 && <ReceiversTable explanation={plan.explanation} />}
      {result.needsMeasuring.length > 0 && <NeedsMeasuring rows={result.needsMeasuring} min={result.rules.minClosureConfidence} />}
    </div>
  );
}

function SavingsFigure({ savings: s }: { savings: PlanExplanation['savings'] }) {
  const t = useTranslations('scenarios.optimiser');
  const locale = useLocale() as Locale;
  const money = (v: number) => formatMoney(v, locale);
  const years = s.horizonYears;
  return (
    <section aria-labelledby="optimiser-savings" data-testid="optimiser-savings">
      <h3 id="optimiser-savings">{t('savingsTitle')}</h3>
      <p className="big-figure">{t('savingsNet', { net: money(s.netDkk) })}</p>
      <p className="hint">{t('savingsParts')}</p>
      <ul>
        <li>{t('part.operating', { value: money(s.operatingDkk) })}</li>
        {s.backlogDkk > 0 && <li>{t('part.backlog', { value: money(s.backlogDkk), years })}</li>}
        {s.leaseDkk > 0 && <li>{t('part.lease', { value: money(s.leaseDkk) })}</li>}
        <li>{t('part.moving', { value: money(s.movingPerYearDkk), years })}</li>
        <li>{t('part.refurbish', { value: money(s.refurbishPerYearDkk), years })}</li>
        {s.salePerYearDkk > 0 && <li>{t('part.sale', { value: money(s.salePerYearDkk), years })}</li>}
      </ul>
    </section>
  );
}

function ReceiversTable({ explanation }: { explanation: PlanExplanation }) {
  const t = useTranslations('scenarios.optimiser');
  const locale = useLocale() as Locale;
  const names = new Map(explanation.closed.map((c) => [c.id, c.name]));
  const n = (v: number | null) => (v === null ? '–' : formatNumber(v, locale));
  const pct = (v: number | null) => (v === null ? '–' : formatPercent(v, locale));
  return (
    <>
      <h3>{t('receiversTitle')}</h3>
      <div className="table-scroll">
        <table className="data-table" data-testid="optimiser-receivers">
          <caption className="visually-hidden">{t('receiversCaption')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('col.building')}</th>
              <th scope="col">{t('col.places')}</th>
              <th scope="col">{t('col.peak')}</th>
              <th scope="col">{t('col.distance')}</th>
              <th scope="col">{t('col.from')}</th>
            </tr>
          </thead>
          <tbody>
            {explanation.receivers.map((r) => (
              <tr key={r.id} data-building={r.id}>
                <th scope="row">{r.name}<div className="hint">{t(`kind.${r.kind}`)}</div></th>
                <td>{n(r.usersBefore)}/{n(r.capacity)} → {n(r.usersAfter === null ? null : Math.round(r.usersAfter))}/{n(r.capacity)}</td>
                <td>{pct(r.peakBefore)} → {pct(r.peakAfter)}</td>
                <td>{formatNumber(r.maxKm, locale, 1)} km</td>
                <td>
                  <ul className="plain-list">{r.fromIds.map((id) => <li key={id}>{names.get(id) ?? id}</li>)}</ul>
                  {r.differentKind && <span className="flag" data-flag="different-kind">{t('flagDifferentKind')}</span>}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </>
  );
}

function NeedsMeasuring({ rows, min }: { rows: NeedsMeasuringRow[]; min: number }) {
  const t = useTranslations('scenarios.optimiser');
  const locale = useLocale() as Locale;
  const shown = rows.slice(0, MAX_NEEDS_MEASURING);
  return (
    <section aria-labelledby="optimiser-needs-measuring" data-testid="optimiser-needs-measuring">
      <h3 id="optimiser-needs-measuring">{t('needsMeasuringTitle')}</h3>
      <p>{t('needsMeasuringLead', { count: rows.length, min: formatPercent(min, locale) })}</p>
      <div className="table-scroll">
        <table className="data-table">
          <thead>
            <tr>
              <th scope="col">{t('col.building')}</th>
              <th scope="col">{t('col.area')}</th>
              <th scope="col">{t('col.reason')}</th>
              <th scope="col" className="num">{t('col.potential')}</th>
            </tr>
          </thead>
          <tbody>
            {shown.map((r) => (
              <tr key={r.id} data-building={r.id}>
                <th scope="row">{r.name}<div className="hint">{t(`kind.${r.kind}`)}</div></th>
                <td>{formatArea(r.areaM2, locale)}</td>
                <td>{r.reason === 'unmeasured' ? t('needsUnmeasured') : t('needsLowConfidence', { confidence: formatPercent(r.confidence ?? 0, locale) })}</td>
                <td className="num">{r.potentialDkk === null ? t('needsNoReceiver') : formatMoney(r.potentialDkk, locale)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {rows.length > shown.length && <p className="hint">{t('needsMore', { count: rows.length - shown.length })}</p>}
    </section>
  );
}
