// Small readers shared by the kinds: each reads one field of a record, reports an issue when the text
// is not what the field needs, and returns the typed value (undefined = missing, null = invalid).
import { looksLikeFormula, parseDecimal } from '../validate/numbers';
import type { RecordView } from './types';
import type { DecimalMark } from '../detect/detect';

/** A text field; formula-looking cells are rejected (see docs/imports.md, "Formula cells"). */
export function readText(rec: RecordView, field: string, maxLength = 500): string | undefined | null {
  const t = rec.get(field);
  if (t === undefined) return undefined;
  if (looksLikeFormula(t)) return rec.issue('formula_cell', field), null;
  if (t.length > maxLength) return rec.issue('invalid_value', field, { reason: `longer than ${maxLength} characters / længere end ${maxLength} tegn` }), null;
  return t;
}

/** A decimal number within [min, max]. */
export function readNumber(rec: RecordView, field: string, decimal: DecimalMark, min = -Infinity, max = Infinity): number | undefined | null {
  const t = rec.get(field);
  if (t === undefined) return undefined;
  const n = parseDecimal(t, decimal);
  if (n === null) return rec.issue('invalid_number', field), null;
  if (n < 0 && min >= 0) return rec.issue('negative_value', field), null;
  if (n < min || n > max) return rec.issue('value_out_of_range', field, { min, max }), null;
  return n;
}

/** A whole number within [min, max] ("1.234" with thousands separators allowed; "12,0" accepted as 12). */
export function readInt(rec: RecordView, field: string, decimal: DecimalMark, min: number, max: number): number | undefined | null {
  const n = readNumber(rec, field, decimal, min, max);
  if (n === undefined || n === null) return n;
  if (!Number.isInteger(n)) return rec.issue('invalid_value', field, { reason: 'not a whole number / ikke et heltal' }), null;
  return n;
}
