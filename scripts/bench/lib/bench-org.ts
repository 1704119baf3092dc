// The bench organisation the pages bench and the load test run against: a portfolio of N buildings in the
// bench database, generated on first use and reused after (regenerate with the generator CLI).
import { Client } from 'pg';
import { generatePortfolio } from '../generate/to-db';

export interface BenchOrg {
  slug: string;
  id: string;
  buildings: number;
  readings: number;
}

/** The organisation `bench-<buildings>` in the bench database, generating it when missing or smaller. */
export async function ensureBenchOrg(url: string, buildings: number, readings: number, log = (m: string) => console.log(m)): Promise<BenchOrg> {
  const slug = `bench-${buildings}`;
  const c = new Client({ connectionString: url });
  await c.connect();
  try {
    const q = await c.query<{ id: string; n: number }>(
      `SELECT o.id, (SELECT count(*)::int FROM building b WHERE b.organisation_id = o.id) AS n FROM organisation o WHERE o.slug = $1`,
      [slug],
    );
    if (q.rows[0]?.n === buildings) {
      const r = await c.query<{ n: string }>(
        `SELECT coalesce(sum(n_readings), 0) AS n FROM occupancy_daily d JOIN sensor s ON s.id = d.sensor_id WHERE s.organisation_id = $1`,
        [q.rows[0].id],
      );
      return { slug, id: q.rows[0].id, buildings, readings: Number(r.rows[0].n) };
    }
    log(`[bench] generating ${slug}: ${buildings} buildings, ${readings} readings …`);
    const stats = await generatePortfolio(c, { org: slug, buildings, readings, log: (m) => log(`[bench:generate] ${m}`) });
    return { slug, id: stats.organisationId, buildings, readings: stats.readings };
  } finally {
    await c.end();
  }
}
