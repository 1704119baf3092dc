// Worker thread that owns one HiGHS instance and solves the LP models posted to it, so a long solve never
// blocks the request thread. Messages: { id, lp, limits, start? } → { id, progress } … { id, result } | { id, error }.
import { parentPort } from 'node:worker_threads';
import loadHighs from 'highs';
import { solveLp } from './solve-lp.mjs';

const highs = await loadHighs();
parentPort.on('message', ({ id, lp, limits, start }) => {
  try {
    const result = solveLp(highs, lp, limits, (progress) => parentPort.postMessage({ id, progress }), start);
    parentPort.postMessage({ id, result });
  } catch (error) {
    parentPort.postMessage({ id, error: String(error?.message ?? error) });
  }
});
parentPort.postMessage({ ready: true });
