// The importer's hourly temp file: binary COPY rows written by writeHourlyRow() and read back by readHourlyFile()
// however the file arrives in chunks (rows cut anywhere), with the values the server would store.
import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { BinaryRows, COPY_BINARY_HEADER, COPY_BINARY_TRAILER, uuidBytes } from '@/lib/db/copy-binary';
import { HOURLY_ROW_BYTES, readHourlyFile, writeHourlyRow } from '@/lib/occupancy/hourly-file';

const SENSORS = ['0b0e8f3c-5a1d-4a58-9a53-0d7c3b1e2f40', 'ffffffff-0000-4000-8000-000000000001', '12345678-9abc-4def-8123-456789abcdef'];

function file(rows: Array<[number, number, number, number, number]>): Buffer {
  const out = new BinaryRows(64);
  for (const [s, hour, avg, max, n] of rows) writeHourlyRow(out, uuidBytes(SENSORS[s]), hour, avg, max, n);
  return Buffer.concat([COPY_BINARY_HEADER, out.take(), COPY_BINARY_TRAILER]);
}

/** A seeded split of a buffer into chunks of 1..maxChunk bytes. */
function chunks(b: Buffer, maxChunk: number, seed: number): Buffer[] {
  const out: Buffer[] = [];
  let x = seed;
  for (let o = 0; o < b.length; ) {
    x = (x * 1103515245 + 12345) % 2 ** 31;
    const size = 1 + (x % maxChunk);
    out.push(b.subarray(o, o + size));
    o += size;
  }
  return out;
}

describe('hourly file', () => {
  const rows: Array<[number, number, number, number, number]> = [];
  for (let k = 0; k < 500; k++) {
    // Hours before and after 2000-01-01 (the server's epoch: negative and positive microseconds).
    const hour = Date.UTC(1999, 11, 31, 20) + k * 3_600_000;
    rows.push([k % 3, hour, (k % 17) / 4, k % 17, 1 + (k % 4)]);
  }
  const bytes = file(rows);

  it('has a fixed row size', () => {
    expect(bytes.length).toBe(COPY_BINARY_HEADER.length + rows.length * HOURLY_ROW_BYTES + COPY_BINARY_TRAILER.length);
  });

  it.each([
    ['whole', bytes.length, 1],
    ['tiny chunks', 7, 2],
    ['chunks around a row', 120, 3],
    ['64 KB chunks', 65_536, 4],
  ])('reads back every row from %s', async (_name, maxChunk, seed) => {
    const seen: Array<[number, number, number, number, number]> = [];
    const n = await readHourlyFile(Readable.from(chunks(bytes, maxChunk, seed)), (sensor, hour, avg, max, count) => {
      seen.push([SENSORS.findIndex((s) => s.replace(/-/g, '') === sensor), hour, avg, max, count]);
    });
    expect(n).toBe(rows.length);
    expect(seen).toEqual(rows.map(([s, h, a, m, c]) => [s, h, Math.fround(a), Math.fround(m), c]));
  });

  it('stores real values as the server rounds them', async () => {
    const seen: number[] = [];
    await readHourlyFile(Readable.from([file([[0, 0, 0.1, 1 / 3, 3]])]), (_s, _h, avg, max) => seen.push(avg, max));
    expect(seen).toEqual([Math.fround(0.1), Math.fround(1 / 3)]);
  });
});
