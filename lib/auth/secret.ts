import { runtimeEnv } from '@/lib/config/env';
import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';

// The key that signs session cookies. AREAL_AUTH_SECRET (or BETTER_AUTH_SECRET) wins; otherwise a random
// secret is generated once and kept in .data/auth-secret (git-ignored, mode 0600), so `npm run demo` works
// without configuration and sessions survive a restart.

let cached: string | undefined;

/** The session-signing secret (≥ 32 characters). */
export function authSecret(): string {
  if (cached) return cached;
  const { AREAL_AUTH_SECRET, BETTER_AUTH_SECRET } = runtimeEnv();
  const fromEnv = AREAL_AUTH_SECRET ?? BETTER_AUTH_SECRET;
  if (fromEnv) {
    if (fromEnv.length < 32) throw new Error('AREAL_AUTH_SECRET must be at least 32 characters');
    return (cached = fromEnv);
  }
  const file = path.join(process.cwd(), '.data', 'auth-secret');
  if (!existsSync(file)) {
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, randomBytes(32).toString('base64url'), { flag: 'wx', mode: 0o600 });
    chmodSync(file, 0o600);
  }
  return (cached = readFileSync(file, 'utf8').trim());
}
