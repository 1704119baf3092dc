// Column mappings: which column of the file (or which fixed value) feeds each field of an import kind.
// A mapping can be saved under a name — typically the sensor portal it fits — and reused (import_mapping).
import { z } from 'zod';

export const IMPORT_KINDS = ['registry', 'footprints', 'occupancy', 'costs', 'maintenance', 'forecast', 'planning_areas'] as const;
export type ImportKind = (typeof IMPORT_KINDS)[number];

export const valueKindSchema = z.enum(['count', 'presence', 'fraction']);
export type ValueKind = z.infer<typeof valueKindSchema>;

export const mappingSchema = z.object({
  /** field → column name in the file's header (or "#3" for the third column). */
  columns: z.record(z.string(), z.string().min(1)).default({}),
  /** field → the same value for every row (e.g. one sensor id for a single-room export). */
  constants: z.record(z.string(), z.string()).default({}),
  /** Occupancy: what a value means. Default: guessed from the column name, else count. */
  valueKind: valueKindSchema.optional(),
  /** dd-mm-yyyy vs mm-dd-yyyy for dash/slash dates; default: decided by scanning the file. */
  dateOrder: z.enum(['dmy', 'mdy']).optional(),
  /** Occupancy: the building (registry id or name) new sensors are created in when no building column is mapped. */
  building: z.string().optional(),
  /** Occupancy: interval of new sensors in minutes; default: the smallest step seen in the file per sensor. */
  intervalMinutes: z.number().int().min(1).max(1440).optional(),
  /** Registry/footprints: coordinate system of the coordinates (default: guessed from their range / the GeoJSON crs). */
  srid: z.union([z.literal(25832), z.literal(4326)]).optional(),
  /** Registry: unit of area columns (default m²). */
  areaUnit: z.enum(['m2', 'sqft']).optional(),
  /** Footprints: how features find their building (default: by id when an id property is mapped, else point-in-polygon). */
  joinBy: z.enum(['id', 'point']).optional(),
});
export type ColumnMapping = z.infer<typeof mappingSchema>;

/** An empty mapping: every field found by its usual names. */
export function emptyMapping(): ColumnMapping {
  return mappingSchema.parse({});
}

export interface FieldSpec {
  key: string;
  required: boolean;
  /** Lower-case names this field goes by in real files (Danish and English), tried in order. */
  synonyms: string[];
}

/** Header names compared loosely: case, surrounding quotes, and spaces/underscores/hyphens don't matter. */
function norm(s: string): string {
  return s.trim().toLowerCase().replace(/^\ufeff/, '').replace(/^"|"$/g, '').replace(/[\s_-]+/g, '_');
}

export interface ResolvedField {
  key: string;
  /** Index into the record's fields, or -1 when the field takes a constant. */
  index: number;
  column: string;
  constant?: string;
}

/** Resolves fields to header columns (explicit mapping first, then constants, then synonyms); lists missing required fields. */
export function resolveColumns(
  header: string[],
  fields: FieldSpec[],
  mapping: ColumnMapping,
): { resolved: Map<string, ResolvedField>; missing: Array<{ field: string; column: string }> } {
  const names = header.map(norm);
  const resolved = new Map<string, ResolvedField>();
  const missing: Array<{ field: string; column: string }> = [];
  const used = new Set<number>();
  for (const f of fields) {
    const explicit = mapping.columns[f.key];
    if (explicit !== undefined) {
      const hash = /^#(\d+)$/.exec(explicit.trim());
      const idx = hash ? Number(hash[1]) - 1 : names.indexOf(norm(explicit));
      if (idx >= 0 && idx < header.length) {
        resolved.set(f.key, { key: f.key, index: idx, column: header[idx] || `#${idx + 1}` });
        used.add(idx);
      } else missing.push({ field: f.key, column: explicit });
      continue;
    }
    if (mapping.constants[f.key] !== undefined) {
      resolved.set(f.key, { key: f.key, index: -1, column: f.key, constant: mapping.constants[f.key] });
      continue;
    }
    const idx = f.synonyms.map((s) => names.findIndex((n, i) => n === norm(s) && !used.has(i))).find((i) => i >= 0);
    if (idx !== undefined) {
      resolved.set(f.key, { key: f.key, index: idx, column: header[idx] || `#${idx + 1}` });
      used.add(idx);
    } else if (f.required) missing.push({ field: f.key, column: f.synonyms[0] ?? f.key });
  }
  return { resolved, missing };
}
