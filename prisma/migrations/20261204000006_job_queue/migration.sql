-- Background work runs on a durable queue (pg-boss, its own schema "pgboss" in this database; lib/jobs).
-- These tables are what pg-boss does not keep itself:
--   worker_heartbeat — each worker process says every few seconds that it is alive and which queue jobs it holds,
--                      so a job whose worker died (kill -9, power loss) is failed back to the queue and retried
--                      at once instead of sitting "active" until its timeout; /api/ready reads it too.
--   upkeep_run       — one row per run of a scheduled upkeep task (partitions, retention, scores, clean-up,
--                      backup, restore check): when, how it ended, what it did; the admin status page lists the last.
CREATE TABLE worker_heartbeat (
  worker_id   text PRIMARY KEY,
  host        text NOT NULL,
  pid         integer NOT NULL,
  started_at  timestamptz NOT NULL DEFAULT now(),
  seen_at     timestamptz NOT NULL DEFAULT now(),
  job_ids     uuid[] NOT NULL DEFAULT '{}'
);

CREATE TABLE upkeep_run (
  id           bigserial PRIMARY KEY,
  task         text NOT NULL,
  started_at   timestamptz NOT NULL DEFAULT now(),
  finished_at  timestamptz,
  outcome      text NOT NULL DEFAULT 'running' CHECK (outcome IN ('running', 'succeeded', 'failed')),
  detail       jsonb NOT NULL DEFAULT '{}'::jsonb
);
CREATE INDEX upkeep_run_task_started ON upkeep_run (task, started_at DESC);

-- An import run by the queue: the queue job that carries it, how many attempts it took, and rows read so far
-- (the progress bar's second figure). Jobs with a queue job are never marked "interrupted" by the pid check.
ALTER TABLE import_job
  ADD COLUMN queue_job_id uuid,
  ADD COLUMN attempts     integer NOT NULL DEFAULT 0,
  ADD COLUMN rows_done    bigint NOT NULL DEFAULT 0;
