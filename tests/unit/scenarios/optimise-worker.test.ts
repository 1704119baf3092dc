import { describe, expect, it } from 'vitest';
import { loadHighs, optimiseSync } from '@/lib/scenarios/optimise';
import { optimiseOptions } from '@/lib/scenarios/optimise-model';
import { optimiseInWorker } from '@/lib/scenarios/optimise-worker-client';
import { scenarioParams } from '@/lib/scenarios/types';
import { town } from './fixtures';

describe('the optimiser in a worker thread', () => {
  it('returns the same plan as the synchronous run', async () => {
    const params = scenarioParams();
    const options = optimiseOptions(params, { targetMin: 0.1, targetMax: 0.4, maxDistanceKm: 5, compatibility: { culture: ['administration'] } });
    const sync = optimiseSync(await loadHighs(), town, params, options);
    const inWorker = await optimiseInWorker(town, params, options);
    expect(sync.status).toBe('optimal');
    expect(inWorker.status).toBe('optimal');
    expect(inWorker.plan!.actions).toEqual(sync.plan!.actions);
    expect(inWorker.plan!.objective).toBeCloseTo(sync.plan!.objective, 6);
  });
});
