import { FORECAST_VARIANTS, type ForecastVariant } from './services';

// How forecast files write their values, read once here: ages as Statistics Denmark writes them ("7 år",
// "100 år og derover", "0-4 år", "Alder i alt"), variants in Danish or English, and area names that rarely match the
// registry's district names exactly ("Skoledistrikt Lind", "LIND", "Lind skoledistrikt").

export type AgeRange = { from: number; to: number };

/** Oldest age an open top group ("100 år og derover", "80+") reaches. */
export const OPEN_AGE_TOP = 120;

const TOTAL_WORDS = /^(alder\s+i\s+alt|i\s+alt|alle\s+aldre|total|all\s+ages|age,?\s+total)$/i;

/**
 * Reads an age or an age band: "7", "7 år", "7 years", "0-4 år", "0–4", "100 år og derover", "100+", "80 år+".
 * Returns 'total' for a total row ("Alder i alt") and null when the text is no age.
 */
export function parseAge(text: string): AgeRange | 'total' | null {
  const t = text.trim().replace(/\s+/g, ' ');
  if (TOTAL_WORDS.test(t)) return 'total';
  const open = /^(\d{1,3}) ?(?:år|years?|yrs?)? ?(?:\+|og derover|og over|or over|and over)$/i.exec(t);
  if (open) {
    const from = Number(open[1]);
    return from <= OPEN_AGE_TOP ? { from, to: OPEN_AGE_TOP } : null;
  }
  const m = /^(\d{1,3})(?: ?[-–] ?(\d{1,3}))? ?(?:år|years?|yrs?|-årige)?$/i.exec(t);
  if (!m) return null;
  const from = Number(m[1]);
  const to = m[2] === undefined ? from : Number(m[2]);
  if (to < from || to > OPEN_AGE_TOP) return null;
  return { from, to };
}

const VARIANT_WORDS: Record<string, ForecastVariant> = {
  low: 'low', lav: 'low', lavt: 'low', 'lav variant': 'low', 'lavt skøn': 'low', minimum: 'low',
  main: 'main', hoved: 'main', hovedprognose: 'main', hovedvariant: 'main', 'hoved-variant': 'main', basis: 'main', base: 'main', middel: 'main', central: 'main',
  high: 'high', høj: 'high', hoej: 'high', 'høj variant': 'high', 'højt skøn': 'high', maksimum: 'high',
};

/** Reads a forecast variant written in Danish or English; null when unknown. */
export function parseVariant(text: string): ForecastVariant | null {
  const t = text.trim().toLowerCase();
  if ((FORECAST_VARIANTS as readonly string[]).includes(t)) return t as ForecastVariant;
  return VARIANT_WORDS[t] ?? null;
}

/** Sex columns of Statistics Denmark tables: a total row, or one part of it (summed when no total is given). */
export function sexIsPart(text: string | undefined): boolean {
  if (text === undefined) return false;
  return /^(mænd|maend|kvinder|men|women|male|female|drenge|piger|m|k|f)$/i.test(text.trim());
}

const AREA_NOISE = /\b(skoledistrikt|skoledistriktet|distrikt|bydel|bydelen|sogn|planområde|lokalområde|område|school district|district|area)\b/g;

/** An area name compared loosely: case, diacritics written out (æ→ae, ø→oe, å→aa), noise words and punctuation dropped. */
export function normaliseAreaName(name: string): string {
  return name
    .toLowerCase()
    .replace(/æ/g, 'ae').replace(/ø/g, 'oe').replace(/å/g, 'aa')
    .normalize('NFD').replace(/[\u0300-\u036f]/g, '')
    .replace(AREA_NOISE, ' ')
    .replace(/[^a-z0-9]+/g, ' ')
    .trim();
}

export interface DistrictName { id: string; name: string }

/** The district a forecast area names (by code = district name, or by loose name), or null for the mapping step. */
export function matchDistrict(areaName: string, areaCode: string | null, districts: readonly DistrictName[]): string | null {
  const wanted = [areaName, areaCode].filter((x): x is string => !!x).map(normaliseAreaName).filter((x) => x.length > 0);
  for (const w of wanted) {
    const hits = districts.filter((d) => normaliseAreaName(d.name) === w);
    if (hits.length === 1) return hits[0].id;
  }
  return null;
}

/** True when the area is the whole municipality ("Herning", "Herning Kommune", "Hele kommunen", "I alt"). */
export function namesMunicipality(areaName: string, organisationName: string): boolean {
  const a = normaliseAreaName(areaName).replace(/\b(kommune|kommunen|municipality)\b/g, '').replace(/\s+/g, ' ').trim();
  if (a === '' || a === 'hele' || a === 'i alt' || a === 'hele i alt' || a === 'total' || a === 'alle') return true;
  const o = normaliseAreaName(organisationName.replace(/\(.*?\)/g, '')).replace(/\b(kommune|kommunen|municipality)\b/g, '').trim();
  return o !== '' && a === o;
}
