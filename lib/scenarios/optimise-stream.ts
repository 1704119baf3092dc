import type { Pool } from 'pg';
import type { z } from 'zod';
import { QueueFull } from '@/lib/api/bounded-queue';
import { errorBody } from '@/lib/api/errors';
import { loadDemandInputs } from '@/lib/demand/load-demand-inputs';
import { robustnessCounterpart, withDemandLimits } from '@/lib/demand/optimiser-demand';
import { log } from '@/lib/log/logger';
import { optimiseFromBody, type optimiseBodySchema } from './api';
import { loadOptimiserDefaults, loadPortfolio, loadScenarioDefaults } from './load-portfolio';
import { optimiseInWorker } from './optimise-worker-client';
import { simulateScenario } from './simulate';

// The optimiser as an NDJSON stream (POST /api/scenarios/optimise): {"type":"progress",...} lines while HiGHS solves
// in its worker, then one {"type":"result","result","outcome","greedyOutcome","params","options"}; with
// priceOfRobustness, then {"type":"robustness","main","high"} (net savings DKK/year of each variant's plan, null =
// none). A failure after the stream started is one {"type":"error","error":{…}} line in the one error shape.

export interface OptimiseStreamRequest {
  pool: Pool;
  organisationId: string;
  body: z.infer<typeof optimiseBodySchema>;
  requestId: string;
  /** The year the portfolio and demand are read for. */
  year: number;
}

/** Loads what the optimiser needs, then streams its progress and result. */
export async function optimiseStream({ pool, organisationId, body, requestId, year }: OptimiseStreamRequest): Promise<ReadableStream<Uint8Array>> {
  // Without compatibility rules or a minimum confidence in the body, the organisation's rules apply (as the form starts from them).
  const [defaults, optimiserDefaults] = await Promise.all([loadScenarioDefaults(pool, organisationId), loadOptimiserDefaults(pool, organisationId)]);
  const { params, options: base } = optimiseFromBody(body, defaults, optimiserDefaults);
  const [portfolio, demand] = await Promise.all([loadPortfolio(pool, organisationId, year), loadDemandInputs(pool, organisationId, year)]);
  const options = withDemandLimits(base, demand, body.demandVariant);
  const other = body.priceOfRobustness ? robustnessCounterpart(body.demandVariant) : null;
  const encoder = new TextEncoder();
  return new ReadableStream({
    async start(controller) {
      const send = (value: unknown) => controller.enqueue(encoder.encode(JSON.stringify(value) + '\n'));
      try {
        const result = await optimiseInWorker(portfolio, params, options, (p) => send({ type: 'progress', ...p }));
        const outcome = result.plan ? simulateScenario(portfolio, result.plan.actions, params) : null;
        const greedyOutcome = result.greedy ? simulateScenario(portfolio, result.greedy.actions, params) : null;
        send({ type: 'result', result, outcome, greedyOutcome, params, options: { ...options, demandLimits: undefined, demandVariant: body.demandVariant } });
        if (other) {
          const second = await optimiseInWorker(portfolio, params, withDemandLimits(base, demand, other), () => undefined);
          const savings = { [body.demandVariant]: result.plan?.netSavingsDkk ?? null, [other]: second.plan?.netSavingsDkk ?? null };
          send({ type: 'robustness', main: savings.main, high: savings.high });
        }
      } catch (error) {
        if (error instanceof QueueFull) {
          send({ type: 'error', ...errorBody('busy', requestId, 'Other optimisations are running; try again shortly', { details: { retryAfterSeconds: error.retryAfterSeconds } }) });
        } else {
          log().error({ requestId, err: error }, 'optimisation failed');
          send({ type: 'error', ...errorBody('internal', requestId, { en: 'Optimisation failed', da: 'Optimeringen mislykkedes' }) });
        }
      }
      controller.close();
    },
  });
}
