import type { ScenarioDemand } from './scenario-demand';
import { coveredSentence, shortfallSentence } from './shortfall-sentence';
import type { ForecastVariant } from './services';

// A scenario's future-demand verdict as plain sentences, one per forecast variant: what the comparison view and the
// politician's brief (and so its PDF) say.

export interface VerdictLine {
  variant: ForecastVariant;
  /** "Hovedprognosen: I 2031 mangler der 5 dagtilbudspladser i Centrum." */
  text: string;
  /** True when the scenario leaves a shortfall. */
  short: boolean;
  /** True when the same shortfall (year) is there without the scenario, too. */
  alsoWithout: boolean;
}

const VARIANT_DA: Record<ForecastVariant, string> = { low: 'Lav prognose', main: 'Hovedprognosen', high: 'Høj prognose' };
const VARIANT_EN: Record<ForecastVariant, string> = { low: 'Low forecast', main: 'Main forecast', high: 'High forecast' };

/** One sentence per variant (main first), naming the first year and district the remaining buildings fall short. */
export function demandVerdict(d: ScenarioDemand, locale: 'da' | 'en', municipalityName: string): VerdictLine[] {
  const order: ForecastVariant[] = ['main', 'high', 'low'];
  return [...d.variants]
    .sort((a, b) => order.indexOf(a.variant) - order.indexOf(b.variant))
    .map((v) => {
      const label = (locale === 'da' ? VARIANT_DA : VARIANT_EN)[v.variant];
      if (!v.first) {
        return { variant: v.variant, short: false, alsoWithout: false, text: `${label}: ${locale === 'da' ? `Der er pladser nok til og med ${d.horizonYear}.` : `There are enough places up to and including ${d.horizonYear}.`}` };
      }
      const alsoWithout = v.statusQuoFirst !== null && v.statusQuoFirst.year <= v.first.year;
      const sentence = shortfallSentence(locale, v.first.category, v.first, v.first.districtName, municipalityName);
      const tail = alsoWithout ? (locale === 'da' ? ' Det gælder også uden scenariet.' : ' That is so without the scenario, too.') : '';
      return { variant: v.variant, short: true, alsoWithout, text: `${label}: ${sentence}${tail}` };
    });
}

export { coveredSentence };
