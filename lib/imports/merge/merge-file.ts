// Stage 5 of the import pipeline — merge: the written rows become the real tables' rows, in the import's one
// transaction, by the kind's merge (KindHandler.merge). One import per organisation merges at a time (an advisory
// lock; the direct path took it before its first row), so sensors and buildings created here cannot race.
import type { PoolClient } from 'pg';
import type { KindContext, KindHandler, MergeCounts } from '../kinds/types';

export interface MergeInput {
  handler: KindHandler;
  ctx: KindContext;
  /** The rows went straight into the real table (the lock is already held). */
  direct: boolean;
}

/** Merges the file's rows; returns what changed. */
export async function mergeFile(client: PoolClient, { handler, ctx, direct }: MergeInput): Promise<MergeCounts> {
  if (!direct) await client.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`areal-import:${ctx.organisationId}`]);
  return handler.merge(client, ctx);
}
