import { makeIssue, type ImportIssue } from '../issues';

// Units stated in column names, never assumed silently: an area column called `square_feet`, `Areal (ft²)` or
// `sq ft` is square feet and converted to m²; an amount column in `t.kr.` or `mio. kr` is scaled to kr. Each
// conversion is reported as a notice (unit_converted) in the preview's check and the import report.

export const M2_PER_SQUARE_FOOT = 0.09290304;

export type AreaUnit = 'm2' | 'sqft';

const SQUARE_FEET = /square[\s_-]*f(ee|oo)t|sq\.?[\s_-]*f(ee)?t|ft²|ft2|sqft|kvadratfod/i;
const SQUARE_METRES = /m²|m2|kvm|square[\s_-]*met(re|er)|sqm/i;

/** The area unit a column name states; null when it states none. */
export function areaUnitOfColumn(column: string): AreaUnit | null {
  if (SQUARE_FEET.test(column)) return 'sqft';
  if (SQUARE_METRES.test(column)) return 'm2';
  return null;
}

const MILLIONS = /mio\.?[\s_-]*(kr|dkk)|mill?\.?[\s_-]*(kr|dkk)|mdkk|million/i;
const THOUSANDS = /(^|[^a-z])t\.?[\s_-]*(kr|dkk)|tkr|tdkk|1[.,]?000[\s_-]*(kr|dkk)|tusind/i;

/** How many kr one unit of an amount column is: 1 (kr), 1 000 (t.kr., tkr, 1.000 kr) or 1 000 000 (mio. kr). */
export function krPerUnitOfColumn(column: string): 1 | 1_000 | 1_000_000 {
  if (MILLIONS.test(column)) return 1_000_000;
  if (THOUSANDS.test(column)) return 1_000;
  return 1;
}

/** The unit a kr factor stands for, as the notice names it. */
export function moneyUnitName(factor: number): string {
  return factor === 1_000_000 ? 'mio. kr' : factor === 1_000 ? 't.kr.' : 'kr';
}

/** The notice that an amount column was scaled to kr (none when it is in kr). */
export function moneyNotices(file: string, column: string | undefined, krPerUnit: number): ImportIssue[] {
  if (krPerUnit === 1) return [];
  return [makeIssue('unit_converted', { file, line: 0, column }, { from: moneyUnitName(krPerUnit), to: 'kr', factor: krPerUnit.toLocaleString('da-DK') })];
}
