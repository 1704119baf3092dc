// Plain-language explanation of a building's scores: the figures behind them and one sentence per KPI in
// Danish and English ("Brugt 23 % af åbningstiden; den typiske daginstitution bruges 61 %"). Pure.
import type { Locale } from '@/lib/i18n/config';
import type { Category } from '@/lib/registry/categories';
import type { BuildingKpis } from './kpis';
import type { CategoryStats, PartialScores } from './scores';

export type Sentences = Record<Locale, string>;

export interface Explanation {
  category: Category;
  /** How many buildings of the category each score was ranked among. */
  peers: CategoryStats['n'];
  medians: CategoryStats['median'];
  scores: PartialScores;
  sentences: {
    utilisation: Sentences;
    space: Sentences;
    cost: Sentences;
    condition: Sentences;
    confidence: Sentences;
  };
}

/** "the median day-care" / "den typiske daginstitution", per category. */
const TYPICAL: Record<Category, Sentences> = {
  administration: { da: 'den typiske administrationsbygning', en: 'the median office building' },
  daycare: { da: 'den typiske daginstitution', en: 'the median day-care' },
  school: { da: 'den typiske skole', en: 'the median school' },
  elderly: { da: 'den typiske ældre-/handicapinstitution', en: 'the median care home' },
  culture: { da: 'den typiske kulturbygning', en: 'the median culture building' },
  sport: { da: 'den typiske idrætsbygning', en: 'the median sports building' },
  health: { da: 'den typiske sundhedsbygning', en: 'the median health building' },
  letting: { da: 'den typiske udlejede bygning', en: 'the median let building' },
  other: { da: 'den typiske bygning i kategorien', en: 'the median building in its category' },
};

// Same output as lib/format/number.ts (da-DK / en-GB), but with the Intl formatters built once: a new
// Intl.NumberFormat per call costs ~17 µs, which dominated scoring 10,000 buildings.
const formatters = new Map<string, Intl.NumberFormat>();
function formatNumber(value: number, locale: Locale, digits = 0): string {
  const key = `${locale}:${digits}`;
  let f = formatters.get(key);
  if (!f) {
    f = new Intl.NumberFormat(locale === 'da' ? 'da-DK' : 'en-GB', { maximumFractionDigits: digits, minimumFractionDigits: 0 });
    formatters.set(key, f);
  }
  return f.format(value);
}
const formatPercent = (share: number, l: Locale, digits = 0) => `${formatNumber(share * 100, l, digits)} %`;
const formatMoney = (dkk: number, l: Locale) => (l === 'da' ? `${formatNumber(Math.round(dkk), l)} kr` : `DKK ${formatNumber(Math.round(dkk), l)}`);

const pct = (v: number, l: Locale) => formatPercent(v, l, v < 0.1 && v > 0 ? 1 : 0);
const kr = (v: number, l: Locale) => formatMoney(v, l);

function utilisationSentence(k: BuildingKpis, med: number | null, typical: Sentences): Sentences {
  if (k.sensorCount === 0) {
    return { da: 'Ingen sensordata – derfor ingen udnyttelsesscore (ikke et nul).', en: 'No sensor data – so no utilisation score (not a zero).' };
  }
  if (k.utilisation === null) {
    return {
      da: 'Sensorerne kan ikke omregnes til udnyttelse (mangler kapacitet eller målinger i åbningstiden).',
      en: 'The sensors cannot be turned into utilisation (capacity or readings in opening hours are missing).',
    };
  }
  const detail = (l: Locale) =>
    k.frequency === null ? '' : l === 'da'
      ? ` (i brug ${pct(k.frequency, l)} af timerne${k.occupancy !== null ? `, ${pct(k.occupancy, l)} fyldt når i brug` : ''})`
      : ` (in use ${pct(k.frequency, l)} of hours${k.occupancy !== null ? `, ${pct(k.occupancy, l)} full when in use` : ''})`;
  const peer = (l: Locale) =>
    med === null ? '' : l === 'da' ? `; ${typical.da} bruges ${pct(med, l)}` : `; ${typical.en} is used ${pct(med, l)}`;
  return {
    da: `Brugt ${pct(k.utilisation, 'da')} af åbningstiden${detail('da')}${peer('da')}.`,
    en: `Used ${pct(k.utilisation, 'en')} of opening hours${detail('en')}${peer('en')}.`,
  };
}

