// POST /api/scenarios/optimise – propose closures and moves (HiGHS in a worker thread); streams NDJSON:
// {"type":"progress",...} lines while solving, then one {"type":"result","result","outcome","greedyOutcome","params","options"};
// with priceOfRobustness, then {"type":"robustness","main","high"} (net savings DKK/year of each variant's plan, null = none)
import { loadDemandInputs } from '@/lib/demand/load-demand-inputs';
import { robustnessCounterpart, withDemandLimits } from '@/lib/demand/optimiser-demand';
import { optimiseBodySchema, optimiseFromBody, scenarioRoute } from '@/lib/scenarios/api';
import { loadOptimiserDefaults, loadPortfolio, loadScenarioDefaults } from '@/lib/scenarios/load-portfolio';
import { optimiseInWorker } from '@/lib/scenarios/optimise-worker-client';
import { simulateScenario } from '@/lib/scenarios/simulate';
import { QueueFull } from '@/lib/api/bounded-queue';
import { withAuth } from '@/lib/api/with-auth';
import { SCENARIO_WRITERS } from '@/lib/auth/roles';

export const dynamic = 'force-dynamic';

export const POST = withAuth({ roles: SCENARIO_WRITERS }, async (request: Request) => {
  return scenarioRoute(async ({ pool, organisation }) => {
    const body = optimiseBodySchema.parse(await request.json());
    // Without compatibility rules or a minimum confidence in the body, the organisation's rules apply (as the form starts from them).
    const [defaults, optimiserDefaults] = await Promise.all([loadScenarioDefaults(pool, organisation.id), loadOptimiserDefaults(pool, organisation.id)]);
    const year = new Date().getFullYear();
    const { params, options: base } = optimiseFromBody(body, defaults, optimiserDefaults);
    const [portfolio, demand] = await Promise.all([loadPortfolio(pool, organisation.id, year), loadDemandInputs(pool, organisation.id, year)]);
    const options = withDemandLimits(base, demand, body.demandVariant);
    const other = body.priceOfRobustness ? robustnessCounterpart(body.demandVariant) : null;
    const encoder = new TextEncoder();
    const stream = new ReadableStream({
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
          if (error instanceof QueueFull) send({ type: 'error', error: { code: 'busy', message: 'Other optimisations are running; try again shortly', retryAfterSeconds: error.retryAfterSeconds } });
          else {
            console.error(error);
            send({ type: 'error', error: { code: 'internal', message: 'Optimisation failed' } });
          }
        }
        controller.close();
      },
    });
    return new Response(stream, { headers: { 'content-type': 'application/x-ndjson; charset=utf-8', 'cache-control': 'no-store' } });
  });
});
