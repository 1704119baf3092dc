// npm run seed [-- --force] — load the demo municipality (deterministic, COPY, one transaction; see lib/demo).
// Skips quickly when the same demo version is already loaded; --force deletes the demo organisations and reloads.
import { parseArgs } from 'node:util';
import { Client } from 'pg';
import { env } from '@/lib/config/env';
import { loadDemo } from '@/lib/demo/load-demo';

async function main() {
  const client = new Client({ connectionString: env().DATABASE_URL });
  await client.connect();
  try {
    const summary = await loadDemo(client, { force: parseArgs({ options: { force: { type: 'boolean', default: false } } }).values.force });
    if (!summary) {
      console.log('[seed] demo municipality already seeded (use --force to reload)');
      return;
    }
    const n = (x: number) => x.toLocaleString('da-DK');
    const s = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
    const t = summary.timings;
    console.log(
      `[seed] ${n(summary.buildings)} buildings (${n(summary.properties)} properties), ${n(summary.sensors)} sensors, ` +
        `${n(summary.readings)} readings, ${n(summary.costRecords)} cost records, ${n(summary.maintenanceItems)} maintenance items ` +
        `in ${s(t.total)} (generate ${s(t.generate)}, delete ${s(t.delete)}, registry ${s(t.registry)}, readings ${s(t.readings)}, rollups ${s(t.rollups)})`,
    );
  } finally {
    await client.end();
  }
}

main().catch((error) => {
  console.error(`[seed] failed, nothing was loaded: ${(error as Error).message}`);
  process.exit(1);
});
