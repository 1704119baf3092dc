// npm run db:reset — drop and recreate the public schema's tables, then migrate. Destroys all data.
import { Client } from 'pg';
import { env } from '@/lib/config/env';
import { migrate } from '@/lib/db/migrate';

async function main() {
  const client = new Client({ connectionString: env().DATABASE_URL });
  await client.connect();
  try {
    // Drop everything in public except PostGIS's own objects, by recreating the schema.
    await client.query('DROP SCHEMA public CASCADE');
    await client.query('CREATE SCHEMA public');
    await client.query('CREATE EXTENSION IF NOT EXISTS postgis');
    const ran = await migrate(client);
    console.log(`[db:reset] schema recreated; applied ${ran.length} migration(s)`);
  } finally {
    await client.end();
  }
}

main().catch((error) => {
  console.error(`[db:reset] ${(error as Error).message}`);
  process.exit(1);
});
