import { z } from 'zod';
import { poolOfAuth, type Auth } from './auth';
import { MAX_PASSWORD_LENGTH } from './password';
import { SIGN_IN_PER_ACCOUNT, SIGN_IN_PER_CLIENT, clientAddress, sharedBackoff, sharedLimiter } from './rate-limit';

// Password sign-in with rate limiting in front of better-auth. Unknown user and wrong password give the same
// answer (and better-auth spends the same hashing time on both), so the form does not reveal who has an account.

export const signInSchema = z.object({
  email: z.string().trim().toLowerCase().email().max(320),
  password: z.string().min(1).max(MAX_PASSWORD_LENGTH),
});

export type SignInFailure = 'invalid_input' | 'invalid_credentials' | 'rate_limited';
export type SignInResult =
  | { ok: true; setCookie: string[] }
  | { ok: false; code: SignInFailure; retryAfterSeconds?: number };

/** Signs in with e-mail and password; on success the Set-Cookie values of the new session. */
export async function signInWithPassword(
  auth: Auth,
  input: { email: unknown; password: unknown },
  requestHeaders: Headers,
  /** For tests; by default the database clock. */
  nowMs?: number,
): Promise<SignInResult> {
  const parsed = signInSchema.safeParse(input);
  if (!parsed.success) return { ok: false, code: 'invalid_input' };
  const { email, password } = parsed.data;

  // Counted in PostgreSQL, so every server instance sees the same attempts (lib/auth/rate-limit.ts).
  const pool = poolOfAuth(auth);
  const perClient = await sharedLimiter(pool, 'sign-in:client', SIGN_IN_PER_CLIENT).take(clientAddress(requestHeaders), nowMs);
  const accountLimiter = sharedBackoff(pool, 'sign-in:account', SIGN_IN_PER_ACCOUNT);
  const perAccount = await accountLimiter.take(email, nowMs);
  if (!perClient.allowed || !perAccount.allowed) {
    return { ok: false, code: 'rate_limited', retryAfterSeconds: Math.max(perClient.retryAfterSeconds, perAccount.retryAfterSeconds) };
  }

  const response = await auth.api.signInEmail({ body: { email, password }, headers: requestHeaders, asResponse: true });
  if (response.ok) {
    // The password is proven: earlier attempts on the account stop counting against it, so a user who signs in
    // on several devices is never locked out by their own successes. The per-client limit still holds.
    await accountLimiter.clear(email);
    return { ok: true, setCookie: response.headers.getSetCookie() };
  }
  if (response.status >= 500) throw new Error(`sign-in failed with HTTP ${response.status}: ${await response.text()}`);
  return { ok: false, code: 'invalid_credentials' };
}