function spaceSentence(k: BuildingKpis): Sentences {
  if (k.m2PerUser === null) return { da: 'Areal pr. bruger ukendt (mangler areal eller brugertal).', en: 'Area per user unknown (area or number of users missing).' };
  const v = (l: Locale) => `${formatNumber(k.m2PerUser!, l, 1)} m²`;
  if (k.m2PerUserNorm === null) return { da: `${v('da')} pr. bruger; ingen norm for kategorien.`, en: `${v('en')} per user; no norm for the category.` };
  const n = (l: Locale) => `${formatNumber(k.m2PerUserNorm!, l, 1)} m²`;
  return { da: `${v('da')} pr. bruger mod normen ${n('da')}.`, en: `${v('en')} per user against a norm of ${n('en')}.` };
}

function costSentence(k: BuildingKpis, med: number | null, typical: Sentences): Sentences {
  if (k.annualCostDkk === null) return { da: 'Ingen driftsudgifter registreret.', en: 'No operating costs recorded.' };
  if (k.costPerM2 === null) {
    return {
      da: `Koster ${kr(k.annualCostDkk, 'da')} om året, men arealet er ukendt – ingen omkostningsscore.`,
      en: `Costs ${kr(k.annualCostDkk, 'en')} a year, but the area is unknown – no cost score.`,
    };
  }
  const hour = (l: Locale) => (k.costPerUsedHour === null ? '' : l === 'da' ? ` (${kr(k.costPerUsedHour, l)} pr. brugt time)` : ` (${kr(k.costPerUsedHour, l)} per used hour)`);
  return {
    da: `Koster ${kr(k.costPerM2, 'da')} pr. m² om året${hour('da')}${med === null ? '' : `; ${typical.da} koster ${kr(med, 'da')}`}.`,
    en: `Costs ${kr(k.costPerM2, 'en')} per m² a year${hour('en')}${med === null ? '' : `; ${typical.en} costs ${kr(med, 'en')}`}.`,
  };
}

function conditionSentence(k: BuildingKpis, med: number | null, typical: Sentences): Sentences {
  if (k.backlogDkk === null) return { da: 'Ingen vedligeholdelsesplan registreret.', en: 'No maintenance plan recorded.' };
  if (k.backlogPerM2 === null) {
    return {
      da: `Vedligeholdelsesefterslæb ${kr(k.backlogDkk, 'da')}, men arealet er ukendt – ingen tilstandsscore.`,
      en: `Maintenance backlog ${kr(k.backlogDkk, 'en')}, but the area is unknown – no condition score.`,
    };
  }
  const fci = (l: Locale) => (k.fci === null ? '' : ` (FCI ${formatPercent(k.fci, l, 1)})`);
  return {
    da: `Vedligeholdelsesefterslæb ${kr(k.backlogPerM2, 'da')} pr. m²${fci('da')}${med === null ? '' : `; ${typical.da} har ${kr(med, 'da')} pr. m²`}.`,
    en: `Maintenance backlog ${kr(k.backlogPerM2, 'en')} per m²${fci('en')}${med === null ? '' : `; ${typical.en} has ${kr(med, 'en')} per m²`}.`,
  };
}

function confidenceSentence(k: BuildingKpis): Sentences {
  const p = k.confidenceParts;
  const age = (l: Locale) =>
    p.dataAgeDays === null ? (l === 'da' ? 'ingen målinger' : 'no readings')
      : l === 'da' ? `nyeste måling ${formatNumber(p.dataAgeDays, l)} dage gammel` : `newest reading ${formatNumber(p.dataAgeDays, l)} days old`;
  return {
    da: `Datasikkerhed ${pct(k.confidence, 'da')}: sensorer dækker ${pct(p.areaCoverage, 'da')} af arealet og ${pct(p.hourCoverage, 'da')} af åbningstimerne; ${age('da')}; registret er ${pct(p.registryCompleteness, 'da')} komplet.`,
    en: `Data confidence ${pct(k.confidence, 'en')}: sensors cover ${pct(p.areaCoverage, 'en')} of the area and ${pct(p.hourCoverage, 'en')} of opening hours; ${age('en')}; the registry is ${pct(p.registryCompleteness, 'en')} complete.`,
  };
}

/** The explanation object of one building's scores, with sentences in Danish and English. */
export function explainScores(category: Category, kpis: BuildingKpis, scores: PartialScores, stats: CategoryStats): Explanation {
  const typical = TYPICAL[category];
  return {
    category,
    peers: stats.n,
    medians: stats.median,
    scores,
    sentences: {
      utilisation: utilisationSentence(kpis, stats.median.utilisation, typical),
      space: spaceSentence(kpis),
      cost: costSentence(kpis, stats.median.cost, typical),
      condition: conditionSentence(kpis, stats.median.condition, typical),
      confidence: confidenceSentence(kpis),
    },
  };
}
