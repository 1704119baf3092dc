// THE one read of an organisation's settings (norms, weights, scenario and optimiser defaults, readings window):
// stored as JSON on the organisation row, parsed and filled with defaults by parseOrganisationSettings.
import { isPgConnection, prismaOf, type Database, type PgQueryable } from '@/lib/db/prisma';
import { parseOrganisationSettings, type OrganisationSettings } from './settings';

/**
 * The organisation's settings, defaults filled in; an unknown organisation reads as all defaults. Through Prisma;
 * given the pg connection of a set-based unit (scoring, an import) it reads on that connection instead, so the
 * unit neither waits for a second connection from the pool nor reads outside its own transaction.
 */
export async function loadOrganisationSettings(db: Database | PgQueryable, organisationId: string): Promise<OrganisationSettings> {
  if (isPgConnection(db)) {
    const { rows } = await db.query<{ settings: unknown }>('SELECT settings FROM organisation WHERE id = $1', [organisationId]);
    return parseOrganisationSettings(rows[0]?.settings);
  }
  const row = await prismaOf(db).organisation.findUnique({ where: { id: organisationId }, select: { settings: true } });
  return parseOrganisationSettings(row?.settings);
}

/** Whether the organisation exists (its settings alone cannot tell: unknown reads as defaults). */
export async function organisationExists(db: Database | PgQueryable, organisationId: string): Promise<boolean> {
  if (isPgConnection(db)) return ((await db.query('SELECT 1 FROM organisation WHERE id = $1', [organisationId])).rowCount ?? 0) > 0;
  return (await prismaOf(db).organisation.count({ where: { id: organisationId } })) > 0;
}
