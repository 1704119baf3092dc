import { describe, expect, it } from 'vitest';
import { loadHighs, optimiseSync } from '@/lib/scenarios/optimise';
import { LEGACY_RULES, optimiseOptions } from '@/lib/scenarios/optimise-model';
import { optimiseInWorker } from '@/lib/scenarios/optimise-worker-client';
import { scenarioParams } from '@/lib/scenarios/types';
import { town } from './fixtures';

// These tests check the model's mathematics against brute force and its classic constraints, under the rules before
// issue 20 (closures on registry data, receivers by measured peak only); tests/unit/scenarios/defensible.test.ts has the new ones.
const legacyOptions: typeof optimiseOptions = (params, partial = {}) => optimiseOptions(params, { ...LEGACY_RULES, ...partial });

describe('the optimiser in a worker thread', () => {
  it('returns the same plan as the synchronous run', async () => {
    const params = scenarioParams();
    const options = legacyOptions(params, { targetMin: 0.1, targetMax: 0.4, maxDistanceKm: 5, compatibility: { culture: ['administration'] } });
    const sync = optimiseSync(await loadHighs(), town, params, options);
    const phases: string[] = [];
    const inWorker = await optimiseInWorker(town, params, options, (p) => {
      if (phases[phases.length - 1] !== p.phase) phases.push(p.phase);
    });
    expect(phases).toEqual(['building', 'solving', 'done']);
    expect(sync.status).toBe('optimal');
    expect(inWorker.status).toBe('optimal');
    expect(inWorker.plan!.actions).toEqual(sync.plan!.actions);
    expect(inWorker.plan!.objective).toBeCloseTo(sync.plan!.objective, 6);
  });
});

describe('an infeasible target in the worker', () => {
  it('diagnoses by re-solving with constraints relaxed, reported as its own phase', async () => {
    const params = scenarioParams();
    // Culture can move nowhere (no compatible receiver): closing only Kulturhuset (10 %) cannot reach the band alone.
    const options = legacyOptions(params, { targetMin: 0.08, targetMax: 0.11, maxDistanceKm: 5, mustKeep: ['A', 'B', 'C', 'D'] });
    const purposes = new Set<string>();
    const result = await optimiseInWorker(town, params, options, (p) => {
      if (p.phase === 'diagnosing') purposes.add(String(p.purpose));
    });
    expect(result.status).toBe('infeasible');
    expect(result.binding).toContain('compatibility');
    // Under the legacy rules registry closures are allowed and places are not counted, so neither is re-solved.
    expect(purposes).toEqual(new Set(['distance', 'ceiling', 'mustKeep', 'compatibility', 'targetBand']));
  });
});
