// JSON and GeoJSON inputs (BBR records, footprints), read as a stream with stream-json's tokenizer, so memory
// stays bounded by one record whatever the file size (JSON.parse of a 60 MB file took the server from 317 to
// 866 MB). Records are flattened to property → value. A document is one of
//   [ record, … ]                                   an array of records;
//   { "type": "FeatureCollection", "features": […] } GeoJSON (an optional `crs` names the SRID);
//   { "type": "Feature", … }                        one feature;
//   { "anything": [ record, … ] }                   an object holding the array (the first one of objects).
// Bounds (lib/config/limits.ts): file bytes, values per record, nesting depth.
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import iconv from 'iconv-lite';
import { Assembler } from 'stream-json/assembler.js';
import { jsonParser, type Token } from 'stream-json/core/parser.js';
import { getManyValues, isMany, none } from 'stream-chain/defs.js';
import { JSON_MAX_DEPTH, JSON_RECORD_MAX_VALUES } from '@/lib/config/limits';
import { readSample } from './csv-source';
import { detectEncoding } from '../detect/detect';

export type JsonRecord = Record<string, unknown>;

/** Where the records of a document are, as found by scanJson. */
export type JsonLayout =
  | { kind: 'array' }
  | { kind: 'member'; key: string }
  | { kind: 'single'; record: JsonRecord };

export interface JsonScan {
  layout: JsonLayout;
  /** EPSG code named by a GeoJSON `crs` member, if any. */
  crsSrid: number | null;
  sha256: string;
  bytes: number;
}

/** A file that is not JSON, not a document of records, or beyond a bound: `message` says which, in da/en. */
export class JsonSourceError extends Error {}

/** The SRID a GeoJSON `crs` names (EPSG:25832, urn:ogc:def:crs:EPSG::25832, CRS84 → 4326); null when absent. */
export function sridFromCrs(crs: unknown): number | null {
  const name = (crs as { properties?: { name?: unknown } } | undefined)?.properties?.name;
  if (typeof name !== 'string') return null;
  if (/CRS84$/i.test(name)) return 4326;
  const m = /EPSG:{1,2}(\d+)$/i.exec(name);
  return m ? Number(m[1]) : null;
}

/** A record as the field readers see it: a feature's id and properties with its geometry, or the object itself. */
export function flattenRecord(item: unknown): JsonRecord {
  if (item && typeof item === 'object' && (item as { type?: unknown }).type === 'Feature') {
    const f = item as { id?: unknown; properties?: JsonRecord | null; geometry?: unknown };
    return { ...(f.id !== undefined ? { feature_id: f.id } : {}), ...(f.properties ?? {}), geometry: f.geometry };
  }
  return (item && typeof item === 'object' && !Array.isArray(item) ? item : { value: item }) as JsonRecord;
}

/** Tokens of a file, one parsed chunk at a time; `onChunk` sees the raw bytes (checksum, progress). */
async function* tokenChunks(path: string, onChunk?: (chunk: Buffer) => void): AsyncGenerator<Token[]> {
  const { sample } = await readSample(path, 64 * 1024);
  const { encoding } = detectEncoding(sample);
  const decoder = iconv.getDecoder(encoding === 'utf-8' ? 'utf8' : 'win1252', { stripBOM: true });
  const parse = jsonParser({ packValues: true, streamValues: false });
  const tokens = (out: ReturnType<typeof parse>): Token[] => (isMany(out) ? (getManyValues(out) as Token[]) : out === none ? [] : [out as Token]);
  const source = createReadStream(path, { highWaterMark: 64 * 1024 });
  try {
    for await (const raw of source) {
      onChunk?.(raw as Buffer);
      const text = decoder.write(raw as Buffer);
      if (text) yield parseOrFail(() => tokens(parse(text)));
    }
    const rest = decoder.end() ?? '';
    const last = parseOrFail(() => [...(rest ? tokens(parse(rest)) : []), ...tokens(parse(none as unknown as string))]);
    if (last.length > 0) yield last;
  } finally {
    source.destroy();
  }
}

function parseOrFail<T>(f: () => T): T {
  try {
    return f();
  } catch (e) {
    throw new JsonSourceError((e as Error).message);
  }
}

const tooBig = () => new JsonSourceError(`a record has more than ${JSON_RECORD_MAX_VALUES} values / en post har flere end ${JSON_RECORD_MAX_VALUES} værdier`);
const tooDeep = () => new JsonSourceError(`nested deeper than ${JSON_MAX_DEPTH} levels / mere end ${JSON_MAX_DEPTH} niveauer dybt`);

