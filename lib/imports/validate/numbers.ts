// Numbers as people write them: decimal comma or point, optional thousands separators (the other mark, in
// groups of three), surrounding spaces, and for percentages a trailing %.
import type { DecimalMark } from '../detect/detect';

const GROUPED: Record<DecimalMark, RegExp> = { ',': /^[-+]?\d{1,3}(\.\d{3})+(,\d+)?$/, '.': /^[-+]?\d{1,3}(,\d{3})+(\.\d+)?$/ };
const PLAIN_INTEGER = /^-?\d{1,15}$/;
/** A plain decimal with the file's decimal mark and no thousands separator ("6,5" / "6.5"). */
const PLAIN_DECIMAL: Record<DecimalMark, RegExp> = { ',': /^-?\d{1,15},\d{1,15}$/, '.': /^-?\d{1,15}\.\d{1,15}$/ };

/** Parses a decimal number written with `decimal` as the decimal mark; null when it is not a number. */
export function parseDecimal(text: string, decimal: DecimalMark): number | null {
  // Fast path for the common cell (a plain integer such as a people count): same result as the general rules.
  if (PLAIN_INTEGER.test(text)) return Number(text);
  if (PLAIN_DECIMAL[decimal].test(text)) return Number(decimal === ',' ? text.replace(',', '.') : text);
  let t = text.trim().replace(/[\u00a0\u202f ]/g, '');
  if (t === '') return null;
  const thousands = decimal === ',' ? '.' : ',';
  const grouped = GROUPED[decimal];
  if (grouped.test(t)) t = t.split(thousands).join('');
  else if (t.includes(thousands)) {
    // A lone other mark with no valid grouping: "1.5" in a decimal-comma file is still one and a half.
    if (t.includes(decimal) || t.split(thousands).length > 2) return null;
    t = t.replace(thousands, '.');
  }
  if (decimal === ',') t = t.replace(',', '.');
  if (!/^[-+]?(\d+(\.\d*)?|\.\d+)([eE][-+]?\d+)?$/.test(t)) return null;
  const n = Number(t);
  return Number.isFinite(n) ? n : null;
}

/** Parses a share: 0..1 as is, or a percentage with % (e.g. "45 %" → 0.45); null when not a number. */
export function parseFraction(text: string, decimal: DecimalMark): number | null {
  const t = text.trim();
  if (t.endsWith('%')) {
    const n = parseDecimal(t.slice(0, -1), decimal);
    return n === null ? null : n / 100;
  }
  return parseDecimal(t, decimal);
}

const TRUE = new Set(['1', 'true', 'ja', 'yes', 'y', 'j', 'sand', 'occupied', 'optaget']);
const FALSE = new Set(['0', 'false', 'nej', 'no', 'n', 'falsk', 'free', 'ledig']);

/** Parses a presence flag (0/1, true/false, ja/nej); null when it is neither. */
export function parsePresence(text: string): 0 | 1 | null {
  const t = text.trim().toLowerCase();
  if (TRUE.has(t)) return 1;
  if (FALSE.has(t)) return 0;
  if (t === '1.0' || t === '1,0') return 1;
  if (t === '0.0' || t === '0,0') return 0;
  return null;
}

/**
 * True when a text cell would run as a formula in a spreadsheet: =, @, or + / − that does not start a plain number
 * (`-1+HYPERLINK(…)` starts with a digit after the sign and got through the older check; `- Skolen` stays text).
 */
export function looksLikeFormula(text: string): boolean {
  const t = text.replace(/^[\t\r\n ]+/, '');
  if (t !== text && /^[\t\r]/.test(text)) return true;
  if (/^[=@]/.test(t)) return true;
  return /^[+-]/.test(t) && !/^[+-]\s/.test(t) && !/^[+-]?\d+([.,]\d+)?$/.test(t);
}
