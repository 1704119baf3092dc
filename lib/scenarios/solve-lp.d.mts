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
  /** Seconds in all: reading the LP text, solving, reading the values back. */
  seconds: number;
  /** Seconds HiGHS took to read (parse) the LP text. */
  parseSeconds: number;
  /** HiGHS' own run time (presolve, LP relaxations, branch and bound), seconds. */
  runSeconds: number;
  /** Column values by variable name; null when no feasible solution was found. */
  values: Record<string, number> | null;
}

/** Runs HiGHS on `lp` with a relative MIP gap and a time limit; `start` = a first feasible solution (values by name, others 0). */
export function solveLp(
  highs: unknown,
  lp: string,
  limits: { mipRelGap: number; timeLimitSeconds: number },
  onProgress?: (p: SolveProgress) => void,
  start?: Record<string, number>,
): RawSolve;
