export interface SolveProgress {
  seconds: number;
  gap: number | null;
  primalBound: number | null;
  dualBound: number | null;
}

export interface RawSolve {
  status: 'optimal' | 'infeasible' | 'time_limit' | 'other';
  statusCode: number;
  objective: number | null;
  /** Proven relative MIP gap at the end of the run. */
  gap: number | null;
  dualBound: number | null;
  seconds: number;
  /** Column values by variable name; null when no feasible solution was found. */
  values: Record<string, number> | null;
}

/** Runs HiGHS on `lp` with a relative MIP gap and a time limit; reports progress from the MIP log callback. */
export function solveLp(
  highs: unknown,
  lp: string,
  limits: { mipRelGap: number; timeLimitSeconds: number },
  onProgress?: (p: SolveProgress) => void,
): RawSolve;