/** Builds one value from tokens, counting its scalars (bounded by JSON_RECORD_MAX_VALUES) and depth. */
class BoundedValue {
  private readonly asm = new Assembler();
  private values = 0;
  /** Feeds a token; returns true when the value is complete. */
  take(t: Token): boolean {
    if (t.name === 'startObject' || t.name === 'startArray') {
      if (this.asm.depth >= JSON_MAX_DEPTH) throw tooDeep();
    } else if (t.name !== 'endObject' && t.name !== 'endArray' && ++this.values > JSON_RECORD_MAX_VALUES) throw tooBig();
    this.asm.consume(t);
    return this.asm.done || this.asm.depth === 0;
  }
  get value(): unknown {
    return this.asm.current;
  }
}

const isScalar = (t: Token) => t.name === 'stringValue' || t.name === 'numberValue' || t.name === 'nullValue' || t.name === 'trueValue' || t.name === 'falseValue';

/**
 * Walks a document's tokens, pull-based (the next file chunk is read only when the caller asks for more):
 * top-level members that are not arrays are assembled (bounded) and handed to `member`; the items of each
 * top-level array — or of the document when it is an array — that `wanted` accepts are yielded, a parsed chunk's
 * worth at a time (the others are skipped token by token). The walk's result is the document's top-level type.
 */
async function* walk(
  path: string,
  handlers: {
    onChunk?: (chunk: Buffer) => void;
    /** Called at a top-level array: its key (null for a top-level array document) and whether its first item is an object; true = deliver its items. */
    wanted: (key: string | null, firstIsObject: boolean) => boolean;
    member?: (key: string, value: unknown) => void;
  },
): AsyncGenerator<unknown[], 'object' | 'array' | 'other'> {
  let top: 'object' | 'array' | 'other' | null = null;
  let depth = 0;
  let key: string | null = null;
  // The array being read at depth 1 (or the document array): null = not in one; pending = its first token not seen.
  let inArray: { key: string | null; deliver: boolean; pending: boolean } | null = null;
  let building: BoundedValue | null = null;
  let buildingFor: 'item' | 'member' = 'item';
  for await (const chunk of tokenChunks(path, handlers.onChunk)) {
    const items: unknown[] = [];
    for (const t of chunk) {
      if (building) {
        if (building.take(t)) {
          const v = building.value;
          building = null;
          if (buildingFor === 'member') handlers.member?.(key!, v);
          else items.push(v);
        }
        continue;
      }
      if (top === null) {
        top = t.name === 'startObject' ? 'object' : t.name === 'startArray' ? 'array' : 'other';
        if (top === 'other') continue;
        depth = 1;
        if (top === 'array') inArray = { key: null, deliver: false, pending: true };
        continue;
      }
      if (inArray && depth === (top === 'array' ? 1 : 2)) {
        if (inArray.pending) {
          inArray.pending = false;
          inArray.deliver = handlers.wanted(inArray.key, t.name === 'startObject');
        }
        if (t.name === 'endArray') {
          inArray = null;
          depth -= 1;
          continue;
        }
        if (inArray.deliver) {
          if (isScalar(t)) items.push((t as { value: unknown }).value);
          else {
            building = new BoundedValue();
            buildingFor = 'item';
            building.take(t);
          }
          continue;
        }
      }
      if (top === 'object' && depth === 1) {
        if (t.name === 'keyValue') {
          key = t.value;
          continue;
        }
        if (t.name === 'startArray') {
          depth = 2;
          inArray = { key, deliver: false, pending: true };
          continue;
        }
        if (t.name === 'endObject') {
          depth = 0;
          continue;
        }
        if (isScalar(t)) handlers.member?.(key!, (t as { value: unknown }).value);
        else {
          building = new BoundedValue();
          buildingFor = 'member';
          building.take(t);
        }
        continue;
      }
      // Skipped content (items of an array not wanted): only the depth matters.
      if (t.name === 'startObject' || t.name === 'startArray') {
        if (++depth > JSON_MAX_DEPTH) throw tooDeep();
      } else if (t.name === 'endObject' || t.name === 'endArray') depth -= 1;
    }
    if (items.length > 0) yield items;
  }
  return top ?? 'other';
}

/** Runs a walk to its end, dropping what it yields; returns its result. */
async function walkAll(w: AsyncGenerator<unknown[], 'object' | 'array' | 'other'>): Promise<'object' | 'array' | 'other'> {
  for (;;) {
    const r = await w.next();
    if (r.done) return r.value;
  }
}

/**
 * Reads the whole document once without keeping it: checks it is JSON of records, finds where they are, the
 * GeoJSON `crs` (wherever it stands) and the checksum. Throws JsonSourceError.
 */
