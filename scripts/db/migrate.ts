// npm run db:migrate — apply pending SQL migrations from prisma/migrations.
import { Client } from 'pg';
import { env } from '@/lib/config/env';
import { migrate } from '@/lib/db/migrate';

async function main() {
  const client = new Client({ connectionString: env().DATABASE_URL });
  await client.connect();
  try {
    const ran = await migrate(client);
    console.log(ran.length ? `[db:migrate] applied ${ran.join(', ')}` : '[db:migrate] up to date');
  } finally {
    await client.end();
  }
}

main().catch((error) => {
  console.error(`[db:migrate] ${(error as Error).message}`);
  process.exit(1);
});
