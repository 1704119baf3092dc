// Database maintenance for the readings table — run daily (cron / systemd timer) or by hand:
//   npx tsx scripts/db/maintain.ts [--ahead 3] [--retention-months 24] [--dry-run]
// 1. creates monthly occupancy_reading partitions from this month to --ahead months ahead;
// 2. with --retention-months N (or AREAL_READING_RETENTION_MONTHS), drops raw-reading months older than N
//    months after refreshing their hourly and daily rollups — the rollups stay. Without it nothing is dropped.
import { Client } from 'pg';
import { env } from '@/lib/config/env';
import { dropExpiredReadingPartitions, ensurePartitionsAhead, listReadingPartitions } from '@/lib/occupancy/partitions';

function flag(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  if (i < 0) return undefined;
  const next = process.argv[i + 1];
  return next && !next.startsWith('--') ? next : 'true';
}

function wholeNumber(name: string, raw: string | undefined): number | undefined {
  if (raw === undefined) return undefined;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 0) throw new Error(`--${name} must be a whole number, got ${raw}`);
  return n;
}

async function main() {
  const ahead = wholeNumber('ahead', flag('ahead')) ?? 3;
  const retention = wholeNumber('retention-months', flag('retention-months') ?? process.env.AREAL_READING_RETENTION_MONTHS);
  const dryRun = flag('dry-run') === 'true';
  const client = new Client({ connectionString: env().DATABASE_URL });
  await client.connect();
  try {
    const now = new Date();
    const created = dryRun ? 0 : await ensurePartitionsAhead(client, now, { aheadMonths: ahead });
    console.log(`[db:maintain] partitions: ${created} created, ${(await listReadingPartitions(client)).length} in total`);
    if (retention === undefined) {
      console.log('[db:maintain] retention: off (set --retention-months or AREAL_READING_RETENTION_MONTHS)');
      return;
    }
    const result = await dropExpiredReadingPartitions(client, { now, retentionMonths: retention, dryRun });
    const verb = dryRun ? 'would drop' : 'dropped';
    console.log(
      `[db:maintain] retention ${retention} months: ${verb} ${result.dropped.length} raw partition(s)` +
        (result.dropped.length ? ` (${result.dropped.join(', ')})` : '') +
        (dryRun ? '' : `; ${result.hourlyRowsRefreshed} hourly rollup rows refreshed first`),
    );
  } finally {
    await client.end();
  }
}

main().catch((error) => {
  console.error(`[db:maintain] ${(error as Error).message}`);
  process.exit(1);
});
