import { describe, expect, it } from 'vitest';
import { briefPageTemplates } from '@/lib/scenarios/brief-pdf';
import { citizenBrief, scenarioSketch } from '@/lib/scenarios/citizen-brief';
import type { ScenarioBuilding } from '@/lib/scenarios/types';
import { KM_PER_CENTIDEGREE } from './fixtures';

// The politicians' brief about citizens: who moves where, the receiver's places before and after, the nearest
// alternatives, and warnings where a closure rests on unmeasured use or users move into a different kind of building.

const common = { tenure: 'owned' as const, annualLeaseDkk: null, energyKwhPerYear: null, lon: 9, backlogDkk: 0, annualOperatingCostDkk: 500_000, grossAreaM2: 1000 };
const daycare = (id: string, name: string, lat: number, more: Partial<ScenarioBuilding> = {}): ScenarioBuilding =>
  ({ ...common, id, name, category: 'daycare', usersTotal: 40, capacity: 60, peakUtilisation: 0.4, lat, confidence: 0.8, ...more });

const closed = daycare('A', 'Børnehuset Ahorn', 56, { usersTotal: 30 });
const receiver = daycare('B', 'Børnehuset Birk, afd. Syd', 56.01, { usersTotal: 50, capacity: 93 });
const nearOther = daycare('C', 'Børnehuset Cedertræ', 56.02, { usersTotal: 40, capacity: 60 });
const farOther = daycare('D', 'Børnehuset Dunhammer', 56.05);
const unmeasured = daycare('U', 'Børnehuset Uden Sensor', 55.99, { peakUtilisation: null, confidence: 0.2, usersTotal: 20 });
const school: ScenarioBuilding = { ...common, id: 'S', name: 'Gullestrup Skole, Idrætshal', category: 'school', useCode: 421, usersTotal: 400, capacity: 600, peakUtilisation: 0.3, lat: 56.005, confidence: 0.9 };
const library: ScenarioBuilding = { ...common, id: 'L', name: 'Biblioteket', category: 'culture', useCode: 413, usersTotal: 25, capacity: 80, peakUtilisation: 0.2, lat: 56.004, confidence: 0.9 };
const portfolio = [closed, receiver, nearOther, farOther, unmeasured, school, library];

describe('the brief about citizens', () => {
  const brief = citizenBrief(portfolio, [
    { buildingId: 'A', action: 'merge', receivers: [{ buildingId: 'B', share: 1 }] },
    { buildingId: 'U', action: 'merge', receivers: [{ buildingId: 'B', share: 1 }] },
    { buildingId: 'L', action: 'merge', receivers: [{ buildingId: 'S', share: 1 }] },
  ], 0.5);

  it('says how many children move where, and the receiver\'s places after everyone has moved in', () => {
    const a = brief.closures.find((c) => c.id === 'A')!;
    expect(a.userWord).toBe('children');
    expect(a.users).toBe(30);
    expect(a.moves).toHaveLength(1);
    expect(a.moves[0]).toMatchObject({ id: 'B', users: 30, capacity: 93, usersBefore: 50, usersAfter: 100, differentKind: false });
    expect(a.moves[0].km).toBeCloseTo(KM_PER_CENTIDEGREE, 3);
  });

  it('lists the nearest other open buildings of the same kind with distances and free places, not the receiver or closed ones', () => {
    const a = brief.closures.find((c) => c.id === 'A')!;
    expect(a.alternatives.map((x) => x.id)).toEqual(['C', 'D']);
    expect(a.alternatives[0].km).toBeCloseTo(2 * KM_PER_CENTIDEGREE, 3);
    expect(a.alternatives[0].freePlaces).toBe(20);
  });

  it('warns where a closure rests on unmeasured use and where users move into a different kind of building', () => {
    expect(brief.unmeasuredIds).toEqual(['U']);
    expect(brief.differentKindMoves).toEqual([['L', 'S']]);
    expect(brief.closures.find((c) => c.id === 'L')!.moves[0].differentKind).toBe(true);
  });

  it('draws a sketch with the closed buildings red, the receivers green and one arrow per move', () => {
    const sketch = scenarioSketch(portfolio, [{ buildingId: 'A', action: 'merge', receivers: [{ buildingId: 'B', share: 1 }] }])!;
    expect(sketch.points.find((p) => p.id === 'A')!.role).toBe('removed');
    expect(sketch.points.find((p) => p.id === 'B')!.role).toBe('receiver');
    expect(sketch.moves).toHaveLength(1);
    // North is up: Birk lies north of Ahorn.
    expect(sketch.points.find((p) => p.id === 'B')!.y).toBeLessThan(sketch.points.find((p) => p.id === 'A')!.y);
    expect(scenarioSketch(portfolio, [])).toBeNull();
  });
});

describe('the PDF frame', () => {
  it('names the municipality, the scenario and the date, numbers the pages, and escapes names', () => {
    const { headerTemplate, footerTemplate } = briefPageTemplates({ municipality: 'Herning Kommune (demo)', scenario: 'Skoler & <dagtilbud>', date: '04-12-2026', pageOf: 'Side {page} af {total}' });
    expect(headerTemplate).toContain('Herning Kommune (demo)');
    expect(headerTemplate).toContain('Skoler &amp; &lt;dagtilbud&gt;');
    expect(footerTemplate).toContain('04-12-2026');
    expect(footerTemplate).toContain('Side <span class="pageNumber"></span> af <span class="totalPages"></span>');
  });
});
