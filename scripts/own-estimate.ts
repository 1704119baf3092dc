// npx tsx scripts/own-estimate.ts --org <slug> [--birth-rate 9.6] [--horizon 2040]
// Areal's own estimate (lib/demand/own-estimate.ts): projects the areas that have only the current population by age
// to the horizon, ageing cohorts one year per year with births from the stated crude birth rate (per 1,000 residents;
// Denmark 2023 ≈ 9,6). Every view that uses the result labels it "Areals eget skøn".
import { getPool } from '@/lib/db/pool';
import { writeOwnEstimate } from '@/lib/demand/own-estimate';
import { benchFlags } from './bench/lib/args';

async function main() {
  const flags = benchFlags('npx tsx scripts/own-estimate.ts --org <slug> [--birth-rate 9.6] [--horizon 2040]', { org: { type: 'string' }, 'birth-rate': { type: 'string' }, horizon: { type: 'string' } });
  const slug = flags.org;
  if (!slug) throw new Error('--org <slug> is required');
  const pool = getPool();
  const { rows } = await pool.query<{ id: string }>('SELECT id FROM organisation WHERE slug = $1', [slug]);
  if (!rows[0]) throw new Error(`organisation "${slug}" not found`);
  const r = await writeOwnEstimate(pool, rows[0].id, Number(flags.horizon ?? 2040), Number(flags['birth-rate'] ?? 9.6));
  console.log(`[own-estimate] ${r.areas} areas projected, ${r.rows} rows (source own_estimate)`);
  await pool.end();
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
