// Lookups the kinds resolve references with, loaded once per import (bounded by portfolio size, not rows).
import type { ClientBase } from 'pg';

export interface BuildingRef {
  id: string;
  capacity: number | null;
  grossAreaM2: number | null;
  /** How the building is shown in messages: its name and registry id. */
  label: string;
}

/** Finds a building by registry id, or else by its name when that name is unique in the organisation. */
export class BuildingLookup {
  private readonly byRegistry = new Map<string, BuildingRef>();
  private readonly byName = new Map<string, BuildingRef | null>();
  private readonly byId = new Map<string, BuildingRef>();

  static async load(client: ClientBase, organisationId: string): Promise<BuildingLookup> {
    const { rows } = await client.query<{ id: string; registry_id: string; name: string; capacity: number | null; gross_area_m2: number | null }>(
      'SELECT id, registry_id, name, capacity, gross_area_m2 FROM building WHERE organisation_id = $1',
      [organisationId],
    );
    const l = new BuildingLookup();
    for (const r of rows) {
      const ref = { id: r.id, capacity: r.capacity, grossAreaM2: r.gross_area_m2 === null ? null : Number(r.gross_area_m2), label: `${r.name} (${r.registry_id})` };
      l.byId.set(r.id, ref);
      l.byRegistry.set(r.registry_id.trim().toLowerCase(), ref);
      const n = r.name.trim().toLowerCase();
      l.byName.set(n, l.byName.has(n) ? null : ref);
    }
    return l;
  }

  byUuid(id: string): BuildingRef | null {
    return this.byId.get(id) ?? null;
  }

  find(text: string): BuildingRef | null {
    const k = text.trim().toLowerCase();
    return this.byRegistry.get(k) ?? this.byName.get(k) ?? null;
  }
}
