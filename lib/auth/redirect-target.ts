/** A same-site path to return to after sign-in; anything else (absolute URLs, //host, /api) becomes '/'. */
export function safeReturnPath(value: unknown): string {
  if (typeof value !== 'string' || !value.startsWith('/') || value.startsWith('//') || value.startsWith('/\\')) return '/';
  if (value.startsWith('/api/') || value.startsWith('/signin') || value.startsWith('/signout')) return '/';
  return value.length > 1000 ? '/' : value;
}
