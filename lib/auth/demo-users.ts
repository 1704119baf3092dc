import { runtimeEnv } from '@/lib/config/env';
import type { Role } from './roles';

// The demo accounts `npm run demo` creates (scripts/demo-users.ts) and browser tests sign in with
// (tests/helpers/sign-in.ts). Only for the demo organisations; the password is public on purpose.

export const DEMO_PASSWORD = runtimeEnv().AREAL_DEMO_PASSWORD ?? 'areal-demo-2026';

export type DemoAccount = 'admin' | 'property_manager' | 'facility_staff' | 'viewer' | 'other_org_admin';

export interface DemoUser {
  email: string;
  name: string;
  role: Role;
  organisation: string;
  /** Further memberships (other demo organisations), so the header's organisation switcher can be seen. */
  alsoMemberOf?: { organisation: string; role: Role }[];
}

export const DEMO_USERS: Record<DemoAccount, DemoUser> = {
  admin: { email: 'admin@demo.areal.dk', name: 'Anne Administrator', role: 'admin', organisation: 'demo', alsoMemberOf: [{ organisation: 'demo-nabo', role: 'viewer' }] },
  property_manager: { email: 'ejendomschef@demo.areal.dk', name: 'Peter Ejendomschef', role: 'property_manager', organisation: 'demo' },
  facility_staff: { email: 'drift@demo.areal.dk', name: 'Fatima Driftsleder', role: 'facility_staff', organisation: 'demo' },
  viewer: { email: 'politiker@demo.areal.dk', name: 'Viggo Udvalgsmedlem', role: 'viewer', organisation: 'demo' },
  other_org_admin: { email: 'admin@demo-nabo.areal.dk', name: 'Nina Nabo-admin', role: 'admin', organisation: 'demo-nabo' },
};

/** How many buildings (with sensors) the demo facility-staff user is assigned to. */
export const DEMO_FACILITY_BUILDINGS = 3;
