import { describe, expect, it } from 'vitest';
import { can, canSeeScenario, isBuildingScoped, isRole, rolesWith, ROLES } from '@/lib/auth/roles';

describe('roles', () => {
  it('a viewer (politician) reads the portfolio and scenarios but changes nothing', () => {
    expect(can('viewer', 'portfolio:read')).toBe(true);
    expect(can('viewer', 'scenario:read')).toBe(true);
    for (const p of ['scenario:write', 'scenario:decide', 'import:write', 'users:manage', 'tokens:manage', 'sensors:manage', 'audit:read'] as const) {
      expect(can('viewer', p)).toBe(false);
    }
  });

  it('a viewer sees only proposed and approved scenarios; everyone else sees drafts too', () => {
    expect(['draft', 'proposed', 'approved', 'rejected'].filter((s) => canSeeScenario('viewer', s))).toEqual(['proposed', 'approved']);
    expect(canSeeScenario('property_manager', 'draft')).toBe(true);
  });

  it('facility staff upload for their assigned buildings and do nothing else', () => {
    expect(can('facility_staff', 'import:write')).toBe(true);
    expect(can('facility_staff', 'portfolio:read')).toBe(false);
    expect(can('facility_staff', 'scenario:read')).toBe(false);
    expect(isBuildingScoped('facility_staff')).toBe(true);
    expect(ROLES.filter(isBuildingScoped)).toEqual(['facility_staff']);
  });

  it('only administrators manage users and tokens; administrators and property managers read the audit log', () => {
    expect(rolesWith('users:manage')).toEqual(['admin']);
    expect(rolesWith('tokens:manage')).toEqual(['admin']);
    expect(rolesWith('audit:read')).toEqual(['admin', 'property_manager']);
    expect(rolesWith('sensors:manage')).toEqual(['admin', 'property_manager']);
  });

  it('recognises role names only', () => {
    expect(isRole('admin')).toBe(true);
    expect(isRole('root')).toBe(false);
    expect(isRole(undefined)).toBe(false);
  });
});