export async function scanJson(path: string, onChunk?: (chunk: Buffer) => void): Promise<JsonScan> {
  const hash = createHash('sha256');
  let bytes = 0;
  const members: JsonRecord = {};
  let features = false;
  let firstObjects: string | null = null;
  let firstAny: string | null = null;
  const top = await walkAll(
    walk(path, {
      onChunk: (c) => {
        hash.update(c);
        bytes += c.length;
        onChunk?.(c);
      },
      wanted: (key, firstIsObject) => {
        if (key === null) return false;
        if (key === 'features') features = true;
        if (firstIsObject && firstObjects === null) firstObjects = key;
        if (firstAny === null) firstAny = key;
        return false;
      },
      member: (key, value) => {
        if (key === 'type' || key === 'crs' || key === 'id' || key === 'properties' || key === 'geometry') members[key] = value;
      },
    }),
  );
  const done = (layout: JsonLayout): JsonScan => ({ layout, crsSrid: sridFromCrs(members.crs), sha256: hash.digest('hex'), bytes });
  if (top === 'array') return done({ kind: 'array' });
  if (top === 'object') {
    if (features) return done({ kind: 'member', key: 'features' });
    if (members.type === 'Feature') return done({ kind: 'single', record: flattenRecord(members) });
    const key = firstObjects ?? firstAny;
    if (key !== null) return done({ kind: 'member', key });
  }
  throw new JsonSourceError('no array of records / ingen liste af poster');
}

/** The records of a scanned document in batches (one parsed chunk each), flattened; memory: one chunk of records. */
export async function* jsonRecordBatches(path: string, layout: JsonLayout, onChunk?: (chunk: Buffer) => void): AsyncGenerator<JsonRecord[]> {
  if (layout.kind === 'single') {
    yield [layout.record];
    return;
  }
  const want = layout.kind === 'array' ? null : layout.key;
  let taken = false;
  // Only the first array under the key counts (a key repeated in the object is not read twice).
  const w = walk(path, { onChunk, wanted: (key) => key === want && !taken && (taken = true) });
  for (;;) {
    const r = await w.next();
    if (r.done) return;
    yield r.value.map(flattenRecord);
  }
}

/** Property names of the first `n` records, in first-seen order (the import's header), and how many records were read. */
export async function jsonKeys(path: string, layout: JsonLayout, n = 1000): Promise<{ keys: string[]; records: number }> {
  const keys: string[] = [];
  const seen = new Set<string>();
  let count = 0;
  for await (const batch of jsonRecordBatches(path, layout)) {
    for (const r of batch) {
      for (const k of Object.keys(r)) {
        if (seen.has(k)) continue;
        seen.add(k);
        keys.push(k);
      }
      if (++count >= n) return { keys, records: count };
    }
  }
  return { keys, records: count };
}

/**
 * The first `n` records of a document, read only as far as they go (the upload preview): the array of records
 * is the document, its `features`, or the first array of objects it holds (none found: no records; the import
 * then says why). Throws JsonSourceError for text that is not JSON.
 */
export async function jsonHead(path: string, n: number): Promise<{ keys: string[]; records: JsonRecord[] }> {
  const records: JsonRecord[] = [];
  const members: JsonRecord = {};
  let chosen: string | null | undefined;
  const w = walk(path, {
    wanted: (key, firstIsObject) => {
      if (chosen !== undefined) return false;
      if (key === null || key === 'features' || firstIsObject) {
        chosen = key;
        return true;
      }
      return false;
    },
    member: (key, value) => {
      if (key === 'type' || key === 'id' || key === 'properties' || key === 'geometry') members[key] = value;
    },
  });
  let top: 'object' | 'array' | 'other' | undefined;
  while (records.length < n) {
    const r = await w.next();
    if (r.done) {
      top = r.value;
      break;
    }
    for (const v of r.value) if (records.length < n) records.push(flattenRecord(v));
  }
  await w.return('other');
  if (chosen === undefined && top === 'object' && members.type === 'Feature') records.push(flattenRecord(members));
  const keys: string[] = [];
  const seen = new Set<string>();
  for (const r of records) {
    for (const k of Object.keys(r)) {
      if (seen.has(k)) continue;
      seen.add(k);
      keys.push(k);
    }
  }
  return { keys, records };
}

/** A JSON value as the text a field reader expects (objects as JSON); undefined when empty. */
export function jsonText(v: unknown): string | undefined {
  if (v === null || v === undefined) return undefined;
  if (typeof v === 'object') return JSON.stringify(v);
  const t = String(v).trim();
  return t === '' ? undefined : t;
}
