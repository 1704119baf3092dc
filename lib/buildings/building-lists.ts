// Short lists of an organisation's buildings for pickers and forms (scenario builder, must-keep choice, the
// administrator's building assignments).
import type { ClientBase } from 'pg';
import { ancillaryUseCodeSql } from '@/lib/registry/categories';

type Queryable = Pick<ClientBase, 'query'>;

export interface BuildingName {
  id: string;
  name: string;
}

/** The given buildings of the organisation with their names, in the order given (unknown ids left out). */
export async function buildingNames(db: Queryable, organisationId: string, ids: readonly string[]): Promise<BuildingName[]> {
  const unique = [...new Set(ids)];
  if (unique.length === 0) return [];
  const { rows } = await db.query<BuildingName>('SELECT id, name FROM building WHERE organisation_id = $1 AND id = ANY($2::uuid[])', [organisationId, unique]);
  const byId = new Map(rows.map((r) => [r.id, r]));
  return unique.flatMap((id) => byId.get(id) ?? []);
}

/** Buildings a scenario may require to stay: all but ancillary ones (they never close anyway), by name. */
export async function mustKeepCandidates(db: Queryable, organisationId: string): Promise<(BuildingName & { category: string })[]> {
  const { rows } = await db.query<BuildingName & { category: string }>(
    `SELECT id, name, category FROM building WHERE organisation_id = $1 AND NOT ${ancillaryUseCodeSql('use_code')} ORDER BY name, id`,
    [organisationId],
  );
  return rows;
}

/** Every building of the organisation with its registry id, by name. */
export async function listBuildingsForAssignment(db: Queryable, organisationId: string): Promise<{ id: string; name: string; registry_id: string }[]> {
  const { rows } = await db.query<{ id: string; name: string; registry_id: string }>('SELECT id, name, registry_id FROM building WHERE organisation_id = $1 ORDER BY name', [organisationId]);
  return rows;
}

/** Which user is assigned to which building (facility staff), within the organisation. */
export async function listBuildingAssignments(db: Queryable, organisationId: string): Promise<{ user_id: string; building_id: string }[]> {
  const { rows } = await db.query<{ user_id: string; building_id: string }>(
    'SELECT a.user_id, a.building_id FROM building_assignment a JOIN building b ON b.id = a.building_id WHERE b.organisation_id = $1',
    [organisationId],
  );
  return rows;
}
