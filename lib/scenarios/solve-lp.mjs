// Solves one CPLEX-LP model with a HiGHS instance (the `highs` package) and returns plain data.
// Plain JavaScript so that the worker thread (highs-worker.mjs) and TypeScript callers share one implementation.

/**
 * Runs HiGHS on `lp` with a relative MIP gap and a time limit (both always set); `start` (values by variable name,
 * others 0) is handed to HiGHS as a first feasible solution when given. Reports progress from the MIP log callback.
 */
export function solveLp(highs, lp, { mipRelGap, timeLimitSeconds }, onProgress, start) {
  const started = performance.now();
  const model = highs.createModel({ format: 'lp', data: lp });
  const parseSeconds = (performance.now() - started) / 1000;
  try {
    model.options.set({ output_flag: false, mip_rel_gap: mipRelGap, time_limit: timeLimitSeconds });
    const names = [];
    const columns = model.getDimensions().numCols;
    for (let i = 0; i < columns; i++) names.push(model.getColName(i));
    if (start) model.setSolution({ colValue: names.map((name) => start[name] ?? 0) });
    const callbacks = {};
    if (onProgress) {
      callbacks[highs.constants.callbackType.mipLogging] = (event) => {
        const d = event.data;
        onProgress({ seconds: d.running_time ?? 0, gap: finite(d.mip_gap), primalBound: finite(d.mip_primal_bound), dualBound: finite(d.mip_dual_bound) });
      };
    }
    model.run(callbacks);
    const runSeconds = model.getRunTime();
    const code = model.getModelStatus();
    const s = highs.constants.modelStatus;
    const status = code === s.optimal ? 'optimal' : code === s.infeasible ? 'infeasible' : code === s.timeLimit ? 'time_limit' : 'other';
    const hasSolution = Number(model.info.get('primal_solution_status')) === 2;
    let values = null;
    if (hasSolution) {
      const colValue = model.getSolution().colValue;
      values = {};
      for (let i = 0; i < colValue.length; i++) values[names[i]] = colValue[i];
    }
    return {
      status,
      statusCode: code,
      objective: hasSolution ? model.getObjectiveValue() : null,
      gap: hasSolution ? finite(Number(model.info.get('mip_gap'))) : null,
      dualBound: finite(Number(model.info.get('mip_dual_bound'))),
      seconds: (performance.now() - started) / 1000,
      parseSeconds,
      runSeconds,
      values,
    };
  } finally {
    model.dispose();
  }
}

function finite(v) {
  return typeof v === 'number' && Number.isFinite(v) ? v : null;
}
