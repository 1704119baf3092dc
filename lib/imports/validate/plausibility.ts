// Plausibility of a row's values beyond their syntax: a count that is a portal's "no reading" code, a count
// written with a thousands separator (`1.204` people in a 40-person room), a fractional people count, a count
// above capacity × factor, a jump no room can make between two readings. Each check is an error, a warning or
// off per organisation (importChecks in lib/organisations/settings.ts); pure functions, the kinds report.
import type { ImportChecks } from '@/lib/organisations/settings';
import type { DecimalMark } from '../detect/detect';
import type { IssueCode, IssueParams } from '../issues';
import type { RecordView } from '../kinds/types';

const GROUPED: Record<DecimalMark, RegExp> = { ',': /^[-+]?\d{1,3}(\.\d{3})+(,\d+)?$/, '.': /^[-+]?\d{1,3}(,\d{3})+(\.\d+)?$/ };

/** True when a number's text uses thousands separators ("1.204" with decimal comma, "1,204" with decimal point). */
export function writtenWithThousands(text: string, decimal: DecimalMark): boolean {
  return GROUPED[decimal].test(text.trim());
}

/**
 * Reports a check's finding on the row as its severity says: returns true when the row is rejected (error),
 * false when it lands (warning, or the check is off).
 */
export function report(rec: RecordView, severity: ImportChecks['sentinel'], code: IssueCode, field: string, params: IssueParams = {}): boolean {
  if (severity === 'error') {
    rec.issue(code, field, params);
    return true;
  }
  if (severity === 'warning') rec.warn(code, field, params);
  return false;
}

/** The checks on one people count that need no sensor: sentinel code, thousands separator, fraction. True = rejected. */
export function checkCountText(rec: RecordView, checks: ImportChecks, sentinels: ReadonlySet<number>, text: string, value: number, decimal: DecimalMark): boolean {
  if (sentinels.has(value) && report(rec, checks.sentinel, 'sentinel_value', 'value')) return true;
  const grouped = value >= 1000 && writtenWithThousands(text, decimal);
  if (grouped && report(rec, checks.thousandsSeparatorInCount, 'thousands_separator_in_count', 'value', { number: value })) return true;
  if (!grouped && !Number.isInteger(value) && report(rec, checks.nonIntegerCount, 'non_integer_count', 'value')) return true;
  return false;
}

/**
 * The checks on a people count against its sensor's capacity (room, else building): above capacity × factor,
 * or a jump from the sensor's previous reading (`previous`, NaN when none) larger than jumpFactor × capacity.
 * True = rejected.
 */
export function checkCountAgainstCapacity(rec: RecordView, checks: ImportChecks, value: number, capacity: number, previous: number): boolean {
  if (value > checks.overCapacityFactor * capacity && report(rec, checks.overCapacity, 'over_capacity', 'value', { factor: checks.overCapacityFactor, capacity })) return true;
  if (!Number.isNaN(previous) && Math.abs(value - previous) > checks.jumpFactor * capacity) {
    if (report(rec, checks.jump, 'impossible_jump', 'value', { from: previous, factor: checks.jumpFactor, capacity })) return true;
  }
  return false;
}
