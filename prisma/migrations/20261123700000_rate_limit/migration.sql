-- Rate-limit counters shared by every Next.js instance (lib/auth/rate-limit.ts): one token bucket per limiter
-- ("sign-in:account", "ingest:token", …) and key (e-mail, client address, token id). A take is one atomic
-- INSERT … ON CONFLICT DO UPDATE, so instances behind a load balancer count together.
-- expires_at is when the bucket would be full again: from then on the row means the same as no row, and it is
-- pruned (client addresses and e-mail addresses are not kept longer than the limit needs them).
CREATE TABLE rate_limit_bucket (
  limiter     text NOT NULL,
  key         text NOT NULL,
  tokens      double precision NOT NULL,
  granted     boolean NOT NULL,
  updated_at  timestamptz NOT NULL,
  expires_at  timestamptz NOT NULL,
  PRIMARY KEY (limiter, key)
);
CREATE INDEX rate_limit_bucket_expires ON rate_limit_bucket (expires_at);
