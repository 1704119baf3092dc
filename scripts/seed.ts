// npm run seed [-- --force] — load the demo municipality (deterministic, COPY, one transaction).
// Skips quickly when the same demo version is already loaded; --force reloads it.
import { Client } from 'pg';
import { env } from '@/lib/config/env';
import { loadDemo } from '@/lib/seed/load-demo';

async function main() {
  const client = new Client({ connectionString: env().DATABASE_URL });
  await client.connect();
  try {
    const summary = await loadDemo(client, { force: process.argv.includes('--force') });
    if (!summary) {
      console.log('[seed] demo municipality already seeded (use --force to reload)');
      return;
    }
    const n = (x: number) => x.toLocaleString('da-DK');
    console.log(
      `[seed] ${n(summary.buildings)} buildings, ${n(summary.sensors)} sensors, ${n(summary.readings)} readings, ` +
        `${n(summary.costRecords)} cost records, ${n(summary.maintenanceItems)} maintenance items ` +
        `in ${(summary.ms / 1000).toFixed(1)} s (readings ${(summary.readingsMs / 1000).toFixed(1)} s, rollups ${(summary.rollupsMs / 1000).toFixed(1)} s)`,
    );
  } finally {
    await client.end();
  }
}

main().catch((error) => {
  console.error(`[seed] failed, nothing was loaded: ${(error as Error).message}`);
  process.exit(1);
});
