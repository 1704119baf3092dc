import type { Category } from '@/lib/registry/categories';
import type { Shortfall } from './coverage';

// The one plain-language sentence a politician reads about future demand: "I 2032 mangler der 40 dagtilbudspladser
// i Herning Midt." Used by the comparison view, the brief and its PDF.

const PLACES_DA: Partial<Record<Category, [string, string]>> = {
  daycare: ['dagtilbudsplads', 'dagtilbudspladser'],
  school: ['skoleplads', 'skolepladser'],
  elderly: ['plejebolig', 'plejeboliger'],
};
const PLACES_EN: Partial<Record<Category, [string, string]>> = {
  daycare: ['day-care place', 'day-care places'],
  school: ['school place', 'school places'],
  elderly: ['care-home place', 'care-home places'],
};

/** The shortfall as a sentence in Danish or English; `districtName` null = the municipality as a whole. */
export function shortfallSentence(locale: 'da' | 'en', category: Category, s: Shortfall, districtName: string | null, municipalityName: string): string {
  const one = s.places === 1;
  if (locale === 'da') {
    const [singular, plural] = PLACES_DA[category] ?? ['plads', 'pladser'];
    return `I ${s.year} mangler der ${s.places} ${one ? singular : plural} i ${districtName ?? municipalityName}.`;
  }
  const [singular, plural] = PLACES_EN[category] ?? ['place', 'places'];
  return `In ${s.year}, ${districtName ?? municipalityName} is short of ${s.places} ${one ? singular : plural}.`;
}

/** "Dækket til og med 2040" — the sentence when nothing is short up to the horizon. */
export function coveredSentence(locale: 'da' | 'en', category: Category, horizonYear: number): string {
  if (locale === 'da') return `Der er ${PLACES_DA[category]?.[1] ?? 'pladser'} nok til og med ${horizonYear}.`;
  return `There are enough ${PLACES_EN[category]?.[1] ?? 'places'} up to and including ${horizonYear}.`;
}
