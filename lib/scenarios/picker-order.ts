import { isAncillaryUseCode } from '@/lib/registry/categories';
import type { ScenarioBuilding } from './types';

/**
 * The scenario builder's building picker: buildings whose name or category label contains `query`, weakest combined
 * score first, then buildings without a score, garages/sheds (ancillary use codes) last.
 */
export function pickerMatches(buildings: readonly ScenarioBuilding[], query: string, categoryLabel: (c: string) => string): ScenarioBuilding[] {
  const q = query.trim().toLocaleLowerCase('da');
  const rank = (b: ScenarioBuilding) => (isAncillaryUseCode(b.useCode) ? 2 : b.combinedScore == null ? 1 : 0);
  return buildings
    .filter((b) => !q || b.name.toLocaleLowerCase('da').includes(q) || categoryLabel(b.category).toLocaleLowerCase('da').includes(q))
    .sort((a, b) => rank(a) - rank(b) || (a.combinedScore ?? 101) - (b.combinedScore ?? 101) || a.name.localeCompare(b.name, 'da'));
}
