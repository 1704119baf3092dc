// JSON and GeoJSON inputs (BBR records, footprints): read whole — registry extracts are portfolio-sized,
// not sensor-sized — under a size limit, and flattened to records of property → value.
import { readFile } from 'node:fs/promises';
import { decodeSample, detectEncoding } from './detect';

export const MAX_JSON_BYTES = 256 * 1024 * 1024;

export interface JsonInput {
  records: Array<Record<string, unknown>>;
  /** Every property name seen (first 1,000 records), in first-seen order. */
  keys: string[];
  /** EPSG code named by a GeoJSON `crs` member, if any. */
  crsSrid: number | null;
  bytes: Buffer;
}

/** The SRID a GeoJSON `crs` names (EPSG:25832, urn:ogc:def:crs:EPSG::25832, CRS84 → 4326); null when absent. */
export function sridFromCrs(crs: unknown): number | null {
  const name = (crs as { properties?: { name?: unknown } } | undefined)?.properties?.name;
  if (typeof name !== 'string') return null;
  if (/CRS84$/i.test(name)) return 4326;
  const m = /EPSG:{1,2}(\d+)$/i.exec(name);
  return m ? Number(m[1]) : null;
}

/** Parses a JSON file into records: an array, a GeoJSON FeatureCollection, or an object holding one array. */
export async function readJsonRecords(path: string): Promise<JsonInput | { error: string }> {
  const bytes = await readFile(path);
  const { encoding } = detectEncoding(bytes.subarray(0, 64 * 1024));
  let data: unknown;
  try {
    data = JSON.parse(decodeSample(bytes, encoding));
  } catch (e) {
    return { error: (e as Error).message };
  }
  let list: unknown[] | null = null;
  let crsSrid: number | null = null;
  if (Array.isArray(data)) list = data;
  else if (data && typeof data === 'object') {
    const o = data as Record<string, unknown>;
    crsSrid = sridFromCrs(o.crs);
    if (Array.isArray(o.features)) list = o.features;
    else if (o.type === 'Feature') list = [o];
    else list = (Object.values(o).find((v) => Array.isArray(v)) as unknown[] | undefined) ?? null;
  }
  if (!list) return { error: 'no array of records / ingen liste af poster' };
  const records = list.map((item) => {
    if (item && typeof item === 'object' && (item as { type?: unknown }).type === 'Feature') {
      const f = item as { id?: unknown; properties?: Record<string, unknown> | null; geometry?: unknown };
      return { ...(f.id !== undefined ? { feature_id: f.id } : {}), ...(f.properties ?? {}), geometry: f.geometry };
    }
    return (item && typeof item === 'object' ? item : { value: item }) as Record<string, unknown>;
  });
  const keys: string[] = [];
  const seen = new Set<string>();
  for (const r of records.slice(0, 1000)) for (const k of Object.keys(r)) {
    if (seen.has(k)) continue;
    seen.add(k);
    keys.push(k);
  }
  return { records, keys, crsSrid, bytes };
}

/** A JSON value as the text a field reader expects (objects as JSON); undefined when empty. */
export function jsonText(v: unknown): string | undefined {
  if (v === null || v === undefined) return undefined;
  if (typeof v === 'object') return JSON.stringify(v);
  const t = String(v).trim();
  return t === '' ? undefined : t;
}
