// Stage 4 of the import pipeline — write: valid rows go into the database by COPY as they are read, overlapped with
// parsing. Two ways in: the stage (an unindexed temp table, text COPY, merged later) or — for a kind with a direct
// path (occupancy) — binary COPY straight into the real table, with barriers (e.g. a month's partition created
// between COPY statements) and a fallback to the stage when a key repeats (DirectFallback; the import re-reads the
// file). Writes wait for the server to take the data (back-pressure), so memory stays bounded.
import { once } from 'node:events';
import { finished } from 'node:stream/promises';
import type { PoolClient } from 'pg';
import { from as copyFrom, type CopyStreamQuery } from 'pg-copy-streams';
import { COPY_BINARY_HEADER, COPY_BINARY_TRAILER } from '@/lib/db/copy-binary';
import type { DirectCopy } from '../kinds/types';

/** The direct COPY met a unique violation (a key repeated in the file or already stored): redo via the stage. */
export class DirectFallback extends Error {}

export interface CopyWriterInput {
  client: PoolClient;
  /** The staging table's columns in COPY order (the stage path). */
  stageColumns: Array<[name: string, type: string]>;
  /** The kind's direct path, when it is taken; else rows go to the stage. */
  direct?: DirectCopy;
}

/** Text rows below this many characters are collected before they are sent (the stage path). */
const SEND_CHARS = 1 << 16;

/** Writes one file's valid rows; create with {@link openCopyWriter}, end with close(). */
export class CopyWriter {
  private copy!: CopyStreamQuery;
  private copyDone!: Promise<void>;
  private buf = '';
  private writing = true;

  constructor(private readonly client: PoolClient, private readonly target: string, readonly direct: DirectCopy | undefined) {}

  /** False once the direct path stopped writing (the file will be rejected: it is only validated from then on). */
  get isWriting(): boolean {
    return this.writing;
  }

  /** The direct path: write nothing more (the rest of the file is only validated). */
  stopWriting(): void {
    this.writing = false;
  }

  start(): void {
    this.copy = this.client.query(copyFrom(`COPY ${this.target} FROM STDIN${this.direct ? ' (FORMAT binary)' : ''}`));
    this.copyDone = finished(this.copy);
    this.copyDone.catch(() => undefined);
    if (this.direct) this.copy.write(COPY_BINARY_HEADER);
  }

  /**
   * One valid row's text (the stage's COPY line; '' on the direct path, whose rows the kind encodes itself). Returns
   * a promise only when the row must wait for a barrier (await it before the next row), else null — no await per row.
   */
  row(text: string): Promise<void> | null {
    const barrier = this.direct?.takeBarrier();
    if (barrier) return this.passBarrier(barrier, text);
    this.buf += text;
    return null;
  }

  /** After each batch of records: send what is ready. */
  async batchDone(): Promise<void> {
    if (this.direct) {
      const rows = this.direct.take();
      if (rows && this.writing) await this.send(rows);
    } else if (this.buf.length >= SEND_CHARS) {
      await this.send(this.buf);
      this.buf = '';
    }
  }

  /** The file is read: the last rows go, the COPY ends (a unique violation on the direct path → DirectFallback). */
  async close(): Promise<void> {
    await this.endCopy(true);
  }

  private async passBarrier(barrier: (client: PoolClient) => Promise<unknown>, text: string): Promise<void> {
    // Before a barrier the held-back rows must wait: they may include the one that needs it (its month's partition).
    await this.endCopy(false);
    await barrier(this.client);
    this.start();
    this.buf += text;
  }

  private async endCopy(final: boolean): Promise<void> {
    if (this.direct) {
      const last = final && this.writing ? this.direct.flush() : null;
      if (last) await this.send(last);
      this.copy.end(COPY_BINARY_TRAILER);
    } else this.copy.end(this.buf);
    this.buf = '';
    await this.copyDone.catch(this.copyFailed);
  }

  /** Writes with back-pressure: waits for the server to take the data; a failed COPY ends the wait with its error. */
  private async send(data: string | Buffer): Promise<void> {
    if (data.length > 0 && !this.copy.write(data)) await Promise.race([once(this.copy, 'drain'), this.copyDone.then(() => undefined, this.copyFailed)]);
  }

  /** A COPY error on the direct path that the stage path handles (unique violation) becomes a fallback. */
  private copyFailed = (e: unknown): never => {
    if (this.direct && (e as { code?: string }).code === '23505') throw new DirectFallback();
    throw e;
  };
}

/** Opens the file's COPY: into the real table (direct; other imports of the organisation wait from now) or a new stage. */
export async function openCopyWriter({ client, stageColumns, direct }: CopyWriterInput, organisationId: string): Promise<CopyWriter> {
  if (direct) await client.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`areal-import:${organisationId}`]);
  else await client.query(`CREATE TEMP TABLE stage (${stageColumns.map(([n, t]) => `${n} ${t}`).join(', ')}) ON COMMIT DROP`);
  const target = direct ? direct.target : `stage (${stageColumns.map(([n]) => n).join(', ')})`;
  return new CopyWriter(client, target, direct);
}
