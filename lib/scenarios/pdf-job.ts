// PDF briefs as queue jobs: the web request queues a render job and waits for it; a worker (lib/jobs/worker.ts)
// prints the brief page with headless Chromium (lib/scenarios/brief-pdf.ts, its deadline and one-at-a-time bound
// kept) into the organisation's managed folder; the request then returns the file and removes it. Chromium
// (~150 MB and a core per render) so runs beside the imports instead of inside every web instance.
// Bounds (lib/config/limits.ts): at most PDF_MAX_CONCURRENT + PDF_MAX_QUEUED render jobs waiting or running across
// all web instances (counted under an advisory lock) — beyond it QueueFull (503 with Retry-After) at once; a request
// waits PDF_WAIT_MS, then answers 202 with the job to poll (GET …/pdf?job=<id>).
// The page is loaded with the caller's cookie, so the job carries it; the worker removes it from the job's row as
// soon as it has read it (a cookie never waits in the queue's history).
import { readFile, rm, writeFile } from 'node:fs/promises';
import type { Pool } from 'pg';
import type PgBoss from 'pg-boss';
import { QueueFull } from '@/lib/api/bounded-queue';
import { PDF_MAX_CONCURRENT, PDF_MAX_QUEUED, PDF_RETRY_AFTER_SECONDS, PDF_WAIT_MS } from '@/lib/config/limits';
import { workerLiveness } from '@/lib/jobs/heartbeat';
import { QUEUE } from '@/lib/jobs/queues';
import { managedFilePath } from '@/lib/imports/uploads';
import { BriefRenderError, renderBriefPdf, type BriefPageFrame } from './brief-pdf';

export interface PdfJobData {
  organisationId: string;
  userId: string;
  scenarioId: string;
  /** The brief page to print. */
  url: string;
  /** The caller's cookie header; removed from the job's row by the worker once read. */
  cookie?: string;
  frame: BriefPageFrame;
}

/** What a finished render job returned (pg-boss keeps it as the job's output). */
export type PdfJobOutput = { file: string; bytes: number } | { error: string };

export type BriefPdfResult =
  | { state: 'done'; pdf: Buffer }
  | { state: 'failed'; error: string }
  | { state: 'waiting'; jobId: string }
  | { state: 'unknown' };

/** No worker runs, so a render job would wait for nobody. */
export class NoWorker extends Error {}

const LOCK_KEY = 0x70646631; // 'pdf1': the advisory lock under which the queue's length is checked and a job sent

/** Queues a render job (or refuses with QueueFull / NoWorker); returns its id. */
export async function queueBriefPdf(pool: Pool, boss: PgBoss, schema: string, data: PdfJobData): Promise<string> {
  if ((await workerLiveness(pool)).workers === 0) throw new NoWorker('no worker is running');
  // Count and send on one connection, in one transaction under an advisory lock: two web instances cannot both see
  // room for the last place (and a request waiting for the lock holds no second connection).
  const c = await pool.connect();
  try {
    await c.query('BEGIN');
    await c.query('SELECT pg_advisory_xact_lock($1)', [LOCK_KEY]);
    const { rows } = await c.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${schema}.job WHERE name = $1 AND state IN ('created', 'retry', 'active')`, [QUEUE.pdf]);
    if (rows[0].n >= PDF_MAX_CONCURRENT + PDF_MAX_QUEUED) throw new QueueFull(PDF_RETRY_AFTER_SECONDS);
    const id = await boss.send(QUEUE.pdf, data, { db: { executeSql: (text: string, values: unknown[]) => c.query(text, values) } });
    if (!id) throw new Error('the PDF job was not queued');
    await c.query('COMMIT');
    return id;
  } catch (error) {
    await c.query('ROLLBACK').catch(() => undefined);
    throw error;
  } finally {
    c.release();
  }
}

/**
 * The render job's result for the organisation, user and scenario that asked for it (any other caller: unknown).
 * A finished PDF is read and its file removed (it is handed out once).
 */
export async function briefPdfResult(boss: PgBoss, jobId: string, who: { organisationId: string; userId: string; scenarioId: string }): Promise<BriefPdfResult> {
  const job = await boss.getJobById<PdfJobData>(QUEUE.pdf, jobId).catch(() => null);
  if (!job || job.data.organisationId !== who.organisationId || job.data.userId !== who.userId || job.data.scenarioId !== who.scenarioId) return { state: 'unknown' };
  if (job.state === 'completed') {
    const out = job.output as PdfJobOutput | null;
    if (!out || 'error' in out) return { state: 'failed', error: out?.error ?? 'no output' };
    const pdf = await readFile(out.file).catch(() => null);
    if (!pdf) return { state: 'unknown' }; // handed out already, or removed by the clean-up
    await rm(out.file, { force: true });
    return { state: 'done', pdf };
  }
  if (job.state === 'failed' || job.state === 'cancelled') return { state: 'failed', error: (job.output as { message?: string } | null)?.message ?? job.state };
  return { state: 'waiting', jobId };
}

/** Queues the render and waits for it up to `waitMs` (PDF_WAIT_MS); past that the job is still 'waiting'. */
export async function requestBriefPdf(pool: Pool, boss: PgBoss, schema: string, data: PdfJobData, waitMs = PDF_WAIT_MS): Promise<BriefPdfResult> {
  const jobId = await queueBriefPdf(pool, boss, schema, data);
  return waitForBriefPdf(boss, jobId, data, waitMs);
}

/** Polls a render job until it is no longer waiting or `waitMs` passed. */
export async function waitForBriefPdf(boss: PgBoss, jobId: string, who: Pick<PdfJobData, 'organisationId' | 'userId' | 'scenarioId'>, waitMs = PDF_WAIT_MS): Promise<BriefPdfResult> {
  const deadline = Date.now() + waitMs;
  for (let delay = 100; ; delay = Math.min(delay * 1.5, 1000)) {
    const r = await briefPdfResult(boss, jobId, who);
    if (r.state !== 'waiting' || Date.now() + delay > deadline) return r;
    await new Promise((resolve) => setTimeout(resolve, delay));
  }
}

/** The worker's side: takes the cookie out of the job's row, renders, writes the PDF into the managed folder. */
export async function runPdfJob(pool: Pool, schema: string, job: { id: string; data: PdfJobData }): Promise<PdfJobOutput> {
  const { cookie = '', ...rest } = job.data;
  await pool.query(`UPDATE ${schema}.job SET data = data - 'cookie' WHERE name = $1 AND id = $2`, [QUEUE.pdf, job.id]);
  if (!cookie) return { error: 'the request is gone (its session was not kept for a retry)' };
  let pdf: Buffer;
  try {
    pdf = await renderBriefPdf(rest.url, cookie, rest.frame);
  } catch (error) {
    // A page that does not print will not print on a second try either: a result, not a failure to retry.
    if (error instanceof BriefRenderError || error instanceof QueueFull) return { error: (error as Error).message };
    throw error;
  }
  const file = await managedFilePath(rest.organisationId, `brief-${job.id}.pdf`);
  await writeFile(file, pdf);
  return { file, bytes: pdf.length };
}
