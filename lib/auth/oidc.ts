import { rawEnv } from '@/lib/config/env';
import { z } from 'zod';
import { recordAudit } from '@/lib/audit/record';
import { inTransaction, type Database } from '@/lib/db/prisma';

// Optional OpenID Connect sign-in (the municipality's identity provider), enabled only when issuer, client id and
// secret are set. A first sign-in creates the user (or links the local user with the same e-mail) and, when
// AREAL_OIDC_ORGANISATION is set, makes them a member of that organisation with AREAL_OIDC_DEFAULT_ROLE
// (viewer unless set; never admin). Without it an administrator gives them a role (no role, no data).

/** Roles a first OpenID Connect sign-in may get by itself; administrators are always made by an administrator. */
export const OIDC_DEFAULT_ROLES = ['viewer', 'facility_staff', 'property_manager'] as const;

const oidcEnvSchema = z.object({
  AREAL_OIDC_ISSUER: z.string().url(),
  AREAL_OIDC_CLIENT_ID: z.string().min(1),
  AREAL_OIDC_CLIENT_SECRET: z.string().min(1),
  AREAL_OIDC_NAME: z.string().min(1).default('Single sign-on'),
  AREAL_OIDC_SCOPES: z.string().default('openid email profile'),
  AREAL_OIDC_ORGANISATION: z.string().min(1).optional(),
  AREAL_OIDC_DEFAULT_ROLE: z.enum(OIDC_DEFAULT_ROLES).default('viewer'),
});

export interface OidcConfig {
  providerId: 'oidc';
  name: string;
  issuer: string;
  discoveryUrl: string;
  clientId: string;
  clientSecret: string;
  scopes: string[];
  /** Slug of the organisation new OpenID Connect users join, or null (an administrator adds them). */
  organisation: string | null;
  defaultRole: (typeof OIDC_DEFAULT_ROLES)[number];
}

/** The OpenID Connect configuration from the environment, or null when it is not (fully) configured. */
export function oidcConfig(env: Record<string, string | undefined> = rawEnv()): OidcConfig | null {
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
    organisation: parsed.data.AREAL_OIDC_ORGANISATION ?? null,
    defaultRole: parsed.data.AREAL_OIDC_DEFAULT_ROLE,
  };
}

/**
 * After an OpenID Connect account is created for a user (first sign-in, new or linked user): membership in the
 * configured organisation with the default role, unless the user already has a role there (never changed here).
 * Audited. Later sign-ins do not re-add a membership an administrator has removed. Returns whether one was added.
 */
export async function joinOidcOrganisation(db: Database, userId: string, config: OidcConfig): Promise<boolean> {
  if (!config.organisation) return false;
  const slug = config.organisation;
  return inTransaction(db, async (tx) => {
    const org = await tx.organisation.findUnique({ where: { slug }, select: { id: true } });
    if (!org) {
      console.error(`[auth] AREAL_OIDC_ORGANISATION "${slug}" does not exist; the OpenID Connect user has no role`);
      return false;
    }
    // ON CONFLICT DO NOTHING: a role the user already has there is never changed here.
    const { count } = await tx.membership.createMany({ data: [{ userId, organisationId: org.id, role: config.defaultRole }], skipDuplicates: true });
    if (count === 0) return false;
    await recordAudit(tx, {
      organisationId: org.id, userId, action: 'membership.role_change', entity: 'membership', entityId: userId,
      before: null, after: { role: config.defaultRole, via: 'oidc' },
    });
    return true;
  });
}
