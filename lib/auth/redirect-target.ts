// Where to send a user after sign-in. The value comes from the URL (?next=…), so anyone can craft it: only a path
// on this site is accepted. Browsers strip tab, CR and LF from URLs and read a backslash as a slash, so
// "/\t/evil.example" or "/\\evil.example" become "//evil.example" — protocol-relative, another host (issue 15
// item 6). Such characters are refused outright rather than cleaned up, and the result must resolve to this origin.

const PROBE_ORIGIN = 'http://areal.invalid';
const MAX_LENGTH = 1000;

/** A same-site path to return to after sign-in; anything else (absolute URLs, //host, control characters, /api) becomes '/'. */
export function safeReturnPath(value: unknown): string {
  if (typeof value !== 'string' || value.length > MAX_LENGTH) return '/';
  // Control characters (C0, DEL, C1), backslashes and whitespace have no place in a path we generate.
  if (/[\u0000-\u0020\u007f-\u009f\\\u00a0\u1680\u2000-\u200f\u2028\u2029\u202f\u205f\u3000\ufeff]/.test(value)) return '/';
  if (!value.startsWith('/') || value.startsWith('//')) return '/';
  let resolved: URL;
  try {
    resolved = new URL(value, PROBE_ORIGIN);
  } catch {
    return '/';
  }
  if (resolved.origin !== PROBE_ORIGIN) return '/';
  const path = resolved.pathname;
  if (path.startsWith('/api/') || path.startsWith('/signin') || path.startsWith('/signout')) return '/';
  return value;
}
