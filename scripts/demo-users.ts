// npm run demo (scripts/demo.sh) runs this after the seed: one demo user per role in organisation "demo" and an
// administrator of "demo-nabo" (the demo administrator is also a viewer there, for the organisation switcher),
// then prints their credentials. Idempotent: re-running resets names, roles, passwords and the facility user's
// building assignments.
import { Pool } from 'pg';
import { env } from '@/lib/config/env';
import { DEMO_FACILITY_BUILDINGS, DEMO_PASSWORD, DEMO_USERS } from '@/lib/auth/demo-users';
import { setBuildingAssignments, setMembership, upsertLocalUser } from '@/lib/auth/users';
import { inTransaction } from '@/lib/db/prisma';

async function main() {
  const pool = new Pool({ connectionString: env().DATABASE_URL, max: 2 });
  try {
    const { rows: orgs } = await pool.query<{ id: string; slug: string }>(`SELECT id, slug FROM organisation WHERE slug IN ('demo', 'demo-nabo') AND is_demo`);
    const orgId = new Map(orgs.map((o) => [o.slug, o.id]));
    const lines: string[] = [];
    await inTransaction(pool, async (tx) => {
      for (const [key, u] of Object.entries(DEMO_USERS)) {
        const organisationId = orgId.get(u.organisation);
        if (!organisationId) {
          console.warn(`[demo-users] organisation "${u.organisation}" is not seeded; skipping ${u.email}`);
          continue;
        }
        const userId = await upsertLocalUser(tx, { email: u.email, name: u.name, password: DEMO_PASSWORD });
        await tx.appUser.update({ where: { id: userId }, data: { disabledAt: null } });
        await setMembership(tx, userId, organisationId, u.role);
        if (u.role === 'facility_staff') {
          const measured = await tx.building.findMany({
            where: { organisationId, sensors: { some: {} } },
            select: { id: true },
            orderBy: { registryId: 'asc' },
            take: DEMO_FACILITY_BUILDINGS,
          });
          await setBuildingAssignments(tx, userId, organisationId, measured.map((b) => b.id));
        }
        const also: string[] = [];
        for (const extra of u.alsoMemberOf ?? []) {
          const extraOrgId = orgId.get(extra.organisation);
          if (!extraOrgId) continue;
          await setMembership(tx, userId, extraOrgId, extra.role);
          also.push(`, ${extra.role} (${extra.organisation})`);
        }
        lines.push(`    ${key.padEnd(17)} ${u.email.padEnd(28)} ${u.role} (${u.organisation})${also.join('')}`);
      }
    });
    console.log('[demo-users] demo accounts (password for all: ' + DEMO_PASSWORD + '):');
    for (const line of lines) console.log(line);
  } finally {
    await pool.end();
  }
}

main().catch((error) => {
  console.error('[demo-users] failed:', error);
  process.exit(1);
});
