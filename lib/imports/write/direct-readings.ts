// The write stage's direct path for occupancy readings: rows go straight into occupancy_reading as binary COPY,
// and the hourly aggregates are computed on the way for the derive stage.
//  - Rows are collected in a chunk of columns and sent sorted by sensor within the chunk (counting sort, stable, so
//    each sensor's rows keep their order). A time-ordered file puts every sensor in every chunk; sorted, each
//    sensor's rows go into its part of the primary key one run after another instead of one row each across all
//    sensors — measured 14.0 s instead of 16.3 s for 10 M rows, and binary instead of text 16.8 s instead of 22.7 s
//    (docs/performance.md § Ingest). Memory: one chunk (~8 MB) at a time.
//  - Each UTC month's partition must exist before its first row is written (else rows land in the default
//    partition): a new month becomes a barrier the COPY writer runs between COPY statements.
//  - Hourly aggregates (avg, max, count per sensor-hour): each sensor's readings strictly increase in such a file,
//    so an hour is complete when the sensor's next hour starts. They are written to an unlinked temp file as binary
//    COPY rows (lib/occupancy/hourly-file.ts), sorted by sensor per chunk like the readings, synchronously (a chunk
//    at a time, into the page cache): bounded memory without awaiting in the row loop.
import { randomUUID } from 'node:crypto';
import { closeSync, createReadStream, openSync, rmSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Readable } from 'node:stream';
import type { PoolClient } from 'pg';
import { HOURLY_ROW_BYTES, writeHourlyRow } from '@/lib/occupancy/hourly-file';
import { ensureReadingPartitions } from '@/lib/occupancy/partitions';
import { BinaryRows, COPY_BINARY_HEADER, COPY_BINARY_TRAILER } from '@/lib/db/copy-binary';
import { IMPOSSIBLE_FACTOR } from '../derive/sensor-quality';
import type { SensorIndex, SensorRec } from '../kinds/occupancy/sensors';

/** Rows per chunk of the direct path: sorted by sensor before they are sent (see encodeChunk). */
const CHUNK_ROWS = 1 << 17;
const HOURLY_CHUNK_ROWS = 1 << 16;
/** Bytes of one binary COPY reading row: field count, uuid, timestamptz, real with their lengths. */
const READING_ROW_BYTES = 2 + 4 + 16 + 4 + 8 + 4 + 4;

/** The file's hourly aggregates, complete: open() streams the binary COPY file from its start (any number of times). */
export interface HourlyFile {
  open(): Readable;
}

export class DirectReadings {
  /** Rows accepted on the direct path. */
  rows = 0;
  private monthLo = Infinity;
  private monthHi = -Infinity;
  private readonly monthsEnsured = new Set<number>();
  private pendingMonth: number | null = null;
  private readonly cSensor = new Int32Array(CHUNK_ROWS);
  private readonly cMs = new Float64Array(CHUNK_ROWS);
  private readonly cVal = new Float64Array(CHUNK_ROWS);
  private cN = 0;
  private readonly ready: Buffer[] = [];
  private hourlyFd: number | null = null;
  private readonly hSensor = new Int32Array(HOURLY_CHUNK_ROWS);
  private readonly hHour = new Float64Array(HOURLY_CHUNK_ROWS);
  private readonly hAvg = new Float64Array(HOURLY_CHUNK_ROWS);
  private readonly hMax = new Float64Array(HOURLY_CHUNK_ROWS);
  private readonly hCount = new Int32Array(HOURLY_CHUNK_ROWS);
  private hC = 0;

  constructor(private readonly sensors: () => SensorIndex, private readonly nowMs: () => number) {}

  /** Opens the hourly temp file: unlinked at once, it lives as long as the descriptor, so even a killed process leaves nothing. */
  open(): void {
    const at = path.join(tmpdir(), `areal-hourly-${randomUUID()}.bin`);
    this.hourlyFd = openSync(at, 'w+');
    rmSync(at);
    writeSync(this.hourlyFd, COPY_BINARY_HEADER);
  }

