// lowerPriority sets the nice value of every thread of the process, not only the main one (Linux keeps one per
// thread), and threads started afterwards inherit it.
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const PROBE = `
  const { readdirSync } = require('node:fs');
  const { getPriority } = require('node:os');
  const { Worker } = require('node:worker_threads');
  const { lowerPriority } = require(${JSON.stringify(path.resolve('lib/jobs/priority.ts'))});
  const before = readdirSync('/proc/self/task').length;
  const changed = lowerPriority(7);
  const w = new Worker('setTimeout(() => {}, 300)', { eval: true });
  w.on('online', () => {
    const nices = readdirSync('/proc/self/task').map((t) => { try { return getPriority(Number(t)); } catch { return null; } }).filter((n) => n !== null);
    console.log(JSON.stringify({ before, changed, nices }));
    w.terminate();
  });
`;

describe('lowerPriority', () => {
  it.runIf(process.platform === 'linux')('lowers every thread, and a thread started afterwards inherits it', () => {
    const res = spawnSync(process.execPath, ['--import', 'tsx', '-e', PROBE], { encoding: 'utf8' });
    expect(res.status, res.stderr).toBe(0);
    const { before, changed, nices } = JSON.parse(res.stdout.trim().split('\n').pop()!) as { before: number; changed: number; nices: number[] };
    expect(before).toBeGreaterThan(1); // V8's and libuv's threads exist before the call
    expect(changed).toBeGreaterThanOrEqual(before);
    expect(nices.length).toBeGreaterThan(before); // the new worker thread's threads are there too
    expect(new Set(nices)).toEqual(new Set([7]));
  });

  it('0 changes nothing', async () => {
    const { lowerPriority } = await import('@/lib/jobs/priority');
    expect(lowerPriority(0)).toBe(0);
  });
});
