// The queues of background work and how each is retried. Everything that must survive a restart of the web
// server, or would compete with page requests, runs as a job here (lib/jobs/worker.ts runs them).
// Attempts, back-off and timeout are per queue: an import is one transaction, so retrying it is safe — a killed
// attempt rolled back completely — and the same file lands exactly once. A job that fails its last attempt moves to
// the queue's dead-letter queue, which the admin status page lists.
import type PgBoss from 'pg-boss';

export const QUEUE = {
  import: 'import',
  importDead: 'import-dead',
  score: 'score',
  mapRebuild: 'map-rebuild',
  upkeepDead: 'upkeep-dead',
  pdf: 'pdf',
} as const;

/** Scheduled upkeep, one queue per task (a pg-boss schedule belongs to a queue); lib/jobs/upkeep.ts runs them. */
export const UPKEEP_TASKS = ['partitions', 'scores', 'cleanup', 'backup', 'restore-check'] as const;
export type UpkeepTask = (typeof UPKEEP_TASKS)[number];
export const upkeepQueue = (task: UpkeepTask) => `upkeep-${task}` as const;

export type QueueName = (typeof QUEUE)[keyof typeof QUEUE] | ReturnType<typeof upkeepQueue>;

// Scheduled upkeep: a backup of a large database may take a while; a failed run is retried twice, then kept.
const UPKEEP_OPTIONS: Omit<PgBoss.Queue, 'name'> = { policy: 'singleton', retryLimit: 2, retryDelay: 300, retryBackoff: true, expireInSeconds: 4 * 3600, deadLetter: QUEUE.upkeepDead };

/** pg-boss queue options (seconds). */
export const QUEUE_OPTIONS: Record<QueueName, Omit<PgBoss.Queue, 'name'>> = {
  // A 2 GiB upload imports in minutes; an hour is the deadline after which an attempt is cut off (its database
  // connection is terminated, so its transaction rolls back) and retried. 5 attempts, 10 s · 2^n back-off.
  [QUEUE.import]: { retryLimit: 4, retryDelay: 10, retryBackoff: true, expireInSeconds: 3600, retentionMinutes: 7 * 24 * 60, deadLetter: QUEUE.importDead },
  [QUEUE.importDead]: { retryLimit: 2, retryDelay: 30, expireInSeconds: 300, retentionMinutes: 30 * 24 * 60 },
  // Re-scoring and the map's clusters are idempotent recomputations: singleton per organisation (a second request
  // while one waits is the same work), a few quick retries.
  [QUEUE.score]: { policy: 'singleton', retryLimit: 3, retryDelay: 30, retryBackoff: true, expireInSeconds: 900, deadLetter: QUEUE.upkeepDead },
  [QUEUE.mapRebuild]: { policy: 'singleton', retryLimit: 3, retryDelay: 30, retryBackoff: true, expireInSeconds: 900, deadLetter: QUEUE.upkeepDead },
  [QUEUE.upkeepDead]: { retentionMinutes: 30 * 24 * 60 },
  // A PDF brief (lib/scenarios/pdf-job.ts): the request waits for it, so a render waiting longer than ten minutes has
  // no one to give it to. One retry, for a worker that died mid-render; a page that does not print is not retried.
  [QUEUE.pdf]: { retryLimit: 1, retryDelay: 2, expireInSeconds: 120, retentionMinutes: 10 },
  ...(Object.fromEntries(UPKEEP_TASKS.map((t) => [upkeepQueue(t), UPKEEP_OPTIONS])) as Record<ReturnType<typeof upkeepQueue>, typeof UPKEEP_OPTIONS>),
};

/** Queues in creation order (a dead-letter queue must exist before the queue that names it). */
export const QUEUE_ORDER: QueueName[] = [QUEUE.importDead, QUEUE.upkeepDead, QUEUE.import, QUEUE.score, QUEUE.mapRebuild, QUEUE.pdf, ...UPKEEP_TASKS.map(upkeepQueue)];
