// The worker gives way to the web server: its CPU priority is lowered (nice) for every thread it has, so on a
// machine that runs both, page requests are served first while an import parses, validates and sends its rows; an
// idle machine still gives the worker all the CPU it wants. Linux keeps a nice value per thread — setpriority on the
// process id changes only the main thread — so each thread in /proc/self/task is lowered; threads started later
// (libuv's pool, the xlsx reader thread, Chromium for a PDF) inherit it. The database's own work for the import is
// not lowered: PostgreSQL has no priority per session.
import { readdirSync } from 'node:fs';
import { setPriority } from 'node:os';

/** Sets every thread of this process to `nice` (0 leaves it as it is); returns how many threads were changed. */
export function lowerPriority(nice: number): number {
  if (nice <= 0) return 0;
  let threads: number[];
  try {
    threads = readdirSync('/proc/self/task').map(Number);
  } catch {
    threads = [0]; // not Linux: the process's priority (all its threads there)
  }
  let changed = 0;
  for (const thread of threads) {
    try {
      setPriority(thread, nice);
      changed++;
    } catch {
      // the thread ended in between
    }
  }
  return changed;
}
