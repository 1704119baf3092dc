// A bounded queue for work that is heavy per request (a PDF rendering is a headless Chromium: ~150 MB and a CPU
// core for seconds): at most `concurrency` tasks run, at most `maxQueued` wait, and everything beyond is refused at
// once with QueueFull, so a burst of requests costs a known amount and the 7th caller hears "try again in n s"
// instead of waiting 8 s behind an unbounded promise chain. Per process (each server instance bounds itself).

export class QueueFull extends Error {
  constructor(readonly retryAfterSeconds: number) {
    super(`busy; retry in ${retryAfterSeconds} s`);
  }
}

export interface BoundedQueue {
  /** Runs `task` when a slot is free; rejects with QueueFull when `maxQueued` already wait. */
  run<T>(task: () => Promise<T>): Promise<T>;
  stats(): { running: number; queued: number };
}

/** A queue with `concurrency` slots and room for `maxQueued` waiting tasks; `retryAfterSeconds` is told to the refused. */
export function boundedQueue({ concurrency, maxQueued, retryAfterSeconds }: { concurrency: number; maxQueued: number; retryAfterSeconds: number }): BoundedQueue {
  let running = 0;
  const waiting: Array<() => void> = [];
  const release = () => {
    running -= 1;
    const next = waiting.shift();
    if (next) {
      running += 1;
      next();
    }
  };
  return {
    async run(task) {
      if (running >= concurrency) {
        if (waiting.length >= maxQueued) throw new QueueFull(retryAfterSeconds);
        await new Promise<void>((resolve) => waiting.push(resolve));
      } else running += 1;
      try {
        return await task();
      } finally {
        release();
      }
    },
    stats: () => ({ running, queued: waiting.length }),
  };
}
