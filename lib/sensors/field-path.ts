// Where a device type's reading sits in a platform message: a dotted path such as `object.people_count`
// (ChirpStack), `decoded_payload.occupancy` (The Things Stack) or `count` (an OS2iot decoder's output); a
// numeric segment indexes an array (`object.zones.0.count`).

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null;

/** Letters, digits, `_`, `$`, `-` per segment, segments joined by dots, at most 200 characters (as the table checks). */
export const FIELD_PATH = /^[A-Za-z_$][A-Za-z0-9_$-]*(\.[A-Za-z_$][A-Za-z0-9_$-]*|\.[0-9]+)*$/;

/** Whether a text is a field path the device-type table accepts. */
export function isFieldPath(text: string): boolean {
  return text.length <= 200 && FIELD_PATH.test(text);
}

/** The value at a dotted path inside `root`, or undefined when any segment is missing. */
export function valueAtPath(root: unknown, path: string): unknown {
  let at: unknown = root;
  for (const segment of path.split('.')) {
    if (!isObject(at) || !Object.prototype.hasOwnProperty.call(at, segment)) return undefined;
    at = (at as Json)[segment];
  }
  return at;
}

/**
 * The first number or boolean the path reaches from any of the roots (the whole message, then the objects the
 * platform nests the decoded payload in, then the decoded payload itself), so `object.people_count` and
 * `people_count` both find ChirpStack's decoded field. Undefined when none does.
 */
export function readingAtPath(roots: readonly unknown[], path: string): number | boolean | undefined {
  for (const root of roots) {
    const v = valueAtPath(root, path);
    if ((typeof v === 'number' && Number.isFinite(v)) || typeof v === 'boolean') return v;
  }
  return undefined;
}
