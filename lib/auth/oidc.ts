import { z } from 'zod';

// Optional OpenID Connect sign-in (the municipality's identity provider), enabled only when all three variables
// are set. The provider's users sign in with their e-mail; an administrator gives them a role (no role, no data).

const oidcEnvSchema = z.object({
  AREAL_OIDC_ISSUER: z.string().url(),
  AREAL_OIDC_CLIENT_ID: z.string().min(1),
  AREAL_OIDC_CLIENT_SECRET: z.string().min(1),
  AREAL_OIDC_NAME: z.string().min(1).default('Single sign-on'),
  AREAL_OIDC_SCOPES: z.string().default('openid email profile'),
});

export interface OidcConfig {
  providerId: 'oidc';
  name: string;
  issuer: string;
  discoveryUrl: string;
  clientId: string;
  clientSecret: string;
  scopes: string[];
}

/** The OpenID Connect configuration from the environment, or null when it is not (fully) configured. */
export function oidcConfig(env: Record<string, string | undefined> = process.env): OidcConfig | null {
  if (!env.AREAL_OIDC_ISSUER && !env.AREAL_OIDC_CLIENT_ID) return null;
  const parsed = oidcEnvSchema.safeParse(env);
  if (!parsed.success) {
    console.error('[auth] AREAL_OIDC_* is incomplete; OpenID Connect sign-in is off:', parsed.error.issues.map((i) => i.path.join('.')).join(', '));
    return null;
  }
  const issuer = parsed.data.AREAL_OIDC_ISSUER.replace(/\/+$/, '');
  return {
    providerId: 'oidc',
    name: parsed.data.AREAL_OIDC_NAME,
    issuer,
    discoveryUrl: `${issuer}/.well-known/openid-configuration`,
    clientId: parsed.data.AREAL_OIDC_CLIENT_ID,
    clientSecret: parsed.data.AREAL_OIDC_CLIENT_SECRET,
    scopes: parsed.data.AREAL_OIDC_SCOPES.split(/\s+/).filter(Boolean),
  };
}
