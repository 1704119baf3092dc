// Runs once when the Next.js server starts (before it serves requests).
export async function register(): Promise<void> {
  if (process.env.NEXT_RUNTIME !== 'nodejs') return;
  // Decide each request's client address from its socket before anything reads X-Forwarded-For (lib/net/client-address.ts).
  const [{ installClientAddressHook, parseTrustedProxies }, { trustedProxiesSetting }] = await Promise.all([import('@/lib/net/client-address'), import('@/lib/config/env')]);
  installClientAddressHook(parseTrustedProxies(trustedProxiesSetting()));
}
