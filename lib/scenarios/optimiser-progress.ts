import type { OptimiseProgress } from './optimise';
import type { ConstraintName } from './optimise-model';

// How full the optimiser form's progress bar is. HiGHS cannot say how much work is left, so the bar shows what is
// known: while solving, the larger of the time limit used and the gap closed (on a log scale from 100 % down to the
// wanted gap); while diagnosing an unreachable target, how many of the constraint re-solves are done.

/** The order the diagnosis re-solves in (CONSTRAINTS in optimise-model.ts, kept here so the client bundle stays small). */
export const DIAGNOSIS_ORDER: readonly ConstraintName[] = ['confidence', 'distance', 'ceiling', 'places', 'mustKeep', 'compatibility', 'targetBand', 'savingsFloor', 'demand'];

/** Share of the bar (0..1) for a progress report. `diagnosisSteps` = re-solves the diagnosis will make (CONSTRAINTS less those that cannot bind: the savings floor without one, confidence when registry closures are allowed). */
export function progressShare(p: OptimiseProgress, limits: { timeLimitSeconds: number; mipRelGap: number }, diagnosisSteps: number): number {
  if (p.phase === 'building') return 0.02;
  if (p.phase === 'done') return 1;
  if (p.phase === 'diagnosing') {
    const k = DIAGNOSIS_ORDER.indexOf(p.purpose as ConstraintName);
    return 0.5 + (0.5 * Math.max(0, k)) / Math.max(1, diagnosisSteps);
  }
  const time = Math.min(1, p.seconds / limits.timeLimitSeconds);
  const target = Math.max(limits.mipRelGap, 1e-4);
  const gap = p.gap === null ? 0 : p.gap <= target ? 1 : Math.max(0, Math.log(1 / Math.min(1, p.gap)) / Math.log(1 / target));
  return 0.05 + 0.9 * Math.max(time, gap);
}
