// THE one read of an organisation's settings (norms, weights, scenario and optimiser defaults, readings window):
// stored as JSON on the organisation row, parsed and filled with defaults by parseOrganisationSettings.
import type { ClientBase } from 'pg';
import { parseOrganisationSettings, type OrganisationSettings } from './settings';

type Queryable = Pick<ClientBase, 'query'>;

/** The organisation's settings, defaults filled in; an unknown organisation reads as all defaults. */
export async function loadOrganisationSettings(db: Queryable, organisationId: string): Promise<OrganisationSettings> {
  const { rows } = await db.query<{ settings: unknown }>('SELECT settings FROM organisation WHERE id = $1', [organisationId]);
  return parseOrganisationSettings(rows[0]?.settings);
}

/** Whether the organisation exists (its settings alone cannot tell: unknown reads as defaults). */
export async function organisationExists(db: Queryable, organisationId: string): Promise<boolean> {
  const { rowCount } = await db.query('SELECT 1 FROM organisation WHERE id = $1', [organisationId]);
  return (rowCount ?? 0) > 0;
}
