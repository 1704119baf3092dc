// npm run demo:scenarios [-- --org demo] — three example scenarios for the demo municipality (lib/demo/demo-scenarios.ts):
// the optimiser's proposal, a hand-built day-care merger (both proposed) and a draft. Runs after seed → score →
// demo-users (scripts/demo.sh, scripts/test.sh); skips scenarios that already exist.
import { runtimeEnv } from '@/lib/config/env';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { getPool } from '@/lib/db/pool';
import { createDemoScenarios } from '@/lib/demo/demo-scenarios';

async function main() {
  const { values } = parseArgs({ options: { org: { type: 'string', default: runtimeEnv().AREAL_DEFAULT_ORG } } });
  const pool = getPool();
  const t0 = performance.now();
  try {
    const r = await createDemoScenarios(pool, values.org);
    const who = r.actor.email ?? 'system (no demo property manager yet)';
    for (const s of r.scenarios) {
      console.log(`[demo-scenarios] ${s.created ? 'created' : 'exists '} ${s.status.padEnd(8)} ${s.name}${s.created ? ` (${s.buildings} buildings)` : ''}`);
    }
    if (r.optimiser) console.log(`[demo-scenarios] optimiser: ${r.optimiser.status}, gap ${((r.optimiser.gap ?? 0) * 100).toFixed(2)} %, ${r.optimiser.seconds.toFixed(1)} s`);
    console.log(`[demo-scenarios] by ${who} in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
  } finally {
    await pool.end();
  }
}

main().catch((error) => {
  console.error(`[demo-scenarios] failed: ${(error as Error).message}`);
  process.exit(1);
});
