// Saved column mappings (import_mapping): one per name and organisation, e.g. "Nedap portal" or "ROBOD".
import type { ClientBase, Pool } from 'pg';
import { mappingSchema, type ColumnMapping, type ImportKind } from './mapping';

export interface SavedMapping {
  name: string;
  kind: ImportKind;
  mapping: ColumnMapping;
}

/** Saves (or replaces) a named mapping for the organisation. */
export async function saveMapping(client: ClientBase | Pool, organisationId: string, saved: SavedMapping): Promise<void> {
  const mapping = mappingSchema.parse(saved.mapping);
  await client.query(
    `INSERT INTO import_mapping (organisation_id, name, kind, mapping) VALUES ($1, $2, $3, $4::jsonb)
     ON CONFLICT (organisation_id, name) DO UPDATE SET kind = EXCLUDED.kind, mapping = EXCLUDED.mapping, updated_at = now()`,
    [organisationId, saved.name, saved.kind, JSON.stringify(mapping)],
  );
}

/** A saved mapping by name, or null. */
export async function loadMapping(client: ClientBase | Pool, organisationId: string, name: string): Promise<SavedMapping | null> {
  const { rows } = await client.query<{ name: string; kind: ImportKind; mapping: unknown }>(
    'SELECT name, kind, mapping FROM import_mapping WHERE organisation_id = $1 AND name = $2',
    [organisationId, name],
  );
  return rows[0] ? { name: rows[0].name, kind: rows[0].kind, mapping: mappingSchema.parse(rows[0].mapping) } : null;
}

/** The organisation's saved mappings, optionally of one kind, by name. */
export async function listMappings(client: ClientBase | Pool, organisationId: string, kind?: ImportKind): Promise<SavedMapping[]> {
  const { rows } = await client.query<{ name: string; kind: ImportKind; mapping: unknown }>(
    'SELECT name, kind, mapping FROM import_mapping WHERE organisation_id = $1 AND ($2::text IS NULL OR kind = $2) ORDER BY name',
    [organisationId, kind ?? null],
  );
  return rows.map((r) => ({ name: r.name, kind: r.kind, mapping: mappingSchema.parse(r.mapping) }));
}
