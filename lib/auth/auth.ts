import { rawEnv, runtimeEnv } from '@/lib/config/env';
import { betterAuth } from 'better-auth';
import { nextCookies } from 'better-auth/next-js';
import { genericOAuth } from 'better-auth/plugins/generic-oauth';
import type { Pool } from 'pg';
import { getPool } from '@/lib/db/pool';
import { prismaFor } from '@/lib/db/prisma';
import { MAX_PASSWORD_LENGTH, MIN_PASSWORD_LENGTH, hashPassword, verifyPassword } from './password';
import { joinOidcOrganisation, oidcConfig } from './oidc';
import { authSecret } from './secret';

// better-auth over the app's own PostgreSQL pool: its "user" is app_user, its session/account/verification are
// auth_session/auth_account/auth_verification (migration 20261123500000_auth). Sessions live in the database
// (no cookie cache), so signing out, disabling a user or an expired row takes effect on the next request.

export const SESSION_MAX_AGE_SECONDS = 8 * 60 * 60; // one working day
const SESSION_REFRESH_SECONDS = 60 * 60; // extend at most once an hour while in use

const timestamps = { createdAt: 'created_at', updatedAt: 'updated_at' };

export interface AuthOptions {
  pool: Pool;
  /** Public URL of the app (AREAL_BASE_URL); decides Secure cookies (https) and OpenID Connect callbacks. */
  baseURL?: string;
}

/**
 * Whether cookies get the Secure flag: AREAL_SECURE_COOKIES=1/0 decides; else an https AREAL_BASE_URL, else
 * production. (Browsers accept Secure cookies from http://localhost and 127.0.0.1, so `npm run demo` works; a
 * plain-http deployment on another host must set AREAL_SECURE_COOKIES=0 — and should not exist.)
 */
export function secureCookies(baseURL: string | undefined, env: Record<string, string | undefined> = rawEnv()): boolean {
  if (env.AREAL_SECURE_COOKIES === '1') return true;
  if (env.AREAL_SECURE_COOKIES === '0') return false;
  if (baseURL) return baseURL.startsWith('https://');
  return env.NODE_ENV === 'production';
}

/** A better-auth instance on the given pool (tests pass a pool on their own schema). */
export function createAuth({ pool, baseURL = runtimeEnv().AREAL_BASE_URL }: AuthOptions) {
  const instance = buildAuth(pool, baseURL);
  authPools.set(instance, pool);
  return instance;
}

function buildAuth(pool: Pool, baseURL: string | undefined) {
  const oidc = oidcConfig();
  return betterAuth({
    appName: 'Areal',
    baseURL,
    secret: authSecret(),
    database: pool,
    user: {
      modelName: 'app_user',
      fields: { emailVerified: 'email_verified', ...timestamps },
    },
    session: {
      modelName: 'auth_session',
      fields: { userId: 'user_id', expiresAt: 'expires_at', ipAddress: 'ip_address', userAgent: 'user_agent', ...timestamps },
      expiresIn: SESSION_MAX_AGE_SECONDS,
      updateAge: SESSION_REFRESH_SECONDS,
      cookieCache: { enabled: false },
    },
    account: {
      modelName: 'auth_account',
      fields: {
        userId: 'user_id',
        accountId: 'account_id',
        providerId: 'provider_id',
        accessToken: 'access_token',
        refreshToken: 'refresh_token',
        idToken: 'id_token',
        accessTokenExpiresAt: 'access_token_expires_at',
        refreshTokenExpiresAt: 'refresh_token_expires_at',
        ...timestamps,
      },
      // An OpenID Connect sign-in with the e-mail of an existing local user joins that user.
      accountLinking: { enabled: true, trustedProviders: oidc ? [oidc.providerId] : [] },
    },
    verification: {
      modelName: 'auth_verification',
      fields: { expiresAt: 'expires_at', ...timestamps },
    },
    emailAndPassword: {
      enabled: true,
      // Accounts are created by administrators (and scripts/demo-users.ts), never by self-service sign-up.
      disableSignUp: true,
      minPasswordLength: MIN_PASSWORD_LENGTH,
      maxPasswordLength: MAX_PASSWORD_LENGTH,
      password: { hash: hashPassword, verify: verifyPassword },
    },
    // Sign-in is rate limited by lib/auth/sign-in.ts (per account and per client), which tests can reach.
    rateLimit: { enabled: false },
    advanced: {
      database: { generateId: 'uuid' },
      useSecureCookies: secureCookies(baseURL),
      cookiePrefix: 'areal',
    },
    databaseHooks: {
      account: {
        create: {
          // First OpenID Connect sign-in (new user, or a local user linked by e-mail): join the configured organisation.
          after: async (account) => {
            if (oidc && account.providerId === oidc.providerId) await joinOidcOrganisation(pool, account.userId, oidc);
          },
        },
      },
      session: {
        create: {
          // A disabled user gets no new session.
          before: async (session) => {
            const user = await prismaFor(pool).appUser.findUnique({ where: { id: session.userId }, select: { disabledAt: true } });
            if (!user || user.disabledAt) return false;
          },
        },
      },
    },
    plugins: [
      ...(oidc
        ? [genericOAuth({
            config: [{
              providerId: oidc.providerId,
              discoveryUrl: oidc.discoveryUrl,
              clientId: oidc.clientId,
              clientSecret: oidc.clientSecret,
              scopes: oidc.scopes,
              pkce: true,
            }],
          })]
        : []),
      nextCookies(), // must stay last: lets server actions set the session cookie
    ],
  });
}

export type Auth = ReturnType<typeof buildAuth>;

const authPools = new WeakMap<Auth, Pool>();

/** The pool an instance was created on (rate limits and other app tables live next to its sessions). */
export function poolOfAuth(instance: Auth): Pool {
  const pool = authPools.get(instance);
  if (!pool) throw new Error('not an instance made by createAuth');
  return pool;
}

declare global {
  var arealAuth: Auth | undefined;
}

/** The process-wide better-auth instance on the app's pool. */
export function auth(): Auth {
  globalThis.arealAuth ??= createAuth({ pool: getPool() });
  return globalThis.arealAuth;
}
