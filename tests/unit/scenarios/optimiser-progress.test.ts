import { describe, expect, it } from 'vitest';
import type { OptimiseProgress } from '@/lib/scenarios/optimise';
import { CONSTRAINTS } from '@/lib/scenarios/optimise-model';
import { DIAGNOSIS_ORDER, progressShare } from '@/lib/scenarios/optimiser-progress';

const limits = { timeLimitSeconds: 30, mipRelGap: 0.01 };
const at = (p: Partial<OptimiseProgress>): OptimiseProgress => ({ phase: 'solving', purpose: 'model', seconds: 0, gap: null, primalBound: null, dualBound: null, ...p });

describe('the optimiser progress bar', () => {
  it('starts near empty and is full when done', () => {
    expect(progressShare(at({ phase: 'building', purpose: null }), limits, 5)).toBe(0.02);
    expect(progressShare(at({}), limits, 5)).toBeCloseTo(0.05, 10);
    expect(progressShare(at({ phase: 'done', purpose: null }), limits, 5)).toBe(1);
  });

  it('while solving follows the gap on a log scale: 10 % is half way from 100 % to the wanted 1 %', () => {
    expect(progressShare(at({ gap: 1 }), limits, 5)).toBeCloseTo(0.05, 10);
    expect(progressShare(at({ gap: 0.1 }), limits, 5)).toBeCloseTo(0.05 + 0.9 * 0.5, 10);
    expect(progressShare(at({ gap: 0.01 }), limits, 5)).toBeCloseTo(0.95, 10);
    expect(progressShare(at({ gap: 0.001 }), limits, 5)).toBeCloseTo(0.95, 10);
  });

  it('or the time limit used, whichever is further, never past 95 % before done', () => {
    expect(progressShare(at({ seconds: 15, gap: 0.5 }), limits, 5)).toBeCloseTo(0.05 + 0.9 * 0.5, 10);
    expect(progressShare(at({ seconds: 60, gap: 0.5 }), limits, 5)).toBeCloseTo(0.95, 10);
  });

  it('knows the diagnosis order of the optimiser', () => {
    expect(DIAGNOSIS_ORDER).toEqual(CONSTRAINTS);
  });

  it('while diagnosing counts the constraints re-solved, in the diagnosis order', () => {
    expect(progressShare(at({ phase: 'diagnosing', purpose: 'confidence' }), limits, 7)).toBe(0.5);
    expect(progressShare(at({ phase: 'diagnosing', purpose: 'mustKeep' }), limits, 7)).toBeCloseTo(0.5 + 0.5 * (4 / 7), 10);
    expect(progressShare(at({ phase: 'diagnosing', purpose: 'savingsFloor' }), limits, 8)).toBeCloseTo(0.5 + 0.5 * (7 / 8), 10);
  });
});
