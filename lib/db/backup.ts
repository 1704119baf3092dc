// pg_dump of the database: used by `npm run db:backup` and by the scheduled upkeep (lib/jobs/upkeep.ts).
import { spawnSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import path from 'node:path';

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

