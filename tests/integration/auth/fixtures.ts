// Two small organisations with one user per role (plus a facility-staff user with one assigned building),
// shared by the auth integration tests. Passwords are the documented demo password.
import type { Pool } from 'pg';
import type { Auth } from '@/lib/auth/auth';
import { signInWithPassword } from '@/lib/auth/sign-in';
import { ROLES, type Role } from '@/lib/auth/roles';
import { setBuildingAssignments, setMembership, upsertLocalUser } from '@/lib/auth/users';

export const PASSWORD = 'areal-demo-2026';

export interface OrgFixture {
  id: string;
  slug: string;
  buildings: string[];
  scenarios: { draft: string; proposed: string };
  users: Record<Role, { id: string; email: string }>;
}

/** Creates an organisation with two buildings, a draft and a proposed scenario, and one user per role. */
export async function createOrgFixture(pool: Pool, slug: string): Promise<OrgFixture> {
  const { rows: [org] } = await pool.query<{ id: string }>(`INSERT INTO organisation (slug, name) VALUES ($1, $2) RETURNING id`, [slug, `Org ${slug}`]);
  const buildings: string[] = [];
  for (const n of [1, 2]) {
    const { rows } = await pool.query<{ id: string }>(
      `INSERT INTO building (organisation_id, registry_id, name, category, gross_area_m2, point)
       VALUES ($1, $2, $3, 'Administration', 1000, ST_SetSRID(ST_MakePoint(8.97, 56.13), 4326)) RETURNING id`,
      [org.id, `${slug}-b${n}`, `Bygning ${n} (${slug})`],
    );
    buildings.push(rows[0].id);
  }
  const scenario = async (status: string) =>
    (await pool.query<{ id: string }>(`INSERT INTO scenario (organisation_id, name, status) VALUES ($1, $2, $3) RETURNING id`, [org.id, `${status} ${slug}`, status])).rows[0].id;
  const scenarios = { draft: await scenario('draft'), proposed: await scenario('proposed') };
  const users = {} as OrgFixture['users'];
  for (const role of ROLES) {
    const email = `${role}@${slug}.test`;
    const id = await upsertLocalUser(pool, { email, name: `${role} ${slug}`, password: PASSWORD });
    await setMembership(pool, id, org.id, role);
    users[role] = { id, email };
  }
  await setBuildingAssignments(pool, users.facility_staff.id, org.id, [buildings[0]]);
  return { id: org.id, slug, buildings, scenarios, users };
}

/** Signs `email` in with the fixture password from `clientAddress`; the session as a Cookie header value. */
export async function fixtureCookie(auth: Auth, email: string, clientAddress: string): Promise<string> {
  const r = await signInWithPassword(auth, { email, password: PASSWORD }, new Headers({ 'x-forwarded-for': clientAddress }));
  if (!r.ok) throw new Error(`sign-in of ${email} failed: ${r.code}`);
  return r.setCookie.map((c) => c.split(';')[0]).join('; ');
}