  /** One valid reading (its sensor's instants increase when the hourly file is to be used). */
  add(sensor: SensorRec, ms: number, value: number): void {
    if (!(ms >= this.monthLo && ms < this.monthHi)) {
      const d = new Date(ms);
      const y = d.getUTCFullYear();
      const m = d.getUTCMonth();
      this.monthLo = Date.UTC(y, m, 1);
      this.monthHi = Date.UTC(y, m + 1, 1);
      if (!this.monthsEnsured.has(y * 12 + m)) {
        this.monthsEnsured.add(y * 12 + m);
        this.pendingMonth = this.monthLo;
      }
    }
    this.rows += 1;
    const hour = ms - (((ms % 3_600_000) + 3_600_000) % 3_600_000);
    if (hour !== sensor.hHour) {
      if (sensor.hN > 0) this.emitHour(sensor);
      sensor.hHour = hour;
      sensor.hSum = 0;
      sensor.hMax = -Infinity;
      sensor.hN = 0;
    }
    // As stored: real (float4); PostgreSQL's avg(real) sums in float8.
    const v = Math.fround(value);
    sensor.hSum += v;
    if (v > sensor.hMax) sensor.hMax = v;
    sensor.hN += 1;
    const q = sensor.q;
    q.n += 1;
    if (ms < q.first) q.first = ms;
    if (ms > q.last) q.last = ms;
    if (sensor.capacity && sensor.kind === 'count' && v > IMPOSSIBLE_FACTOR * sensor.capacity) q.impossible += 1;
    const n = this.cN;
    this.cSensor[n] = sensor.idx;
    this.cMs[n] = ms;
    this.cVal[n] = value;
    this.cN = n + 1;
    if (this.cN === CHUNK_ROWS) this.ready.push(this.encodeChunk());
  }

  /** The binary rows ready so far, or null. */
  take(): Buffer | null {
    return this.ready.shift() ?? null;
  }

  /** The rest of the rows once the file is read, or null. */
  flush(): Buffer | null {
    if (this.cN > 0) this.ready.push(this.encodeChunk());
    return this.ready.length === 0 ? null : Buffer.concat(this.ready.splice(0));
  }

  /** The partition a new month needs before its first row is written, or null. */
  takeBarrier(): ((client: PoolClient) => Promise<unknown>) | null {
    if (this.pendingMonth === null) return null;
    const at = new Date(this.pendingMonth);
    this.pendingMonth = null;
    return (client) => ensureReadingPartitions(client, at, at, this.nowMs());
  }

  /** Ends the hourly file with every sensor's last hour; null when it was never opened. */
  finishHours(): HourlyFile | null {
    const fd = this.hourlyFd;
    if (fd === null) return null;
    for (const s of this.sensors().byIdx) if (s.touched && s.hN > 0) this.emitHour(s);
    this.flushHours();
    writeSync(fd, COPY_BINARY_TRAILER);
    return { open: () => createReadStream('', { fd, start: 0, autoClose: false }) };
  }

  /** Closes the hourly file (once the import is over). */
  dispose(): void {
    if (this.hourlyFd !== null) closeSync(this.hourlyFd);
    this.hourlyFd = null;
  }

  /** Positions 0..n−1 of a chunk ordered by sensor index (stable). */
  private bySensor(col: Int32Array, n: number): Int32Array {
    const sensors = this.sensors().byIdx.length;
    const start = new Int32Array(sensors + 1);
    for (let i = 0; i < n; i++) start[col[i] + 1] += 1;
    for (let k = 1; k <= sensors; k++) start[k] += start[k - 1];
    const order = new Int32Array(n);
    for (let i = 0; i < n; i++) order[start[col[i]]++] = i;
    return order;
  }

  private encodeChunk(): Buffer {
    const index = this.sensors();
    const order = this.bySensor(this.cSensor, this.cN);
    const out = new BinaryRows(this.cN * READING_ROW_BYTES);
    for (let j = 0; j < this.cN; j++) {
      const i = order[j];
      out.row(3);
      out.uuid(index.bytesOf(index.byIdx[this.cSensor[i]]));
      out.timestamptz(this.cMs[i]);
      out.float4(this.cVal[i]);
    }
    this.cN = 0;
    return out.finish();
  }

  private flushHours(): void {
    if (this.hC === 0) return;
    const index = this.sensors();
    const order = this.bySensor(this.hSensor, this.hC);
    const out = new BinaryRows(this.hC * HOURLY_ROW_BYTES);
    for (let j = 0; j < this.hC; j++) {
      const i = order[j];
      writeHourlyRow(out, index.bytesOf(index.byIdx[this.hSensor[i]]), this.hHour[i], this.hAvg[i], this.hMax[i], this.hCount[i]);
    }
    writeSync(this.hourlyFd!, out.finish());
    this.hC = 0;
  }

  private emitHour(s: SensorRec): void {
    const k = this.hC;
    this.hSensor[k] = s.idx;
    this.hHour[k] = s.hHour;
    this.hAvg[k] = Math.fround(s.hSum / s.hN);
    this.hMax[k] = s.hMax;
    this.hCount[k] = s.hN;
    this.hC = k + 1;
    if (this.hC === HOURLY_CHUNK_ROWS) this.flushHours();
  }
}
