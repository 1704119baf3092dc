// What changed in an audit entry, field by field, for the audit page: role changes, removals and disabling show
// before → after at a glance; the full before/after JSON stays available beside it.

export interface ChangeLine {
  field: string;
  before: unknown;
  after: unknown;
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * The fields that differ between before and after. Objects are compared key by key (a missing side counts as
 * absent: creation or removal); arrays (building assignments) as one field `buildings`; other values as `value`.
 */
export function changeLines(before: unknown, after: unknown): ChangeLine[] {
  if (before == null && after == null) return [];
  if (Array.isArray(before) || Array.isArray(after)) {
    return same(before, after) ? [] : [{ field: 'buildings', before: before ?? null, after: after ?? null }];
  }
  if ((before == null || isObject(before)) && (after == null || isObject(after))) {
    const b = before ?? {};
    const a = after ?? {};
    const keys = [...new Set([...Object.keys(b), ...Object.keys(a)])];
    return keys
      .filter((k) => !same(b[k], a[k]))
      .map((k) => ({ field: k, before: k in b ? b[k] : null, after: k in a ? a[k] : null }));
  }
  return same(before, after) ? [] : [{ field: 'value', before: before ?? null, after: after ?? null }];
}

function same(x: unknown, y: unknown): boolean {
  return JSON.stringify(x ?? null) === JSON.stringify(y ?? null);
}
