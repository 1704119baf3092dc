import { gzipSync } from 'node:zlib';
import { zxyToTileId } from 'pmtiles';

// Writes a PMTiles v3 archive (https://github.com/protomaps/PMTiles/blob/main/spec/v3/spec.md) from tiles in
// memory. The `pmtiles` package reads archives but does not write them, and the `pmtiles` CLI is a Go binary the
// product may not download; an archive of a few hundred demo tiles needs only the root directory, so this is
// the whole writer: a 127-byte header, a gzip-compressed root directory, JSON metadata and the tiles in
// tile-id order (a "clustered" archive). Archives too big for one root directory are refused, not truncated.

export interface ArchiveTile {
  z: number;
  x: number;
  y: number;
  /** The tile's bytes, already compressed as `tileCompression` says. */
  data: Uint8Array;
}

export interface ArchiveOptions {
  minZoom: number;
  maxZoom: number;
  /** [west, south, east, north] in degrees. */
  bounds: [number, number, number, number];
  center: [number, number, number];
  /** Written as the archive's JSON metadata (vector_layers, attribution, …). */
  metadata: Record<string, unknown>;
}

const HEADER_BYTES = 127;
/** The spec keeps header + root directory within the first 16 KiB, so a reader gets both in one request. */
const ROOT_LIMIT_BYTES = 16_384 - HEADER_BYTES;
const COMPRESSION_GZIP = 2;
const TILE_TYPE_MVT = 1;

function varints(values: number[]): Uint8Array {
  const out: number[] = [];
  for (let v of values) {
    while (v >= 0x80) {
      out.push((v % 0x80) | 0x80);
      v = Math.floor(v / 0x80);
    }
    out.push(v);
  }
  return Uint8Array.from(out);
}

interface Entry { tileId: number; offset: number; length: number; runLength: number }

/** The directory as the spec serialises it: count, then tile-id deltas, run lengths, lengths, offsets (0 = contiguous). */
function serialiseDirectory(entries: Entry[]): Uint8Array {
  const values: number[] = [entries.length];
  let last = 0;
  for (const e of entries) {
    values.push(e.tileId - last);
    last = e.tileId;
  }
  for (const e of entries) values.push(e.runLength);
  for (const e of entries) values.push(e.length);
  entries.forEach((e, i) => values.push(i > 0 && e.offset === entries[i - 1].offset + entries[i - 1].length ? 0 : e.offset + 1));
  return varints(values);
}

/** A PMTiles v3 archive of gzip-compressed MVT tiles. */
export function writePmtiles(tiles: ArchiveTile[], options: ArchiveOptions): Buffer {
  const sorted = tiles.map((t) => ({ ...t, tileId: zxyToTileId(t.z, t.x, t.y) })).sort((a, b) => a.tileId - b.tileId);
  const entries: Entry[] = [];
  let offset = 0;
  for (const t of sorted) {
    entries.push({ tileId: t.tileId, offset, length: t.data.length, runLength: 1 });
    offset += t.data.length;
  }
  const root = gzipSync(serialiseDirectory(entries));
  if (root.length > ROOT_LIMIT_BYTES) throw new Error(`${tiles.length} tiles need leaf directories, which this writer does not make`);
  const metadata = gzipSync(Buffer.from(JSON.stringify(options.metadata)));
  const tileData = Buffer.concat(sorted.map((t) => t.data));

  const header = Buffer.alloc(HEADER_BYTES);
  header.write('PMTiles', 0, 'ascii');
  header.writeUInt8(3, 7);
  const rootOffset = HEADER_BYTES;
  const metadataOffset = rootOffset + root.length;
  const tileOffset = metadataOffset + metadata.length;
  const u64 = (value: number, at: number) => header.writeBigUInt64LE(BigInt(value), at);
  u64(rootOffset, 8);
  u64(root.length, 16);
  u64(metadataOffset, 24);
  u64(metadata.length, 32);
  u64(tileOffset, 40); // no leaf directories: offset of an empty section
  u64(0, 48);
  u64(tileOffset, 56);
  u64(tileData.length, 64);
  u64(sorted.length, 72); // addressed tiles
  u64(entries.length, 80); // tile entries
  u64(sorted.length, 88); // tile contents
  header.writeUInt8(1, 96); // clustered: tiles in tile-id order
  header.writeUInt8(COMPRESSION_GZIP, 97); // directories and metadata
  header.writeUInt8(COMPRESSION_GZIP, 98); // tiles
  header.writeUInt8(TILE_TYPE_MVT, 99);
  header.writeUInt8(options.minZoom, 100);
  header.writeUInt8(options.maxZoom, 101);
  const e7 = (deg: number) => Math.round(deg * 1e7);
  const [w, s, e, n] = options.bounds;
  header.writeInt32LE(e7(w), 102);
  header.writeInt32LE(e7(s), 106);
  header.writeInt32LE(e7(e), 110);
  header.writeInt32LE(e7(n), 114);
  header.writeUInt8(options.center[2], 118);
  header.writeInt32LE(e7(options.center[0]), 119);
  header.writeInt32LE(e7(options.center[1]), 123);
  return Buffer.concat([header, root, metadata, tileData]);
}
