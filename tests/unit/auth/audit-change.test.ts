import { describe, expect, it } from 'vitest';
import { changeLines } from '@/lib/audit/change';

describe('audit change lines', () => {
  it('a role change shows the role only, not the unchanged identity', () => {
    expect(changeLines({ email: 'a@x.dk', name: 'A', role: 'viewer' }, { email: 'a@x.dk', name: 'A', role: 'admin' })).toEqual([{ field: 'role', before: 'viewer', after: 'admin' }]);
  });
  it('a removal shows every field going to nothing; a creation every field coming', () => {
    expect(changeLines({ email: 'a@x.dk', role: 'viewer' }, null)).toEqual([
      { field: 'email', before: 'a@x.dk', after: null },
      { field: 'role', before: 'viewer', after: null },
    ]);
    expect(changeLines(null, { role: 'viewer' })).toEqual([{ field: 'role', before: null, after: 'viewer' }]);
  });
  it('assignment arrays are one field; equal sides and empty entries give nothing', () => {
    expect(changeLines(['b1'], ['b1', 'b2'])).toEqual([{ field: 'buildings', before: ['b1'], after: ['b1', 'b2'] }]);
    expect(changeLines(['b1'], ['b1'])).toEqual([]);
    expect(changeLines(null, undefined)).toEqual([]);
    expect(changeLines({ status: 'draft' }, { status: 'draft' })).toEqual([]);
  });
});
