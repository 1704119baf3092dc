import { useLocale, useTranslations } from 'next-intl';
import { formatArea, formatMoney, formatNumber, formatPercent } from '@/lib/format/number';
import type { Locale } from '@/lib/i18n/config';
import type { ScenarioOutcome } from '@/lib/scenarios/types';

// The outcome's key figures as a definition list; used by the builder, the optimiser and the comparison.
/** `hide`: figures said elsewhere on the page (the optimiser shows one net savings figure with its parts instead). */
export function OutcomeFigures({ outcome, hide = [] }: { outcome: ScenarioOutcome; hide?: string[] }) {
  const t = useTranslations('scenarios.figure');
  const locale = useLocale() as Locale;
  const km = (v: number | null) => (v === null ? '–' : `${formatNumber(v, locale, 1)} km`);
  const pct = (v: number | null) => (v === null ? '–' : formatPercent(v, locale));
  const items: [string, string][] = [
    ['areaRemoved', formatArea(outcome.areaRemovedM2, locale)],
    ['share', formatPercent(outcome.areaRemovedShare, locale, 1)],
    ['savings', formatMoney(outcome.annualSavingsDkk, locale)],
    ['rent', formatMoney(outcome.annualRentIncomeDkk, locale)],
    ['oneOff', formatMoney(outcome.oneOffCostsDkk, locale)],
    ['sale', formatMoney(outcome.saleValueDkk, locale)],
    ['payback', outcome.paybackYears === null ? t('never') : outcome.paybackYears === 0 ? t('paybackNow') : t('paybackYears', { years: formatNumber(outcome.paybackYears, locale, 1) })],
    ['co2', `${formatNumber(outcome.co2AvoidedTPerYear, locale, 1)} t`],
    ['users', formatNumber(outcome.usersAffected, locale)],
    ['travel', `${km(outcome.travel.meanAddedKm)} / ${km(outcome.travel.maxAddedKm)}`],
    ['confidence', `${pct(outcome.confidence.min)} / ${pct(outcome.confidence.areaWeighted)}`],
    ['receiversOver', formatNumber(outcome.receivers.filter((r) => r.overCeiling).length, locale)],
  ];
  return (
    <dl className="figures" data-testid="outcome-figures">
      {items.filter(([key]) => !hide.includes(key)).map(([key, value]) => (
        <div className="figure" key={key} data-figure={key}>
          <dt>{t(key)}</dt>
          <dd>{value}</dd>
        </div>
      ))}
    </dl>
  );
}
