import { getLocale, getTranslations } from 'next-intl/server';
import type { ScenarioDemand } from '@/lib/demand/scenario-demand';
import { demandVerdict } from '@/lib/demand/verdict';

// The future-demand verdict of one scenario (comparison view, brief): a sentence per forecast variant.
export async function DemandVerdict({ demand, municipalityName }: { demand: ScenarioDemand | null; municipalityName: string }) {
  const [t, locale] = await Promise.all([getTranslations('demand.verdict'), getLocale()]);
  if (!demand) return <p className="muted" data-testid="demand-verdict">{t('noForecast')}</p>;
  const lines = demandVerdict(demand, locale === 'en' ? 'en' : 'da', municipalityName);
  return (
    <div data-testid="demand-verdict">
      <h3>{t('title', { from: demand.fromYear, to: demand.horizonYear })}</h3>
      <ul>
        {lines.map((l) => <li key={l.variant} className={l.short ? 'verdict verdict--short' : 'verdict'}>{l.text}</li>)}
      </ul>
      <p className="muted">{t('rule', { km: demand.reachKm })}</p>
      {demand.ownEstimate && <p className="notice">{t('ownEstimate')}</p>}
    </div>
  );
}
