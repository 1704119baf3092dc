// The hourly aggregates the importer computes while it reads a file (lib/imports/kinds/occupancy.ts, direct
// path), kept in a temp file as binary COPY rows of occupancy_hourly (sensor_id, hour, avg_value, max_value,
// n_readings): COPYed into the table as they are, and read back in Node to derive the daily and usage rollups
// of the days the file covers whole (lib/occupancy/derive-days.ts). Every row has the same 58 bytes.
import type { Readable } from 'node:stream';
import { BinaryRows, COPY_BINARY_HEADER } from '@/lib/db/copy-binary';

export const HOURLY_ROW_BYTES = 58;
const PG_EPOCH_MS = 946_684_800_000;
const TWO_32 = 4_294_967_296;

/** Appends one hourly row. */
export function writeHourlyRow(out: BinaryRows, sensor: Buffer, hourMs: number, avg: number, max: number, n: number): void {
  out.reserve(HOURLY_ROW_BYTES);
  out.row(5);
  out.uuid(sensor);
  out.timestamptz(hourMs);
  out.float4(avg);
  out.float4(max);
  out.int4(n);
}

/**
 * Calls `row` for every hourly row of a file written with COPY_BINARY_HEADER, writeHourlyRow()… and the trailer.
 * `sensor` is the row's sensor id as 32 hex digits, and the same string object while consecutive rows share
 * their sensor (compare with === to notice a change cheaply).
 */
export async function readHourlyFile(
  stream: Readable,
  row: (sensor: string, hourMs: number, avg: number, max: number, n: number) => void,
  /** Awaited after each chunk of the file (back-pressure for whoever consumes the rows). */
  afterChunk?: () => Promise<void>,
): Promise<number> {
  // Rows cut by a chunk boundary: the carried bytes and the next chunk go into one reused work buffer.
  let work = Buffer.alloc(1 << 17);
  let carried = 0;
  let headerLeft = COPY_BINARY_HEADER.length;
  // The previous row's sensor id as four 32-bit words: a change is noticed without a call per row.
  let p0 = 0;
  let p1 = 0;
  let p2 = 0;
  let p3 = 0;
  let key = '';
  let rows = 0;
  for await (const chunk of stream) {
    const c = chunk as Buffer;
    let b: Buffer;
    if (carried === 0) b = c;
    else {
      if (carried + c.length > work.length) {
        const bigger = Buffer.alloc(carried + c.length);
        work.copy(bigger, 0, 0, carried);
        work = bigger;
      }
      c.copy(work, carried);
      b = work.subarray(0, carried + c.length);
    }
    if (headerLeft > 0) {
      const skip = Math.min(headerLeft, b.length);
      headerLeft -= skip;
      b = b.subarray(skip);
    }
    let o = 0;
    while (o + HOURLY_ROW_BYTES <= b.length) {
      if (b.readInt16BE(o) !== 5) break; // the trailer (−1)
      const w0 = b.readInt32BE(o + 6);
      const w1 = b.readInt32BE(o + 10);
      const w2 = b.readInt32BE(o + 14);
      const w3 = b.readInt32BE(o + 18);
      if (key === '' || w0 !== p0 || w1 !== p1 || w2 !== p2 || w3 !== p3) {
        p0 = w0;
        p1 = w1;
        p2 = w2;
        p3 = w3;
        key = b.toString('hex', o + 6, o + 22);
      }
      const us = b.readInt32BE(o + 26) * TWO_32 + b.readUInt32BE(o + 30);
      row(key, us / 1000 + PG_EPOCH_MS, b.readFloatBE(o + 38), b.readFloatBE(o + 46), b.readInt32BE(o + 54));
      rows += 1;
      o += HOURLY_ROW_BYTES;
    }
    carried = b.length - o;
    b.copy(work, 0, o); // within `work` when b is `work`: copy() handles the overlap (memmove)
    if (afterChunk) await afterChunk();
  }
  return rows;
}
