import type { ClientBase } from 'pg';

type Queryable = Pick<ClientBase, 'query'>;

/** Above this many change rows an organisation's log is pruned (one spurious cache miss per prune). */
const PRUNE_AT = 64;

/**
 * The version of what the map draws for an organisation: `<max id>.<rows>` of its map_data_change rows (written
 * by triggers whenever buildings, scores, districts or the boundary change). It differs after every committed
 * change — also a late commit with a lower id (the count moves) — and never repeats, because pruning appends a
 * newer row in the same statement. Read it BEFORE the data it tags: a tag may then be older than its data
 * (one extra refresh), never newer.
 */
export async function mapDataVersion(db: Queryable, organisationId: string): Promise<string> {
  const read = async () =>
    (await db.query<{ max: string; n: number }>(
      `SELECT coalesce(max(id), 0)::text AS max, count(*)::int AS n FROM map_data_change WHERE organisation_id = $1`,
      [organisationId],
    )).rows[0];
  let v = await read();
  if (v.n > PRUNE_AT) {
    await db.query(
      `WITH gone AS (DELETE FROM map_data_change WHERE organisation_id = $1 AND id <= $2::bigint)
       INSERT INTO map_data_change (organisation_id) VALUES ($1)`,
      [organisationId, v.max],
    );
    v = await read();
  }
  return `${v.max}.${v.n}`;
}
