// Who may do what: the four roles of an organisation and the permissions each one holds. Pure; the one place
// that enforces them is lib/api/with-auth.ts (route handlers), lib/auth/current.ts (pages and server actions).

export const ROLES = ['admin', 'property_manager', 'facility_staff', 'viewer'] as const;
export type Role = (typeof ROLES)[number];

export const PERMISSIONS = [
  'portfolio:read', // map, tiles, scores, ranking, building panels
  'scenario:read', // scenarios (a viewer sees only proposed and approved ones)
  'scenario:write', // create, edit, optimise, delete, propose
  'scenario:decide', // approve or reject a proposed scenario
  'import:write', // upload files (facility staff: only for their assigned buildings)
  'import:read', // import history and results
  'audit:read',
  'users:manage', // users, roles, building assignments
  'tokens:manage', // ingest API tokens
  'sensors:manage', // sensors page: device EUI → sensor mapping, device types
  'settings:manage', // organisation settings and defaults
] as const;
export type Permission = (typeof PERMISSIONS)[number];

// Admin is a superset of property manager: the person who manages users can also do the work.
const GRANTS: Record<Role, readonly Permission[]> = {
  admin: PERMISSIONS,
  property_manager: ['portfolio:read', 'scenario:read', 'scenario:write', 'scenario:decide', 'import:write', 'import:read', 'audit:read', 'sensors:manage'],
  facility_staff: ['import:write', 'import:read'],
  viewer: ['portfolio:read', 'scenario:read'],
};

/** Whether a role holds a permission. */
export function can(role: Role, permission: Permission): boolean {
  return GRANTS[role].includes(permission);
}

/** The roles that hold a permission (for `withAuth({ roles })`). */
export function rolesWith(permission: Permission): Role[] {
  return ROLES.filter((r) => can(r, permission));
}

/** Whether a string is one of the four roles. */
export function isRole(value: unknown): value is Role {
  return typeof value === 'string' && (ROLES as readonly string[]).includes(value);
}

/** Scenario statuses a role may see: viewers (politicians) only what has been put forward. */
export function visibleScenarioStatuses(role: Role): readonly string[] | 'all' {
  return role === 'viewer' ? ['proposed', 'approved'] : 'all';
}

/** Whether a role may see a scenario with this status. */
export function canSeeScenario(role: Role, status: string): boolean {
  const visible = visibleScenarioStatuses(role);
  return visible === 'all' || visible.includes(status);
}

/** Facility staff are limited to their assigned buildings; every other role sees the whole organisation. */
export function isBuildingScoped(role: Role): boolean {
  return role === 'facility_staff';
}

/** Role sets for withAuth/requirePageAuth, named after what they allow. */
export const PORTFOLIO_READERS = rolesWith('portfolio:read');
export const SCENARIO_READERS = rolesWith('scenario:read');
export const SCENARIO_WRITERS = rolesWith('scenario:write');
export const IMPORTERS = rolesWith('import:write');
export const SENSOR_MANAGERS = rolesWith('sensors:manage');
