// The worker gives way to the web server: its CPU priority is lowered (nice) for every thread it has, so on a
// machine that runs both, page requests are served first while an import parses, validates and sends its rows; an
// idle machine still gives the worker all the CPU it wants. Linux keeps a nice value per thread — setpriority on the
// process id changes only the main thread — so each thread in /proc/self/task is lowered; threads started later
// (libuv's pool, the xlsx reader thread, Chromium for a PDF) inherit it. PostgreSQL has no priority per session, but
// where the database runs on this machine (its server process is visible here) and the OS allows it (root or
// CAP_SYS_NICE), the worker's sessions' server processes are lowered too, so the import's COPY and merges give way
// to the web server's queries; elsewhere nothing changes there.
import { readdirSync, readFileSync } from 'node:fs';
import { setPriority } from 'node:os';
import type { ClientBase } from 'pg';

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

/**
 * Sets the server process of the session `client` is connected to to `nice`, when that process runs on this machine
 * and may be changed from here; returns whether it was.
 */
export async function lowerSessionPriority(client: Pick<ClientBase, 'query'>, nice: number): Promise<boolean> {
  if (nice <= 0) return false;
  const { rows } = await client.query<{ pid: number }>('SELECT pg_backend_pid() AS pid');
  const pid = rows[0].pid;
  try {
    if (!readFileSync(`/proc/${pid}/comm`, 'utf8').startsWith('postgres')) return false; // another machine's process id
    setPriority(pid, nice);
    return true;
  } catch {
    return false; // not visible here, or not allowed
  }
}
