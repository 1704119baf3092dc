import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { ClientBase } from 'pg';
import { from as copyFrom } from 'pg-copy-streams';

// COPY ... FROM STDIN (text format) on an open client: the only way the demo loads bulk rows.

type Cell = string | number | boolean | null | undefined | object;

/** One COPY text-format field: \N for null, JSON for objects, backslash/tab/newline escaped. */
export function copyField(value: Cell): string {
  if (value === null || value === undefined) return '\\N';
  const s = typeof value === 'object' ? JSON.stringify(value) : String(value);
  return s.replace(/\\/g, '\\\\').replace(/\t/g, '\\t').replace(/\n/g, '\\n').replace(/\r/g, '\\r');
}

/** One COPY text-format line (tab-separated, newline-terminated). */
export function copyLine(values: Cell[]): string {
  return `${values.map(copyField).join('\t')}\n`;
}

/** Streams text chunks into `COPY table (columns) FROM STDIN`. Table and column names are code constants, never input. */
export async function copyInto(client: ClientBase, table: string, columns: readonly string[], chunks: Iterable<string>): Promise<void> {
  const stream = client.query(copyFrom(`COPY ${table} (${columns.join(', ')}) FROM STDIN`));
  await pipeline(Readable.from(chunks, { objectMode: false }), stream);
}
