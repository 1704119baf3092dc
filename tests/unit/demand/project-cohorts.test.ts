import { describe, expect, it } from 'vitest';
import { projectCohorts } from '@/lib/demand/project-cohorts';

describe('Areal own estimate: ageing cohorts', () => {
  it('moves every age up one year and adds births from the rate on last year’s total', () => {
    // ages 0,1,2(+): 10, 20, 70 = 100 residents; 50 births per 1,000 → 5 births in year 1.
    const rows = projectCohorts([10, 20, 70], 2026, 2028, { birthsPer1000: 50 });
    expect(rows.map((r) => r.year)).toEqual([2026, 2027, 2028]);
    expect(rows[0].persons).toEqual([10, 20, 70]);
    // 2027: births 5; the 0-year-olds become 1; the 1-year-olds join the open group 2+ (70 + 20).
    expect(rows[1].persons).toEqual([5, 10, 90]);
    // 2028: total 105 → 5.25 births; 2+ = 90 + 10.
    expect(rows[2].persons[0]).toBeCloseTo(5.25, 10);
    expect(rows[2].persons.slice(1)).toEqual([5, 100]);
  });

  it('applies survival per age, including to the open top group', () => {
    const rows = projectCohorts([0, 100, 100], 2030, 2031, { birthsPer1000: 0, survival: (age) => (age >= 1 ? 0.5 : 1) });
    expect(rows[1].persons).toEqual([0, 0, 100]); // 100 × 0.5 from age 1 + 100 × 0.5 staying in 2+
  });

  it('does not change its input and refuses a horizon before the base year', () => {
    const base = [1, 2, 3];
    projectCohorts(base, 2026, 2030, { birthsPer1000: 10 });
    expect(base).toEqual([1, 2, 3]);
    expect(() => projectCohorts(base, 2026, 2025, { birthsPer1000: 10 })).toThrow(/horizon/);
    expect(() => projectCohorts(base, 2026, 2027, { birthsPer1000: -1 })).toThrow(/birth rate/);
  });
});
