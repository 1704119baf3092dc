// npm run db:restore -- <file> [--into <postgresql-url>] [--create <database-name>] [--force]
//   <file> alone      restores into the configured DATABASE_URL; refuses when it already has tables, unless --force
//                     (then objects in the dump are dropped and recreated: --clean --if-exists).
//   --create <name>   creates an empty database <name> on the same server and restores into it.
//   --into <url>      restores into that (empty) database.
import { parseArgs } from 'node:util';
import { pathToFileURL } from 'node:url';
import { env } from '@/lib/config/env';
import { createEmptyDatabase, restoreDatabase } from '@/lib/db/restore';

export { databaseUrl, createEmptyDatabase, countUserTables, restoreDatabase } from '@/lib/db/restore';
export type { RestoreOptions } from '@/lib/db/restore';

async function main() {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: { into: { type: 'string' }, create: { type: 'string' }, force: { type: 'boolean', default: false } },
  });
  const file = positionals[0];
  if (!file || positionals.length > 1) throw new Error('usage: npm run db:restore -- <file.dump> [--into <url> | --create <name>] [--force]');
  const url = values.create ? await createEmptyDatabase(env().DATABASE_URL, values.create) : (values.into ?? env().DATABASE_URL);
  const started = Date.now();
  await restoreDatabase({ file, url, force: values.force });
  console.log(`[db:restore] ${file} → ${new URL(url).pathname.slice(1)} (${((Date.now() - started) / 1000).toFixed(1)} s)`);
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  main().catch((error) => {
    console.error(`[db:restore] ${(error as Error).message}`);
    process.exit(1);
  });
}
