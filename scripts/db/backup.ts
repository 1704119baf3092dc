// npm run db:backup [-- --out <dir>] — a compressed custom-format dump (pg_dump -Fc) of the configured database
// to backups/<UTC timestamp>.dump (git-ignored). Restore with `npm run db:restore -- <file>`.
import { parseArgs } from 'node:util';
import { pathToFileURL } from 'node:url';
import { env } from '@/lib/config/env';
import { backupDatabase } from '@/lib/db/backup';

export { backupFileName, backupDatabase } from '@/lib/db/backup';
export type { BackupOptions } from '@/lib/db/backup';

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
