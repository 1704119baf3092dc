import { pipeline } from 'node:stream/promises';
import { Readable } from 'node:stream';
import type { ClientBase } from 'pg';
import { from as copyFrom } from 'pg-copy-streams';

type Cell = string | number | boolean | null | undefined | object;

/** One COPY text-format field: \N for null, JSON for objects, tabs/newlines/backslashes escaped. */
export function copyField(value: Cell): string {
  if (value === null || value === undefined) return '\\N';
  const s = typeof value === 'object' ? JSON.stringify(value) : String(value);
  return s.replace(/\\/g, '\\\\').replace(/\t/g, '\\t').replace(/\n/g, '\\n').replace(/\r/g, '\\r');
}

export function copyLine(values: Cell[]): string {
  return `${values.map(copyField).join('\t')}\n`;
}

/** Streams lines (or chunks of lines) into `COPY table (columns) FROM STDIN` on the client's connection. */
export async function copyInto(client: ClientBase, table: string, columns: string[], lines: Iterable<string>): Promise<void> {
  const stream = client.query(copyFrom(`COPY ${table} (${columns.join(', ')}) FROM STDIN`));
  await pipeline(Readable.from(lines, { objectMode: false }), stream);
}
