// npm run db:restore -- <file> [--into <postgresql-url>] [--create <database-name>] [--force]
//   <file> alone      restores into the configured DATABASE_URL; refuses when it already has tables, unless --force
//                     (then objects in the dump are dropped and recreated: --clean --if-exists).
//   --create <name>   creates an empty database <name> on the same server and restores into it.
//   --into <url>      restores into that (empty) database.
import { pathToFileURL } from 'node:url';
import { env } from '@/lib/config/env';
import { createEmptyDatabase, restoreDatabase } from '@/lib/db/restore';

export { databaseUrl, createEmptyDatabase, countUserTables, restoreDatabase } from '@/lib/db/restore';
export type { RestoreOptions } from '@/lib/db/restore';

async function main() {
  const args = process.argv.slice(2);
  const flag = (name: string) => {
    const i = args.indexOf(name);
    return i >= 0 ? args[i + 1] : undefined;
  };
  const file = args.find((a, i) => !a.startsWith('--') && !['--into', '--create'].includes(args[i - 1] ?? ''));
  if (!file) throw new Error('usage: npm run db:restore -- <file.dump> [--into <url> | --create <name>] [--force]');
  const create = flag('--create');
  const url = create ? await createEmptyDatabase(env().DATABASE_URL, create) : (flag('--into') ?? env().DATABASE_URL);
  const started = Date.now();
  await restoreDatabase({ file, url, force: args.includes('--force') });
  console.log(`[db:restore] ${file} → ${new URL(url).pathname.slice(1)} (${((Date.now() - started) / 1000).toFixed(1)} s)`);
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  main().catch((error) => {
    console.error(`[db:restore] ${(error as Error).message}`);
    process.exit(1);
  });
}
