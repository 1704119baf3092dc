// Killing the import process in the middle of a large load leaves no partial data: the CLI runs in a child
// process, is SIGKILLed while it merges a generated million-row file, and the organisation's data is
// unchanged afterwards; running the same import again lands every row, and the killed job reads "failed".
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDb, type TestDb } from '../../helpers/test-db';
import { generateOccupancyCsv } from './generate-occupancy';
import { createTestOrg, fingerprint, type TestOrg } from './setup';

const ROWS = 1_000_000;

function runCli(db: TestDb, file: string): { child: ReturnType<typeof spawn>; done: Promise<{ code: number | null; signal: string | null; out: string; err: string }> } {
  // node --import tsx keeps the import in one process, so SIGKILL hits the process holding the connection.
  const child = spawn(process.execPath, ['--import', 'tsx', 'scripts/import.ts', 'occupancy', file, '--org', 'kill', '--building', 'B-1', '--json'], {
    env: { ...process.env, DATABASE_URL: db.url },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  child.stdout!.on('data', (d) => (out += d));
  child.stderr!.on('data', (d) => (err += d));
  const done = new Promise<{ code: number | null; signal: string | null; out: string; err: string }>((resolve) =>
    child.on('exit', (code, signal) => resolve({ code, signal, out, err })),
  );
  return { child, done };
}

describe('an import killed mid-load', () => {
  let db: TestDb;
  let org: TestOrg;
  let dir: string;
  let file: string;

  beforeAll(async () => {
    db = await createTestDb();
    org = await createTestOrg(db.pool, 'kill');
    dir = mkdtempSync(path.join(tmpdir(), 'areal-kill-'));
    file = path.join(dir, 'big.csv');
    await generateOccupancyCsv(file, ROWS, 100, 'K');
  });
  afterAll(async () => {
    rmSync(dir, { recursive: true, force: true });
    await db?.drop();
  });

  it('leaves no partial data, and the next run lands every row', async () => {
    const before = await fingerprint(db.pool, org.id);
    const { child, done } = runCli(db, file);
    // Wait until the job has streamed the file and is merging, then kill the process outright.
    let phase = '';
    const deadline = Date.now() + 120_000;
    while (Date.now() < deadline) {
      const { rows } = await db.pool.query<{ phase: string; status: string }>('SELECT phase, status FROM import_job ORDER BY started_at DESC LIMIT 1');
      phase = rows[0]?.phase ?? '';
      if (phase === 'merging' || rows[0]?.status !== undefined && rows[0].status !== 'running') break;
      await new Promise((r) => setTimeout(r, 25));
    }
    expect(phase).toBe('merging');
    child.kill('SIGKILL');
    const killed = await done;
    expect(killed.signal).toBe('SIGKILL');

    // The server ends the dead connection's transaction; wait until its backend is gone.
    const { rows: job } = await db.pool.query<{ id: string; pid: number }>("SELECT id, (summary->>'pid')::int AS pid FROM import_job ORDER BY started_at DESC LIMIT 1");
    for (let i = 0; i < 200; i++) {
      const { rows } = await db.pool.query('SELECT 1 FROM pg_stat_activity WHERE pid = $1', [job[0].pid]);
      if (rows.length === 0) break;
      await new Promise((r) => setTimeout(r, 50));
    }
    expect(await fingerprint(db.pool, org.id)).toBe(before);
    const { rows: counts } = await db.pool.query("SELECT (SELECT count(*)::int FROM occupancy_reading) AS readings, (SELECT count(*)::int FROM sensor WHERE external_id LIKE 'K-%') AS sensors");
    expect(counts[0]).toEqual({ readings: 0, sensors: 0 });

    const again = await runCli(db, file).done;
    expect(again.code).toBe(0);
    const result = JSON.parse(again.out) as { accepted: number; duplicates: number; rejected: number; status: string };
    expect(result).toMatchObject({ status: 'succeeded', accepted: ROWS, duplicates: 0, rejected: 0 });
    const { rows: after } = await db.pool.query('SELECT count(*)::int AS n FROM occupancy_reading');
    expect(after[0].n).toBe(ROWS);
    const { rows: killedJob } = await db.pool.query('SELECT status, summary->>\'interrupted\' AS interrupted FROM import_job WHERE id = $1', [job[0].id]);
    expect(killedJob[0]).toEqual({ status: 'failed', interrupted: 'true' });
  });
});
