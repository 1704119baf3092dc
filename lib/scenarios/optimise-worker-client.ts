import path from 'node:path';
import { Worker } from 'node:worker_threads';
import { optimisationFlow, type OptimiseResult, type SolveRequest } from './optimise';
import type { OptimiseOptions } from './optimise-model';
import type { RawSolve, SolveProgress } from './solve-lp.mjs';
import type { ScenarioBuilding, ScenarioParams } from './types';

// Runs the optimiser's solves in a worker thread (HiGHS blocks the thread it runs on), forwarding progress.
// The model is built here (fast, pure); only LP text and plain results cross the thread boundary.

export type OptimiseProgress = SolveProgress & { purpose: SolveRequest['purpose'] };

/** Path of the worker script; resolved from the project root so it works under tsx, vitest and next start. */
const WORKER_FILE = path.join(process.cwd(), 'lib', 'scenarios', 'highs-worker.mjs');

/** Optimises off the calling thread; resolves with the same result as optimiseSync. */
export async function optimiseInWorker(
  portfolio: ScenarioBuilding[],
  params: ScenarioParams,
  options: OptimiseOptions,
  onProgress?: (p: OptimiseProgress) => void,
): Promise<OptimiseResult> {
  const worker = new Worker(WORKER_FILE);
  let nextId = 0;
  const pending = new Map<number, { resolve: (r: RawSolve) => void; reject: (e: Error) => void; purpose: SolveRequest['purpose'] }>();
  const ready = new Promise<void>((resolve, reject) => {
    worker.once('error', reject);
    worker.on('message', (msg: { ready?: boolean; id?: number; progress?: SolveProgress; result?: RawSolve; error?: string }) => {
      if (msg.ready) return resolve();
      const job = msg.id === undefined ? undefined : pending.get(msg.id);
      if (!job) return;
      if (msg.progress) onProgress?.({ ...msg.progress, purpose: job.purpose });
      else if (msg.error) job.reject(new Error(msg.error));
      else if (msg.result) job.resolve(msg.result);
    });
  });
  const solve = (request: SolveRequest) =>
    new Promise<RawSolve>((resolve, reject) => {
      const id = nextId++;
      pending.set(id, { resolve, reject, purpose: request.purpose });
      worker.postMessage({ id, lp: request.lp, limits: request.limits });
    });
  try {
    await ready;
    const flow = optimisationFlow(portfolio, params, options);
    let step = flow.next();
    while (!step.done) step = flow.next(await solve(step.value));
    return step.value;
  } finally {
    await worker.terminate();
  }
}
