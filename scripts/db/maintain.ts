// Database maintenance for the readings table — run daily (cron / systemd timer) or by hand:
//   npx tsx scripts/db/maintain.ts [--ahead 3] [--retention-months 24] [--dry-run]
// 1. creates monthly occupancy_reading partitions from this month to --ahead months ahead;
// 2. with --retention-months N (or AREAL_READING_RETENTION_MONTHS), drops raw-reading months older than N
//    months after refreshing their hourly and daily rollups — the rollups stay. Without it nothing is dropped.
import { parseArgs } from 'node:util';
import { Client } from 'pg';
import { env } from '@/lib/config/env';
import { dropExpiredReadingPartitions, ensurePartitionsAhead, listReadingPartitions } from '@/lib/occupancy/partitions';

function wholeNumber(name: string, raw: string | undefined): number | undefined {
  if (raw === undefined) return undefined;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 0) throw new Error(`--${name} must be a whole number, got ${raw}`);
  return n;
}

async function main() {
  const { values } = parseArgs({
    options: { ahead: { type: 'string' }, 'retention-months': { type: 'string' }, 'dry-run': { type: 'boolean', default: false } },
  });
  const ahead = wholeNumber('ahead', values.ahead) ?? 3;
  const retention = wholeNumber('retention-months', values['retention-months'] ?? env().AREAL_READING_RETENTION_MONTHS);
  const dryRun = values['dry-run'];
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
