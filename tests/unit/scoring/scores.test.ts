import { describe, expect, it } from 'vitest';
import { scorePortfolio } from '@/lib/scoring/score-portfolio';
import { combineScores, median, percentileScore } from '@/lib/scoring/scores';
import { building, hourly, input, sensor } from './fixtures';

const weights = { utilisation: 0.5, cost: 0.3, condition: 0.2 };
const asOf = new Date('2026-09-14T12:00:00Z');
const WEEK = ['2026-09-07', '2026-09-13'] as const;

/** A day-care whose one sensor sees `people` of 50 seats in every open hour (utilisation = people / 50). */
function daycare(id: string, people: number, costPerM2: number, backlogPerM2: number | null, over = {}) {
  return input({
    building: building({ id, name: id, ...over }),
    sensors: [sensor(`${id}-s`, hourly(WEEK[0], WEEK[1], (t) => (t.weekday <= 5 && t.hour >= 8 && t.hour < 16 ? people : 0)))],
    expectedOpenHours: 40,
    costs: [{ year: 2025, type: 'cleaning', amountDkk: costPerM2 * 1000 }],
    backlogDkk: backlogPerM2 === null ? null : backlogPerM2 * 1000,
  });
}

describe('percentile scores within a category', () => {
  it('ranks higher-is-better and lower-is-better KPIs with mid-rank ties', () => {
    const peers = [0.2, 0.4, 0.6, 0.6];
    expect(percentileScore(0.2, peers, 'higher')).toBe(0);
    expect(percentileScore(0.4, peers, 'higher')).toBeCloseTo(100 / 3, 10);
    expect(percentileScore(0.6, peers, 'higher')).toBeCloseTo((100 * 2.5) / 3, 10);
    expect(percentileScore(500, [500, 1000], 'lower')).toBe(100);
    expect(percentileScore(1000, [500, 1000], 'lower')).toBe(0);
    expect(percentileScore(7, [7], 'lower')).toBe(50);
    expect(median([3, 1, 2, 10])).toBe(2.5);
  });

  it('combines the available scores with the weights, dropping missing cost or condition', () => {
    expect(combineScores({ utilisation: 100, cost: 0, condition: 50 }, weights)).toBeCloseTo(50 + 0 + 10, 10);
    // No condition: (0.5 × 100 + 0.3 × 0) / 0.8 = 62,5
    expect(combineScores({ utilisation: 100, cost: 0, condition: null }, weights)).toBeCloseTo(62.5, 10);
  });

  it('an unmeasured building has no overall score: cheap and well kept does not make it strong', () => {
    expect(combineScores({ utilisation: null, cost: 100, condition: 100 }, weights)).toBeNull();
    // Unless the user weighs utilisation at zero: then the overall score is cost and condition alone.
    expect(combineScores({ utilisation: null, cost: 0, condition: 50 }, { ...weights, utilisation: 0 })).toBeCloseTo(20, 10);
    expect(combineScores({ utilisation: null, cost: null, condition: null }, weights)).toBeNull();
  });

  it('scores a category: the well-used, cheap, well-kept day-care comes first; a school is ranked only among schools', () => {
    const results = scorePortfolio(
      [
        daycare('A', 30, 500, 100), // util 0.6
        daycare('B', 10, 900, 400), // util 0.2
        daycare('C', 20, 700, null), // util 0.4, no maintenance plan
        { ...daycare('S', 5, 2000, 900, { category: 'school' }) },
        { ...input({ building: building({ id: 'N', name: 'No sensors' }), costs: [{ year: 2025, type: 'energy', amountDkk: 600_000 }], backlogDkk: 0 }) },
      ],
      weights,
      asOf,
    );
    const by = Object.fromEntries(results.map((r) => [r.buildingId, r]));
    // Utilisation among A, B, C (N has none): A 100, C 50, B 0.
    expect(by.A.scores.utilisation).toBe(100);
    expect(by.C.scores.utilisation).toBe(50);
    expect(by.B.scores.utilisation).toBe(0);
    expect(by.N.scores.utilisation).toBeNull();
    // Cost kr/m² among A 500, N 600, C 700, B 900 (lower is better).
    expect(by.A.scores.cost).toBe(100);
    expect(by.N.scores.cost).toBeCloseTo(200 / 3, 10);
    expect(by.B.scores.cost).toBe(0);
    // Condition among A 100, B 400, N 0 (C has no plan → no score).
    expect(by.N.scores.condition).toBe(100);
    expect(by.C.scores.condition).toBeNull();
    expect(by.S.scores).toEqual({ utilisation: 50, cost: 50, condition: 50 });
    expect(by.A.combined).toBeCloseTo(100 * 0.5 + 100 * 0.3 + 50 * 0.2, 10);
    // N has no sensors: good cost and condition scores, but no overall score until its use is measured.
    expect(by.N.combined).toBeNull();
    expect(by.A.explanation.medians.utilisation).toBeCloseTo(0.4, 10);
    expect(by.A.explanation.peers.utilisation).toBe(3);
  });

  it('explains each KPI in one Danish and one English sentence, numbers formatted per language', () => {
    const [b] = scorePortfolio([daycare('B', 11.5, 1234, 450.5), daycare('A', 30.5, 2000, 100)], weights, asOf).sort((x, y) => x.buildingId.localeCompare(y.buildingId)).slice(1);
    const s = b.explanation.sentences;
    // B: 11,5 / 50 = 23 %; the median of 23 % and 61 % is 42 %.
    expect(s.utilisation.da).toBe('Brugt 23 % af åbningstiden (i brug 100 % af timerne, 23 % fyldt når i brug); den typiske daginstitution bruges 42 %.');
    expect(s.utilisation.en).toBe('Used 23 % of opening hours (in use 100 % of hours, 23 % full when in use); the median day-care is used 42 %.');
    expect(s.cost.da).toMatch(/^Koster 1\.234 kr pr\. m² om året \(\d+ kr pr\. brugt time\); den typiske daginstitution koster 1\.617 kr\.$/);
    expect(s.cost.en).toMatch(/^Costs DKK 1,234 per m² a year/);
    expect(s.condition.da).toBe('Vedligeholdelsesefterslæb 451 kr pr. m² (FCI 2,3 %); den typiske daginstitution har 275 kr pr. m².');
    expect(s.space.da).toBe('10 m² pr. bruger mod normen 7 m².');
    expect(s.confidence.en).toMatch(/^Data confidence 100 %: sensors cover 100 % of the area and 100 % of opening hours/);
  });

  it('says plainly that a building without sensors has no utilisation score', () => {
    const [n] = scorePortfolio([input({ building: building({ grossAreaM2: null }), costs: [{ year: 2025, type: 'energy', amountDkk: 1000 }] })], weights, asOf);
    expect(n.explanation.sentences.utilisation.en).toBe('No sensor data – so no utilisation score (not a zero).');
    expect(n.explanation.sentences.cost.da).toBe('Koster 1.000 kr om året, men arealet er ukendt – ingen omkostningsscore.');
    expect(n.scores.cost).toBeNull();
  });
});
