// npm run db:backup [-- --out <dir>] — a compressed custom-format dump (pg_dump -Fc) of the configured database
// to backups/<UTC timestamp>.dump (git-ignored). Restore with `npm run db:restore -- <file>`.
import { parseArgs } from 'node:util';
import { spawnSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { env } from '@/lib/config/env';

export interface BackupOptions {
  /** postgresql:// URL of the database to dump. */
  url: string;
  outDir?: string;
  /** Dump only this schema (tests); otherwise everything except leftover test schemas (t_*). */
  schema?: string;
  now?: Date;
}

/** File name for a backup taken at `now`: 2026-11-23T08-15-00Z.dump (sorts by time). */
export function backupFileName(now: Date): string {
  return `${now.toISOString().replace(/\.\d{3}Z$/, 'Z').replace(/:/g, '-')}.dump`;
}

/** Runs pg_dump -Fc into outDir; returns the path of the dump file. */
export function backupDatabase({ url, outDir = 'backups', schema, now = new Date() }: BackupOptions): string {
  mkdirSync(outDir, { recursive: true });
  const file = path.join(outDir, backupFileName(now));
  const scope = schema ? ['--schema', schema] : ['--exclude-schema', 't_*'];
  const result = spawnSync('pg_dump', ['--format=custom', '--no-owner', '--no-privileges', ...scope, '--file', file, '--dbname', url], {
    stdio: ['ignore', 'inherit', 'pipe'],
    encoding: 'utf8',
  });
  if (result.error) throw new Error(`pg_dump could not run (${result.error.message}); install the PostgreSQL client tools`);
  if (result.status !== 0) throw new Error(`pg_dump failed: ${result.stderr.trim()}`);
  return file;
}

function main() {
  const { values } = parseArgs({ options: { out: { type: 'string', default: 'backups' } } });
  const outDir = values.out;
  const started = Date.now();
  const file = backupDatabase({ url: env().DATABASE_URL, outDir });
  console.log(`[db:backup] ${file} (${((Date.now() - started) / 1000).toFixed(1)} s)`);
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  try {
    main();
  } catch (error) {
    console.error(`[db:backup] ${(error as Error).message}`);
    process.exit(1);
  }
}
