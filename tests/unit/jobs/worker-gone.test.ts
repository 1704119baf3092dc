// When a worker counts as certainly gone without waiting for the stale window: only a heartbeat of this machine
// (host name and PID namespace) whose process no longer exists. A live process, another namespace or another host
// waits for the stale window instead.
import { spawnSync } from 'node:child_process';
import { hostname } from 'node:os';
import { describe, expect, it } from 'vitest';
import { newWorkerId, workerProcessGone } from '@/lib/jobs/heartbeat';

describe('workerProcessGone', () => {
  const ns = /@pidns\d+$/.exec(newWorkerId())?.[0];
  const exitedPid = spawnSync(process.execPath, ['-e', '0']).pid!;

  it('names the PID namespace in a new worker id', () => {
    expect(newWorkerId()).toMatch(new RegExp(`^${process.pid}-[0-9a-f]{8}@pidns\\d+$`));
  });

  it('is true for a process of this machine that has exited', () => {
    expect(workerProcessGone({ worker_id: `${exitedPid}-abcd1234${ns}`, host: hostname(), pid: exitedPid })).toBe(true);
  });

  it('is false for a live process, this process, another PID namespace, another host or an id without namespace', () => {
    expect(workerProcessGone({ worker_id: `1-abcd1234${ns}`, host: hostname(), pid: 1 })).toBe(false); // pid 1 lives
    expect(workerProcessGone({ worker_id: `${process.pid}-abcd1234${ns}`, host: hostname(), pid: process.pid })).toBe(false);
    expect(workerProcessGone({ worker_id: `${exitedPid}-abcd1234@pidns1`, host: hostname(), pid: exitedPid })).toBe(false);
    expect(workerProcessGone({ worker_id: `${exitedPid}-abcd1234${ns}`, host: `not-${hostname()}`, pid: exitedPid })).toBe(false);
    expect(workerProcessGone({ worker_id: `${exitedPid}-abcd1234`, host: hostname(), pid: exitedPid })).toBe(false);
  });
});
