// Prisma CLI configuration (Prisma 7 reads the connection URL from here, not from the schema).
// Only `prisma generate` runs in this project (see scripts/db/generate.sh); migrations are applied
// by scripts/db/migrate.ts into a _prisma_migrations-compatible table.
import { defineConfig } from 'prisma/config';

export default defineConfig({
  schema: 'prisma/schema.prisma',
  migrations: { path: 'prisma/migrations' },
  datasource: { url: process.env.DATABASE_URL ?? 'postgresql://localhost/areal' },
});
