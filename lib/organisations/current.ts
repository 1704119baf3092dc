import { getPool } from '@/lib/db/pool';

export interface OrganisationRef {
  id: string;
  slug: string;
  name: string;
  isDemo: boolean;
}

/**
 * The organisation the current request works in. Until sign-in lands this is the organisation named by
 * AREAL_DEFAULT_ORG (default "demo"); the auth layer replaces it with the signed-in user's organisation.
 */
export async function currentOrganisation(): Promise<OrganisationRef | null> {
  const slug = process.env.AREAL_DEFAULT_ORG ?? 'demo';
  const { rows } = await getPool().query<OrganisationRef>(
    'SELECT id, slug, name, is_demo AS "isDemo" FROM organisation WHERE slug = $1',
    [slug],
  );
  return rows[0] ?? null;
}
