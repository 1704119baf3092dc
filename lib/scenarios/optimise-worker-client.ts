import path from 'node:path';
import { Worker } from 'node:worker_threads';
import { boundedQueue } from '@/lib/api/bounded-queue';
import { OPTIMISER_MAX_CONCURRENT, OPTIMISER_MAX_QUEUED } from '@/lib/config/limits';
import { driveOptimisation, type OptimiseProgress, type OptimiseResult, type SolveRequest } from './optimise';
import type { OptimiseOptions } from './optimise-model';
import type { RawSolve, SolveProgress } from './solve-lp.mjs';
import type { ScenarioBuilding, ScenarioParams } from './types';

// Runs the optimiser's solves in a worker thread (HiGHS blocks the thread it runs on), forwarding progress.
// The model and the greedy baseline are built here (pure; ~30 ms for the 338-building demo, ~0,5 s at 3,000
// buildings); only LP text and plain results cross the thread boundary.

export type { OptimiseProgress };

/** Path of the worker script; resolved from the project root so it works under tsx, vitest and next start. */
const WORKER_FILE = path.join(process.cwd(), 'lib', 'scenarios', 'highs-worker.mjs');

// At most OPTIMISER_MAX_CONCURRENT workers at once and OPTIMISER_MAX_QUEUED waiting (lib/config/limits.ts); beyond,
// QueueFull at once — each worker holds a core for up to its time limit.
const workers = boundedQueue({ concurrency: OPTIMISER_MAX_CONCURRENT, maxQueued: OPTIMISER_MAX_QUEUED, retryAfterSeconds: 30 });

/**
 * Optimises off the calling thread; resolves with the same result as optimiseSync, reporting phases and solver
 * progress. Waits for a free worker slot; throws QueueFull when too many runs wait already.
 */
export function optimiseInWorker(
  portfolio: ScenarioBuilding[],
  params: ScenarioParams,
  options: OptimiseOptions,
  onProgress?: (p: OptimiseProgress) => void,
): Promise<OptimiseResult> {
  return workers.run(() => optimiseInThread(portfolio, params, options, onProgress));
}

async function optimiseInThread(
  portfolio: ScenarioBuilding[],
  params: ScenarioParams,
  options: OptimiseOptions,
  onProgress?: (p: OptimiseProgress) => void,
): Promise<OptimiseResult> {
  const worker = new Worker(WORKER_FILE);
  let nextId = 0;
  const pending = new Map<number, { resolve: (r: RawSolve) => void; reject: (e: Error) => void; progress: (p: SolveProgress) => void }>();
  // A worker that dies mid-solve fails every solve still waiting, instead of leaving the caller hanging.
  const failAll = (error: Error) => {
    for (const job of pending.values()) job.reject(error);
    pending.clear();
  };
  worker.on('exit', (code) => failAll(new Error(`HiGHS worker exited (code ${code})`)));
  const ready = new Promise<void>((resolve, reject) => {
    worker.on('error', (error) => {
      reject(error);
      failAll(error);
    });
    worker.on('message', (msg: { ready?: boolean; id?: number; progress?: SolveProgress; result?: RawSolve; error?: string }) => {
      if (msg.ready) return resolve();
      const job = msg.id === undefined ? undefined : pending.get(msg.id);
      if (!job) return;
      if (msg.progress) return job.progress(msg.progress);
      pending.delete(msg.id!);
      if (msg.error) job.reject(new Error(msg.error));
      else if (msg.result) job.resolve(msg.result);
    });
  });
  const solve = (request: SolveRequest, progress: (p: SolveProgress) => void) =>
    new Promise<RawSolve>((resolve, reject) => {
      const id = nextId++;
      pending.set(id, { resolve, reject, progress });
      worker.postMessage({ id, lp: request.lp, limits: request.limits, start: request.start });
    });
  try {
    await ready;
    return await driveOptimisation(portfolio, params, options, solve, onProgress);
  } finally {
    await worker.terminate();
  }
}
