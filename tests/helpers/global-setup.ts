// Brings up the database the tests need (idempotent), so `npx vitest` alone works too.
import { execFileSync } from 'node:child_process';

export default function setup() {
  execFileSync('bash', ['scripts/db/up.sh'], { stdio: 'inherit' });
  execFileSync('npx', ['tsx', 'scripts/db/migrate.ts'], { stdio: 'inherit' });
}
