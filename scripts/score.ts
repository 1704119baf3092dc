// npm run score [-- --json] [--org demo] [--from YYYY-MM-DD --to YYYY-MM-DD] — recompute and store every building's
// scores for an organisation and print a summary with the time taken.
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { Client } from 'pg';
import { env } from '@/lib/config/env';
import { CATEGORIES } from '@/lib/registry/categories';
import { computeScores } from '@/lib/scoring/compute-scores';

async function main() {
  const { values } = parseArgs({
    options: { json: { type: 'boolean', default: false }, org: { type: 'string' }, from: { type: 'string' }, to: { type: 'string' } },
  });
  const { json, from, to } = values;
  const slug = values.org ?? env().AREAL_DEFAULT_ORG;
  const client = new Client({ connectionString: env().DATABASE_URL });
  await client.connect();
  try {
    const t0 = performance.now();
    const { rows } = await client.query<{ id: string }>('SELECT id FROM organisation WHERE slug = $1', [slug]);
    if (!rows[0]) throw new Error(`organisation "${slug}" not found — run npm run seed`);
    const summary = await computeScores(client, rows[0].id, { asOf: new Date(), period: from && to ? { from, to } : undefined });
    const { rows: byCategory } = await client.query<{ category: string; n: number; scored: number; avg_conf: number; median_util: number | null }>(
      `SELECT category, count(*)::int AS n, count(utilisation_score)::int AS scored, avg(confidence) AS avg_conf,
              percentile_cont(0.5) WITHIN GROUP (ORDER BY (kpis->>'utilisation')::float8) AS median_util
         FROM building_score WHERE organisation_id = $1 AND period_from = $2::date AND period_to = $3::date GROUP BY 1`,
      [rows[0].id, summary.period!.from, summary.period!.to],
    );
    const ms = performance.now() - t0;
    const order = (c: string) => (CATEGORIES as readonly string[]).indexOf(c);
    byCategory.sort((a, b) => order(a.category) - order(b.category));
    if (json) {
      console.log(JSON.stringify({ organisation: slug, ...summary, totalMs: Math.round(ms), categories: byCategory }, null, 2));
      return;
    }
    console.log(`[score] ${slug}: ${summary.buildings} buildings scored for ${summary.period!.from} … ${summary.period!.to} ` +
      `(${summary.withUtilisation} with a utilisation score) in ${(ms / 1000).toFixed(2)} s ` +
      `(load ${Math.round(summary.timingsMs.load)} ms, compute ${Math.round(summary.timingsMs.compute)} ms, write ${Math.round(summary.timingsMs.write)} ms)`);
    for (const c of byCategory) {
      const med = c.median_util === null ? '   –  ' : `${(c.median_util * 100).toFixed(1).padStart(5)} %`;
      console.log(`  ${c.category.padEnd(15)} ${String(c.n).padStart(5)} buildings, ${String(c.scored).padStart(5)} with utilisation, median utilisation ${med}, mean confidence ${(c.avg_conf * 100).toFixed(0)} %`);
    }
  } finally {
    await client.end();
  }
}

main().catch((error) => {
  console.error(`[score] ${(error as Error).message}`);
  process.exit(1);
});
